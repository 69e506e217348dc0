"""Finished versions, kept in ``.cache/versions/`` and reused while their inputs are unchanged.

A version built from a pin is fully determined by its id (the folder it is published in), its git tree
(every file of the commit), its commit time (the version's SOURCE_DATE_EPOCH) and the site's address,
so those make the key; a kept version (:mod:`.archive`) is keyed by its archive's checksum.

Each entry is a folder ``<key>/`` holding ``files/`` (the version) and ``manifest.json`` (the SHA-256
of every file).  An entry is written under a temporary name and renamed into place, so an entry that
exists is complete; before reuse every file is checked against the manifest, and an entry that fails
(edited, truncated, a file added or missing) is removed and rebuilt.  Builds of one repository take
turns (:mod:`academy.build_lock`), and an entry that another process has just renamed into place is
kept rather than replaced, so the cache stays consistent even without the lock.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .pins import ResolvedPin
from .tree import tree_differences, tree_digests

CACHE_DIR = Path(".cache") / "versions"
MANIFEST = "manifest.json"
FILES = "files"


def pin_key(version_id: str, pin: ResolvedPin, variant: str = "") -> str:
    """``variant`` names any other input of the build (the site's address), hashed into the key."""
    suffix = f"-{hashlib.sha256(variant.encode()).hexdigest()[:12]}" if variant else ""
    return f"{version_id}-{pin.tree}-{pin.epoch}{suffix}"


@dataclass(frozen=True)
class Lookup:
    """The result of looking a key up: the files when the entry is sound, else why it was dropped."""

    files: Path | None
    discarded: str | None = None
    """Why an existing entry was thrown away (it failed its checksums), or None."""


class VersionCache:
    def __init__(self, directory: Path):
        self.directory = directory

    def get(self, key: str) -> Lookup:
        """The entry's ``files/`` folder, verified against its manifest; a damaged entry is removed."""
        entry = self.directory / key
        if not entry.is_dir():
            return Lookup(None)
        problems = _verify(entry)
        if not problems:
            return Lookup(entry / FILES)
        shutil.rmtree(entry, ignore_errors=True)
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        return Lookup(None, f"{problems[0]}{more}")

    def store(self, key: str, build: Callable[[Path], None]) -> Path:
        """Run ``build(folder)`` into a fresh folder, record its checksums and keep it under ``key``."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = self.directory / key
        scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.directory))
        try:
            build(scratch / FILES)
            digests = tree_digests(scratch / FILES)
            (scratch / MANIFEST).write_text(json.dumps({"files": digests}, indent=0, sort_keys=True) + "\n",
                                            encoding="utf-8")
            try:
                scratch.rename(entry)
            except OSError:  # another process kept the same entry meanwhile: use the one in place
                if _verify(entry):
                    raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return entry / FILES


def _verify(entry: Path) -> list[str]:
    """What is wrong with a cache entry (empty when every file matches its manifest)."""
    try:
        recorded = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{MANIFEST} is missing or unreadable"]
    if not isinstance(recorded, dict) or not (entry / FILES).is_dir():
        return [f"{MANIFEST} or {FILES}/ is damaged"]
    return tree_differences(entry / FILES, recorded)
