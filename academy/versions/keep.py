"""``python build_site.py publish COHORT`` and ``republish COHORT``: render a cohort's version from its pin
once and keep the bytes in ``published/`` (see :mod:`.archive`).

``publish`` refuses a cohort that is already kept (its bytes never change by accident); ``republish``
renders it again with today's generator, on purpose.  Both record the pin in ``cohorts.yml`` (``--at``,
else the cohort's pin, else HEAD) and bring ``calendar-sequence.yml`` up to date.  Nothing is written
unless the version built.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..cohorts.ledger import update_ledger
from ..build_date import BuildDates
from ..content import load_content
from ..problems import ContentError, Problem
from ..sources import SourceError, parse_yaml, read_text
from ..site_address import SITE_URL_VARIABLE
from .archive import KEPT_DIR, SUFFIX, KeptEntry, load_kept, write_archive, write_manifest
from .pins import Repository
from .plan import COHORTS_FILE, plan_for, unknown_cohort
from .publish import build_pinned, configured_site_address, pinned_modules
from .record import record_pin


@dataclass(frozen=True)
class Kept:
    """What ``publish`` wrote."""

    archive: str
    entry: KeptEntry
    size: int
    ledger: str


def keep_cohort(root: Path, cohort_id: str, ref: str | None, again: bool, dates: BuildDates | None = None) -> Kept:
    """Build ``cohort_id`` from its pin (or ``ref``) and keep it as ``published/<id>.tar.xz``.

    A cohort without a pin (or with ``ref``) is pinned first, so that the content validates; if anything
    then fails, ``cohorts.yml`` is put back as it was.
    """
    root = root.resolve()
    path = root / COHORTS_FILE
    original = path.read_bytes() if path.is_file() else None
    pinned_now = ref is not None or written_pin(root, cohort_id) is None
    if pinned_now:
        record_pin(root, cohort_id, ref or "HEAD")  # located errors for an unknown cohort, commit or clone
    try:
        return _keep(root, cohort_id, again, dates)
    except BaseException:
        if pinned_now and original is not None:
            path.write_bytes(original)
        raise


def written_pin(root: Path, cohort_id: str) -> str | None:
    """The ``published_from`` written for a cohort in cohorts.yml (None when absent or unreadable)."""
    try:
        data = parse_yaml(read_text(root / COHORTS_FILE, root), COHORTS_FILE, allow_sample=True).data
    except (SourceError, OSError):
        return None
    entries = data.get("cohorts") if isinstance(data, dict) else None
    entry = next((e for e in entries or [] if isinstance(e, dict) and e.get("id") == cohort_id), None)
    pin = entry.get("published_from") if entry else None
    return pin if isinstance(pin, str) else None


def _keep(root: Path, cohort_id: str, again: bool, dates: BuildDates | None) -> Kept:
    content = load_content(root, dates)  # the working tree must be sound: the ledger is written from it
    plan = plan_for(content)
    version = next((v for v in plan.versions if v.id == cohort_id), None)
    if version is None or plan.document is None or version.pin is None:
        message = unknown_cohort(plan.document, cohort_id) if plan.document else f"{COHORTS_FILE}: no cohorts"
        raise ContentError([Problem(COHORTS_FILE, 1, 1, message.split(": ", 1)[1])])
    kept = load_kept(root)
    if cohort_id in kept and not again:
        raise ContentError([kept[cohort_id].problem(
            f"cohort '{cohort_id}' is already published and kept in {kept[cohort_id].path}; its bytes do not "
            f"change. To render it again from its pin with today's generator, run "
            f"`python build_site.py republish {cohort_id}`")])
    repository = Repository(root)
    pin = repository.resolve(version.pin) if repository.is_repository() else None
    if pin is None:
        raise ContentError([plan.problem(version, f"cannot publish cohort '{cohort_id}': '{version.pin}' is not "
                                                  "a commit in this clone (versions are built from commits)")])
    site = configured_site_address(root)
    archive = root / KEPT_DIR / f"{cohort_id}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="academy-publish-") as scratch:
        out = Path(scratch) / "version"
        build_pinned(repository, plan, version, pin, out, {SITE_URL_VARIABLE: site} if site else {})
        sha256, files = write_archive(out, pinned_modules(repository, pin.commit), archive, pin.epoch)
    entry = KeptEntry(archive=archive.name, sha256=sha256, files=files, published_from=pin.commit, site_url=site)
    write_manifest(root, {**{k: v.entry for k, v in kept.items()}, cohort_id: entry})
    ledger = update_ledger(root, content.program.resolution) if content.program else "no calendars"
    return Kept(f"{KEPT_DIR}/{archive.name}", entry, archive.stat().st_size, ledger)


def kept_summary(cohort_id: str, kept: Kept) -> str:
    return (f"ok: cohort '{cohort_id}' published from {kept.entry.published_from[:12]} and kept in {kept.archive} "
            f"({kept.entry.files} files, {kept.size / 1024:.0f} KB, sha256 {kept.entry.sha256[:12]}…); "
            f"{kept.ledger}; commit {KEPT_DIR}/ and {COHORTS_FILE}")

