"""The output folder: where a build may write, how it is swapped in, and what a build may delete.

* A site folder may not be the repository, contain it, or lie inside a source folder
  (:data:`PROTECTED`); :func:`refusal` says why in one line, before anything is touched.
* Every folder a build makes carries :data:`MARKER`; a build replaces or deletes only folders that
  carry it (or are empty), so it never deletes a folder it did not create.
* The new site is built in ``.site-build-<pid>-*`` beside the target and exchanged with the old one
  in one atomic ``renameat2(RENAME_EXCHANGE)``, so at every instant either the old or the new site
  exists.  A folder of the old site that the new one needs unchanged (an older version) is moved
  into the staging folder just before the swap (:func:`carrying_over`) and moved back if the build
  fails.  Where the file system cannot exchange, two renames are used and a site left half-swapped
  by a killed build is put back by the next run (:func:`clean_leftovers`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

MARKER = ".academy-site"
MARKER_TEXT = "Made by build_site.py: every build replaces this folder as a whole.\n"
PROTECTED = ("curriculum", "library", "theme", "academy", "tests", ".git")
"""Folders of the repository that a site folder may never be or lie inside."""

_LEFTOVER = re.compile(r"^\.site-(?P<kind>build|old)-(?P<pid>\d+)-(?P<rest>.*)$")


class SiteFolderError(Exception):
    """A site folder the build refuses to write; the message is one line."""


def refusal(root: Path, site_dir: Path) -> str | None:
    """Why the build must not write ``site_dir`` for the repository at ``root``, or None when it may."""
    root, site_dir = root.resolve(), site_dir.resolve()
    shown = f"--site-dir '{site_dir}'"
    instead = "a build would replace your sources, so use a new folder such as site/"
    if site_dir == root:
        return f"{shown} is the repository itself; {instead}"
    if root.is_relative_to(site_dir):
        return f"{shown} contains the repository; {instead}"
    for name in PROTECTED:
        if site_dir.is_relative_to(root / name):
            return (f"{shown} lies inside the repository's {name}/ folder; a build must not write there, "
                    "so use a new folder such as site/")
    if site_dir.exists() and not site_dir.is_dir():
        return f"{shown} is a file, not a folder; choose a folder"
    if site_dir.is_dir() and not is_ours(site_dir):
        return (f"{shown} already exists and was not made by build_site.py (it has no {MARKER} file), so the "
                "build will not replace it; choose a new folder, or empty or remove this one yourself")
    return None


def is_ours(folder: Path) -> bool:
    """A folder a build may replace: one that carries the marker, or an empty one."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / MARKER).is_file() or not any(folder.iterdir())


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


@contextlib.contextmanager
def staging_dir(site_dir: Path) -> Iterator[Path]:
    """A fresh, marked folder beside ``site_dir`` (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".site-build-{os.getpid()}-", dir=site_dir.parent))
    mark(staging)
    try:
        yield staging
    finally:
        if staging.is_dir() and (staging / MARKER).is_file():
            shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def carrying_over(site_dir: Path, staging: Path) -> Iterator[Callable[[str], bool]]:
    """``carry(name)`` moves the folder ``site_dir/name`` of the current site into ``staging`` (a rename, so
    nothing is copied and the files keep their inodes); False when it cannot (no such folder, or the site is
    not ours).  When the block fails, every carried folder is moved back, so the site is as it was."""
    carried: list[str] = []
    ours = is_ours(site_dir)

    def carry(name: str) -> bool:
        source = site_dir / name
        if not ours or source.is_symlink() or not source.is_dir() or (staging / name).exists():
            return False
        source.rename(staging / name)
        carried.append(name)
        return True

    try:
        yield carry
    except BaseException:
        for name in reversed(carried):
            if (staging / name).is_dir() and site_dir.is_dir() and not (site_dir / name).exists():
                (staging / name).rename(site_dir / name)
        raise


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``, which must be absent or ours; a reader never sees a half site."""
    if not (new / MARKER).is_file():
        mark(new)
    if not target.exists() and not target.is_symlink():
        new.rename(target)
        return
    if not is_ours(target):
        raise SiteFolderError(f"'{target}' was not made by build_site.py (it has no {MARKER} file); "
                              "the build will not replace it")
    if _exchange(new, target):
        shutil.rmtree(new)  # ``new`` now holds the old site
        return
    old = target.with_name(f".site-old-{os.getpid()}-{target.name}")
    if old.exists():
        shutil.rmtree(old)
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def clean_leftovers(site_dir: Path) -> None:
    """Remove the temporary folders of builds that were killed; put back a site left half-swapped."""
    parent = site_dir.parent
    if not parent.is_dir():
        return
    for path in sorted(parent.iterdir()):
        match = _LEFTOVER.match(path.name)
        if not match or _running(int(match["pid"])) or path.is_symlink() or not (path / MARKER).is_file():
            continue
        if match["kind"] == "old" and match["rest"] == site_dir.name and not site_dir.exists():
            path.rename(site_dir)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2``); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
