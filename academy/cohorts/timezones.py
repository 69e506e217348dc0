"""Time zones: which names exist (zoneinfo + tzdata), how readers name them, and local times that
do not exist (a daylight-saving gap) or happen twice (the hour repeated when clocks go back)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

from ..problems import did_you_mean

# Readers know US zones by these names; other zones are named after their city ("London time").
ZONE_LABELS = {
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Indiana/Indianapolis": "Eastern Time",
    "America/Kentucky/Louisville": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Boise": "Mountain Time",
    "America/Phoenix": "Mountain Time (Arizona)",
    "America/Los_Angeles": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
    "America/Adak": "Hawaii-Aleutian Time",
    "America/Puerto_Rico": "Atlantic Time",
    "Pacific/Guam": "Chamorro Time",
    "UTC": "Coordinated Universal Time",
    "Etc/UTC": "Coordinated Universal Time",
}

MINUS = "\u2212"


@functools.cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


LEGACY_PREFIXES = ("US/", "Etc/", "SystemV/", "posix/", "right/", "Canada/", "Mexico/", "Brazil/", "Chile/")


@functools.cache
def suggestable_zones() -> tuple[str, ...]:
    """Canonical 'Area/City' names only: a typo should not be steered to a legacy alias such as 'US/Eastern'."""
    return tuple(sorted(z for z in known_zones() if "/" in z and not z.startswith(LEGACY_PREFIXES)))


def is_known(name: str) -> bool:
    return name in known_zones()


def unknown_zone_message(label: str, name: str) -> str:
    """``office_hours.timezone 'America/New_Yrok' is not a known time zone (did you mean ...?)``."""
    suggestion = did_you_mean(name, suggestable_zones())
    hint = "" if suggestion else "; use an IANA name such as 'America/New_York' or 'America/Chicago'"
    return f"{label} '{name}' is not a known time zone{suggestion}{hint}"


def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def local(day: dt.date, time: dt.time, zone_name: str) -> dt.datetime:
    """An aware datetime: ``time`` on ``day`` in ``zone_name`` (validation refuses gaps and repeats)."""
    return dt.datetime.combine(day, time, tzinfo=zone(zone_name))


def after(start: dt.datetime, minutes: int) -> dt.datetime:
    """``minutes`` of real time after ``start``, in start's zone (right across a daylight-saving change)."""
    elapsed = start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)
    return elapsed.astimezone(start.tzinfo)


def local_time_problem(day: dt.date, time: dt.time, zone_name: str) -> str | None:
    """Why ``time`` on ``day`` is not one instant in ``zone_name``, or None when it is.

    'skipped' when clocks jump over it (spring forward), 'repeated' when it happens twice (fall back).
    """
    naive = dt.datetime.combine(day, time)
    tz = zone(zone_name)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    change = abs((second.utcoffset() or dt.timedelta(0)) - (first.utcoffset() or dt.timedelta(0)))
    round_trip = first.astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
    moved = naive + change if (naive + change).date() == day else naive - change  # stay on the same day
    later = moved.strftime("%H:%M")
    if round_trip != naive:
        return (f"does not exist in {zone_name} on {day} (clocks jump forward over it for daylight saving "
                f"time); use {later} or another time outside the gap")
    return (f"happens twice in {zone_name} on {day} (clocks go back for standard time), so it is "
            f"ambiguous; use {later} or another time outside the repeated hour")


def label(zone_name: str) -> str:
    """The zone's name in plain English: 'Eastern Time', 'UTC−5' for 'Etc/GMT+5', 'London time'."""
    if zone_name in ZONE_LABELS:
        return ZONE_LABELS[zone_name]
    fixed = _etc_offset(zone_name)
    if fixed is not None:
        return fixed
    city = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time"


def abbreviation(moment: dt.datetime) -> str:
    """The abbreviation in force at an aware ``moment``: 'EST' or 'EDT'; 'UTC−5' where tzdata has none."""
    name = moment.tzname() or ""
    if re.fullmatch(r"[A-Z]{2,5}", name):
        return name
    return utc_offset(moment)


def utc_offset(moment: dt.datetime) -> str:
    """``UTC−5``, ``UTC+5:30``, ``UTC``."""
    offset = moment.utcoffset() or dt.timedelta(0)
    total = int(offset.total_seconds()) // 60
    if total == 0:
        return "UTC"
    sign = "+" if total > 0 else MINUS
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def _etc_offset(zone_name: str) -> str | None:
    """POSIX-style 'Etc/GMT+5' means UTC−5 (the sign is inverted): say what it is."""
    match = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone_name)
    if not match:
        return "UTC" if zone_name in ("Etc/GMT", "Etc/GMT0", "Etc/Greenwich", "Etc/UCT", "Etc/Zulu") else None
    sign = MINUS if match[1] == "+" else "+"
    return f"UTC{sign}{int(match[2])}"


def spelled_out(zone_name: str, on: dt.date | None = None) -> str:
    """'Eastern Time (EST)' on a given day; 'UTC−5' for fixed offsets; without a day, the label alone."""
    name = label(zone_name)
    if on is None or _etc_offset(zone_name) is not None:
        return name
    return f"{name} ({abbreviation(local(on, dt.time(12), zone_name))})"
