"""Calendar code without a build: events as data (academy/cohorts/events.py), the SEQUENCE ledger
(ledger.py) and the .ics bytes (calendar.py), on the minimal fixture's cohort and on events made here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from academy.cohorts import calendar, events, ledger
from academy.cohorts.events import CalendarEvent, Recurrence
from academy.content import load_content

from .conftest import make_site

NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory):
    return load_content(make_site(tmp_path_factory.mktemp("calendar-units") / "repo"))


@pytest.fixture(scope="module")
def cohort_events(content) -> list[CalendarEvent]:
    cohort = content.program.cohorts[0]
    return events.cohort_events(cohort, {m.number: m for m in content.modules})


def event(uid: str = "c.one@prevention-academy", hour: int = 9, **changes) -> CalendarEvent:
    start = dt.datetime(2025, 3, 5, hour, 0, tzinfo=NEW_YORK)
    made = CalendarEvent(uid=uid, summary="Opening plenary", start=start, end=start + dt.timedelta(minutes=90),
                         location="Room A, Tampa, FL", description="Type: Plenary.", categories=("Plenary",))
    return replace(made, **changes)


# --- events ----------------------------------------------------------------------------------------------------

def test_a_cohort_has_workshop_sessions_online_modules_then_office_hours(cohort_events: list[CalendarEvent]) -> None:
    assert [e.uid for e in cohort_events] == [
        "test-1.opening.opening-plenary@prevention-academy", "test-1.opening.lunch@prevention-academy",
        "test-1.opening.site-visit@prevention-academy", "test-1.module-2@prevention-academy",
        "test-1.closing.closing-roundtable@prevention-academy", "test-1.office-hours@prevention-academy"]
    module = cohort_events[3]
    assert module.summary == "Module 2: Understanding the data (Test cohort)" and module.location == "Online"
    assert module.end - module.start == dt.timedelta(minutes=45)
    assert "Join: " in module.description


def test_a_session_is_in_its_workshops_zone_with_its_place_and_details(cohort_events: list[CalendarEvent]) -> None:
    plenary = cohort_events[0]
    assert plenary.start == dt.datetime(2025, 3, 5, 9, 0, tzinfo=NEW_YORK) and plenary.zone_name == "America/New_York"
    assert plenary.end == dt.datetime(2025, 3, 5, 10, 30, tzinfo=NEW_YORK)
    assert plenary.location.startswith("Room A, ") and plenary.location.endswith("Tampa, FL")
    assert plenary.categories == ("Plenary",)
    assert plenary.description.splitlines()[:2] == ["Opening workshop of Test cohort, at Test Summit.", "Type: Plenary."]
    assert "Speakers: Test Advisor." in plenary.description and "Module 1: Leading prevention." in plenary.description
    closing = cohort_events[4]
    assert str(closing.start.tzinfo) == "America/Denver"


def test_office_hours_are_one_recurring_event_until_the_last_days_start_in_utc(content, cohort_events) -> None:
    hours = cohort_events[-1]
    setting = content.program.cohorts[0].office_hours
    assert hours.recurrence is not None and hours.recurrence.interval == setting.every_weeks
    last = dt.datetime.combine(setting.last, setting.time, tzinfo=ZoneInfo(setting.timezone))
    assert hours.recurrence.until == last.astimezone(UTC) and hours.recurrence.until.tzinfo == UTC
    assert [d.date() for d in hours.recurrence.skipped] == sorted(setting.skip)
    assert hours.end - hours.start == dt.timedelta(minutes=setting.minutes)


def test_the_fingerprint_follows_time_and_place_only() -> None:
    base = event()
    assert event().fingerprint() == base.fingerprint() and len(base.fingerprint()) == 16
    assert event(summary="Renamed", description="New words", categories=()).fingerprint() == base.fingerprint()
    assert event(hour=10).fingerprint() != base.fingerprint()
    assert event(location="Room B").fingerprint() != base.fingerprint()
    moved_zone = replace(base, start=base.start.replace(tzinfo=ZoneInfo("America/Chicago")))
    assert moved_zone.fingerprint() != base.fingerprint()
    weekly = event(recurrence=Recurrence(2, dt.datetime(2025, 6, 1, tzinfo=UTC)))
    assert weekly.fingerprint() != base.fingerprint()
    assert event(recurrence=Recurrence(2, dt.datetime(2025, 6, 1, tzinfo=UTC),
                                       (dt.datetime(2025, 4, 8, 14, tzinfo=NEW_YORK),))).fingerprint() \
        != weekly.fingerprint()


def test_uids_name_the_cohort_and_the_events_identity_not_its_time(content) -> None:
    cohort = content.program.cohorts[0]
    assert events.uid(cohort, "office-hours") == "test-1.office-hours@prevention-academy"
    modules = {m.number: m for m in content.modules}
    moved = cohort.model_copy(update={"office_hours": cohort.office_hours.model_copy(
        update={"time": dt.time(16, 0)})})
    before, after = events.office_hours_event(cohort), events.office_hours_event(moved)
    assert before.uid == after.uid and before.fingerprint() != after.fingerprint()
    assert [e.uid for e in events.cohort_events(moved, modules)] == \
        [e.uid for e in events.cohort_events(cohort, modules)]


# --- the ledger ------------------------------------------------------------------------------------------------

def test_resolving_starts_new_events_at_zero_raises_changed_ones_and_drops_removed_ones() -> None:
    first = ledger.resolve(ledger.Ledger({}), [event("a@x"), event("b@x")])
    assert first.changed and first.raised == []
    assert {uid: e.sequence for uid, e in first.ledger.entries.items()} == {"a@x": 0, "b@x": 0}
    same = ledger.resolve(first.ledger, [event("a@x"), event("b@x")])
    assert not same.changed and same.raised == [] and same.ledger == first.ledger
    moved = ledger.resolve(first.ledger, [event("a@x", hour=11)])
    assert moved.changed and moved.raised == ["a@x"]
    assert {uid: e.sequence for uid, e in moved.ledger.entries.items()} == {"a@x": 1}
    again = ledger.resolve(moved.ledger, [event("a@x", hour=12)])
    assert again.ledger.sequence("a@x") == 2 and again.ledger.sequence("unknown@x") == 0


def test_the_written_ledger_reads_back_as_a_fixed_point(tmp_path: Path) -> None:
    resolved = ledger.resolve(ledger.Ledger({}), [event("b@x"), event("a@x", hour=11)])
    assert ledger.update_ledger(tmp_path, resolved).startswith("calendar-sequence.yml updated (SEQUENCE raised for 0 "
                                                              "changed events;")
    text = (tmp_path / ledger.LEDGER_FILE).read_text(encoding="utf-8")
    assert text.startswith(ledger.HEADER) and text.index("a@x") < text.index("b@x")
    loaded, problems = ledger.load_ledger(tmp_path)
    assert problems == [] and loaded == resolved.ledger
    again = ledger.resolve(loaded, [event("b@x"), event("a@x", hour=11)])
    assert not again.changed
    assert ledger.update_ledger(tmp_path, again) == "calendar-sequence.yml is up to date"
    assert (tmp_path / ledger.LEDGER_FILE).read_text(encoding="utf-8") == text


def test_a_missing_or_empty_ledger_is_empty_and_a_broken_one_is_located(tmp_path: Path) -> None:
    assert ledger.load_ledger(tmp_path) == (ledger.Ledger({}), [])
    (tmp_path / ledger.LEDGER_FILE).write_text("# nothing yet\n", encoding="utf-8")
    assert ledger.load_ledger(tmp_path) == (ledger.Ledger({}), [])
    (tmp_path / ledger.LEDGER_FILE).write_text("events:\n  a@x:\n    fingerprint: 0123456789abcdef\n"
                                               "    sequence: -1\n", encoding="utf-8")
    found, problems = ledger.load_ledger(tmp_path)
    assert found == ledger.Ledger({})
    assert [str(p) for p in problems] == [
        "calendar-sequence.yml:4:15: events.a@x.sequence -1: input should be greater than or equal to 0; delete the file "
        "to start it afresh"]
    (tmp_path / ledger.LEDGER_FILE).write_text("events: [unclosed\n", encoding="utf-8")
    assert [p.path for p in ledger.load_ledger(tmp_path)[1]] == ["calendar-sequence.yml"]


def test_a_stale_ledger_is_one_warning_naming_what_changed() -> None:
    start = ledger.resolve(ledger.Ledger({}), [event(f"e{n}@x") for n in range(7)])
    assert ledger.stale_ledger(ledger.resolve(start.ledger, [event(f"e{n}@x") for n in range(7)])) is None
    added = ledger.stale_ledger(start)
    assert added is not None and added.severity == "warning" and (added.path, added.line, added.col) == (
        "calendar-sequence.yml", 1, 1)
    assert "is out of date (events were added or removed)" in added.message
    moved = ledger.stale_ledger(ledger.resolve(start.ledger, [event(f"e{n}@x", hour=10) for n in range(7)]))
    assert moved is not None
    assert "changed events need a higher SEQUENCE: e0@x SEQUENCE 1; e1@x SEQUENCE 1; e2@x SEQUENCE 1; " \
           "e3@x SEQUENCE 1; e4@x SEQUENCE 1; and 2 more)" in moved.message
    assert "run `python build_site.py --update-ledger` and commit calendar-sequence.yml" in moved.message


# --- .ics bytes ------------------------------------------------------------------------------------------------

def test_the_stamp_is_source_date_epoch_or_a_fixed_day_never_the_clock() -> None:
    assert calendar.dtstamp(1735689600, dt.date(2030, 1, 1)) == dt.datetime(2025, 1, 1, tzinfo=UTC)
    assert calendar.dtstamp(0, dt.date(2030, 1, 1)) == dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert calendar.dtstamp(None, dt.date(2025, 3, 1)) == dt.datetime(2025, 3, 1, tzinfo=UTC)


def test_calendar_bytes_hold_the_events_in_order_with_their_sequence_url_and_zones() -> None:
    stamp = dt.datetime(2025, 1, 1, tzinfo=UTC)
    hours = event("c.office-hours@x", hour=14, summary="Office hours",
                  recurrence=Recurrence(2, dt.datetime(2025, 6, 3, 18, tzinfo=UTC),
                                        (dt.datetime(2025, 4, 8, 14, tzinfo=NEW_YORK),)))
    denver = event("c.closing@x", summary="Closing", start=dt.datetime(2025, 6, 30, 9, tzinfo=ZoneInfo("America/Denver")),
                   end=dt.datetime(2025, 6, 30, 10, tzinfo=ZoneInfo("America/Denver")))
    raw = calendar.calendar_bytes("Test <cohort>", [event(), hours, denver], {"c.office-hours@x": 3}, stamp,
                                  {"c.closing@x": "https://academy.example.org/c/closing/"})
    assert raw == calendar.calendar_bytes("Test <cohort>", [event(), hours, denver], {"c.office-hours@x": 3}, stamp,
                                          {"c.closing@x": "https://academy.example.org/c/closing/"})
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    parsed = Calendar.from_ical(raw)
    assert str(parsed["X-WR-CALNAME"]) == "Test <cohort>" and str(parsed["PRODID"]) == calendar.PRODID
    assert [str(c["TZID"]) for c in parsed.walk("VTIMEZONE")] == ["America/Denver", "America/New_York"]
    assert [c.name for c in parsed.subcomponents][:2] == ["VTIMEZONE", "VTIMEZONE"]
    found = parsed.walk("VEVENT")
    assert [str(e["UID"]) for e in found] == ["c.one@prevention-academy", "c.office-hours@x", "c.closing@x"]
    assert [e.decoded("SEQUENCE") for e in found] == [0, 3, 0]
    assert all(e.decoded("DTSTAMP") == stamp for e in found)
    assert found[0].decoded("DTSTART") == dt.datetime(2025, 3, 5, 9, tzinfo=NEW_YORK)
    assert "URL" not in found[0] and str(found[2]["URL"]) == "https://academy.example.org/c/closing/"
    assert found[1]["RRULE"]["FREQ"] == ["WEEKLY"] and found[1]["RRULE"]["INTERVAL"] == [2]
    assert found[1]["RRULE"]["UNTIL"] == [dt.datetime(2025, 6, 3, 18, tzinfo=UTC)]
    assert found[1].decoded("EXDATE").dts[0].dt == dt.datetime(2025, 4, 8, 14, tzinfo=NEW_YORK)
    rdates = [line for line in raw.split(b"\r\n") if line.startswith(b"RDATE")]
    assert all(b"," not in line for line in rdates), "one RDATE per line (vobject and ical.js read only the first)"


def test_an_empty_calendar_has_no_zones() -> None:
    parsed = Calendar.from_ical(calendar.calendar_bytes("Empty", [], {}, dt.datetime(2025, 1, 1, tzinfo=UTC)))
    assert parsed.walk("VTIMEZONE") == [] and parsed.walk("VEVENT") == []
