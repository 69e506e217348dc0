"""Cohort pages and calendars in a real build of the minimal fixture: HTML, .ics files parsed back
with icalendar, recurrence expanded with dateutil, stable UIDs and SEQUENCE after a change.

The ledger tests run the command line's main() in this process; reproducibility is checked on builds by the real
command in new interpreters (conftest.rebuilt_minimal)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from .conftest import REBUILD_EPOCH, make_site, newest_version, pages_dir, run_cli, snapshot

NEW_YORK, DENVER = ZoneInfo("America/New_York"), ZoneInfo("America/Denver")


def build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line's main() in this process, without the caller's SOURCE_DATE_EPOCH."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return run_cli(root, *args)
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_by_summary(cal: Calendar) -> dict[str, object]:
    return {str(e["SUMMARY"]).removesuffix(" (Test cohort)"): e for e in cal.walk("VEVENT")}


def html(root: Path, page: str) -> str:
    return (pages_dir(root) / page).read_text(encoding="utf-8")


# --- pages -------------------------------------------------------------------------------------------------

def test_agenda_page_lists_sessions_day_by_day_in_local_time(built_minimal: Path) -> None:
    page = html(built_minimal, "cohorts/test-1/opening/index.html")
    article = page[page.index("<article"):page.index("</article>")]
    days = re.findall(r'<h2 id="[^"]+">([^<]+)<', article)
    assert days == ["Wednesday, March 5, 2025", "Thursday, March 6, 2025"]
    sessions = re.findall(r'<h3 id="[^"]+">([^<]+)<', article)
    assert sessions == ["9:00 a.m. – 10:30 a.m.: Opening plenary", "11:00 a.m. – 12:00 p.m.: Lunch",
                        "9:00 a.m. – 10:00 a.m.: Site visit"]
    assert "All times are local to the venue: <strong>Eastern Time (EST)</strong>" in article
    plenary = article[article.index("Opening plenary"):article.index("11:00 a.m.")]
    assert "<strong>Type:</strong> Plenary" in plenary
    assert "<strong>Speakers:</strong> Test Advisor" in plenary
    assert '<a href="../../../modules/01-leading/">Module 1: Leading prevention</a>' in plenary
    assert "<strong>Room:</strong> Room A" in plenary
    assert "Why cities lead." in plenary
    assert 'href="../prevention-academy-test-1-opening.ics"' in article
    assert "webcal://" in article


def test_closing_agenda_uses_the_venues_zone(built_minimal: Path) -> None:
    page = html(built_minimal, "cohorts/test-1/closing/index.html")
    assert "Mountain Time (MDT)" in page
    assert "1:00 p.m. – 2:00 p.m.: Closing roundtable" in page


def test_office_hours_page_lists_every_date_with_zone_spelled_out(built_minimal: Path) -> None:
    page = html(built_minimal, "cohorts/test-1/office-hours/index.html")
    items = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", page[page.index('id="every-date"'):])]
    # Built outside git, so dated by the clock: every date is past, and says so.
    assert items == [
        "Tuesday, March 11, 2025 Past, 2:00 p.m. EDT",
        "Tuesday, March 25, 2025 Past, 2:00 p.m. EDT",
        "Tuesday, April 8, 2025: no office hours (skipped for a holiday)",
        "Tuesday, April 22, 2025 Past, 2:00 p.m. EDT",
        "Tuesday, May 6, 2025 Past, 2:00 p.m. EDT",
        "Tuesday, May 20, 2025 Past, 2:00 p.m. EDT",
    ]
    assert '<time datetime="2025-03-11T18:00:00Z" data-academy-local data-zone="America/New_York">' in page


def test_overview_has_cities_timeline_and_contacts(built_minimal: Path) -> None:
    page = html(built_minimal, "cohorts/test-1/index.html")
    for expected in ("Alpha, NY", "Sample Official, Mayor", "Pacific Time",
                     "Module 2: Understanding the data", "Thursday, April 10, 2025",
                     "2:00 p.m. EDT</time>, 45 min", "Every other Tuesday",
                     "Test help desk", "mailto:desk@example.org", "Test Advisor", 'href="prevention-academy-test-1.ics"'):
        assert expected in page, expected
    timeline = page[page.index('id="timeline"'):page.index('id="office-hours"')]
    order = [timeline.index(s) for s in ("Opening workshop", "Module 1:", "Office hours", "Module 2:",
                                         "Closing workshop")]
    assert order == sorted(order)


def test_module_page_shows_when_it_runs_for_the_versions_cohort(built_minimal: Path) -> None:
    online = html(built_minimal, "modules/02-data/index.html")
    assert "When this module runs" in online
    assert "Thursday, April 10, 2025" in online and "2:00 p.m. EDT" in online
    in_person = html(built_minimal, "modules/01-leading/index.html")
    assert "Opening workshop, Test Summit, Tampa, FL" in in_person
    assert 'href="../../cohorts/test-1/opening/"' in in_person


def test_cohort_pages_are_in_the_navigation(built_minimal: Path) -> None:
    page = html(built_minimal, "index.html")
    for href in ("cohorts/", "cohorts/test-1/", "cohorts/test-1/opening/", "cohorts/test-1/office-hours/"):
        assert f'href="{href}"' in page, href


# --- calendars -----------------------------------------------------------------------------------------------

def test_cohort_calendar_has_every_event_in_its_zone(built_minimal: Path) -> None:
    cal = calendar(pages_dir(built_minimal) / "cohorts/test-1/calendar.ics")
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == ["America/Denver", "America/New_York"]
    events = events_by_summary(cal)
    assert sorted(events) == ["Closing roundtable", "Lunch", "Module 2: Understanding the data",
                              "Office hours", "Opening plenary", "Site visit"]
    plenary = events["Opening plenary"]
    assert plenary.decoded("DTSTART") == dt.datetime(2025, 3, 5, 9, 0, tzinfo=NEW_YORK)
    assert plenary["DTSTART"].params["TZID"] == "America/New_York"
    assert plenary.decoded("DTEND") == dt.datetime(2025, 3, 5, 10, 30, tzinfo=NEW_YORK)
    assert "Room A, Test Hall, Tampa, FL" == str(plenary["LOCATION"])
    closing = events["Closing roundtable"]
    assert closing.decoded("DTSTART") == dt.datetime(2025, 6, 10, 13, 0, tzinfo=DENVER)
    assert closing.decoded("DTSTART").astimezone(dt.timezone.utc).hour == 19
    module = events["Module 2: Understanding the data"]
    assert module.decoded("DTSTART") == dt.datetime(2025, 4, 10, 14, 0, tzinfo=NEW_YORK)
    assert module.decoded("DTEND") - module.decoded("DTSTART") == dt.timedelta(minutes=45)
    for event in events.values():
        assert str(event["UID"]).startswith("test-1.") and event.decoded("SEQUENCE") == 0


def test_office_hours_are_one_recurring_event_without_skipped_dates(built_minimal: Path) -> None:
    cal = calendar(pages_dir(built_minimal) / "cohorts/test-1/calendar.ics")
    hours = events_by_summary(cal)["Office hours"]
    assert hours["RRULE"]["FREQ"] == ["WEEKLY"] and hours["RRULE"]["INTERVAL"] == [2]
    start = hours.decoded("DTSTART")
    rule = rrulestr(hours["RRULE"].to_ical().decode(), dtstart=start)
    skipped = {d.dt for exdate in [hours["EXDATE"]] for d in exdate.dts}
    dates = [d for d in rule if d not in skipped]
    assert dates == [dt.datetime(2025, m, d, 14, 0, tzinfo=NEW_YORK)
                     for m, d in ((3, 11), (3, 25), (4, 22), (5, 6), (5, 20))]
    assert skipped == {dt.datetime(2025, 4, 8, 14, 0, tzinfo=NEW_YORK)}
    assert hours["EXDATE"].params.get("TZID") == "America/New_York"


def test_workshop_calendar_has_only_its_sessions(built_minimal: Path) -> None:
    opening = events_by_summary(calendar(pages_dir(built_minimal) / "cohorts/test-1/opening.ics"))
    assert sorted(opening) == ["Lunch", "Opening plenary", "Site visit"]
    whole = events_by_summary(calendar(pages_dir(built_minimal) / "cohorts/test-1/calendar.ics"))
    assert {str(e["UID"]) for e in opening.values()} <= {str(e["UID"]) for e in whole.values()}


def test_calendar_is_valid_icalendar_text(built_minimal: Path) -> None:
    raw = (pages_dir(built_minimal) / "cohorts/test-1/calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"VERSION:2.0" in raw and b"PRODID:" in raw
    # Never the build clock: the build's SOURCE_DATE_EPOCH, HEAD's commit time (0 outside git, as here).
    assert b"DTSTAMP:19700101T000000Z" in raw


def test_builds_are_reproducible_and_uids_stable(rebuilt_minimal: list[Path], built_minimal: Path) -> None:
    """Three builds in new interpreters with hash seeds 1, 2 and 3: set order must not leak into the output."""
    first, *others = [snapshot(root / "site") for root in rebuilt_minimal]
    assert len(others) == 2 and any(path.endswith(".ics") for path in first)
    for other in others:
        assert sorted(other) == sorted(first)
        assert [path for path in first if first[path] != other[path]] == []
    uids = [{str(e["UID"]) for e in calendar(pages_dir(root) / "cohorts/test-1/calendar.ics").walk("VEVENT")}
            for root in rebuilt_minimal]
    assert uids[0] and uids[0] == uids[1] == uids[2]
    for name in ("calendar.ics", "opening.ics", "closing.ics"):  # the session's build: a fourth, random hash seed
        assert without_dtstamp(pages_dir(rebuilt_minimal[0]) / "cohorts/test-1" / name) == \
            without_dtstamp(pages_dir(built_minimal) / "cohorts/test-1" / name)


def without_dtstamp(path: Path) -> list[bytes]:
    """A calendar's lines but DTSTAMP (SOURCE_DATE_EPOCH's date, which the session's build does not set)."""
    lines = path.read_bytes().split(b"\r\n")
    assert any(line.startswith(b"DTSTAMP:") for line in lines)
    return [line for line in lines if not line.startswith(b"DTSTAMP:")]


