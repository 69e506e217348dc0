"""Pure library logic, without a build: facet counts, the browse index, the feed, search marking."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from academy.catalog import (ENTRY_META, FACETS, browse_data, build_facets, count_facets, entry_numbers,
                             facet_values_with_modules, recently_added, search_pages)
from academy.content import load_content
from academy.feed import build_feed, entry_id
from academy.search_index import BODY_ATTRIBUTE, indexing_skipped, mark_searchable, pagefind_command

from .conftest import FIXTURES

ATOM = "{http://www.w3.org/2005/Atom}"


def content():
    return load_content(FIXTURES / "minimal")


def test_facets_count_every_value_and_list_unused_terms() -> None:
    loaded = content()
    entries = [facet_values_with_modules(r, [m.number for m in loaded.modules_for(r)])
               for r in loaded.resources.values()]
    facets = {f.name: f for f in build_facets(count_facets(entries), loaded.vocabulary, loaded.modules)}
    assert list(facets) == list(FACETS)
    assert [(o.value, o.label, o.count) for o in facets["audience"].options] == [
        ("elected-officials", "Elected officials", 2), ("city-staff", "City staff", 1)]
    assert [(o.value, o.count) for o in facets["module"].options] == [("1", 1), ("2", 1)]
    assert [o.value for o in facets["year"].options] == ["2023", "2021"]


def test_browse_index_numbers_entries_in_title_order_with_gaps() -> None:
    loaded = content()
    resources = list(loaded.resources.values())
    files = browse_data(resources, {r.id: list(r.meta.modules) for r in resources},
                        {r.id: f"{r.id}/" for r in resources}, loaded.vocabulary.labels("types"))
    index = json.loads(files["library/catalogue/facets.json"])
    assert index["total"] == 2
    # "A guide for city leaders" (0) sorts before "Incident data portal" (1).
    assert index["postings"]["audience"] == {"city-staff": [1], "elected-officials": [0, 1]}
    assert index["postings"]["type"] == {"data-source": [1], "guide": [0]}
    records = json.loads(files["library/catalogue/records-0.json"])
    assert [(r["title"], r["url"], r["type"]) for r in records] == [
        ("A guide for city leaders", "city-guide/", "Guide"), ("Incident data portal", "incident-data/", "Data source")]


def test_entry_pages_carry_their_browse_index_number() -> None:
    assert entry_numbers(content().resources.values()) == {"city-guide": 0, "incident-data": 1}


def test_search_pages_lists_pagefind_pages_by_entry_number_and_skips_other_pages() -> None:
    pages = {"en_bbb": {ENTRY_META: "1", "title": "B"}, "en_mod": {"title": "Module 1"},
             "en_aaa": {ENTRY_META: "0", "title": "A"}}
    assert json.loads(search_pages(pages)) == {"pages": ["en_aaa", "en_bbb"]}
    assert json.loads(search_pages({"en_mod": {}})) == {"pages": []}
    with pytest.raises(ValueError):
        search_pages({"en_bbb": {ENTRY_META: "1"}})


def test_recently_added_is_newest_first() -> None:
    assert [r.id for r in recently_added(content().resources.values(), 10)] == ["incident-data", "city-guide"]


def test_feed_is_atom_dated_from_entries_not_the_clock() -> None:
    loaded = content()
    arguments = dict(title="Academy: new in the library", page_url=lambda r: f"https://example.org/library/{r.id}/",
                     catalog_url="https://example.org/library/", feed_url="https://example.org/library/feed.xml",
                     type_labels=loaded.vocabulary.labels("types"))
    first = build_feed(loaded.resources.values(), **arguments)
    assert first == build_feed(loaded.resources.values(), **arguments)
    feed = ET.fromstring(first)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2024-11-02T00:00:00+00:00"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Incident data portal", "A guide for city leaders"]
    assert entries[0].findtext(f"{ATOM}id") == entry_id("incident-data")
    assert [link.get("href") for link in entries[0].findall(f"{ATOM}link")] == [
        "https://example.org/library/incident-data/"]
    assert entries[0].findtext(f"{ATOM}updated") == "2024-11-02T00:00:00+00:00"
    assert entries[0].find(f"{ATOM}category").get("label") == "Data source"
    assert dt.date.today().isoformat() not in first.decode()


def test_only_material_article_is_marked_for_the_index() -> None:
    page = '<nav>x</nav><article class="md-content__inner md-typeset"><h1>T</h1></article>'
    assert mark_searchable(page, "Module") == (
        f'<nav>x</nav><article class="md-content__inner md-typeset" {BODY_ATTRIBUTE} data-pagefind-meta="kind:Module">'
        "<h1>T</h1></article>")


def test_each_page_gets_the_kind_a_reader_would_call_it() -> None:
    from academy.search_index import page_kind

    assert [page_kind(uri) for uri in ("modules/01-local-leadership.md", "library/index.md", "library/fbi.md",
                                       "cohorts/2024-25/opening.md", "cohorts/2024-25/office-hours.md",
                                       "cohorts/2024-25/index.md", "about.md")] == [
        "Module", "Library", "Library resource", "Workshop agenda", "Office hours", "Cohort", "Page"]


def test_pagefind_runs_from_the_pinned_python_package(tmp_path) -> None:
    """The binary inside the pinned pagefind_bin package, run directly, never one found on PATH."""
    import pagefind_bin

    command = pagefind_command(tmp_path)
    binary = Path(command[0])
    assert binary.parent == Path(pagefind_bin.__file__).parent and binary.is_file()
    assert command[1:3] == ["--site", str(tmp_path)]


def test_search_indexing_is_skipped_only_when_a_benchmark_asks() -> None:
    assert indexing_skipped({"ACADEMY_SKIP_SEARCH_INDEX": "1"})
    assert not indexing_skipped({})
    assert not indexing_skipped({"ACADEMY_SKIP_SEARCH_INDEX": "0"})


def test_status_facet_and_badge_come_from_the_status_field() -> None:
    from academy.catalog import status_badge, status_value
    from academy.library import ResourceStatus

    loaded = content()
    guide = loaded.resources["city-guide"]
    assert (status_value(guide), status_badge(guide)) == ("current", "")
    ended = guide.meta.model_copy(update={"status": ResourceStatus(
        state="discontinued", date=dt.date(2025, 9, 29), note="The office was closed by a reduction in force.")})
    changed = type(guide)(guide.id, ended, guide.document)
    assert (status_value(changed), status_badge(changed)) == ("discontinued", "Discontinued in 2025")
    files = browse_data([changed], {}, {"city-guide": "city-guide/"}, loaded.vocabulary.labels("types"))
    index = json.loads(files["library/catalogue/facets.json"])
    assert index["postings"]["status"] == {"discontinued": [0]}
    assert json.loads(files["library/catalogue/records-0.json"])[0]["status"] == "Discontinued in 2025"


def test_home_page_links_warn_except_for_whole_sites(tmp_path) -> None:
    import shutil

    from academy.library import check_deep_link

    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", root)
    entry = root / "library" / "city-guide.yml"
    entry.write_text(entry.read_text().replace("https://example.org/guide", "https://example.org/"))
    loaded = load_content(root)
    assert [str(p) for p in loaded.warnings if "home page" in p.message] == [
        "library/city-guide.yml:8:6: warning: url 'https://example.org/' is a home page; link to the resource "
        "itself (its own page or document); only entries of type organization, network, website may link to "
        "a home page"]
    guide = loaded.resources["city-guide"]
    site = type(guide)(guide.id, guide.meta.model_copy(update={"type": "organization"}), guide.document)
    assert check_deep_link(site.draft) == []


def test_a_module_page_lists_a_bounded_selection_named_first_then_current_and_newest(tmp_path) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", root)
    template = (root / "library" / "city-guide.yml").read_text()
    for day in range(1, 16):
        text = template.replace("A guide for city leaders", f"Guide number {day}").replace(
            "added: 2024-10-01", f"added: 2024-10-{day:02d}")
        if day == 15:  # the newest, but discontinued: listed after every current one
            text += "status:\n  state: discontinued\n  date: 2025-01-01\n  note: The publisher withdrew this guide.\n"
        (root / "library" / f"guide-{day}.yml").write_text(text)
    loaded = load_content(root)
    module = loaded.module(1)
    named = list(module.meta.resources)
    featured = loaded.featured_resources(module, 12)
    assert len(featured) == 12 and len(loaded.resources_for(module)) == 16 + len(named) - ("city-guide" in named)
    assert [r.id for r in featured[:len(named)]] == named
    rest = [r.id for r in featured[len(named):]]
    assert rest[:3] == ["guide-14", "guide-13", "guide-12"]
    assert "guide-15" not in rest


def test_language_codes_are_named_in_english_and_unknown_ones_refused() -> None:
    from academy.languages import is_known, language_name

    assert [language_name(code) for code in ("en", "es", "es-MX", "en-GB", "zh", "ht")] == [
        "English", "Spanish", "Spanish (Mexico)", "English (United Kingdom)", "Chinese", "Haitian Creole"]
    for unknown in ("xx", "qq", "es-XX", "en-ZZ", "EN", "eng", ""):
        assert not is_known(unknown), unknown
        with pytest.raises(KeyError):
            language_name(unknown)


def test_an_entry_verified_more_than_a_year_ago_or_after_today_is_due_for_checking() -> None:
    from academy.library import verification_due, verified_until

    guide = content().resources["city-guide"]
    assert guide.meta.checked == dt.date(2025, 1, 15)

    def lines(today: dt.date) -> list[str]:
        return [str(p) for p in verification_due(guide, today)]

    assert lines(dt.date(2025, 1, 15)) == lines(dt.date(2026, 1, 15)) == []
    assert lines(dt.date(2026, 1, 16)) == [
        "library/city-guide.yml:12:10: warning: checked 2025-01-15 is more than a year before 2026-01-16; open the "
        "link, make sure the entry still describes what it leads to, and set checked to that day"]
    assert [verified_until(dt.date(2024, 2, day)) for day in (28, 29)] == [dt.date(2025, 2, 28), dt.date(2025, 3, 1)]
    assert verified_until(dt.date(2023, 3, 1)) == dt.date(2024, 3, 1), "a year, not 365 days, across February 29"
    assert lines(dt.date(2025, 1, 14)) == [
        "library/city-guide.yml:12:10: warning: checked 2025-01-15 is after 2025-01-14, the day of this check; "
        "write the day the link and text were verified"]


def test_check_warns_of_entries_due_for_verification_and_still_passes(tmp_path: Path, monkeypatch) -> None:
    from .conftest import make_site, run_cli

    root = make_site(tmp_path / "repo")
    monkeypatch.setenv("ACADEMY_TODAY", "2026-01-20")
    result = run_cli(root, "--check")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("library/")] == [
        "library/city-guide.yml:12:10: warning: checked 2025-01-15 is more than a year before 2026-01-20; open the "
        "link, make sure the entry still describes what it leads to, and set checked to that day"]
