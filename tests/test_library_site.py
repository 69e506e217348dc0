"""The library in a built site: entry pages, module links, the feed, search, and the catalog in Chromium.

Uses the session's build of the minimal fixture (pages in site/<newest cohort>/), plus one build with an
entry added and the session's rebuilds of the fixture, which must be byte-identical (conftest.rebuilt_minimal).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import FIXTURES, newest_version, pages_dir, run_cli, serve_directory, snapshot

ATOM = "{http://www.w3.org/2005/Atom}"
NEW_ENTRY = """\
title: Neighbourhood listening sessions handbook
publisher: Fixture Civic Lab
year: 2025
type: guide
topics: [local-leadership]
audiences: [city-staff]
modules: [2]
url: https://example.org/listening
summary: How to run listening sessions with residents after a hate incident, step by step.
language: es
added: 2025-03-04
checked: 2025-03-04
"""


@pytest.fixture(scope="module")
def site(built_minimal: Path) -> Path:
    """The newest version's pages (site/<cohort id>/)."""
    return pages_dir(built_minimal)


@pytest.fixture(scope="module")
def base(built_minimal: Path):
    """URL of the newest version, served with the whole site/ folder (as a web server would)."""
    with serve_directory(built_minimal / "site") as url:
        yield url + newest_version(built_minimal) + "/"


