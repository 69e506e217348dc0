"""Every session of every cohort as one dated list: the schedule file the browser reads, the pages'
past marks, and where each event's page and single-event calendar file are.

``schedule.json`` (at the root of each version) lets the reader's browser compute the next session and
mark what is past on the day the page is read, however long ago the site was built.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlencode

from ..cohorts import timezones
from ..cohorts.events import SAMPLE_NOTE, CalendarEvent, uid
from ..cohorts.model import Cohort
from ..cohorts.schedule import office_hours_held
from ..content import Content
from . import GeneratedFile, cohort_links
from .when import at, clock, day, iso_instant

KIND_LABELS = {"workshop": "Workshop session", "module": "Online module", "office-hours": "Office hours"}


@dataclass(frozen=True)
class Item:
    """One dated session: a workshop session, an online module, or one office-hours date."""

    cohort: Cohort
    event: CalendarEvent
    kind: str
    start: dt.datetime
    end: dt.datetime
    title: str
    page: str
    """Source path of the page about it."""
    calendar: str
    """Source path of its single-event .ics (office hours: the whole series)."""
    format: str
    where: str
    join: str | None

    def ended_before(self, day_: dt.date) -> bool:
        return self.end.astimezone(dt.timezone.utc) < dt.datetime.combine(day_, dt.time(), dt.timezone.utc)


def event_page(content: Content, cohort: Cohort, event: CalendarEvent) -> str:
    """The page an event links back to: its workshop's agenda, its module, or the office-hours page."""
    identity = event.uid.split("@", 1)[0].removeprefix(f"{cohort.id}.")
    if identity.startswith(("opening.", "closing.")):
        return cohort_links.agenda(cohort, identity.split(".", 1)[0])
    if identity.startswith("module-"):
        module = content.module(int(identity.removeprefix("module-")))
        if module is not None:
            return module.src_uri
    if identity == "office-hours":
        return cohort_links.office_hours(cohort)
    return cohort_links.overview(cohort)


def event_urls(content: Content, cohort: Cohort) -> dict[str, str]:
    """UID -> absolute address of the event's page (stable across cohorts); empty without site_url."""
    if not content.site_url or content.program is None:
        return {}
    return {event.uid: content.site_url + cohort_links.page_path(event_page(content, cohort, event))
            for event in content.program.cohort_events(cohort)}


def items(content: Content, cohort: Cohort) -> list[Item]:
    """Every dated session of a cohort, in time order."""
    assert content.program is not None
    found: list[Item] = []
    for event in content.program.cohort_events(cohort):
        page, ics = event_page(content, cohort, event), cohort_links.event_calendar(cohort, event)
        title = event.summary.removesuffix(f" ({cohort.name})")
        if event.recurrence is not None:
            found += _office_hours(cohort, event, page, ics)
        elif "Module" in event.categories:
            run = next(r for r in cohort.modules if event.uid == uid(cohort, f"module-{r.module}"))
            found.append(Item(cohort, event, "module", event.start, event.end, title, page, ics, "Online",
                              "Online", run.join_link))
        else:
            found.append(Item(cohort, event, "workshop", event.start, event.end, title, page, ics, "In person",
                              event.location, None))
    return sorted(found, key=lambda item: (item.start.astimezone(dt.timezone.utc), item.title))


def _office_hours(cohort: Cohort, event: CalendarEvent, page: str, ics: str) -> list[Item]:
    hours = cohort.office_hours
    sessions = []
    for date in office_hours_held(hours):
        start = timezones.local(date, hours.time, hours.timezone)
        sessions.append(Item(cohort, event, "office-hours", start, timezones.after(start, hours.minutes),
                             "Office hours", page, ics, "Online", "Online", hours.join_link))
    return sessions


def time_text(item: Item) -> str:
    """``2:00 p.m. – 3:30 p.m. EST``: the official local time with the abbreviation in force."""
    return f"{clock(item.start.time())} – {at(item.end.time(), item.event.zone_name, item.end.date())}"


def google_link(item: Item) -> str:
    """A Google Calendar 'add event' address for one session (works without the site's address)."""
    def stamp(moment: dt.datetime) -> str:
        return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    details = f"{item.cohort.name}. {KIND_LABELS[item.kind]}."
    if item.event.description.startswith(SAMPLE_NOTE):  # placeholder details stay labeled in the copy
        details = f"{SAMPLE_NOTE} {details}"
    if item.join:
        details += f" Join: {item.join}"
    query = urlencode({"action": "TEMPLATE", "text": f"{item.title} ({item.cohort.name})",
                       "dates": f"{stamp(item.start)}/{stamp(item.end)}", "details": details,
                       "location": item.where, "ctz": item.event.zone_name})
    return f"https://calendar.google.com/calendar/render?{query}"


def schedule_json(content: Content) -> bytes:
    """The schedule file: every cohort's dates and every session, start and end in UTC."""
    program = content.program
    cohorts = program.cohorts if program else []
    data = {
        "cohorts": [{"id": c.id, "name": c.name, "start": c.start.isoformat(), "end": c.end.isoformat(),
                     "page": cohort_links.page_path(cohort_links.overview(c))} for c in cohorts],
        "items": [_item_json(item) for cohort in cohorts for item in items(content, cohort)],
    }
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _item_json(item: Item) -> dict[str, object]:
    return {"cohort": item.cohort.id, "kind": item.kind, "kind_label": KIND_LABELS[item.kind],
            "title": item.title, "start": iso_instant(item.start), "end": iso_instant(item.end),
            "zone": item.event.zone_name, "day": day(item.start.date()), "time": time_text(item),
            "format": item.format, "where": item.where, "join": item.join,
            "page": cohort_links.page_path(item.page), "calendar": item.calendar, "google": google_link(item)}


def generate(content: Content) -> Iterable[GeneratedFile]:
    if content.program is not None:
        yield GeneratedFile(cohort_links.SCHEDULE, schedule_json(content))
