"""A cohort's calendar events as plain data: what each .ics file holds, before any iCalendar text.

UIDs come from the cohort id and the event's identity (workshop + session id,
module number, 'office-hours'), never from its time, so they survive a change
of time or place; :meth:`CalendarEvent.fingerprint` captures exactly the time
and place, so a change there raises the event's SEQUENCE (see ``ledger``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from ..curriculum import Module
from ..provenance import NO_SAMPLES, SAMPLE_LABEL, Provenance
from . import timezones
from .model import Cohort, Session, Workshop
from .schedule import session_key, sessions_in_order

UID_DOMAIN = "prevention-academy"
SESSION_TYPES = {"plenary": "Plenary", "roundtable": "Roundtable", "breakout": "Breakout",
                 "site-visit": "Site visit", "meal": "Meal"}
WORKSHOP_NAMES = {"opening": "Opening workshop", "closing": "Closing workshop"}
SAMPLE_NOTE = f"{SAMPLE_LABEL}: details of this event are placeholders, not published facts; they may change."


@dataclass(frozen=True)
class Recurrence:
    """Every ``interval`` weeks from the event's start until ``until`` (a UTC instant)."""

    interval: int
    until: dt.datetime
    skipped: tuple[dt.datetime, ...] = ()


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: dt.datetime
    """Aware, in the zone of the place it happens (zoneinfo)."""
    end: dt.datetime
    location: str
    description: str
    categories: tuple[str, ...] = ()
    recurrence: Recurrence | None = None
    url: str | None = field(default=None)

    @property
    def zone_name(self) -> str:
        return str(self.start.tzinfo)

    def fingerprint(self) -> str:
        """A short hash of the event's time and place; changes exactly when SEQUENCE must go up."""
        facts = {
            "start": self.start.replace(tzinfo=None).isoformat(), "end": self.end.replace(tzinfo=None).isoformat(),
            "zone": self.zone_name, "location": self.location,
            "recurrence": None if self.recurrence is None else {
                "interval": self.recurrence.interval, "until": self.recurrence.until.isoformat(),
                "skipped": [d.replace(tzinfo=None).isoformat() for d in self.recurrence.skipped]},
        }
        return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def uid(cohort: Cohort, identity: str) -> str:
    return f"{cohort.id}.{identity}@{UID_DOMAIN}"


def _sample_note(sample: bool) -> list[str]:
    return [SAMPLE_NOTE] if sample else []


def session_event(cohort: Cohort, key: str, workshop: Workshop, session: Session,
                  modules: dict[int, Module], sample: bool = False) -> CalendarEvent:
    zone_name = workshop.timezone
    lines = _sample_note(sample) + [f"{WORKSHOP_NAMES[key]} of {cohort.name}, at {workshop.host_event}.",
                                    f"Type: {SESSION_TYPES[session.type]}."]
    if session.speakers:
        lines.append(f"Speakers: {', '.join(session.speakers)}.")
    if session.module is not None and session.module in modules:
        lines.append(f"Module {session.module}: {modules[session.module].title}.")
    if session.description:
        lines.append(session.description)
    return CalendarEvent(
        uid=uid(cohort, f"{key}.{session_key(session)}"),
        summary=f"{session.title} ({cohort.name})",
        start=timezones.local(session.day, session.start, zone_name),
        end=timezones.local(session.day, session.end, zone_name),
        location=", ".join(part for part in (session.room, workshop.venue, workshop.address,
                                             f"{workshop.city}, {workshop.state}") if part),
        description="\n".join(lines),
        categories=(SESSION_TYPES[session.type],),
    )


def workshop_events(cohort: Cohort, key: str, modules: dict[int, Module],
                    samples: Provenance = NO_SAMPLES) -> list[CalendarEvent]:
    workshop: Workshop = getattr(cohort.workshops, key)
    marks = samples.at("workshops", key)
    place = marks.any_sample("host_event", "venue", "address", "city", "state", "timezone", "start", "end")
    index_of = {id(session): index for index, session in enumerate(workshop.agenda)}
    return [session_event(cohort, key, workshop, s, modules, place or marks.has_sample("agenda", index_of[id(s)]))
            for s in sessions_in_order(workshop)]


def module_events(cohort: Cohort, modules: dict[int, Module], samples: Provenance = NO_SAMPLES) -> list[CalendarEvent]:
    """Online module sessions; in-person modules are already workshop sessions."""
    events = []
    index_of = {id(run): index for index, run in enumerate(cohort.modules)}
    for run in sorted(cohort.modules, key=lambda r: (r.date, r.module)):
        module = modules.get(run.module)
        if run.format != "online" or run.start is None or module is None:
            continue
        start = timezones.local(run.date, run.start, cohort.timezone)
        join = run.join_link or "The join link is sent by the help desk before the session."
        events.append(CalendarEvent(
            uid=uid(cohort, f"module-{run.module}"),
            summary=f"Module {run.module}: {module.title} ({cohort.name})",
            start=start,
            end=timezones.after(start, module.meta.duration_minutes),
            location="Online",
            description="\n".join(_sample_note(samples.has_sample("modules", index_of[id(run)])
                                                 or samples.has_sample("timezone"))
                                    + [module.meta.summary, f"Join: {join}"]),
            categories=("Module",),
        ))
    return events


def office_hours_event(cohort: Cohort, samples: Provenance = NO_SAMPLES) -> CalendarEvent:
    hours = cohort.office_hours
    start = timezones.local(hours.first, hours.time, hours.timezone)
    # The last session starts on or before 'last'; UNTIL is that day's start, in UTC (RFC 5545 3.3.10).
    until = timezones.local(hours.last, hours.time, hours.timezone).astimezone(dt.timezone.utc)
    return CalendarEvent(
        uid=uid(cohort, "office-hours"),
        summary=f"Office hours ({cohort.name})",
        start=start,
        end=timezones.after(start, hours.minutes),
        location="Online",
        description="\n".join(_sample_note(samples.has_sample("office_hours")) + [
            "Standing virtual office hours for the cohort's cities: bring an issue as it arises "
            "or work on your city's longer-term approach.", f"Join: {hours.join_link}"]),
        categories=("Office hours",),
        recurrence=Recurrence(hours.every_weeks, until,
                              tuple(timezones.local(day, hours.time, hours.timezone) for day in sorted(hours.skip))),
    )


def cohort_events(cohort: Cohort, modules: dict[int, Module], samples: Provenance = NO_SAMPLES) -> list[CalendarEvent]:
    """Everything in a cohort's calendar: both workshops' sessions, online modules, office hours.

    ``samples`` (the cohort's sample marks) puts a "Sample data" note first in the description of
    every event with placeholder details; it never changes an event's time, place or UID.
    """
    return (workshop_events(cohort, "opening", modules, samples) + module_events(cohort, modules, samples)
            + workshop_events(cohort, "closing", modules, samples) + [office_hours_event(cohort, samples)])
