"""US English: no British spellings, UK terms or UK-style dates in content or in the pages the site generates.

The word list and the one list of exceptions (proper names such as published titles) are in
tests/us_english.yml.  Content is checked file by file with line and column; the built sample
site is checked page by page on the text a reader sees.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, pages_dir

WORD_LIST = Path(__file__).with_name("us_english.yml")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
UK_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS}),? \d{{4}}\b")
"""'14 November 2024' (US style: 'November 14, 2024')."""
URL = re.compile(r"\bhttps?://\S+")
"""Web addresses are spelled by their owners."""


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    col: int
    found: str
    use: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}:{self.col}: '{self.found}' is not US English; write '{self.use}'"


def _load_word_list() -> tuple[list[tuple[re.Pattern[str], str]], re.Pattern[str] | None]:
    data = yaml.safe_load(WORD_LIST.read_text(encoding="utf-8"))
    forms = [(re.compile(rf"\b{pattern}\b", re.IGNORECASE), us) for pattern, us in data["british"].items()]
    exceptions = data.get("exceptions") or []
    phrases = [r"\s+".join(re.escape(word) for word in e.split()) for e in exceptions]
    excepted = re.compile("|".join(phrases), re.IGNORECASE) if phrases else None
    return forms, excepted


FORMS, EXCEPTED = _load_word_list()
ANY_FORM = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in FORMS + [(UK_DATE, "")]), re.IGNORECASE)
"""Matches wherever any one of the patterns would: one pass over a page that has none (most pages) instead of
one pass per pattern."""


def british_forms(text: str, where: str) -> list[Finding]:
    """Every British form in ``text`` outside the excepted proper names, with its 1-based line and column."""
    text = URL.sub(_blank, text)
    if EXCEPTED is not None:
        text = EXCEPTED.sub(_blank, text)
    if not ANY_FORM.search(text):
        return []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    findings = []
    for pattern, use in FORMS + [(UK_DATE, "Month D, YYYY")]:
        for match in pattern.finditer(text):
            line = _line_of(line_starts, match.start())
            findings.append(Finding(where, line, match.start() - line_starts[line - 1] + 1, match.group(), use))
    return sorted(findings, key=lambda f: (f.where, f.line, f.col))


def _blank(match: re.Match[str]) -> str:
    """Spaces in place of a match, so later columns stay where they were."""
    return " " * len(match.group())


def _line_of(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts)
    while high - low > 1:
        middle = (low + high) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low + 1


class _VisibleText(html.parser.HTMLParser):
    """The text a reader sees or hears: everything but scripts, styles and the contents of <code>."""

    SKIP = {"script", "style", "code", "pre", "svg", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value and not self.skipping:
                self.parts.append(f"\n{value}\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in ("p", "li", "tr", "td", "th", "div", "h1", "h2", "h3", "h4", "br", "dt", "dd", "title"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return "".join(parser.parts)


def content_files() -> list[Path]:
    files = sorted((REPO / "curriculum").rglob("*.md")) + sorted((REPO / "library").rglob("*.yml"))
    return files + [REPO / "cohorts.yml"]


# ---------------------------------------------------------------- the checker itself


@pytest.mark.parametrize("text, found", [
    ("The organisation's behaviour", ["organisation", "behaviour"]),
    ("A programme centre", ["programme", "centre"]),
    ("Thursday 14 November 2024", ["14 November 2024"]),
    ("answers within two working days", ["working days"]),
    ("Recognised, prioritising, analysed", ["Recognised", "prioritising", "analysed"]),
])
def test_british_forms_are_found(text: str, found: list[str]) -> None:
    assert [f.found for f in british_forms(text, "x")] == found


@pytest.mark.parametrize("text", [
    "The organization's behavior, a program center, a meeting on Thursday, November 14, 2024.",
    "Advise, revise, exercise and compromise; the analyses; a specialist; a dialogue toward peace.",
    "The Radicalisation Awareness Network and the EU Knowledge Hub on Prevention of\n    Radicalisation",
    "https://www.gov.uk/government/publications/channel-duty-guidance-protecting-people-susceptible-to-radicalisation",
])
def test_us_forms_pass(text: str) -> None:
    assert british_forms(text, "x") == []


def test_findings_are_located() -> None:
    [finding] = british_forms("First line\nthe colour red\n", "page.md")
    assert str(finding) == "page.md:2:5: 'colour' is not US English; write 'color'"


def test_yaml_keys_are_checked_too() -> None:
    """Field names are US English as well (the schema says 'program:'), so a content file's keys get no pass."""
    assert [str(f) for f in british_forms("programme:\n  - name: Strong programme\n", "cohorts.yml")] == [
        "cohorts.yml:1:1: 'programme' is not US English; write 'program'",
        "cohorts.yml:2:18: 'programme' is not US English; write 'program'"]


def test_visible_text_skips_code_and_scripts() -> None:
    page = '<p>A <code>colour</code> sample</p><script>var colour;</script><img alt="the centre">'
    assert "colour" not in visible_text(page)
    assert "centre" in visible_text(page)


# ---------------------------------------------------------------- the repository


def test_content_is_us_english() -> None:
    findings = [f for path in content_files()
                for f in british_forms(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())]
    assert not findings, "\n".join(str(f) for f in findings)


def test_generated_pages_are_us_english(built_sample: Path) -> None:
    """The built site's pages, checked on what readers see (includes text the generator writes)."""
    pages = sorted(pages_dir(built_sample).rglob("*.html"))
    assert len(pages) > 50
    findings = [f for page in pages
                for f in british_forms(visible_text(page.read_text(encoding="utf-8")),
                                       page.relative_to(built_sample / "site").as_posix())]
    assert not findings, "\n".join(str(f) for f in findings[:200])
