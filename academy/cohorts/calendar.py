"""iCalendar files (RFC 5545) from calendar events, with the maintained ``icalendar`` library.

Each file carries a VTIMEZONE for every TZID it uses (generated from zoneinfo, with one
RDATE per line: vobject and ical.js, the parser of Thunderbird and many web calendars,
read only the first value of a comma-separated RDATE list),
SEQUENCE from the ledger, and a DTSTAMP that is not the build clock, so two
builds of the same files are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Iterable, Mapping

from icalendar import Calendar, Event

from ..reuse import reused
from .events import CalendarEvent

PRODID = "-//Prevention Academy//Cohort calendars//EN"


def dtstamp(epoch: int | None, fallback: dt.date) -> dt.datetime:
    """The build's epoch (SOURCE_DATE_EPOCH, reproducible-builds.org) if set, else midnight UTC of ``fallback``."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc)
    return dt.datetime.combine(fallback, dt.time(), tzinfo=dt.timezone.utc)


def ical_event(event: CalendarEvent, sequence: int, stamp: dt.datetime) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", stamp)
    component.add("sequence", sequence)
    component.add("summary", event.summary)
    component.add("dtstart", event.start)
    component.add("dtend", event.end)
    component.add("location", event.location)
    component.add("description", event.description)
    if event.categories:
        component.add("categories", list(event.categories))
    if event.url:
        component.add("url", event.url)
    if event.recurrence is not None:
        component.add("rrule", {"freq": "weekly", "interval": event.recurrence.interval,
                                "until": event.recurrence.until})
        if event.recurrence.skipped:
            component.add("exdate", list(event.recurrence.skipped))
    return component


def calendar_bytes(name: str, events: Iterable[CalendarEvent], sequences: Mapping[str, int],
                   stamp: dt.datetime, urls: Mapping[str, str] | None = None) -> bytes:
    """One VCALENDAR with the events in the given order and the VTIMEZONEs they need.

    ``urls`` gives each event (by UID) the absolute address of its page, when the site's address is known.
    The live preview reuses the bytes made from the same inputs (academy.reuse).
    """
    events, urls = list(events), dict(urls or {})
    key = repr((name, events, sorted(sequences.items()), stamp, sorted(urls.items())))
    return reused("calendar", key, lambda: _calendar_bytes(name, events, sequences, stamp, urls))


def _calendar_bytes(name: str, events: list[CalendarEvent], sequences: Mapping[str, int], stamp: dt.datetime,
                    urls: Mapping[str, str]) -> bytes:
    events = [replace(event, url=urls.get(event.uid, event.url)) for event in events]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(ical_event(event, sequences.get(event.uid, 0), stamp))
    if events:
        first = min(e.start for e in events).date()
        last = max((e.recurrence.until if e.recurrence else e.end) for e in events).date()
        calendar.add_missing_timezones(first_date=dt.date(first.year - 1, 1, 1),
                                       last_date=dt.date(last.year + 1, 12, 31))
    _one_rdate_per_line(calendar)
    _sort_timezones(calendar)
    return calendar.to_ical()


def _one_rdate_per_line(calendar: Calendar) -> None:
    """Rewrite each observance's comma-separated RDATE list as one RDATE property per date."""
    for zone in calendar.walk("VTIMEZONE"):
        for observance in zone.subcomponents:
            found = observance.get("RDATE")
            if found is None:
                continue
            lists = found if isinstance(found, list) else [found]
            moments = sorted(value.dt for dates in lists for value in dates.dts)
            del observance["RDATE"]
            for moment in moments:
                observance.add("rdate", moment)


def _sort_timezones(calendar: Calendar) -> None:
    """VTIMEZONEs first, by TZID: icalendar adds them in set order, which changes from run to run."""
    zones = sorted((c for c in calendar.subcomponents if c.name == "VTIMEZONE"), key=lambda c: str(c["TZID"]))
    others = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.subcomponents[:] = zones + others
