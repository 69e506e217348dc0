"""The cohort hub: the next-session panel on a simulated 'today' (a fixed clock in Chromium), past marks,
the reader's own time, the schedule file, one-tap calendar links, single-event files, links back to pages."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import icalendar
import pytest

from academy.content import load_content
from academy.pages.calendar_links import add_to_calendar

from .conftest import FIXTURES, newest_version, pages_dir, run_cli, serve_directory

UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def served(built_minimal: Path):
    with serve_directory(built_minimal / "site") as base_url:
        yield base_url + newest_version(built_minimal) + "/"


PAGE_ERRORS: dict[int, list[str]] = {}
"""Uncaught errors of each reused tab (by the page's id), emptied as a test opens it."""


def page_errors(page) -> list[str]:
    if id(page) not in PAGE_ERRORS:
        errors = PAGE_ERRORS[id(page)] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    PAGE_ERRORS[id(page)].clear()
    return PAGE_ERRORS[id(page)]


def open_on(reused_tab, base_url: str, path: str, now: dt.datetime, zone: str = "America/New_York",
            tab: str = "page"):
    """A page opened in a browser whose clock is set to ``now``, in the reader's zone ``zone`` (``tab``: a second
    tab, for a test that keeps two pages open)."""
    errors: list[str] = []

    def before(page) -> None:
        errors.append(page_errors(page))
        page.clock.set_system_time(now)

    page, _ = reused_tab(base_url, path, group=f"fixed clock, {tab}", before=before, timezone_id=zone)
    page.wait_for_selector("[data-academy-next][data-academy-ready]", state="attached")
    return page, errors[0]


def panel_text(page) -> str:
    return " ".join(page.locator("[data-academy-next-body]").inner_text().split())


# The minimal cohort runs from March 1 to June 30, 2025; opening workshop March 5-6 (Tampa, EST),
# module 2 online on Thursday, April 10, 2025, 2:00 p.m. EDT; office hours every other Tuesday.

def test_before_the_cohort_the_panel_shows_the_opening_session(reused_tab, served: str) -> None:
    page, errors = open_on(reused_tab, served, "cohorts/test-1/", dt.datetime(2025, 2, 1, 12, tzinfo=UTC))
    text = panel_text(page)
    assert text.startswith("Opening plenary"), text
    assert "Workshop session · In person · Room A, Test Hall, Tampa, FL" in text
    assert "Test cohort" not in text  # the cohort's own page
    assert "Wednesday, March 5, 2025, 9:00 a.m. – 10:30 a.m. EST" in text
    assert page.locator("[data-academy-state]").first.inner_text() == "Upcoming"
    assert page.locator("tr.academy-past").count() == 0
    assert errors == []


def test_during_the_cohort_the_panel_shows_the_next_module_with_the_readers_time(reused_tab, served: str) -> None:
    page, errors = open_on(reused_tab, served, "cohorts/test-1/", dt.datetime(2025, 4, 9, 12, tzinfo=UTC),
                           zone="America/Los_Angeles")
    text = panel_text(page)
    assert text.startswith("Understanding the data") or "Module 2" in text, text
    assert "Thursday, April 10, 2025, 2:00 p.m. – 2:45 p.m. EDT (your time: 11:00 a.m. PDT)" in text
    add = page.locator(".academy-next__add a").first
    assert add.get_attribute("href").endswith("events/prevention-academy-test-1-module-2.ics")
    assert page.locator("[data-academy-state]").first.inner_text() == "Running"
    # The opening workshop and the first office hours are past; module 2 (tomorrow) is not.
    rows = page.locator("#timeline + p + div tbody tr")
    past = [" ".join(rows.nth(i).inner_text().split()) for i in range(rows.count())
            if "academy-past" in (rows.nth(i).get_attribute("class") or "")]
    assert any("Opening workshop" in row for row in past), past
    assert not any("Module 2" in row for row in past), past
    assert errors == []


def test_while_a_session_runs_the_panel_says_it_is_happening_now(reused_tab, served: str) -> None:
    page, errors = open_on(reused_tab, served, "cohorts/test-1/", dt.datetime(2025, 4, 10, 18, 20, tzinfo=UTC))
    text = panel_text(page)
    assert text.startswith("Happening now: Module 2") or text.startswith("Happening now:"), text
    assert "April 10, 2025" in text
    assert errors == []


def test_after_the_cohort_nothing_is_called_current(reused_tab, served: str) -> None:
    page, errors = open_on(reused_tab, served, "cohorts/test-1/", dt.datetime(2025, 8, 1, 12, tzinfo=UTC))
    assert panel_text(page) == "No sessions are coming up: this cohort has ended."
    assert page.locator("[data-academy-state]").first.inner_text() == "Completed"
    assert page.locator("tr.academy-past").count() == page.locator("#timeline + p + div tbody tr").count()
    home, home_errors = open_on(reused_tab, served, "", dt.datetime(2025, 8, 1, 12, tzinfo=UTC), tab="home")
    assert panel_text(home) == "No sessions are coming up: every cohort on this site has ended. All cohorts"
    assert errors == [] and home_errors == []


def test_the_home_page_panel_shows_the_next_session_of_any_cohort(reused_tab, served: str) -> None:
    page, errors = open_on(reused_tab, served, "", dt.datetime(2025, 5, 1, 12, tzinfo=UTC))
    text = panel_text(page)
    assert text.startswith("Office hours"), text
    assert "Tuesday, May 6, 2025, 2:00 p.m. – 3:00 p.m. EDT" in text
    assert "Test cohort · Online" in text  # the home page says whose session it is
    assert page.locator("[data-academy-next] h2").inner_text() == "Next session"
    assert errors == []


def test_without_javascript_the_full_schedule_remains(reused_tab, served: str) -> None:
    page, _ = reused_tab(served, "cohorts/test-1/", height=720, java_script_enabled=False)
    assert "every session is listed in the timeline below" in panel_text(page)
    assert page.locator("#timeline + p + div tbody tr").count() == 5


def test_official_times_get_the_readers_own_time_beside_them(reused_tab, served: str) -> None:
    page, _ = reused_tab(served, "modules/02-data/", height=720, timezone_id="America/Los_Angeles")
    when = page.locator("#module-schedule + p")
    when.locator(".academy-yourtime").wait_for()
    assert "2:00 p.m. EDT (your time: 11:00 a.m. PDT)" in " ".join(when.inner_text().split())
    page.goto(served + "cohorts/test-1/opening/")
    page.locator(".academy-yourtime").first.wait_for()
    assert page.locator(".academy-yourtime").first.inner_text() == " (your time: 6:00 a.m. PST)"
    page, _ = reused_tab(served, "modules/02-data/", height=720, timezone_id="America/New_York")
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    assert page.locator(".academy-yourtime").count() == 0  # the reader's zone is the official one


# --- files -----------------------------------------------------------------------------------------------------

def test_the_schedule_file_lists_every_session_in_utc(built_minimal: Path) -> None:
    schedule = json.loads((pages_dir(built_minimal) / "schedule.json").read_text(encoding="utf-8"))
    assert schedule["cohorts"] == [{"id": "test-1", "name": "Test cohort", "start": "2025-03-01",
                                    "end": "2025-06-30", "page": "cohorts/test-1/"}]
    kinds = [item["kind"] for item in schedule["items"]]
    assert kinds.count("office-hours") == 5 and kinds.count("module") == 1
    module = next(item for item in schedule["items"] if item["kind"] == "module")
    assert (module["start"], module["end"], module["time"]) == \
        ("2025-04-10T18:00:00Z", "2025-04-10T18:45:00Z", "2:00 p.m. – 2:45 p.m. EDT")
    starts = [item["start"] for item in schedule["items"]]
    assert starts == sorted(starts)


def test_calendar_files_carry_the_cohort_and_link_back_to_their_pages(built_minimal: Path) -> None:
    folder = pages_dir(built_minimal) / "cohorts" / "test-1"
    whole = icalendar.Calendar.from_ical((folder / "prevention-academy-test-1.ics").read_bytes())
    events = list(whole.walk("VEVENT"))
    assert events and all(str(e["URL"]).startswith("https://academy.example.org/latest/") for e in events)
    urls = {str(e["SUMMARY"]).split(" (")[0]: str(e["URL"]) for e in events}
    assert urls["Opening plenary"] == "https://academy.example.org/latest/cohorts/test-1/opening/"
    assert urls["Office hours"] == "https://academy.example.org/latest/cohorts/test-1/office-hours/"
    singles = sorted(p.name for p in (folder / "events").glob("*.ics"))
    assert len(singles) == len(events)
    assert all(name.startswith("prevention-academy-test-1-") for name in singles)
    one = icalendar.Calendar.from_ical((folder / "events" / "prevention-academy-test-1-module-2.ics").read_bytes())
    assert [str(e["UID"]) for e in one.walk("VEVENT")] == ["test-1.module-2@prevention-academy"]
    # The earlier names stay, byte for byte the same, for calendars already subscribed to them.
    assert (folder / "calendar.ics").read_bytes() == (folder / "prevention-academy-test-1.ics").read_bytes()


def test_the_overview_offers_one_tap_subscriptions(built_minimal: Path) -> None:
    page = (pages_dir(built_minimal) / "cohorts/test-1/index.html").read_text(encoding="utf-8")
    address = "academy.example.org/latest/cohorts/test-1/prevention-academy-test-1.ics"
    assert f'href="webcal://{address}"' in page
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Facademy.example.org%2Flatest" in page
    assert "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Facademy.example.org%2Flatest" in page
    assert f"<code>https://{address}</code>" in page


def test_without_a_site_address_the_box_says_what_is_missing(tmp_path: Path) -> None:
    content = load_content(FIXTURES / "minimal")
    assert content.site_url is None
    box = add_to_calendar(content, "cohorts/test-1/index.md", "cohorts/test-1/prevention-academy-test-1.ics",
                          "the cohort calendar", "Test")
    assert "webcal://" not in box and "calendar.google.com" not in box
    assert "Subscribe links need the site's public address" in box and "<code>site_url</code>" in box
    assert 'href="prevention-academy-test-1.ics"' in box


def test_latest_holds_real_calendar_files_not_redirects(built_sample: Path) -> None:
    site = built_sample / "site"
    newest = newest_version(built_sample)
    latest = sorted(p.relative_to(site / "latest").as_posix() for p in (site / "latest").rglob("*.ics"))
    assert "cohorts/2025-26/prevention-academy-2025-26.ics" in latest
    assert "cohorts/2024-25/prevention-academy-2024-25.ics" in latest
    for path in latest:
        assert (site / "latest" / path).read_bytes() == (site / newest / path).read_bytes()
        assert (site / "latest" / path).read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (site / "latest" / "schedule.json").read_bytes() == (site / newest / "schedule.json").read_bytes()


def test_a_build_dated_after_both_sample_cohorts_calls_neither_current(built_sample: Path) -> None:
    page = (pages_dir(built_sample) / "cohorts/index.html").read_text(encoding="utf-8")
    index = page[page.index("<article"):page.index("</article>")]
    assert "current" not in index.lower()
    assert index.count(">Completed</span>") == 2
    assert "Active" not in index and "Running" not in index


# --- checks -----------------------------------------------------------------------------------------------------

def test_a_typed_status_the_dates_contradict_warns_and_stops_a_release(site_root: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = site_root / "cohorts.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    # status: derived from start and end",
                                                             "    status: active"), encoding="utf-8")
    line = ("cohorts.yml:17:13: {}cohorts[0].status 'active' disagrees with the dates: it ended on 2025-06-30, so on "
            "2026-11-29 it is completed; remove 'status' (the site derives it from start and end) or correct it")
    monkeypatch.setenv("ACADEMY_TODAY", "2026-11-29")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(site_root, *args)

    checked = run("--check")
    assert checked.returncode == 0 and line.format("warning: ") in checked.stderr.splitlines()
    assert ("cohorts.yml:15:9: warning: the newest cohort 'test-1' ended on 2025-06-30 and no cohort is running or "
            "upcoming on 2026-11-29; add the next cohort with 'python build_site.py new-cohort ID --from test-1 "
            "--start YYYY-MM-DD', or leave it so once the program has ended") in checked.stderr.splitlines()
    released = run("--check", "--release")
    assert released.returncode == 1
    assert line.format("") in released.stderr.splitlines()
    assert line.format("warning: ") not in released.stderr


