"""Page generators (academy/pages/) and template views (academy/views.py) called directly on the minimal
fixture's content: no engine, no build."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy import views
from academy.content import load_content
from academy.pages import GeneratedFile, GeneratedPage, generate_pages, hand_written_collisions, markdown
from academy.pages import (cohort_overview, cohorts_index, curriculum_overview, facilitator_guide, office_hours,
                           search_page)

from .conftest import make_site


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("generators") / "repo")


@pytest.fixture(scope="module")
def content(root: Path):
    return load_content(root)


@pytest.fixture(scope="module")
def generated(content) -> dict[str, object]:
    return {page.src_uri: page.content for page in generate_pages(content)}


def one(pages) -> str:
    [page] = list(pages)
    assert isinstance(page, GeneratedPage)
    return page.markdown


def url(src_uri: str) -> str:
    return f"/{src_uri}"


# --- pages ----------------------------------------------------------------------------------------------------

def test_every_page_kind_is_generated_once_pages_as_text_files_as_bytes(content, generated) -> None:
    pages = generate_pages(content)
    assert len({p.src_uri for p in pages}) == len(pages)
    for path in ("curriculum.md", "facilitator-guide.md", "library/index.md", "library/city-guide.md",
                 "library-contributing.md", "search.md", "cohorts/index.md", "cohorts/test-1/index.md",
                 "cohorts/test-1/opening.md", "cohorts/test-1/closing.md", "cohorts/test-1/office-hours.md",
                 "cohorts/test-1/calendar.ics", "schedule.json", "action-plan.md", "self-assessment.md"):
        assert path in generated, path
    assert all(isinstance(p.content, bytes) for p in pages if isinstance(p, GeneratedFile))
    assert all(isinstance(p.content, str) and p.src_uri.endswith(".md") for p in pages if isinstance(p, GeneratedPage))
    assert [p.content for p in generate_pages(content)] == [p.content for p in pages], "same content, same pages"


def test_an_entry_page_shows_its_language_by_name_in_markdown_and_in_its_direct_html(content) -> None:
    import dataclasses

    from academy.pages.library_pages import resource_page
    from academy.pages.markdown import text

    guide = content.resources["city-guide"]
    assert guide.meta.language == "en"
    spanish = dataclasses.replace(guide, meta=guide.meta.model_copy(update={"language": "es-MX"}))
    for resource, name in ((guide, "English"), (spanish, "Spanish (Mexico)")):
        page = resource_page(content, resource, 0)
        assert f"Language\n:   {text(name)}\n" in page.markdown  # as Markdown text: 'Spanish \\(Mexico\\)'
        assert f"<dt>Language</dt>\n<dd>{name}</dd>" in page.direct.html
        assert ":   en\n" not in page.markdown and "<dd>en" not in page.direct.html


def test_the_contributors_page_says_how_each_patterned_field_is_written(generated) -> None:
    """Whoever adds an entry reads the same help a mistake's line gives: the language code's form included."""
    from academy.pages.markdown import text

    page = generated["library-contributing.md"]
    assert "| `language` | " + text("The resource's language; pages show its name, such as English. Written as "
                                    "a language code such as 'en' or 'es', or with a region such as 'es-MX'.") in page


def test_the_curriculum_overview_lists_each_module_with_its_link_format_and_length(content) -> None:
    page = one(curriculum_overview.generate(content))
    assert page.startswith("---\n") and "title: Curriculum overview\n" in page and "\n# Curriculum overview\n" in page
    assert "2 modules: 1 taught in person at the workshops and 1 online in between, 1 h 45 min of sessions" in page
    rows = [line for line in page.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert rows == [
        "| 1 | [Leading prevention](<modules/01-leading.md>)<br>Explain what a mayor can do to prevent "
        "hate\\-motivated violence. | In person | 1 h |",
        "| 2 | [Understanding the data](<modules/02-data.md>)<br>Read local hate incident data and know its limits. "
        "| Online | 45 min |"]


def test_the_facilitator_guide_gathers_every_modules_session_plan(content) -> None:
    page = one(facilitator_guide.generate(content))
    assert "## Module 1: Leading prevention { #module-1 }" in page
    assert "## Module 2: Understanding the data { #module-2 }" in page
    assert page.index("{ #module-1 }") < page.index("| 0–20 | Welcome round | Each participant names one worry. |") \
        < page.index("{ #module-2 }")
    assert "In person, 1 h. [Read the module](<modules/01-leading.md>)." in page


def test_the_cohorts_index_has_a_row_per_cohort_with_its_dates_and_workshops(content) -> None:
    page = one(cohorts_index.generate(content))
    assert "title: Cohorts" in page and "# Cohorts" in page
    [row] = [line for line in page.splitlines() if line.startswith("| [Test cohort]")]
    assert row.startswith("| [Test cohort](<test-1/index.md>) | ")
    assert row.endswith(" | March 1 – June 30, 2025 | Tampa, FL (Test Summit) | Denver, CO (Test Retreat) |")
    assert 'data-start="2025-03-01" data-end="2025-06-30"' in row


def test_office_hours_list_every_date_and_say_which_are_skipped(content) -> None:
    page = one(office_hours.generate(content))
    hours = content.program.cohorts[0].office_hours
    dates = [line for line in page.splitlines() if line.startswith("- ")]
    assert dates[0].startswith('- <span data-academy-end="2025-03-11T19:00:00Z">Tuesday, March 11, 2025</span>')
    assert "no offi" in " ".join(d for d in dates if "April 8, 2025" in d)
    assert len(dates) >= 2 + len(hours.skip)
    assert "**Join:** https://example.org/join" in page


def test_office_hours_are_described_in_the_past_once_the_cohort_has_ended(root: Path) -> None:
    """The fixture's cohort runs from March to June 2025: its pages say the office hours help while it runs, and
    helped once it is over (the day the pages describe, not the clock)."""
    import datetime as dt

    from academy.build_date import BuildDates

    for day, verb, arise, lasts in ((dt.date(2025, 4, 1), "help", "arise", "lasts"),
                                    (dt.date(2025, 7, 1), "helped", "arose", "lasted")):
        loaded = load_content(root, BuildDates(day))
        hours_page = one(office_hours.generate(loaded))
        overview = next(page.markdown for page in cohort_overview.generate(loaded)
                        if page.src_uri == "cohorts/test-1/index.md")
        assert (f"Standing virtual office hours {verb} the cohort's cities with issues related to hate and extremism "
                f"as they {arise}, and with longer-term work") in hours_page, day
        assert f"Each session {lasts} 1 h" in hours_page, day
        assert f"Standing virtual office hours {verb} cities with issues as they {arise} and with longer-term" \
            in overview, day


def test_the_search_page_uses_its_template_and_keeps_itself_out_of_the_index(content) -> None:
    page = one(search_page.generate(content))
    assert page.startswith("---\n") and "template: search.html" in page and "exclude: true" in page


def test_a_hand_written_file_where_a_page_is_generated_is_an_error(root: Path, content) -> None:
    pages = generate_pages(content)
    assert hand_written_collisions(content, pages) == []
    (root / "curriculum" / "search.md").write_text("# Mine\n", encoding="utf-8")
    try:
        assert [str(p) for p in hand_written_collisions(content, pages)] == [
            "curriculum/search.md:1:1: the site generates this page itself, so this file would be silently "
            "replaced; rename it (and the links to it)"]
    finally:
        (root / "curriculum" / "search.md").unlink()


def test_markdown_helpers_escape_every_value_from_yaml() -> None:
    assert markdown.text("<script>*x*</script>") == "&lt;script&gt;\\*x\\*&lt;/script&gt;"
    assert markdown.text("  two\n  lines  ") == "two lines"
    assert markdown.link("[a](b)", "modules/01-x.md") == "[\\[a\\]\\(b\\)](<modules/01-x.md>)"
    assert markdown.relative("cohorts/test-1/index.md", "modules/01-leading.md") == "../../modules/01-leading.md"
    assert markdown.table(["A", "B"], [["1", "two\nlines"]]) == "| A | B |\n|---|---|\n| 1 | two lines |\n"


# --- views ----------------------------------------------------------------------------------------------------

def test_navigation_is_derived_from_the_content_with_titles_escaped(content) -> None:
    navigation = views.navigation(content)
    assert [next(iter(item)) for item in navigation] == [
        "Home", "About the Academy", "Curriculum", "My workspace", "Library", "Cohorts", "Search"]
    curriculum = navigation[2]["Curriculum"]
    assert curriculum[0] == {"Overview": "curriculum.md"}
    assert [str(next(iter(item))) for item in curriculum[1:3]] == ["1. Leading prevention", "2. Understanding the data"]
    assert curriculum[-1] == {"Facilitator guide": "facilitator-guide.md"}
    workspace = navigation[3]["My workspace"]
    assert str(next(iter(workspace[0]))) == "My city&#39;s action plan"
    cohorts = navigation[5]["Cohorts"]
    assert cohorts[0] == {"All cohorts": "cohorts/index.md"}
    assert list(cohorts[1].values())[0][0] == {"Overview": "cohorts/test-1/index.md"}


def test_the_module_view_gives_templates_ready_values(content) -> None:
    first, second = content.modules
    view = views.module_view(content, first, url)
    assert (view["number"], view["title"], view["format"], view["duration"]) == (1, "Leading prevention", "In person",
                                                                              "1 h")
    assert view["previous"] is None and view["next"] == {"number": 2, "title": "Understanding the data",
                                                         "url": "/modules/02-data.md"}
    assert view["resources"] == [{"title": "A guide for city leaders", "url": "/library/city-guide.md",
                                  "publisher": "Fixture Publisher", "type": "Guide", "year": 2023, "status": ""}]
    assert view["resources_url"] == "/library/index.md?module=1" and view["guide_url"] == "/facilitator-guide.md#module-1"
    assert "List three community leaders <to call>" in view["prework"], "templates escape; views keep the text"
    assert view["schedule"]["date"] == "Wednesday, March 5, 2025"
    assert view["schedule"]["agenda_url"] == "/cohorts/test-1/opening.md"
    later = views.module_view(content, second, url)
    assert later["previous"]["number"] == 1 and later["next"] is None
    assert {key: later["schedule"][key] for key in ("date", "format", "time", "workshop", "agenda_url", "instant",
                                                     "zone")} == {
        "date": "Thursday, April 10, 2025", "format": "Online", "time": "2:00 p.m. EDT", "workshop": None,
        "agenda_url": None, "instant": "2025-04-10T18:00:00Z", "zone": "America/New_York"}


def test_the_library_view_counts_each_facet_value(content) -> None:
    view = views.library_view(content, url)
    assert view["total"] == 2 and view["contributing_url"] == "/library-contributing.md"
    facets = {facet["name"]: facet for facet in view["facets"]}
    assert list(facets) == ["topic", "module", "type", "audience", "year", "status"]
    assert {o["value"]: o["count"] for o in facets["audience"]["options"]} == {"elected-officials": 2,
                                                                                  "city-staff": 1}
    assert {o["value"]: o["count"] for o in facets["status"]["options"]} == {"current": 2, "changed": 0,
                                                                                "discontinued": 0}
    assert [o["label"] for o in facets["module"]["options"]] == ["1. Leading prevention", "2. Understanding the data"]


def test_the_footer_view_names_the_partners_and_the_help_desk(content) -> None:
    assert views.footer_view(content) == {"partners": [{"name": "Test Network", "url": None}],
                                          "help_desk": {"name": "Test help desk", "email": "desk@example.org",
                                                        "url": None}}
