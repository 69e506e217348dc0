"""Finished pinned versions, kept in ``.cache/versions/`` and reused while their inputs are unchanged.

A pinned version is fully determined by its id (the folder it is published
in), its git tree (every file of the commit) and its commit time (the
version's SOURCE_DATE_EPOCH), so those make the key.  An entry is written
under a temporary name and renamed into place, so an entry that exists is complete.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .pins import ResolvedPin

CACHE_DIR = Path(".cache") / "versions"


class VersionCache:
    def __init__(self, directory: Path):
        self.directory = directory

    @staticmethod
    def key(version_id: str, pin: ResolvedPin) -> str:
        return f"{version_id}-{pin.tree}-{pin.epoch}"

    def get(self, version_id: str, pin: ResolvedPin) -> Path | None:
        entry = self.directory / self.key(version_id, pin)
        return entry if entry.is_dir() else None

    def store(self, version_id: str, pin: ResolvedPin, build: Callable[[Path], None]) -> Path:
        """Run ``build(folder)`` into a fresh folder and keep it under the version's key."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = self.directory / self.key(version_id, pin)
        scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.directory))
        try:
            build(scratch / "site")
            if entry.exists():
                shutil.rmtree(entry)
            (scratch / "site").rename(entry)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return entry