def test_each_citys_local_start_times_are_listed_east_to_west(tmp_path: Path) -> None:
    """Arizona keeps standard time: its start moves by an hour when the rest of the country changes clocks."""
    import shutil

    from academy.pages.cohort_overview import local_times

    root = Path(shutil.copytree(FIXTURES / "minimal", tmp_path / "repo"))
    path = root / "cohorts.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("first: 2025-03-11", "first: 2025-03-04")
                    .replace("skip: [2025-04-08]", "skip: []"), encoding="utf-8")
    content = load_content(root)
    cohort = content.program.cohorts[0]
    markdown = local_times(content, cohort, content.program.cohort_provenance(cohort)).replace("\\", "")
    rows = [line.split(" | ") for line in markdown.splitlines()[2:]]
    assert [(row[0].strip("| "), row[1]) for row in rows] == [
        ("Eastern Time", "Alpha, Theta"), ("Central Time", "Beta, Eta"), ("Mountain Time", "Gamma"),
        ("Mountain Time (Arizona)", "Epsilon"), ("Pacific Time", "Delta, Zeta")]
    arizona = rows[3]
    assert arizona[2] == "11:00 a.m."  # module 2, April 10: 2:00 p.m. EDT is 11:00 a.m. MST
    assert arizona[3].strip(" |") == "12:00 p.m. (March 4, 2025); 11:00 a.m. (March 18 – May 13, 2025)"
    assert rows[0][3].strip(" |") == "2:00 p.m." and rows[4][3].strip(" |") == "11:00 a.m."
