"""A built version as a folder of files: its checksums, and placing it into a new site without copying.

Pure file-system helpers shared by the build cache (:mod:`.cache`) and the kept versions
(:mod:`.archive`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

_CHUNK = 1 << 20


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


def tree_differences(folder: Path, expected: dict[str, str]) -> list[str]:
    """What differs between ``folder`` and its recorded checksums: one short phrase per file, sorted."""
    present = tree_files(folder)
    problems = [f"{path} is missing" for path in sorted(set(expected) - set(present))]
    problems += [f"{path} was added" for path in sorted(set(present) - set(expected))]
    for path in sorted(set(present) & set(expected)):
        full = folder / path
        if full.is_symlink() or not full.is_file():
            problems.append(f"{path} is not a regular file")
        elif file_digest(full) != expected[path]:
            problems.append(f"{path} has changed")
    return problems


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
