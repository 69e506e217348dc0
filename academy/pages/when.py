"""Dates and times as readers expect them: 'Thursday 14 November 2024', '2:00 pm'."""

from __future__ import annotations

import datetime as dt

from ..cohorts.timezones import spelled_out


def day(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def clock(value: dt.time) -> str:
    """``14:00`` -> ``2:00 pm``; ``12:00`` -> ``12:00 pm`` (noon)."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


def clock_range(start: dt.time, end: dt.time) -> str:
    return f"{clock(start)} – {clock(end)}"


def with_zone(value: dt.time, zone_name: str) -> str:
    """``2:00 pm Eastern Time (America/New_York)``."""
    return f"{clock(value)} {spelled_out(zone_name)}"


def day_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return short_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{short_day(start)} – {short_day(end)}"
