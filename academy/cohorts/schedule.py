"""Dates derived from a cohort: office-hours occurrences, workshop days, session identities."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from .model import WEEKDAYS, Cohort, OfficeHours, Session, Workshop


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    skipped: bool


def office_hour_dates(hours: OfficeHours) -> list[Occurrence]:
    """Every ``every_weeks``-th date from ``first`` up to ``last``, marking the skipped ones."""
    skipped = set(hours.skip)
    dates, day = [], hours.first
    while day <= hours.last:
        dates.append(Occurrence(day, day in skipped))
        day += dt.timedelta(weeks=hours.every_weeks)
    return dates


def office_hours_held(hours: OfficeHours) -> list[dt.date]:
    return [o.date for o in office_hour_dates(hours) if not o.skipped]


def weekday_name(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def workshop_days(workshop: Workshop) -> list[dt.date]:
    count = (workshop.end - workshop.start).days + 1
    return [workshop.start + dt.timedelta(days=n) for n in range(max(count, 0))]


def workshop_on(cohort: Cohort, day: dt.date) -> str | None:
    for key in ("opening", "closing"):
        workshop = getattr(cohort.workshops, key)
        if workshop.start <= day <= workshop.end:
            return key
    return None


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "session"


def session_key(session: Session) -> str:
    """A session's calendar identity: its ``id`` or its title as a slug; never its time."""
    return session.id or slug(session.title)


def sessions_in_order(workshop: Workshop) -> list[Session]:
    return sorted(workshop.agenda, key=lambda s: (s.day, s.start, s.end, s.title))
