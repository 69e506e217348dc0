"""Tables in real Chromium: no cell breaks a word at any width, wide tables scroll in their own named region,
and on Letter paper every table fits the page width."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import newest_version, serve_directory

WIDTHS = [320, 390, 1280]
LETTER_CONTENT_WIDTH = 672  # 8.5 in less 0.75 in margins each side, at 96 CSS px per inch

# Every word of every table cell: a word drawn on more than one line was broken inside.
# Hyphens, dashes and slashes are allowed line-break points, so words are split at them first. A text drawn on
# one line has no broken word, so only texts drawn on several lines are looked at word by word.
BROKEN_WORDS = """() => {
  const broken = [];
  const lines = range => new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  for (const cell of document.querySelectorAll('.md-content table :is(th, td)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const whole = document.createRange();
      whole.selectNodeContents(node);
      if (lines(whole).size < 2) continue;
      for (const match of node.data.matchAll(/[^\\s\\-\\u2010-\\u2015\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (lines(range).size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""

TABLE_REGIONS = """() => [...document.querySelectorAll('.md-content table')].map(table => {
  const region = table.closest('[role=region]');
  const labelledBy = region && region.getAttribute('aria-labelledby');
  const named = labelledBy ? document.getElementById(labelledBy) : null;
  return {label: region ? region.getAttribute('aria-label') || (named && named.textContent.trim()) : null,
          focusable: region ? region.tabIndex === 0 : false,
          overflow: region ? region.scrollWidth - region.clientWidth : table.scrollWidth - table.clientWidth,
          scrolls: region ? ['auto', 'scroll'].includes(getComputedStyle(region).overflowX) : false};
})"""


def pages_with_tables(site: Path) -> list[str]:
    newest = site / newest_version(site.parent)
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in newest.rglob("index.html")
                  if "<table" in p.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_site(built_sample: Path):
    site = built_sample / "site"
    with serve_directory(site) as url:
        yield url, pages_with_tables(site)


@pytest.fixture(scope="module")
def measured(browser, sample_site) -> dict[str | int, list[str]]:
    """Each page with tables opened once, then measured at every width and printed on Letter paper.

    Problems by width (and ``"print"``). The page is loaded at the widest width and the window narrowed from
    there, as a reader turns a phone or narrows a window: the layout is the browser's, from the same markup,
    at each size (opening each page anew per width took four times as long and found the same)."""
    url, pages = sample_site
    problems: dict[str | int, list[str]] = {width: [] for width in WIDTHS} | {"print": []}
    context = browser.new_context(viewport={"width": max(WIDTHS), "height": 900})
    page = context.new_page()
    try:
        for path in pages:
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": max(WIDTHS), "height": 900})
            page.goto(url + path)
            for width in sorted(WIDTHS, reverse=True):
                page.set_viewport_size({"width": width, "height": 900})
                problems[width] += screen_problems(page, path)
            page.set_viewport_size({"width": LETTER_CONTENT_WIDTH, "height": 900})
            page.emulate_media(media="print")
            problems["print"] += print_problems(page, path)
    finally:
        context.close()
    return problems


def screen_problems(page, path: str) -> list[str]:
    problems = []
    broken = page.evaluate(BROKEN_WORDS)
    if broken:
        problems.append(f"{path}: words broken inside: {broken[:5]}")
    for table in page.evaluate(TABLE_REGIONS):
        if not (table["label"] and table["focusable"] and table["scrolls"]):
            problems.append(f"{path}: table not in a named, focusable, scrolling region: {table}")
    return problems


def print_problems(page, path: str) -> list[str]:
    problems = []
    broken = page.evaluate(BROKEN_WORDS)
    if broken:
        problems.append(f"{path}: words broken inside when printed: {broken[:5]}")
    clipped = [t for t in page.evaluate(TABLE_REGIONS) if t["overflow"] > 0]
    if clipped:
        problems.append(f"{path}: table wider than the Letter page: {clipped}")
    header_repeats = page.evaluate("[...document.querySelectorAll('.md-content thead')]"
                                   ".every(h => getComputedStyle(h).display === 'table-header-group')")
    if not header_repeats:
        problems.append(f"{path}: a table's header row does not repeat on each printed page")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_cell_breaks_a_word_and_wide_tables_scroll_in_a_named_region(sample_site, measured,
                                                                              width: int) -> None:
    assert len(sample_site[1]) >= 10
    assert measured[width] == []


def test_tables_fit_a_letter_page_when_printed_without_breaking_words(measured) -> None:
    assert measured["print"] == []


def test_the_measures_find_a_broken_word_an_unnamed_region_and_a_table_too_wide_for_paper(browser, tmp_path) -> None:
    """The checks above can fail: a narrow cell breaks a long word, a table without a region is reported, and a
    table wider than Letter paper is clipped."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><div class="md-content"><table><thead><tr><th>Name</th>'
        '</tr></thead><tbody><tr><td style="width:3em;max-width:3em;overflow-wrap:anywhere">Counterextremism</td>'
        '</tr></tbody></table><div role="region" tabindex="0" style="overflow-x:auto"><table><tbody><tr>'
        '<td style="white-space:nowrap">' + "wide " * 200 + "</td></tr></tbody></table></div></div></html>",
        encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        with serve_directory(tmp_path) as url:
            page.goto(url)
            screen = screen_problems(page, "t/")
            page.set_viewport_size({"width": LETTER_CONTENT_WIDTH, "height": 900})
            page.emulate_media(media="print")
            printed = print_problems(page, "t/")
    finally:
        context.close()
    assert any("words broken inside" in p and "Counterextremism" in p for p in screen), screen
    assert any("not in a named" in p for p in screen), screen
    assert any("wider than the Letter page" in p for p in printed), printed


def test_turning_a_phone_adds_no_tab_stop_inside_a_table_region(open_page, sample_site) -> None:
    """Each table is one keyboard stop, also after a resize or a rotation: the theme's own wrapper inside our
    region never scrolls, so it must not become a second focusable region."""
    url, pages = sample_site
    wide = next(p for p in pages if "/cohorts/" in p and p.count("/") == 3)  # a cohort overview: wide tables
    page, _ = open_page(url, wide, width=1280)
    nested = "document.querySelectorAll('[role=region] [role=region], .academy-table [tabindex]').length"
    assert page.evaluate(nested) == 0
    for width in (390, 320, 900):
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(150)
        assert page.evaluate(nested) == 0, f"a nested focusable region after resizing to {width} px on {wide}"
