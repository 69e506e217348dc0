"""Dates and times in US style, the one place that formats them for pages.

'Thursday, November 14, 2024'; '2:00 p.m.' (AP style: a.m./p.m. with minutes always shown);
'2:00 p.m. EST' with the abbreviation in force on that day; zones named in plain English
('Eastern Time', 'UTC−5' for Etc/ zones).  Readers' own time is added by the browser.
"""

from __future__ import annotations

import datetime as dt
import functools

from ..cohorts import timezones

DASH = "\u2013"


def day(value: dt.date) -> str:
    """``Thursday, November 14, 2024``."""
    return f"{value:%A}, {value:%B} {value.day}, {value.year}"


@functools.lru_cache(maxsize=4096)  # every entry page writes a few days, most of them the same few
def short_day(value: dt.date) -> str:
    """``November 14, 2024``."""
    return f"{value:%B} {value.day}, {value.year}"


def weekday_day(value: dt.date) -> str:
    """``Thu, Nov 14`` for compact lists."""
    return f"{value:%a}, {value:%b} {value.day}"


def clock(value: dt.time) -> str:
    """``14:00`` -> ``2:00 p.m.``; ``12:00`` -> ``12:00 p.m.`` (noon); ``00:00`` -> ``12:00 a.m.``."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def clock_range(start: dt.time, end: dt.time) -> str:
    """``9:00 a.m. – 10:30 a.m.``."""
    return f"{clock(start)} {DASH} {clock(end)}"


def at(value: dt.time, zone_name: str, on: dt.date) -> str:
    """``2:00 p.m. EST``: the time with the abbreviation in force on that day."""
    return f"{clock(value)} {timezones.abbreviation(timezones.local(on, value, zone_name))}"


def with_zone(value: dt.time, zone_name: str, on: dt.date | None = None) -> str:
    """``2:00 p.m. Eastern Time (EST)`` on a given day; ``2:00 p.m. Eastern Time`` for a repeating time."""
    return f"{clock(value)} {timezones.spelled_out(zone_name, on)}"


def zone_name(zone: str, on: dt.date | None = None) -> str:
    """``Eastern Time (EST)``."""
    return timezones.spelled_out(zone, on)


def day_range(start: dt.date, end: dt.date) -> str:
    """``November 14–15, 2024``; ``November 30 – December 1, 2024``; across years, both dates in full."""
    if start == end:
        return short_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B} {start.day}{DASH}{end.day}, {end.year}"
    if start.year == end.year:
        return f"{start:%B} {start.day} {DASH} {end:%B} {end.day}, {end.year}"
    return f"{short_day(start)} {DASH} {short_day(end)}"


def iso_instant(moment: dt.datetime) -> str:
    """``2024-11-14T19:00:00Z``: an aware moment in UTC, for ``<time datetime>`` and the schedule file."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
