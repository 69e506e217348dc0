"""Kept versions: a published cohort's version stored as bytes in the repository, ``published/<id>.tar.xz``.

mike keeps every published version's files in ``gh-pages``; this project keeps them in main (the only
branch that travels), one compressed archive per cohort, with its SHA-256 recorded in
``published/manifest.yml``.  A build checks the checksum and then uses the files as they are: no
rebuild, no dependency on today's interpreter, packages, MkDocs or theme.

An archive is a plain tar file compressed with xz, written so that the same files give the same bytes
(sorted names, fixed times, owners and modes).  It holds two folders:

- ``modules/``: the module Markdown of the published commit (to tell readers what changed since);
- ``version/``: every file of the version's folder ``/<id>/``, byte for byte.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import Field

from ..atomic_files import replacing, write_text_atomically
from ..problems import ContentError, Problem
from ..schema import Schema, patterned, validate
from ..sources import Location, SourceError, parse_yaml, read_text
from ..cohorts.model import COHORT_ID_PATTERN
from .tree import Signature, file_digest, is_trusted, signature, tree_files

KEPT_DIR = "published"
MANIFEST_FILE = f"{KEPT_DIR}/manifest.yml"
SUFFIX = ".tar.xz"
MODULES, VERSION = "modules/", "version/"
XZ_PRESET = 6
"""xz's default preset: an 8 MiB window (about 100 MiB to write, 9 MiB to read); 9 gave the same size here."""

HEADER = """\
# Published cohorts kept as bytes: written by `python build_site.py publish <cohort>`; do not edit by hand.
# Every build checks each archive against its sha256 here and then uses its files unchanged.
# See docs/versions.md.
"""


class KeptEntry(Schema):
    archive: str = patterned(r"^[a-z0-9][a-z0-9-]{0,62}\.tar\.xz$",
                             "a file name of lowercase letters, digits and hyphens ending in .tar.xz",
                             description="The archive's file name inside published/.")
    sha256: str = patterned(r"^[0-9a-f]{64}$", "64 lowercase hexadecimal digits",
                            description="SHA-256 of the archive's bytes.")
    files: int = Field(ge=1, description="How many files the version has.")
    published_from: str = patterned(r"^[0-9a-f]{40,64}$", "a git commit id: 40 to 64 lowercase hexadecimal digits",
                                    description="The commit the version was built from.")
    site_url: str | None = Field(default=None, description="The site address the version was built for.")


class KeptFile(Schema):
    versions: dict[str, KeptEntry] = Field(default_factory=dict, description="Kept versions by cohort id.")


@dataclass(frozen=True)
class KeptVersion:
    """One published cohort's kept version, as the manifest records it."""

    id: str
    entry: KeptEntry
    at: Location
    """Where its ``sha256`` stands in the manifest."""

    @property
    def path(self) -> str:
        return f"{KEPT_DIR}/{self.entry.archive}"

    def problem(self, message: str, severity: str = "error") -> Problem:
        return Problem(MANIFEST_FILE, self.at[0], self.at[1], message, severity)


def load_kept(root: Path) -> dict[str, KeptVersion]:
    """Every kept version by cohort id (empty when there is no manifest); raises ContentError, located."""
    path = root / MANIFEST_FILE
    if not path.exists():
        return {}
    try:
        document = parse_yaml(read_text(path, root), MANIFEST_FILE, keep_going=True)
    except SourceError as exc:
        raise ContentError([Problem(MANIFEST_FILE, exc.line, exc.col, exc.message)]) from None
    if document.data is None:
        return {}
    data, problems = validate(KeptFile, document)
    if data is None:
        raise ContentError(problems)
    kept, problems = {}, []
    for version_id, entry in data.versions.items():
        at = document.locate(("versions", version_id, "sha256"))
        if not re.match(COHORT_ID_PATTERN, version_id) or entry.archive != f"{version_id}{SUFFIX}":
            line, col = document.locate_key(("versions", version_id))
            problems.append(Problem(MANIFEST_FILE, line, col, f"versions.{version_id}: the archive of cohort "
                                    f"'{version_id}' must be {version_id}{SUFFIX}; write it again with "
                                    f"`python build_site.py republish {version_id}`"))
        kept[version_id] = KeptVersion(version_id, entry, at)
    if problems:
        raise ContentError(problems)
    return kept


def verify(root: Path, kept: KeptVersion) -> Problem | None:
    """A located problem when the archive is missing or its bytes differ from the recorded checksum."""
    return check_archive(root, kept)[0]