@pytest.fixture(scope="module")
def grown_site(built_minimal: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build (a copy of the session's build), add one entry file, build again: the workflow staff follow."""
    root = Path(shutil.copytree(built_minimal, tmp_path_factory.mktemp("library-grown") / "repo", symlinks=True))
    (root / "library" / "listening-sessions.yml").write_text(NEW_ENTRY, encoding="utf-8")
    result = run_cli(root)
    assert result.returncode == 0, result.stderr
    return pages_dir(root)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_entry_gets_a_page_with_its_metadata_and_modules(site: Path) -> None:
    ids = sorted(p.stem for p in (FIXTURES / "minimal" / "library").glob("*.yml") if p.stem != "vocabulary")
    assert ids == ["city-guide", "incident-data"]
    for resource_id in ids:
        assert (site / "library" / resource_id / "index.html").is_file()
    page = read(site, "library/city-guide/index.html")
    assert "<h1 id=\"a-guide-for-city-leaders\">A guide for city leaders" in page
    assert "Fixture Publisher" in page and "Local leadership" in page and "Elected officials" in page
    assert "<dt>Language</dt>\n<dd>English</dd>" in page  # the language's name, not its code 'en'
    assert 'href="../../modules/01-leading/"' in page
    assert '<span data-pagefind-meta="entry">0</span>' in page  # its number in the browse index
    assert "data-pagefind-body" in page


def test_no_page_uses_pagefind_filters_or_sorts(site: Path) -> None:
    """Pagefind 1.5 writes filters (and several sorts) in a random order: builds would differ."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "data-pagefind-filter" not in text and "data-pagefind-sort" not in text, page
    assert not (site / "pagefind" / "filter").exists()


def test_catalog_knows_which_pagefind_page_each_entry_is(site: Path) -> None:
    import gzip

    pages = json.loads(read(site, "library/catalogue/search-pages.json"))["pages"]
    urls = []
    for page_id in pages:
        fragment = gzip.decompress((site / "pagefind" / "fragment" / f"{page_id}.pf_fragment").read_bytes())
        urls.append(json.loads(fragment.removeprefix(b"pagefind_dcd"))["url"])
    assert [url.split("/library/")[1] for url in urls] == [
        r["url"] for r in json.loads(read(site, "library/catalogue/records-0.json"))]
    assert urls[0].endswith("/library/city-guide/") and urls[1].endswith("/library/incident-data/")


def test_module_pages_list_their_resources(site: Path) -> None:
    page = read(site, "modules/01-leading/index.html")
    assert re.search(r'<a href="../../library/city-guide/">A guide for city leaders</a>', page)
    assert "Incident data portal" not in page


def test_feed_is_atom_and_linked_from_every_page(site: Path) -> None:
    feed = ET.parse(site / "library" / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == [
        "Incident data portal", "A guide for city leaders"]
    assert feed.findtext(f"{ATOM}updated") == "2024-11-02T00:00:00+00:00"
    for page in ("index.html", "library/index.html", "modules/01-leading/index.html"):
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                         r'href="(\.\./)*(library/)?feed\.xml">', read(site, page)), page


def test_two_builds_of_the_same_content_are_byte_identical(rebuilt_minimal: list[Path]) -> None:
    """Older cohorts' versions are rebuilt from a fresh clone and must not change by a byte: two builds from fresh
    copies, in new interpreters with SOURCE_DATE_EPOCH set, as a pinned version's build has it (conftest)."""
    first, second = (snapshot(root / "site") for root in rebuilt_minimal[:2])
    assert any(path.endswith(".pf_meta") for path in first) and "pagefind-entry.json" in " ".join(first)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_site_search_is_pagefind_not_lunr(site: Path) -> None:
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search" / "search_index.json").exists()
    assert "md-search__input" not in read(site, "index.html")
    assert 'role="search"' in read(site, "index.html")
    assert "data-pagefind-body" not in read(site, "search/index.html")


def test_catalog_shows_recent_entries_and_does_not_embed_the_library(site: Path) -> None:
    page = read(site, "library/index.html")
    recent = page[page.index('id="recently-added"'):]
    assert recent.index("Incident data portal") < recent.index("A guide for city leaders")
    assert 'href="../library-contributing/"' in page
    index = json.loads(read(site, "library/catalogue/facets.json"))
    assert index["total"] == 2


def test_adding_one_entry_file_reaches_catalog_modules_recent_list_and_feed(grown_site: Path) -> None:
    index = json.loads(read(grown_site, "library/catalogue/facets.json"))
    assert index["total"] == 3
    records = json.loads(read(grown_site, "library/catalogue/records-0.json"))
    assert "Neighbourhood listening sessions handbook" in [r["title"] for r in records]
    assert "<dt>Language</dt>\n<dd>Spanish</dd>" in read(grown_site, "library/listening-sessions/index.html")
    assert "Neighbourhood listening sessions handbook" in read(grown_site, "modules/02-data/index.html")
    recent = read(grown_site, "library/index.html").split('id="recently-added"')[1]
    assert recent.index("Neighbourhood listening sessions handbook") < recent.index("Incident data portal")
    feed = ET.parse(grown_site / "library" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "Neighbourhood listening sessions handbook"
    assert feed.findtext(f"{ATOM}updated") == "2025-03-04T00:00:00+00:00"
    assert "listening-sessions" in {p.name for p in (grown_site / "library").iterdir()}


# In Chromium -----------------------------------------------------------------------------------


def counts(page, facet: str) -> dict[str, str]:
    return page.evaluate("""(facet) => Object.fromEntries(Array.from(
        document.querySelectorAll(`fieldset[data-facet="${facet}"] [data-count-for]`),
        (span) => [span.dataset.countFor, span.textContent]))""", facet)


def wait_ready(page) -> None:
    page.wait_for_selector(".academy-catalog[data-ready]:not([aria-busy])", state="attached", timeout=20000)


def wait_status(page, text: str) -> None:
    page.wait_for_function("(text) => document.getElementById('catalog-status').textContent.includes(text)",
                           arg=text, timeout=20000)


def result_titles(page) -> list[str]:
    return page.locator("#catalog-results h3").all_inner_texts()


def test_topic_and_type_filter_the_list_update_counts_and_survive_a_reload(base: str, reused_tab) -> None:
    page, watch = reused_tab(base, "library/")
    wait_ready(page)
    assert sorted(result_titles(page)) == ["A guide for city leaders", "Incident data portal"]
    assert page.inner_text("#catalog-status") == "2 resources in the library."
    assert counts(page, "type") == {"guide": "(1)", "data-source": "(1)"}

    page.get_by_role("checkbox", name=re.compile("Hate crime data")).check()
    wait_status(page, "Topic: Hate crime data")
    assert result_titles(page) == ["Incident data portal"]
    assert counts(page, "type") == {"guide": "(0)", "data-source": "(1)"}
    assert counts(page, "topic") == {"local-leadership": "(1)", "hate-crime-data": "(1)"}
    assert counts(page, "audience") == {"elected-officials": "(1)", "city-staff": "(1)"}

    page.get_by_role("checkbox", name=re.compile("Data source")).check()
    wait_status(page, "Type: Data source")
    assert page.inner_text("#catalog-status") == "1 resource Topic: Hate crime data; Type: Data source."
    assert page.url.endswith("library/?topic=hate-crime-data&type=data-source")
    assert page.get_attribute("#catalog-status", "aria-live") == "polite"

    page.reload()
    wait_ready(page)
    assert page.is_checked("input[name=topic][value=hate-crime-data]")
    assert page.is_checked("input[name=type][value=data-source]")
    assert result_titles(page) == ["Incident data portal"]
    assert counts(page, "type") == {"guide": "(0)", "data-source": "(1)"}
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_a_word_from_one_summary_finds_that_entry(base: str, reused_tab) -> None:
    page, watch = reused_tab(base, "library/")
    wait_ready(page)
    page.fill("#catalog-q", "convene")
    page.keyboard.press("Enter")
    wait_status(page, "matching “convene”")
    assert result_titles(page) == ["A guide for city leaders"]
    assert page.inner_text("#catalog-results mark").lower() == "convene"
    assert counts(page, "type") == {"guide": "(1)", "data-source": "(0)"}
    assert "q=convene" in page.url
    page.reload()
    wait_ready(page)
    assert page.input_value("#catalog-q") == "convene"
    assert result_titles(page) == ["A guide for city leaders"]
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_a_word_with_filters_keeps_only_entries_and_counts_what_each_box_would_give(
        base: str, reused_tab) -> None:
    """"hate" is also on module pages: those are dropped; facets then filter and count the entries found."""
    page, watch = reused_tab(base, "library/?q=hate&type=data-source")
    wait_ready(page)
    assert page.input_value("#catalog-q") == "hate"
    assert page.inner_text("#catalog-status") == "1 resource matching “hate”; Type: Data source."
    assert result_titles(page) == ["Incident data portal"]
    assert counts(page, "type") == {"guide": "(1)", "data-source": "(1)"}  # its own ticks ignored
    assert counts(page, "topic") == {"local-leadership": "(0)", "hate-crime-data": "(1)"}
    assert counts(page, "audience") == {"elected-officials": "(1)", "city-staff": "(1)"}

    page.get_by_role("checkbox", name=re.compile("Guide")).check()  # OR within a facet
    wait_status(page, "Type: Guide or Data source")
    assert sorted(result_titles(page)) == ["A guide for city leaders", "Incident data portal"]
    assert counts(page, "topic") == {"local-leadership": "(1)", "hate-crime-data": "(1)"}

    page.get_by_role("checkbox", name=re.compile("City staff")).check()  # AND across facets
    wait_status(page, "Audience: City staff")
    assert result_titles(page) == ["Incident data portal"]
    assert counts(page, "type") == {"guide": "(0)", "data-source": "(1)"}
    assert counts(page, "audience") == {"elected-officials": "(2)", "city-staff": "(1)"}
    assert page.url.endswith("library/?q=hate&type=guide&type=data-source&audience=city-staff")

    page.fill("#catalog-q", "nosuchword")
    page.keyboard.press("Enter")
    wait_status(page, "0 resources matching “nosuchword”")
    assert result_titles(page) == []
    assert counts(page, "type") == {"guide": "(0)", "data-source": "(0)"}
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_catalog_is_keyboard_usable(base: str, reused_tab) -> None:
    page, _ = reused_tab(base, "library/")
    wait_ready(page)
    page.focus("#catalog-q")
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the Filters panel's summary (open on a wide screen)
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")  # the first topic
    assert page.evaluate("document.activeElement.name + ':' + document.activeElement.value") == \
        "topic:local-leadership"
    page.keyboard.press("Space")
    wait_status(page, "Topic: Local leadership")
    assert result_titles(page) == ["A guide for city leaders"]


def test_site_search_finds_modules_and_library_entries(base: str, reused_tab) -> None:
    page, watch = reused_tab(base, "")
    page.fill("#academy-sitesearch-q", "agencies")
    page.keyboard.press("Enter")
    page.wait_for_selector(".academy-search[data-ready]", state="attached", timeout=20000)
    assert "Incident data portal" in page.locator("#site-search-results h3").all_inner_texts()
    assert page.get_attribute("#site-search-status", "aria-live") == "polite"
    assert page.inner_text("label[for=site-search-q]") == "Search the site"
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_filters_are_chips_removable_in_one_tap_and_back_undoes_each_step(base: str, reused_tab) -> None:
    page, watch = reused_tab(base, "library/")
    wait_ready(page)
    assert page.is_hidden("#catalog-active")
    page.get_by_role("checkbox", name=re.compile("Hate crime data")).check()
    wait_status(page, "Topic: Hate crime data")
    page.get_by_role("checkbox", name=re.compile("Data source")).check()
    wait_status(page, "Type: Data source")
    chips = page.locator("#catalog-chips button")
    assert chips.evaluate_all("(bs) => bs.map((b) => b.getAttribute('aria-label'))") == [
        "Remove Topic: Hate crime data", "Remove Type: Data source"]
    assert page.inner_text("#catalog-filter-count") == "(2 active)"
    assert page.inner_text("#catalog-show") == "Show 1 resource"

    chips.first.click()  # one tap removes the topic; focus stays on the chips
    wait_status(page, "1 resource Type: Data source.")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove Type: Data source"
    assert not page.is_checked("input[name=topic][value=hate-crime-data]")

    page.go_back()  # Back brings the removed filter back
    wait_status(page, "Topic: Hate crime data; Type: Data source")
    assert page.is_checked("input[name=topic][value=hate-crime-data]")
    page.go_back()
    wait_status(page, "1 resource Topic: Hate crime data.")
    page.go_back()
    wait_status(page, "2 resources in the library.")
    assert page.is_hidden("#catalog-active")
    page.go_forward()
    wait_status(page, "1 resource Topic: Hate crime data.")
    assert watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_results_come_first_and_every_filter_option_is_reachable(
        base: str, reused_tab, width: int) -> None:
    page, _ = reused_tab(base, "library/", width=width, height=740)
    wait_ready(page)
    assert page.evaluate("document.getElementById('catalog-filters').open") is False
    assert page.locator(".academy-sitesearch").count() == 0  # one search box on the catalog
    results_top = page.evaluate("document.getElementById('catalog-results').getBoundingClientRect().top")
    assert results_top < 740, "the first results should be on the first screen"
    page.click("#catalog-filters > summary")
    boxes = page.locator("#catalog-filters input[type=checkbox]")
    for index in range(boxes.count()):  # nothing hidden in a scroll box: each option can be seen
        box = boxes.nth(index)
        box.scroll_into_view_if_needed()
        assert box.is_visible()
        assert box.evaluate("(b) => b.closest('fieldset').scrollHeight <= b.closest('fieldset').clientHeight + 1")
    page.get_by_role("checkbox", name=re.compile("Data source")).check()
    wait_status(page, "Type: Data source")
    page.click("#catalog-show")
    assert page.evaluate("document.getElementById('catalog-filters').open") is False
    assert page.evaluate("document.activeElement.id") == "catalog-status"


def test_site_search_results_say_what_kind_of_page_each_is(base: str, reused_tab) -> None:
    page, watch = reused_tab(base, "search/?q=hate")
    page.wait_for_selector(".academy-search[data-ready]", state="attached", timeout=20000)
    kinds = page.eval_on_selector_all(
        "#site-search-results li", "(items) => items.map((li) => [li.querySelector('h3 a').pathname, "
        "li.querySelector('.academy-result__kind').textContent])")
    by_path = {path.split("/", 2)[-1]: kind for path, kind in kinds}
    assert by_path.get("library/incident-data/") == "Library resource"
    assert any(kind == "Module" for path, kind in by_path.items() if path.startswith("modules/"))
    assert watch.console_errors == []


def test_search_excerpts_read_as_pagefind_wrote_them_spaces_around_matches_included(base: str, reused_tab) -> None:
    """Each result's excerpt is Pagefind's own excerpt as text: its <mark> tags become highlights and its
    entities characters, and no space before or after a highlighted word is lost."""
    page, _ = reused_tab(base, "search/?q=hate")
    page.wait_for_selector(".academy-search[data-ready]", state="attached", timeout=20000)
    shown = page.eval_on_selector_all("#site-search-results li", "(items) => items.map((li) => "
                                      "li.querySelector('p:not(.academy-result__kind)').textContent)")
    written = page.evaluate("""async () => {
        const pagefind = await import('../pagefind/pagefind.js');
        const search = await pagefind.search('hate');
        return Promise.all(search.results.map(async (result) => (await result.data()).excerpt));
    }""")
    expected = [html.unescape(re.sub(r"</?mark>", "", excerpt)) for excerpt in written]
    assert any(re.search(r"</mark> ", excerpt) for excerpt in written), written  # a match followed by a space
    assert sorted(shown) == sorted(expected)


def test_site_search_lists_every_kind_of_page_without_filters(base: str, reused_tab) -> None:
    page, watch = reused_tab(base, "search/?q=hate")
    page.wait_for_selector(".academy-search[data-ready]", state="attached", timeout=20000)
    while page.is_visible("#site-search-more"):
        count = page.locator("#site-search-results li").count()
        page.click("#site-search-more")
        page.wait_for_function("(n) => document.querySelectorAll('#site-search-results li').length > n", arg=count)
    links = page.eval_on_selector_all("#site-search-results h3 a", "(links) => links.map((a) => a.pathname)")
    assert any("/library/incident-data/" in link for link in links)
    assert any("/modules/" in link for link in links)
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_a_printed_catalog_shows_the_filtered_list_without_its_controls(base: str, reused_tab) -> None:
    page, _ = reused_tab(base, "library/?type=data-source")
    wait_ready(page)
    wait_status(page, "1 resource")
    page.emulate_media(media="print")
    assert not page.is_visible("#catalog-form")
    assert page.is_visible("#catalog-status")
    assert page.is_visible("#catalog-chips li")
    assert page.inner_text("#catalog-active-heading") == "Active filters:"  # no instruction to select on paper
    assert result_titles(page) == ["Incident data portal"]
    assert page.is_visible("#catalog-results li a")
    page.emulate_media(media="screen")
    assert page.inner_text("#catalog-active-heading") == "Active filters (select one to remove it):"
