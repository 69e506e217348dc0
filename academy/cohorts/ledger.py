"""The SEQUENCE ledger, ``calendar-sequence.yml``: for each calendar event, the fingerprint of its
time and place and its current SEQUENCE.

Every event is compared with the committed ledger.  An event whose
fingerprint differs gets SEQUENCE + 1, a new event gets 0, and events no longer
in ``cohorts.yml`` drop out.  Resolving is pure (:func:`resolve`).  A build only
reads the ledger and warns when it is stale (:func:`stale_ledger`); the file is
written by one explicit step, ``python build_site.py --update-ledger`` (also run by
``publish``), with :func:`update_ledger`.  The updated ledger resolves to itself, so
building again from the same files gives byte-identical calendars.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml
from pydantic import Field

from ..atomic_files import write_text_atomically
from ..problems import Problem
from ..schema import Schema, patterned, validate
from ..sources import SourceError, parse_yaml, read_text
from .events import CalendarEvent

LEDGER_FILE = "calendar-sequence.yml"

HEADER = """\
# Calendar SEQUENCE ledger: written by `python build_site.py --update-ledger`; commit it with cohorts.yml.
# For each calendar event (by UID): a fingerprint of its time and place, and its SEQUENCE.
# When an event's time or place changes, --update-ledger raises its SEQUENCE here, so subscribed
# calendars update the event. Do not edit by hand; see docs/versions.md.
"""


class LedgerEntry(Schema):
    fingerprint: str = patterned(r"^[0-9a-f]{16}$", "16 lowercase hexadecimal digits",
                                 description="Hash of the event's time and place.")
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
        document = parse_yaml(read_text(path, root), LEDGER_FILE, keep_going=True)
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
    return write_text_atomically(root / LEDGER_FILE, ledger_text(ledger))


UPDATE_COMMAND = "python build_site.py --update-ledger"


def stale_ledger(resolution: Resolution, shown: int = 5) -> Problem | None:
    """The warning a build gives when ``calendar-sequence.yml`` does not match the events (None when it does).

    A build only reads the ledger; its calendars carry the SEQUENCE numbers named here either way.
    """
    if not resolution.changed:
        return None
    entries = resolution.ledger.entries
    needed = [f"{uid} SEQUENCE {entries[uid].sequence}" for uid in sorted(resolution.raised)]
    listed = "; ".join(needed[:shown]) + (f"; and {len(needed) - shown} more" if len(needed) > shown else "")
    raised = f"changed events need a higher SEQUENCE: {listed}" if needed else "events were added or removed"
    return Problem(LEDGER_FILE, 1, 1, f"is out of date ({raised}); this build's calendars use the numbers "
                                      f"they need, but run `{UPDATE_COMMAND}` and commit {LEDGER_FILE} so "
                                      "subscribers get every later change", "warning")


def update_ledger(root: Path, resolution: Resolution) -> str:
    """Write the resolved ledger when it differs from the file; returns what happened, in one sentence."""
    if not resolution.changed:
        return f"{LEDGER_FILE} is up to date"
    write_ledger(root, resolution.ledger)
    raised = len(resolution.raised)
    return (f"{LEDGER_FILE} updated (SEQUENCE raised for {raised} changed event{'s' if raised != 1 else ''}; "
            f"new or removed events recorded); commit it together with cohorts.yml")
