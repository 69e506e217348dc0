"""The SEQUENCE ledger, ``calendar-sequence.yml``: for each calendar event, the fingerprint of its
time and place and its current SEQUENCE.

The build compares every event with the committed ledger.  An event whose
fingerprint differs gets SEQUENCE + 1, a new event gets 0, and events no longer
in ``cohorts.yml`` drop out.  Resolving is pure (:func:`resolve`); the MkDocs
glue writes the updated ledger with :func:`write_ledger` (atomically) and tells
the person building to commit it.  The updated ledger resolves to itself, so
building again from the same files gives byte-identical calendars.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import Field

from ..deferred import after_success
from ..problems import Problem
from ..schema import Schema, validate
from ..sources import SourceError, parse_yaml, read_text
from .events import CalendarEvent

LEDGER_FILE = "calendar-sequence.yml"

HEADER = """\
# Calendar SEQUENCE ledger: written by `python build_site.py`, commit it together with cohorts.yml.
# For each calendar event (by UID): a fingerprint of its time and place, and its SEQUENCE.
# When an event's time or place changes the build raises its SEQUENCE here, so subscribed
# calendars update the event. Do not edit by hand; see README (Cohorts: calendars).
"""


class LedgerEntry(Schema):
    fingerprint: str = Field(pattern=r"^[0-9a-f]{16}$", description="Hash of the event's time and place.")
    sequence: int = Field(ge=0, description="The event's SEQUENCE number.")


class LedgerFile(Schema):
    events: dict[str, LedgerEntry] = Field(default_factory=dict, description="Entries by event UID.")


@dataclass(frozen=True)
class Ledger:
    entries: dict[str, LedgerEntry]

    def sequence(self, uid: str) -> int:
        entry = self.entries.get(uid)
        return entry.sequence if entry else 0


@dataclass(frozen=True)
class Resolution:
    ledger: Ledger
    """The ledger matching the current events."""
    raised: list[str]
    """UIDs whose SEQUENCE went up."""
    changed: bool
    """True if ``ledger`` differs from the file (new, changed or removed events)."""


def load_ledger(root: Path) -> tuple[Ledger, list[Problem]]:
    """The committed ledger; a missing file is an empty ledger."""
    path = root / LEDGER_FILE
    if not path.exists():
        return Ledger({}), []
    try:
        document = parse_yaml(read_text(path, root), LEDGER_FILE)
    except SourceError as exc:
        return Ledger({}), [Problem(LEDGER_FILE, exc.line, exc.col, exc.message)]
    if document.data is None:
        return Ledger({}), []
    data, problems = validate(LedgerFile, document)
    if data is None:
        return Ledger({}), [Problem(p.path, p.line, p.col, p.message + "; delete the file to start it afresh")
                            for p in problems]
    return Ledger(dict(data.events)), []


def resolve(ledger: Ledger, events: Iterable[CalendarEvent]) -> Resolution:
    entries: dict[str, LedgerEntry] = {}
    raised = []
    for event in events:
        fingerprint = event.fingerprint()
        old = ledger.entries.get(event.uid)
        if old is None:
            entries[event.uid] = LedgerEntry(fingerprint=fingerprint, sequence=0)
        elif old.fingerprint == fingerprint:
            entries[event.uid] = old
        else:
            entries[event.uid] = LedgerEntry(fingerprint=fingerprint, sequence=old.sequence + 1)
            raised.append(event.uid)
    return Resolution(Ledger(entries), raised, entries != ledger.entries)


def ledger_text(ledger: Ledger) -> str:
    events = {uid: {"fingerprint": e.fingerprint, "sequence": e.sequence}
              for uid, e in sorted(ledger.entries.items())}
    return HEADER + yaml.safe_dump({"events": events}, sort_keys=True, allow_unicode=True)


def write_ledger(root: Path, ledger: Ledger) -> Path:
    """Write the ledger atomically (a temporary file renamed into place)."""
    path = root / LEDGER_FILE
    handle, temporary = tempfile.mkstemp(prefix=f".{LEDGER_FILE}.", dir=root)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(ledger_text(ledger))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def sync_ledger(root: Path, resolution: Resolution, read_only: bool) -> Problem | None:
    """Bring ``calendar-sequence.yml`` up to date, or (read-only, as in CI) say that it is stale.

    Returns the note to show, or None when the committed ledger already matches.  The file is written
    only once the whole build has succeeded (see academy.deferred).
    The calendars of this build use the resolved SEQUENCE either way.
    """
    if not resolution.changed:
        return None
    raised = f"SEQUENCE raised for {len(resolution.raised)} changed event{'s' if len(resolution.raised) != 1 else ''}"
    if read_only:
        return Problem(LEDGER_FILE, 1, 1, f"is out of date ({raised}; new or removed events too); this build's "
                                          "calendars are right, but run `python build_site.py` locally and commit "
                                          f"{LEDGER_FILE} so the next change is numbered correctly", "warning")
    after_success(lambda: write_ledger(root, resolution.ledger))
    return Problem(LEDGER_FILE, 1, 1, f"was updated ({raised}; new or removed events recorded); "
                                      f"commit {LEDGER_FILE} together with cohorts.yml", "warning")
