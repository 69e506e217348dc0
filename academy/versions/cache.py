"""Finished pinned versions, kept in ``.cache/versions/`` and reused while their inputs are unchanged.

A pinned version is fully determined by its id (the folder it is published
in), its git tree (every file of the commit), its commit time (the
version's SOURCE_DATE_EPOCH) and the site's address, so those make the key.  An entry is written
under a temporary name and renamed into place, so an entry that exists is complete.
"""

from __future__ import annotations

import hashlib
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
    def key(version_id: str, pin: ResolvedPin, variant: str = "") -> str:
        """``variant`` names any other input of the build (the site's address), hashed into the key."""
        suffix = f"-{hashlib.sha256(variant.encode()).hexdigest()[:12]}" if variant else ""
        return f"{version_id}-{pin.tree}-{pin.epoch}{suffix}"

    def get(self, version_id: str, pin: ResolvedPin, variant: str = "") -> Path | None:
        entry = self.directory / self.key(version_id, pin, variant)
        return entry if entry.is_dir() else None

    def store(self, version_id: str, pin: ResolvedPin, build: Callable[[Path], None], variant: str = "") -> Path:
        """Run ``build(folder)`` into a fresh folder and keep it under the version's key."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = self.directory / self.key(version_id, pin, variant)
        scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.directory))
        try:
            build(scratch / "site")
            if entry.exists():
                shutil.rmtree(entry)
            (scratch / "site").rename(entry)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return entry
