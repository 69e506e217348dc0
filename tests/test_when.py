"""US dates and times, zone names readers understand, and real durations across daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.cohorts import timezones
from academy.pages import when


def test_dates_in_us_style() -> None:
    assert when.day(dt.date(2024, 11, 14)) == "Thursday, November 14, 2024"
    assert when.short_day(dt.date(2025, 3, 5)) == "March 5, 2025"
    assert when.day_range(dt.date(2024, 11, 14), dt.date(2024, 11, 15)) == "November 14–15, 2024"
    assert when.day_range(dt.date(2024, 11, 30), dt.date(2024, 12, 1)) == "November 30 – December 1, 2024"
    assert when.day_range(dt.date(2024, 11, 1), dt.date(2025, 8, 31)) == "November 1, 2024 – August 31, 2025"


@pytest.mark.parametrize("value, expected", [(dt.time(14), "2:00 p.m."), (dt.time(12), "12:00 p.m."),
                                             (dt.time(0, 5), "12:05 a.m."), (dt.time(9, 30), "9:30 a.m.")])
def test_times_in_ap_style(value: dt.time, expected: str) -> None:
    assert when.clock(value) == expected


def test_the_abbreviation_is_the_one_in_force_that_day() -> None:
    assert when.at(dt.time(14), "America/New_York", dt.date(2024, 11, 14)) == "2:00 p.m. EST"
    assert when.at(dt.time(14), "America/New_York", dt.date(2025, 7, 10)) == "2:00 p.m. EDT"
    assert when.at(dt.time(9), "America/Anchorage", dt.date(2025, 1, 10)) == "9:00 a.m. AKST"
    assert when.at(dt.time(9), "Pacific/Honolulu", dt.date(2025, 7, 10)) == "9:00 a.m. HST"
    assert when.at(dt.time(9), "America/Phoenix", dt.date(2025, 7, 10)) == "9:00 a.m. MST"


def test_zone_names_in_plain_english() -> None:
    assert when.with_zone(dt.time(14), "America/New_York", dt.date(2024, 11, 14)) == "2:00 p.m. Eastern Time (EST)"
    assert when.zone_name("America/Los_Angeles", dt.date(2025, 7, 1)) == "Pacific Time (PDT)"
    assert when.zone_name("America/Anchorage") == "Alaska Time"
    # POSIX 'Etc/GMT+5' is five hours *behind* UTC: say so instead of the name.
    assert when.zone_name("Etc/GMT+5", dt.date(2025, 1, 1)) == "UTC−5"
    assert when.at(dt.time(14), "Etc/GMT+5", dt.date(2025, 1, 1)) == "2:00 p.m. UTC−5"
    assert when.zone_name("Etc/GMT-10") == "UTC+10"
    assert when.zone_name("Europe/London", dt.date(2025, 7, 1)) == "London time (BST)"


def test_durations_across_a_daylight_saving_change_are_real_time() -> None:
    start = timezones.local(dt.date(2025, 3, 9), dt.time(1, 0), "America/New_York")
    end = timezones.after(start, 90)
    assert (end.hour, end.minute, end.tzname()) == (3, 30, "EDT")
    assert end.astimezone(dt.timezone.utc) - start.astimezone(dt.timezone.utc) == dt.timedelta(minutes=90)


def test_local_times_that_do_not_exist_or_happen_twice() -> None:
    assert timezones.local_time_problem(dt.date(2025, 3, 9), dt.time(2, 30), "America/New_York").startswith(
        "does not exist in America/New_York on 2025-03-09")
    assert timezones.local_time_problem(dt.date(2025, 11, 2), dt.time(1, 30), "America/New_York").startswith(
        "happens twice in America/New_York on 2025-11-02")
    assert timezones.local_time_problem(dt.date(2025, 11, 2), dt.time(2, 30), "America/New_York") is None
    assert timezones.local_time_problem(dt.date(2025, 3, 9), dt.time(2, 30), "America/Phoenix") is None
