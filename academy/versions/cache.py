"""Finished versions, kept in ``.cache/versions/`` and reused while their inputs are unchanged.

A version built from a pin is fully determined by its id (the folder it is published in), its git tree
(every file of the commit), its commit time (the version's SOURCE_DATE_EPOCH) and the site's address,
so those make the key; a kept version (:mod:`.archive`) is keyed by its archive's checksum.

Each entry is a folder ``<key>/`` holding ``files/`` (the version) and ``manifest.json`` (the SHA-256
of every file, and each file's signature: :mod:`.tree`); an entry of a kept version also holds
``kept.json`` (:class:`KeptStamp`: its archive's signature when the archive last matched its checksum, and
the module texts kept in the archive), so that a build reads an unchanged archive neither to check it nor
to say what changed since.  An entry is written under a temporary name and
renamed into place, so an entry that exists is complete; before reuse every file is checked against the
manifest (read and hashed only when its signature changed, as git's index does), and an entry that fails
(edited, truncated, a file added or missing) is removed and rebuilt.  Builds of one repository take
turns (:mod:`academy.build_lock`), and an entry that another process has just renamed into place is
kept rather than replaced, so the cache stays consistent even without the lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .pins import ResolvedPin
from .tree import Signature, check_tree, is_unchanged_copy, tree_digests, tree_signatures, tree_status

CACHE_DIR = Path(".cache") / "versions"
MANIFEST = "manifest.json"
FILES = "files"
STAMP = "kept.json"


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
    status: dict[str, os.stat_result] | None = None
    """The lstat of every file of a sound entry, by relative path (to tell whether a folder links to them)."""
    paths: list[str] | None = None
    """Every file of a sound entry, sorted."""
    in_place: bool = False
    """True when the folder given as ``placed`` already holds exactly this entry's files, unchanged."""


@dataclass(frozen=True)
class KeptStamp:
    """What a build remembers of the archive a kept version's entry was unpacked from (the entry's key holds
    the archive's SHA-256, so these belong to those very bytes)."""

    archive: Signature | None
    """The archive's signature when its checksum last matched (None: it had changed too recently to trust)."""
    modules: dict[str, str]
    """The module texts kept in the archive: {'modules/<name>.md': text}."""


def _modules_digest(modules: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(modules):
        text = modules[name].encode("utf-8")
        digest.update(f"{len(name)} {name} {len(text)}\n".encode("utf-8"))
        digest.update(text)
    return digest.hexdigest()


class VersionCache:
    def __init__(self, directory: Path):
        self.directory = directory
        self._stamps: dict[str, KeptStamp | None] = {}

    def stamp(self, key: str) -> KeptStamp | None:
        """The entry's :class:`KeptStamp`; None when there is none, or it is damaged (its module texts no longer
        match their recorded digest). Read once per cache object."""
        if key not in self._stamps:
            self._stamps[key] = self._read_stamp(key)
        return self._stamps[key]

    def _read_stamp(self, key: str) -> KeptStamp | None:
        try:
            data = json.loads((self.directory / key / STAMP).read_text(encoding="utf-8"))
            archive, modules, digest = data["archive"], data["modules"], data["digest"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(modules, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in modules.items()):
            return None
        if archive is not None and not (isinstance(archive, list) and all(isinstance(n, int) for n in archive)):
            return None
        if digest != _modules_digest(modules):
            return None
        return KeptStamp(archive, modules)

    def write_stamp(self, key: str, stamp: KeptStamp) -> None:
        """Record ``stamp`` in the entry (written whole under a temporary name; nothing when there is no entry)."""
        entry = self.directory / key
        if not entry.is_dir():
            return
        self._stamps[key] = stamp
        text = json.dumps({"archive": stamp.archive, "digest": _modules_digest(stamp.modules),
                           "modules": stamp.modules}, sort_keys=True) + "\n"
        temporary = entry / f".{STAMP}.{os.getpid()}"
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, entry / STAMP)
        except OSError:
            temporary.unlink(missing_ok=True)  # a cache that cannot be written: the next build reads the archive

    def get(self, key: str, placed: Path | None = None) -> Lookup:
        """The entry's ``files/`` folder, verified against its manifest; a damaged entry is removed.

        When ``placed`` (a version's folder in the current site) holds exactly the entry's files, each
        with its recorded signature (hard links to the entry's files, unchanged since they were checked),
        that folder is what a build needs and the entry's own folder is not looked at: ``in_place``."""
        entry = self.directory / key
        if not entry.is_dir():
            return Lookup(None)
        if placed is not None:
            recorded, known = _manifest(entry)
            if recorded and known and is_unchanged_copy(placed, known, recorded):
                return Lookup(entry / FILES, paths=sorted(recorded), in_place=True)
        problems, status = _verify(entry)
        if not problems:
            return Lookup(entry / FILES, status=status, paths=sorted(status))
        shutil.rmtree(entry, ignore_errors=True)
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        return Lookup(None, f"{problems[0]}{more}")

    def store(self, key: str, build: Callable[[Path], None]) -> Lookup:
        """Run ``build(folder)`` into a fresh folder, record its checksums and keep it under ``key``; the kept
        entry as a lookup."""
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = self.directory / key
        scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.directory))
        try:
            build(scratch / FILES)
            digests = tree_digests(scratch / FILES)
            _write_manifest(scratch, digests, tree_signatures(scratch / FILES))
            try:
                scratch.rename(entry)
            except OSError:  # another process kept the same entry meanwhile: use the one in place
                if _verify(entry)[0]:
                    raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        status = tree_status(entry / FILES)[0]
        return Lookup(entry / FILES, status=status, paths=sorted(status))


def _manifest(entry: Path) -> tuple[dict[str, str], dict[str, list[int]]]:
    """(recorded SHA-256, recorded signatures) of an entry; empty when its manifest cannot be read."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        recorded, known = manifest["files"], manifest.get("signatures", {})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}
    return (recorded, known) if isinstance(recorded, dict) and isinstance(known, dict) else ({}, {})


def _verify(entry: Path) -> tuple[list[str], dict[str, os.stat_result]]:
    """(what is wrong with a cache entry, empty when every file matches its manifest; each file's lstat).

    Files whose signature changed are hashed; when all match, their new signatures are recorded."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        recorded, known = manifest["files"], manifest.get("signatures", {})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return [f"{MANIFEST} is missing or unreadable"], {}
    if not isinstance(recorded, dict) or not isinstance(known, dict) or not (entry / FILES).is_dir():
        return [f"{MANIFEST} or {FILES}/ is damaged"], {}
    before = dict(known)
    problems, status = check_tree(entry / FILES, recorded, known)
    if not problems and known != before:
        _write_manifest(entry, recorded, known)
    return problems, status


def _write_manifest(entry: Path, digests: dict[str, str], signatures: dict[str, list[int]]) -> None:
    """Write ``manifest.json`` whole under a temporary name, then rename it into place."""
    text = json.dumps({"files": digests, "signatures": signatures}, indent=0, sort_keys=True) + "\n"
    temporary = entry / f".{MANIFEST}.{os.getpid()}"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, entry / MANIFEST)