def check_archive(root: Path, kept: KeptVersion,
                  known: Signature | None = None) -> tuple[Problem | None, Signature | None]:
    """(what :func:`verify` says, the archive's signature to remember when its checksum matched).

    ``known`` is the archive's signature when its checksum last matched (see :mod:`.tree`): an archive that
    still has that very signature is not read again. The signature returned is the one taken before the
    bytes were read, and None when the archive changed too recently to be trusted later."""
    path = root / kept.path
    fix = (f"restore it (git checkout -- {kept.path}) or render the cohort again from its pin with "
           f"`python build_site.py republish {kept.id}`")
    try:
        status = path.lstat()
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        return kept.problem(f"cohort '{kept.id}': {kept.path} is missing; {fix}"), None
    current = signature(status)
    if known is not None and current == known:
        return None, current
    actual = file_digest(path)
    if actual != kept.entry.sha256:
        return Problem(kept.path, 1, 1, f"does not match the checksum recorded for cohort '{kept.id}' at "
                                        f"{MANIFEST_FILE}:{kept.at[0]}:{kept.at[1]} (it is {actual[:12]}…, "
                                        f"expected {kept.entry.sha256[:12]}…); the file was changed or damaged; "
                                        f"{fix}"), None
    return None, current if is_trusted(status) else None


def check_kept(root: Path) -> list[Problem]:
    """Every problem of ``published/`` (the manifest and each archive's checksum), for ``--check``."""
    try:
        kept = load_kept(root)
    except ContentError as exc:
        return list(exc.problems)
    return [problem for k in kept.values() if (problem := verify(root, k)) is not None]


def write_archive(version_dir: Path, modules: dict[str, str], destination: Path, epoch: int) -> tuple[str, int]:
    """Write the archive of one version (its folder, and ``{'modules/<name>.md': text}``); returns (SHA-256, files).

    The bytes depend only on the files' names and contents and on ``epoch`` (every file's time).
    """
    files = tree_files(version_dir)
    for relative in files:
        if (version_dir / relative).is_symlink() or not (version_dir / relative).is_file():
            raise ValueError(f"{relative} is not a regular file")
    with replacing(destination) as temporary:
        with lzma.open(temporary, "wb", format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=XZ_PRESET) as xz:
            with tarfile.open(fileobj=xz, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, text in sorted(modules.items()):
                    if not name.startswith(MODULES) or ".." in name.split("/"):
                        raise ValueError(f"{name} is not a module path")
                    data = text.encode("utf-8")
                    _add(tar, name, io.BytesIO(data), len(data), epoch)
                for relative in files:
                    path = version_dir / relative
                    with open(path, "rb") as stream:
                        _add(tar, VERSION + relative, stream, path.stat().st_size, epoch)
    return file_digest(destination), len(files)


def _add(tar: tarfile.TarFile, name: str, stream, size: int, epoch: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, epoch, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    tar.addfile(info, stream)


def _members(archive: Path):
    """(member, file object) for every regular file, in order; anything else in the archive is refused."""
    with tarfile.open(archive, mode="r:xz") as tar:
        for member in tar:
            name = member.name
            if not member.isfile() or name.startswith("/") or ".." in name.split("/") or \
                    not name.startswith((MODULES, VERSION)):
                raise ValueError(f"{archive.name} holds an unexpected entry '{name}'")
            yield member, tar.extractfile(member)


def unreadable(kept: KeptVersion, exc: Exception) -> ContentError:
    """An archive that matches its checksum but cannot be read as a kept version (written by other means)."""
    return ContentError([Problem(kept.path, 1, 1, f"cannot be read as the kept version of cohort '{kept.id}' "
                                                  f"({exc}); render it again with "
                                                  f"`python build_site.py republish {kept.id}`")])


UNREADABLE = (ValueError, EOFError, UnicodeDecodeError, tarfile.TarError, lzma.LZMAError)


def read_modules(archive: Path) -> dict[str, str]:
    """The module Markdown kept with a version: {'modules/<name>.md': text} (reads only the archive's start)."""
    modules = {}
    for member, stream in _members(archive):
        if not member.name.startswith(MODULES):
            break
        modules[member.name] = stream.read().decode("utf-8")
    return modules


def extract_version(archive: Path, target: Path) -> None:
    """Write the version's files into ``target`` (a new folder)."""
    target.mkdir(parents=True)
    for member, stream in _members(archive):
        if not member.name.startswith(VERSION):
            continue
        path = target / member.name[len(VERSION):]
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as out:
            while block := stream.read(1 << 20):
                out.write(block)
        os.utime(path, (member.mtime, member.mtime))


def write_manifest(root: Path, kept: dict[str, KeptEntry]) -> Path:
    """Write ``published/manifest.yml`` (sorted by cohort id) atomically."""
    data = {"versions": {version_id: entry.model_dump(exclude_none=True) for version_id, entry in sorted(kept.items())}}
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200)
    return write_text_atomically(root / MANIFEST_FILE, text)
