"""Every .ics file the site publishes reads the same in three independent parsers: icalendar, vobject and
ical.js (Thunderbird's and many web calendars' parser, run with Node).  Each event and each occurrence of
a repeating one must come out at identical UTC instants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.cohorts.calendar import calendar_bytes
from academy.cohorts.events import CalendarEvent, Recurrence
from academy.cohorts import timezones

from .calendar_parsers import with_ical_js, with_icalendar, with_vobject
from .conftest import pages_dir

STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def assert_three_parsers_agree(paths: list[Path]) -> int:
    """Compare every file; returns how many occurrences were compared."""
    assert paths, "no calendar files to compare"
    by_ical_js = with_ical_js(paths)
    compared = 0
    for path in paths:
        reference = with_icalendar(path)
        assert reference, f"{path} has no events"
        assert with_vobject(path) == reference, f"vobject reads {path} differently"
        assert by_ical_js[str(path)] == reference, f"ical.js reads {path} differently"
        compared += sum(len(occurrences) for occurrences in reference.values())
    return compared


def test_every_calendar_of_the_sample_site_reads_the_same_in_three_parsers(built_sample: Path) -> None:
    site = built_sample / "site"
    newest = pages_dir(built_sample)
    paths = sorted(newest.rglob("*.ics")) + sorted((site / "latest").rglob("*.ics"))
    compared = assert_three_parsers_agree(paths)
    assert compared >= 2 * (96 + 96)  # whole, workshop and single-event files of both cohorts, here and in latest/


def test_every_calendar_of_the_minimal_site_reads_the_same_in_three_parsers(built_minimal: Path) -> None:
    assert_three_parsers_agree(sorted(pages_dir(built_minimal).rglob("*.ics")))


def test_zones_with_daylight_saving_and_fixed_offsets_read_the_same(tmp_path: Path) -> None:
    """Repeating events across both changes of a year in zones with and without daylight saving time."""
    events = []
    for zone_name in ("America/New_York", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
                      "America/Phoenix", "America/Denver", "Etc/GMT+5"):
        start = timezones.local(dt.date(2025, 1, 7), dt.time(9, 30), zone_name)
        until = timezones.local(dt.date(2025, 12, 30), dt.time(9, 30), zone_name).astimezone(dt.timezone.utc)
        skipped = (timezones.local(dt.date(2025, 7, 1), dt.time(9, 30), zone_name),)
        events.append(CalendarEvent(f"{zone_name}@test", zone_name, start, timezones.after(start, 90), "Online",
                                    "Weekly", recurrence=Recurrence(1, until, skipped)))
    path = tmp_path / "zones.ics"
    path.write_bytes(calendar_bytes("Zones", events, {}, STAMP))
    assert assert_three_parsers_agree([path]) == 7 * 51


def test_the_old_comma_separated_rdate_form_is_caught(tmp_path: Path) -> None:
    """The comparison is not vacuous: the form vobject and ical.js misread makes it fail."""
    start = timezones.local(dt.date(2024, 12, 3), dt.time(14), "America/New_York")
    until = timezones.local(dt.date(2025, 7, 29), dt.time(14), "America/New_York").astimezone(dt.timezone.utc)
    event = CalendarEvent("oh@test", "Office hours", start, timezones.after(start, 60), "Online", "",
                          recurrence=Recurrence(2, until))
    text = calendar_bytes("Old form", [event], {}, STAMP).decode()
    lines = text.split("\r\n")
    merged: list[str] = []
    for line in lines:
        # Fold each observance's RDATE lines back into one comma-separated list, as icalendar writes them.
        if line.startswith("RDATE:") and merged and merged[-1].startswith("RDATE:"):
            merged[-1] += "," + line.removeprefix("RDATE:")
        else:
            merged.append(line)
    assert merged != lines
    path = tmp_path / "old.ics"
    path.write_text("\r\n".join(merged), encoding="utf-8")
    reference = with_icalendar(path)
    assert with_vobject(path) != reference or with_ical_js([path])[str(path)] != reference
