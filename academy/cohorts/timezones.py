"""Time zones: which names exist (zoneinfo + tzdata) and how to spell them out for readers."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from ..problems import did_you_mean

# Readers know US zones by these names; any other zone is shown by its IANA name alone.
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
    "Pacific/Honolulu": "Hawaii-Aleutian Time",
    "America/Puerto_Rico": "Atlantic Time",
}


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
    """An aware datetime: ``time`` on ``day`` in ``zone_name``."""
    return dt.datetime.combine(day, time, tzinfo=zone(zone_name))


def spelled_out(zone_name: str) -> str:
    """``Eastern Time (America/New_York)``, or the IANA name alone for zones without a common name."""
    label = ZONE_LABELS.get(zone_name)
    return f"{label} ({zone_name})" if label else zone_name
