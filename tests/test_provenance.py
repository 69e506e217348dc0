"""Sample data in cohorts.yml: '!sample' marks, the "Sample data" labels on every page and calendar that shows a
marked value, and the release check that fails while any mark remains."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from icalendar import Calendar

from academy import cli
from academy.content import load_content
from academy.pages import cohort_overview, cohorts_index, office_hours, workshop_agenda
from academy.pages.cohort_schedule import google_link, items
from academy.provenance import Provenance
from academy.sources import SourceError, parse_yaml
from academy.views import module_view

from .conftest import REPO, make_site, pages_dir
from .test_us_english import visible_text

BADGE = '<span class="academy-sample">Sample data</span>'


# ---------------------------------------------------------------- parsing


def test_marks_are_recorded_where_written_and_values_read_as_without_them() -> None:
    document = parse_yaml("start: !sample 2025-03-01\n"
                          "time: !sample \"14:00\"\n"
                          "cities: !sample\n"
                          "  - {city: Alpha}\n"
                          "modules:\n"
                          "  - !sample {module: 2}\n"
                          "  - {module: 3}\n", "cohorts.yml", allow_sample=True)
    assert document.data == {"start": dt.date(2025, 3, 1), "time": "14:00",
                             "cities": [{"city": "Alpha"}], "modules": [{"module": 2}, {"module": 3}]}
    assert document.samples == {("start",): (1, 8), ("time",): (2, 7), ("cities",): (3, 9), ("modules", 0): (6, 5)}


def test_marks_are_refused_outside_cohorts_yml() -> None:
    with pytest.raises(SourceError) as raised:
        parse_yaml("title: !sample Module\n", "curriculum/modules/01-x.md")
    assert (raised.value.line, raised.value.col) == (1, 8)
    assert raised.value.message == ("YAML tag '!sample' is not allowed in content; write plain text, numbers, "
                                    "dates, lists and mappings ('!sample' marks placeholder data in cohorts.yml only)")


def test_a_mark_covers_everything_inside_it() -> None:
    provenance = Provenance("cohorts.yml", {("cohorts", 0, "cities"): (3, 9), ("cohorts", 0, "modules", 1): (9, 7)})
    cohort = provenance.at("cohorts", 0)
    assert cohort.is_sample("cities", 4, "officials", 0, "name")
    assert not cohort.is_sample("modules", 0) and cohort.is_sample("modules", 1, "date")
    assert cohort.has_sample("modules") and not cohort.is_sample("modules")
    assert cohort.has_sample() and not provenance.at("cohorts", 1).has_sample()
    assert cohort.any_sample("name", ("modules", 1)) and not cohort.any_sample("name", "start")


# ---------------------------------------------------------------- the release check


def _mark(root: Path, *replacements: tuple[str, str]) -> None:
    path = root / "cohorts.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


MARKS = (("        venue: Test Hall\n", "        venue: !sample Test Hall\n"),
         ("    cities:\n", "    cities: !sample\n"),
         ('      - {module: 2, date: 2025-04-10, format: online, start: "14:00"}',
          '      - !sample {module: 2, date: 2025-04-10, format: online, start: "14:00"}'),
         ("      time: \"14:00\"\n", "      time: !sample \"14:00\"\n"),
         ("    email: desk@example.org\n", "    email: !sample desk@example.org\n"))


@pytest.fixture
def marked_root(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "repo")
    _mark(root, *MARKS)
    return root


def test_release_check_fails_with_one_located_line_per_mark(marked_root: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--check", "--root", str(marked_root)]) == cli.EXIT_OK
    capsys.readouterr()
    assert cli.main(["--check", "--release", "--root", str(marked_root)]) == cli.EXIT_CONTENT
    lines = capsys.readouterr().err.splitlines()
    located = [line for line in lines if line.startswith("cohorts.yml:") and ": warning: " not in line]
    assert located == [
        "cohorts.yml:13:12: program.help_desk.email is marked !sample: placeholder data cannot be released; "
        "replace it with the published value, or delete it, and remove '!sample'",
        "cohorts.yml:21:13: cohorts[0].cities is marked !sample: placeholder data cannot be released; "
        "replace it with the published value, or delete it, and remove '!sample'",
        "cohorts.yml:33:16: cohorts[0].workshops.opening.venue is marked !sample: placeholder data cannot be "
        "released; replace it with the published value, or delete it, and remove '!sample'",
        "cohorts.yml:78:9: cohorts[0].modules[1] is marked !sample: placeholder data cannot be released; "
        "replace it with the published value, or delete it, and remove '!sample'",
        "cohorts.yml:81:13: cohorts[0].office_hours.time is marked !sample: placeholder data cannot be released; "
        "replace it with the published value, or delete it, and remove '!sample'",
    ]
    assert lines[-1] == ("error: 5 values in cohorts.yml are still marked !sample; a release shows published facts "
                         "only. Replace or delete each one and remove its mark.")
    for line in located:  # each line points at the mark itself
        number, column = map(int, line.split(":")[1:3])
        source = (marked_root / "cohorts.yml").read_text(encoding="utf-8").splitlines()[number - 1]
        assert source[column - 1:].startswith("!sample")


def test_release_check_passes_without_marks(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--check", "--release", "--root", str(site_root)]) == cli.EXIT_OK
    assert "no sample data" in capsys.readouterr().err


def test_release_build_refuses_sample_data_and_leaves_no_site(marked_root: Path) -> None:
    assert cli.main(["--release", "--root", str(marked_root)]) == cli.EXIT_CONTENT
    assert not (marked_root / "site").exists()


def test_the_repository_is_not_releasable_while_its_placeholders_remain(capsys: pytest.CaptureFixture[str]) -> None:
    """The sample content marks what is not published, so the release check must refuse it."""
    assert cli.main(["--check", "--release", "--root", str(REPO)]) == cli.EXIT_CONTENT
    located = [line for line in capsys.readouterr().err.splitlines()
               if line.startswith("cohorts.yml:") and ": warning: " not in line]
    assert any("cohorts[1].cities is marked !sample" in line for line in located)
    assert not any("cohorts[0].cities" in line for line in located), "cohort 1's cities are published facts"


# ---------------------------------------------------------------- labels on pages and calendars


@pytest.fixture
def marked_content(marked_root: Path):
    return load_content(marked_root)


def test_cohort_page_labels_each_sample_value(marked_content) -> None:
    program = marked_content.program
    page = cohort_overview.overview_page(marked_content, program, program.cohorts[0]).markdown
    assert '!!! warning "Sample data on this page"' in page
    for city in ("Alpha, NY", "Theta, FL"):
        assert re.search(re.escape(city) + r" " + re.escape(BADGE), page), city
    assert f"Test Hall, Tampa, FL {BADGE}" in page
    module_2 = next(line for line in page.splitlines() if "Module 2" in line)
    assert BADGE in module_2
    module_1 = next(line for line in page.splitlines() if "Module 1" in line and "In person" in line)
    assert BADGE not in module_1
    office = next(line for line in page.splitlines() if "Office hours" in line and "Every other" in line)
    assert BADGE in office
    assert f"mailto:desk@example.org>){BADGE}." in page.replace(" " + BADGE, BADGE)


def test_unmarked_cohort_has_no_label(site_root: Path) -> None:
    content = load_content(site_root)
    program = content.program
    pages = [cohort_overview.overview_page(content, program, program.cohorts[0]).markdown,
             workshop_agenda.agenda_page(content, program.cohorts[0], "opening").markdown,
             office_hours.office_hours_page(content, program.cohorts[0]).markdown,
             *(p.markdown for p in cohorts_index.generate(content))]
    assert not any("Sample data" in page for page in pages)
    assert b"Sample data" not in program.cohort_calendar(program.cohorts[0])


def test_agenda_labels_a_sample_venue_and_sample_sessions(marked_content, marked_root: Path) -> None:
    cohort = marked_content.program.cohorts[0]
    opening = workshop_agenda.agenda_page(marked_content, cohort, "opening").markdown
    assert f"Test Hall, Tampa, FL {BADGE}" in opening
    assert BADGE not in opening.split("## ")[1]  # the sessions themselves are not marked
    _mark(marked_root, ("      closing:\n        host_event: Test Retreat\n        venue: Retreat Center\n"
                        "        city: Denver\n        state: CO\n        timezone: America/Denver\n"
                        "        start: 2025-06-10\n        end: 2025-06-10\n        agenda:\n",
                        "      closing:\n        host_event: Test Retreat\n        venue: Retreat Center\n"
                        "        city: Denver\n        state: CO\n        timezone: America/Denver\n"
                        "        start: 2025-06-10\n        end: 2025-06-10\n        agenda: !sample\n"))
    content = load_content(marked_root)
    closing = workshop_agenda.agenda_page(content, content.program.cohorts[0], "closing").markdown
    session = closing[closing.index("### 1:00 p.m."):]
    assert session.splitlines()[2] == BADGE


def test_a_whole_cohort_can_be_marked(site_root: Path) -> None:
    _mark(site_root, ("  - id: test-1\n", "  - !sample\n    id: test-1\n"))
    content = load_content(site_root)
    program = content.program
    assert [str(p) for p in program.provenance.release_problems()] == [
        "cohorts.yml:15:5: cohorts[0] is marked !sample: placeholder data cannot be released; replace it with the "
        "published value, or delete it, and remove '!sample'"]
    page = cohort_overview.overview_page(content, program, program.cohorts[0]).markdown
    assert page.startswith("---") and f"# Test cohort {BADGE}" in page
    assert all(BADGE in line for line in page.splitlines() if line.startswith("| ") and "Alpha" in line)
    events = Calendar.from_ical(program.cohort_calendar(program.cohorts[0])).walk("VEVENT")
    assert events and all(str(e["DESCRIPTION"]).startswith("Sample data:") for e in events)


def test_calendar_descriptions_say_sample_data(marked_content) -> None:
    program = marked_content.program
    events = {str(e["SUMMARY"]).removesuffix(" (Test cohort)"): str(e["DESCRIPTION"])
              for e in Calendar.from_ical(program.cohort_calendar(program.cohorts[0])).walk("VEVENT")}
    note = "Sample data: details of this event are placeholders, not published facts; they may change."
    assert events["Opening plenary"].startswith(note)  # its venue is sample data
    assert events["Module 2: Understanding the data"].startswith(note)
    assert events["Office hours"].startswith(note)
    assert not events["Closing roundtable"].startswith("Sample data")
    links = {item.title: unquote_plus(google_link(item)) for item in items(marked_content, program.cohorts[0])}
    assert "details=" + note in links["Module 2: Understanding the data"]
    assert "details=Sample data" not in links["Closing roundtable"]


def test_module_schedule_is_labeled(marked_content) -> None:
    module = marked_content.module(2)
    view = module_view(marked_content, module, lambda src: src)
    assert view["schedule"]["sample"] == "Sample data"
    assert module_view(marked_content, marked_content.module(1), lambda src: src)["schedule"]["sample"] is None


def test_office_hours_page_labels_the_dates(marked_content) -> None:
    program = marked_content.program
    cohort = program.cohorts[0]
    page = office_hours.office_hours_page(marked_content, cohort,
                                          program.cohort_provenance(cohort).at("office_hours")).markdown
    assert f"The day, time and dates below are {BADGE}." in page
    assert "**Join:** https" in page and f"join {BADGE}" not in page


# ---------------------------------------------------------------- the repository's own site


def test_cohort_1_shows_its_published_cities_without_labels(built_sample: Path) -> None:
    page = (pages_dir(built_sample) / "cohorts/2024-25/index.html").read_text(encoding="utf-8")
    cities = page[page.index('id="cities"'):page.index('id="timeline"')]
    found = re.findall(r"<td>([A-Z][A-Za-z ]+), ([A-Z]{2})</td>", cities)
    assert found == [("Boise", "ID"), ("Brooklyn Center", "MN"), ("Cincinnati", "OH"), ("Jackson", "MS"),
                     ("Kinston", "NC"), ("Mount Vernon", "NY"), ("Savannah", "GA"), ("Skokie", "IL")]


def test_every_generated_cohort_page_labels_its_placeholders(built_sample: Path) -> None:
    """The sample content marks what is not published: every cohort page and module schedule shows the label."""
    site = pages_dir(built_sample)
    for page in sorted((site / "cohorts").rglob("index.html")):
        if page.parent == site / "cohorts":
            continue
        assert BADGE in page.read_text(encoding="utf-8"), page
    for page in sorted((site / "modules").glob("*/index.html")):
        schedule = page.read_text(encoding="utf-8").split('id="module-schedule"')[1].split("</section>")[0]
        assert BADGE in schedule, page
    calendar = (site / "cohorts/2025-26/calendar.ics").read_bytes()
    assert all("Sample data" in str(e["DESCRIPTION"]) for e in Calendar.from_ical(calendar).walk("VEVENT"))


def test_claims_without_a_source_are_gone(built_sample: Path) -> None:
    site = pages_dir(built_sample)
    text = "\n".join(visible_text(p.read_text(encoding="utf-8")) for p in (site / "cohorts").rglob("*.html"))
    for calendar in (site / "cohorts").rglob("*.ics"):  # what calendar apps show (UIDs stay as first published)
        text += "\n".join(str(e.get(key, "")) for e in Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")
                          for key in ("SUMMARY", "DESCRIPTION", "LOCATION"))
    for claim in ("certificates", "two working days", "Speakers: Bill Peduto", "Dayton", "Tacoma"):
        assert claim not in text, claim
    assert "Chicago, IL (Strong Cities North America mayoral retreat 2026) Sample data" in text



# ---------------------------------------------------------------- in Chromium

CONTRAST = """el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const style = getComputedStyle(el);
  let back = el, bg = style.backgroundColor;
  while (back && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) { back = back.parentElement; bg = back ? getComputedStyle(back).backgroundColor : "rgb(255, 255, 255)"; }
  const [a, b] = [lum(rgb(style.color)), lum(rgb(bg))].sort((x, y) => y - x);
  const box = el.getBoundingClientRect();
  return {text: el.textContent.trim(), contrast: (a + 0.05) / (b + 0.05), width: box.width, height: box.height,
          visible: style.visibility !== "hidden" && style.display !== "none", border: style.borderTopStyle,
          own_background: style.backgroundColor};
}"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_labels_are_visible_text_with_enough_contrast(built_sample: Path, open_page, media: str) -> None:
    from .conftest import serve_directory

    with serve_directory(built_sample / "site") as url:
        page, watch = open_page(url, f"{pages_dir(built_sample).name}/cohorts/2025-26/", width=390)
        page.emulate_media(media=media)
        labels = page.locator("article .academy-sample")
        assert labels.count() > 10
        for index in range(labels.count()):
            found = labels.nth(index).evaluate(CONTRAST)
            assert found["text"] == "Sample data" and found["visible"], found
            assert found["width"] > 0 and found["height"] > 0, found
            assert found["contrast"] >= 4.5, found
            assert found["border"] == "solid", found  # a badge, told apart by more than color
            if media == "screen":
                assert found["own_background"] not in ("rgba(0, 0, 0, 0)", "transparent"), found
        assert page.get_by_role("cell", name=re.compile("Sample data")).count() > 0  # read as part of the cell
        assert watch.foreign_requests == []