def test_source_date_epoch_sets_dtstamp(rebuilt_minimal: list[Path]) -> None:
    assert REBUILD_EPOCH == "1735689600"
    for event in calendar(pages_dir(rebuilt_minimal[0]) / "cohorts/test-1/calendar.ics").walk("VEVENT"):
        assert event.decoded("DTSTAMP") == dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def update_ledger(root: Path) -> subprocess.CompletedProcess[str]:
    return build(root, "--update-ledger")


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo")
    ledger = root / "calendar-sequence.yml"
    assert not ledger.exists()
    first = build(root)
    assert first.returncode == 0, first.stderr
    assert "calendar-sequence.yml:1:1: warning: is out of date (events were added or removed)" in first.stderr
    assert not ledger.exists(), "a build only reads the ledger"
    before = events_by_summary(calendar(pages_dir(root) / "cohorts/test-1/calendar.ics"))
    written = update_ledger(root)
    assert written.returncode == 0 and "ok: calendar-sequence.yml updated" in written.stderr, written.stderr
    ledger_before = ledger.read_text()

    second = build(root)
    assert "calendar-sequence.yml" not in second.stderr  # nothing changed: nothing to say
    assert "ok: calendar-sequence.yml is up to date" in update_ledger(root).stderr
    assert ledger.read_text() == ledger_before

    source = root / "cohorts.yml"
    source.write_text(source.read_text().replace('start: "11:00"\n            end: "12:00"',
                                                 'start: "12:00"\n            end: "13:00"'), encoding="utf-8")
    third = build(root)
    assert third.returncode == 0, third.stderr
    assert ("calendar-sequence.yml:1:1: warning: is out of date (changed events need a higher SEQUENCE: "
            "test-1.opening.lunch@prevention-academy SEQUENCE 1); this build's calendars use the numbers they "
            "need, but run `python build_site.py --update-ledger` and commit calendar-sequence.yml") in third.stderr
    assert ledger.read_text() == ledger_before
    after = events_by_summary(calendar(pages_dir(root) / "cohorts/test-1/calendar.ics"))
    assert {k: str(e["UID"]) for k, e in after.items()} == {k: str(e["UID"]) for k, e in before.items()}
    assert after["Lunch"].decoded("DTSTART") == dt.datetime(2025, 3, 5, 12, 0, tzinfo=NEW_YORK)
    assert {k: e.decoded("SEQUENCE") for k, e in after.items()} == {k: 1 if k == "Lunch" else 0 for k in after}
    opening = events_by_summary(calendar(pages_dir(root) / "cohorts/test-1/opening.ics"))
    assert opening["Lunch"].decoded("SEQUENCE") == 1

    assert "SEQUENCE raised for 1 changed event;" in update_ledger(root).stderr
    assert re.search(r"opening\.lunch@prevention-academy:\n    fingerprint: \w+\n    sequence: 1", ledger.read_text())
    built_third = (pages_dir(root) / "cohorts/test-1/calendar.ics").read_bytes()
    fourth = build(root)  # the updated ledger is a fixed point: same output, no note
    assert "calendar-sequence.yml" not in fourth.stderr
    assert (pages_dir(root) / "cohorts/test-1/calendar.ics").read_bytes() == built_third


