"""A built version as a folder of files: its checksums, and placing it into a new site without copying.

Pure file-system helpers shared by the build cache (:mod:`.cache`) and the kept versions
(:mod:`.archive`).

Checking a folder against its recorded SHA-256 is made cheap the way git's index does it: beside each
checksum a file's *signature* (size, modification and change times in nanoseconds, inode, device) is
recorded, and a file whose signature is unchanged is not read again.  Any write to a file changes its
change time (``st_ctime``, which no program can set back), so a file edited in place, even to the same size
with its modification time restored, is read and caught.  A signature recorded within
:data:`RACY_SECONDS` of the file's last change is not kept (the file could still change within the same
clock tick unseen, git's "racily clean" case): such a file is read again at the next check.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from pathlib import Path
from typing import Container, Iterable

_CHUNK = 1 << 20
RACY_SECONDS = 2
"""How recent a file's last change may be for its signature to be trusted later (file-system clocks are
coarse: a later write within the same tick could leave every time unchanged)."""

Signature = list[int]
"""[size, mtime_ns, ctime_ns, inode, device] of one file (a list: it is stored as JSON)."""


def file_digest(path: Path) -> str:
    """SHA-256 of one file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_files(folder: Path) -> list[str]:
    """Every entry below ``folder`` that is not a folder, as sorted POSIX paths (symlinks included)."""
    found = []
    for directory, folders, files in os.walk(folder):
        base = Path(directory)
        found += [(base / name).relative_to(folder).as_posix() for name in files]
        found += [(base / name).relative_to(folder).as_posix() for name in folders if (base / name).is_symlink()]
    return sorted(found)


def tree_digests(folder: Path) -> dict[str, str]:
    """{relative path: SHA-256} for every regular file below ``folder``; raises ValueError on anything else."""
    digests = {}
    for relative in tree_files(folder):
        path = folder / relative
        if path.is_symlink() or not path.is_file():
            raise ValueError(f"{relative} is not a regular file")
        digests[relative] = file_digest(path)
    return digests


def signature(status: os.stat_result) -> Signature:
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]


def is_trusted(status: os.stat_result) -> bool:
    """Whether a file last changed long enough ago (:data:`RACY_SECONDS`) for its signature to be remembered."""
    return status.st_ctime_ns < time.time_ns() - RACY_SECONDS * 1_000_000_000


def tree_status(folder: Path) -> tuple[dict[str, os.stat_result], set[str]]:
    """({relative POSIX path: lstat} for every entry that is not a folder, {every folder's relative path}),
    one ``scandir`` per folder (symlinks are listed, never followed)."""
    entries: dict[str, os.stat_result] = {}
    folders: set[str] = set()
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, directory = pending.pop()
        with os.scandir(directory) as listing:
            for item in listing:
                relative = prefix + item.name
                if item.is_dir(follow_symlinks=False):
                    folders.add(relative)
                    pending.append((relative + "/", item.path))
                else:
                    entries[relative] = item.stat(follow_symlinks=False)
    return entries, folders


def tree_differences(folder: Path, expected: dict[str, str],
                     known: dict[str, Signature] | None = None) -> list[str]:
    """What differs between ``folder`` and its recorded checksums: one short phrase per file, sorted."""
    return check_tree(folder, expected, known)[0]


def check_tree(folder: Path, expected: dict[str, str],
               known: dict[str, Signature] | None = None) -> tuple[list[str], dict[str, os.stat_result]]:
    """(what differs between ``folder`` and its recorded checksums, the lstat of every file found).

    A file whose signature equals ``known``'s is taken as unchanged without reading it; every other file is
    read and hashed, and when it matches, its signature is written into ``known`` (when given) for the
    next check, unless it changed too recently to be trusted (see :data:`RACY_SECONDS`)."""
    present, _ = tree_status(folder)
    problems = [f"{path} is missing" for path in sorted(set(expected) - set(present))]
    problems += [f"{path} was added" for path in sorted(set(present) - set(expected))]
    trusted_before = time.time_ns() - RACY_SECONDS * 1_000_000_000
    for path in sorted(set(present) & set(expected)):
        status = present[path]
        if not stat.S_ISREG(status.st_mode):
            problems.append(f"{path} is not a regular file")
            continue
        current = signature(status)
        if known is not None and known.get(path) == current:
            continue
        if file_digest(folder / path) != expected[path]:
            problems.append(f"{path} has changed")
        elif known is not None:
            if current[2] < trusted_before:
                known[path] = current
            else:
                known.pop(path, None)
    return problems, present


def tree_signatures(folder: Path) -> dict[str, Signature]:
    """The signature of every file below ``folder`` that changed long enough ago to be trusted."""
    trusted_before = time.time_ns() - RACY_SECONDS * 1_000_000_000
    present, _ = tree_status(folder)
    return {path: signature(status) for path, status in present.items()
            if status.st_ctime_ns < trusted_before}


def is_linked_copy(folder: Path, files: dict[str, os.stat_result]) -> bool:
    """True when ``folder`` holds exactly the files of ``files`` (no more, and no other folders), each a hard
    link to that file (the same inode on the same device)."""
    present = same_layout(folder, files.keys())
    return present is not None and all(
        stat.S_ISREG(status.st_mode) and status.st_ino == files[path].st_ino and status.st_dev == files[path].st_dev
        for path, status in present.items())


def is_unchanged_copy(folder: Path, signatures: dict[str, Signature], paths: Iterable[str]) -> bool:
    """True when ``folder`` holds exactly the files ``paths`` (no more, and no other folders), each with the
    signature recorded in ``signatures``: the very file that was checked (a hard link: the same inode on the
    same device), unchanged since.  One ``stat`` per file, nothing read; it stops at the first difference."""
    expected = paths if isinstance(paths, (set, frozenset, dict)) else set(paths)
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        found = _unchanged_files(os.fspath(folder), "", signatures, expected)
    except OSError:
        return False
    return found is not None and found == len(expected)


def _unchanged_files(directory: str, prefix: str, signatures: dict[str, Signature],
                     expected: Container[str]) -> int | None:
    """How many files below ``directory`` (whose relative path is ``prefix``) there are, when each is expected
    and has its recorded signature and no folder is empty; else None."""
    count = 0
    with os.scandir(directory) as listing:
        for item in listing:
            relative = prefix + item.name
            if item.is_dir(follow_symlinks=False):
                inside = _unchanged_files(item.path, relative + "/", signatures, expected)
                if not inside:
                    return None  # a difference below, or a folder no expected file needs
                count += inside
                continue
            status = item.stat(follow_symlinks=False)
            if relative not in expected or not stat.S_ISREG(status.st_mode) or \
                    signatures.get(relative) != signature(status):
                return None
            count += 1
    return count


def same_layout(folder: Path, paths: Iterable[str]) -> dict[str, os.stat_result] | None:
    """The lstat of every file of ``folder`` when it holds exactly the files ``paths`` and only the folders
    they need; else None."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    try:
        present, folders = tree_status(folder)
    except OSError:
        return None
    if present.keys() != set(paths):
        return None
    needed = set()
    for path in present:
        parts = path.split("/")[:-1]
        needed.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return present if folders == needed else None


def place_tree(source: Path, target: Path) -> str:
    """Put the files of ``source`` at ``target`` by hard links (same file system), else by copying.

    Returns ``"linked"`` or ``"copied"``.  Files under ``source`` are never written through ``target``:
    the site build only adds files beside the versions it places, and a changed cache entry is caught by
    its checksums before the next reuse.
    """
    try:
        shutil.copytree(source, target, copy_function=os.link)
        return "linked"
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return "copied"
