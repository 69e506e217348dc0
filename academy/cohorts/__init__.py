"""Cohorts and the program, from ``cohorts.yml``: schema, rules, schedule and calendars.

- ``model``: the schema (pydantic), declared once;
- ``validation``: rules beyond types, as located problems;
- ``schedule``: dates derived from a cohort (office-hours dates, workshop days);
- ``state``: upcoming, running or completed, from the dates;
- ``timezones``: which zones exist and how they are spelled out;
- ``events``: calendar events as plain data, with stable UIDs and fingerprints;
- ``ledger``: ``calendar-sequence.yml``, SEQUENCE per UID;
- ``calendar``: .ics bytes via the icalendar library.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..build_date import BuildDates
from ..curriculum import Module
from ..problems import ERROR, Problem, Problems
from ..provenance import Provenance
from ..schema import validate_and_read
from ..sources import SourceError, YamlDocument, parse_yaml, read_text
from . import calendar, events, ledger
from .model import Cohort, CohortsFile
from .state import current_cohort

COHORTS_FILE = "cohorts.yml"


_HELP_DESK_LINE = re.compile(r"^\s+(?:email|phone):\s*(?:!sample\s+)?[\"']?([^\s\"'#]+(?: [^\s\"'#]+)*)", re.M)


@dataclass(frozen=True)
class CohortsSource:
    """``cohorts.yml`` read once per run: its text, and its parse when the YAML is valid."""

    text: str
    document: YamlDocument | None


def read_cohorts(root: Path, problems: Problems) -> CohortsSource | None:
    """Read and parse ``cohorts.yml`` once; a missing, unreadable or unparsable file is a problem."""
    path = root / COHORTS_FILE
    if not path.exists():
        problems.add(COHORTS_FILE, 1, 1, "is missing; it lists the program and its cohorts (see the README)")
        return None
    try:
        text = read_text(path, root)
    except SourceError as exc:
        problems.add(COHORTS_FILE, exc.line, exc.col, exc.message)
        return None
    try:
        return CohortsSource(text, parse_yaml(text, COHORTS_FILE, allow_sample=True, keep_going=True))
    except SourceError as exc:
        problems.add(COHORTS_FILE, exc.line, exc.col, exc.message)
        return CohortsSource(text, None)


def help_desk_contacts(source: CohortsSource | None) -> list[str]:
    """The only contact details the site may publish: the help desk's, read even from a file with errors."""
    if source is None:
        return []
    if source.document is None or source.document.problems:
        # The file has an error elsewhere (reported on its own): still know the help desk's lines.
        return _HELP_DESK_LINE.findall(source.text)
    data = source.document.data
    # A file still using an old name of the section has that one error (CohortsFile.renamed_fields); its help
    # desk is still the help desk, not a personal contact detail to report as well.
    names = ["program", *(old for old, (new, _) in CohortsFile.renamed_fields.items() if new == "program")]
    help_desk: object = next((data[key] for key in names if key in data), None) if isinstance(data, dict) else None
    help_desk = help_desk.get("help_desk") if isinstance(help_desk, dict) else None
    if not isinstance(help_desk, dict):
        return []
    return [value for key in ("email", "phone") if isinstance(value := help_desk.get(key), str)]