def test_a_failed_build_or_bad_content_never_writes_the_ledger(tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo")
    source = root / "cohorts.yml"
    source.write_text(source.read_text().replace("room: Room B", "room: Room C")
                      .replace("timezone: America/New_York", "timezone: America/New_Yrok", 1), encoding="utf-8")
    for result in (build(root), update_ledger(root)):
        assert result.returncode == 1, result.stderr
        assert not (root / "calendar-sequence.yml").exists()


def test_a_broken_ledger_is_reported_with_its_line(tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo")
    (root / "calendar-sequence.yml").write_text("events:\n  x@y:\n    fingerprint: nothex\n    sequence: 0\n")
    result = build(root)
    assert result.returncode == 1
    assert "calendar-sequence.yml:3:18: events.x@y.fingerprint 'nothex': expected 16 lowercase hexadecimal digits; " \
           "delete the file to start it afresh" in result.stderr


# --- the sample content ---------------------------------------------------------------------------------------

def test_sample_site_has_both_cohorts_and_their_calendars(built_sample: Path) -> None:
    site = pages_dir(built_sample) / "cohorts"
    for cohort in ("2024-25", "2025-26"):
        for page in ("index.html", "opening/index.html", "closing/index.html", "office-hours/index.html"):
            assert (site / cohort / page).is_file(), (cohort, page)
        cal = calendar(site / cohort / "calendar.ics")
        modules = [e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Module ")]
        assert len(modules) == 8  # modules 2-9 online; 1 and 10 are workshop sessions
    opening = html(built_sample, "cohorts/2024-25/opening/index.html")
    assert "NLC City Summit 2024" in opening and "Tampa" in opening
    closing = html(built_sample, "cohorts/2024-25/closing/index.html")
    assert "Pittsburgh" in closing and "August 6, 2025" in closing
    overview = html(built_sample, "cohorts/2024-25/index.html")
    assert "Bill Peduto" in overview and "Nancy Rotering" in overview


def test_sample_ledger_is_committed_and_current(built_sample: Path) -> None:
    """The committed ledger matches the sample's events (a build only reads it; --update-ledger writes it)."""
    from academy.content import load_content

    from .conftest import REPO

    program = load_content(REPO).program
    assert program is not None and program.resolution.changed is False
    assert (built_sample / "calendar-sequence.yml").read_text() == (REPO / "calendar-sequence.yml").read_text()


# --- in a browser ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served_minimal(built_minimal: Path):
    from .conftest import serve_directory

    with serve_directory(built_minimal / "site") as base_url:
        yield base_url + newest_version(built_minimal) + "/"


def test_agenda_at_phone_width_has_no_horizontal_scroll(served_minimal: str, open_page) -> None:
    page, watch = open_page(served_minimal, "cohorts/test-1/opening/", width=375, height=740)
    assert page.locator("h3", has_text="Opening plenary").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert watch.console_errors == []
    assert watch.foreign_requests == []


def test_agenda_prints_as_a_handout(served_minimal: str, open_page) -> None:
    page, watch = open_page(served_minimal, "cohorts/test-1/opening/", width=1024)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".academy-calendar"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h3", has_text="Opening plenary").is_visible()
    assert page.locator("h3", has_text="Site visit").is_visible()
    pdf = page.pdf(format="Letter", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert watch.console_errors == [] and watch.foreign_requests == []
