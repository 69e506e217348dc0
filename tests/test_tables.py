"""Tables in real Chromium: no cell breaks a word at any width, wide tables scroll in their own named region,
and on Letter paper every table fits the page width."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import newest_version, serve_directory

WIDTHS = [320, 390, 1280]
LETTER_CONTENT_WIDTH = 672  # 8.5 in less 0.75 in margins each side, at 96 CSS px per inch

# Every word of every table cell: a word drawn on more than one line was broken inside.
# Hyphens, dashes and slashes are allowed line-break points, so words are split at them first.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('.md-content table :is(th, td)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\-\\u2010-\\u2015\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
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


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_cell_breaks_a_word_and_wide_tables_scroll_in_a_named_region(open_page, sample_site,
                                                                              width: int) -> None:
    url, pages = sample_site
    assert len(pages) >= 10
    problems = []
    page, _ = open_page(url, "", width=width)
    for path in pages:
        page.goto(url + path)
        broken = page.evaluate(BROKEN_WORDS)
        if broken:
            problems.append(f"{path}: words broken inside: {broken[:5]}")
        for table in page.evaluate(TABLE_REGIONS):
            if not (table["label"] and table["focusable"] and table["scrolls"]):
                problems.append(f"{path}: table not in a named, focusable, scrolling region: {table}")
    assert problems == []


def test_tables_fit_a_letter_page_when_printed_without_breaking_words(open_page, sample_site) -> None:
    url, pages = sample_site
    problems = []
    page, _ = open_page(url, "", width=LETTER_CONTENT_WIDTH)
    page.emulate_media(media="print")
    for path in pages:
        page.goto(url + path)
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
    assert problems == []


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