@dataclass
class Program:
    """The validated ``cohorts.yml`` plus what the calendars need (modules, resolved SEQUENCE ledger)."""

    data: CohortsFile
    document: YamlDocument
    modules: dict[int, Module]
    resolution: ledger.Resolution
    committed_ledger: ledger.Ledger
    dates: BuildDates = field(default_factory=BuildDates.now)
    problems: list[Problem] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        """The day checks are about (the run's ``today``)."""
        return self.dates.today

    @property
    def build_date(self) -> dt.date:
        """The day pages describe (the build's epoch): states 'as of' it, past rows before it."""
        return self.dates.build_date

    @property
    def cohorts(self) -> list[Cohort]:
        return self.data.cohorts

    @property
    def provenance(self) -> Provenance:
        """Which values of cohorts.yml are marked ``!sample``."""
        return Provenance(COHORTS_FILE, self.document.samples)

    def cohort_provenance(self, cohort: Cohort) -> Provenance:
        """The sample marks seen from one cohort (key paths such as ``('cities', 0)``)."""
        index = next(i for i, c in enumerate(self.cohorts) if c is cohort)
        return self.provenance.at("cohorts", index)

    @property
    def current(self) -> Cohort | None:
        """The cohort running on the build's date, else the next one; None when every cohort has ended."""
        return current_cohort(self.cohorts, self.build_date)

    def sequences(self) -> dict[str, int]:
        return {uid: entry.sequence for uid, entry in self.resolution.ledger.entries.items()}

    def cohort_events(self, cohort: Cohort) -> list[events.CalendarEvent]:
        return events.cohort_events(cohort, self.modules, self.cohort_provenance(cohort))

    def cohort_calendar(self, cohort: Cohort, urls: Mapping[str, str] | None = None) -> bytes:
        return calendar.calendar_bytes(f"Prevention Academy: {cohort.name}", self.cohort_events(cohort),
                                       self.sequences(), self.dtstamp(cohort), urls)

    def workshop_calendar(self, cohort: Cohort, key: str, urls: Mapping[str, str] | None = None) -> bytes:
        return calendar.calendar_bytes(f"Prevention Academy: {cohort.name}, {events.WORKSHOP_NAMES[key].lower()}",
                                       events.workshop_events(cohort, key, self.modules,
                                                              self.cohort_provenance(cohort)),
                                       self.sequences(), self.dtstamp(cohort), urls)

    def event_calendar(self, cohort: Cohort, event: events.CalendarEvent,
                       urls: Mapping[str, str] | None = None) -> bytes:
        """One event on its own (the office hours: the whole repeating series), for a one-click add."""
        return calendar.calendar_bytes(f"Prevention Academy: {event.summary}", [event], self.sequences(),
                                       self.dtstamp(cohort), urls)

    def dtstamp(self, cohort: Cohort) -> dt.datetime:
        """The build's epoch if set, else the cohort's first day: never the build clock."""
        return calendar.dtstamp(self.dates.epoch, cohort.start)


def load_program(root: Path, modules: list[Module], problems: Problems,
                 unreadable_modules: Iterable[int] = (), dates: BuildDates | None = None,
                 source: CohortsSource | None = None) -> Program | None:
    """Validate and resolve ``cohorts.yml`` (``source``: the file as already read, else read it here);
    problems go to ``problems``, never raised.

    ``dates.today`` is the day a hand-typed ``status`` is checked against; ``dates.epoch`` dates the pages and
    calendars (see :mod:`academy.build_date`).
    """
    dates = dates or BuildDates.now()
    source = source if source is not None else read_cohorts(root, problems)
    document = source.document if source is not None else None
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.add(COHORTS_FILE, 1, 1, "expected 'program:' and 'cohorts:' sections")
        return None
    data, tree, found = validate_and_read(CohortsFile, document)
    problems.extend(found)
    from .validation import check_cohorts

    # Every mistake in one run: in a file with mistakes (``data`` None) the rules that compare values still
    # check those that are right on their own (``tree`` is the valid file itself, or what is readable of it).
    found = check_cohorts(tree, document, modules, unreadable_modules, dates.today)
    problems.extend(found)
    if data is None:
        return None
    committed, found_in_ledger = ledger.load_ledger(root)
    problems.extend(found_in_ledger)
    if any(p.severity == ERROR for p in found + found_in_ledger):
        return None
    by_number = {m.number: m for m in modules}
    every_event = [event for cohort in data.cohorts for event in events.cohort_events(cohort, by_number)]
    resolution = ledger.resolve(committed, _unique(every_event))
    return Program(data, document, by_number, resolution, committed, dates)


def _unique(all_events: list[events.CalendarEvent]) -> list[events.CalendarEvent]:
    seen: dict[str, events.CalendarEvent] = {}
    for event in all_events:
        seen.setdefault(event.uid, event)
    return list(seen.values())
