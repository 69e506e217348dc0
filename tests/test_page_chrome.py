"""What every page carries: a unique title, a description, the footer (partners, help desk, statements,
last updated), a readable header on a phone; and the privacy statement's promise (no cookies)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from academy.last_updated import commit_dates, last_updated, sources_of
from academy.pages.when import short_day as us_date

from .conftest import pages_dir, serve_directory

US_DATE = r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"


# --- pure -------------------------------------------------------------------------------------------------

def test_us_dates() -> None:
    assert us_date(dt.date(2024, 11, 14)) == "November 14, 2024"
    assert us_date(dt.date(2025, 3, 1)) == "March 1, 2025"


def test_generated_pages_take_their_dates_from_their_inputs() -> None:
    files = {"curriculum/about.md", "library/city-guide.yml", "cohorts.yml"}
    assert sources_of("about.md", "curriculum", files) == ("curriculum/about.md",)
    assert sources_of("library/city-guide.md", "curriculum", files) == ("library/city-guide.yml",)
    assert sources_of("library/index.md", "curriculum", files) == ("library",)
    assert sources_of("cohorts/2025-26/opening.md", "curriculum", files) == ("cohorts.yml",)
    dates = {"library/a.yml": dt.date(2025, 1, 2), "library/b.yml": dt.date(2025, 3, 4),
             "libraryx.yml": dt.date(2026, 1, 1)}
    assert last_updated(("library",), dates) == dt.date(2025, 3, 4)
    assert last_updated(("missing.md",), dates) is None


def test_commit_dates_are_each_files_last_commit(tmp_path: Path) -> None:
    def git(*args: str, date: str | None = None) -> None:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                       env={**__import__("os").environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", **env})

    git("init", "-q")
    (tmp_path / "a.md").write_text("1")
    (tmp_path / "b.md").write_text("1")
    git("add", "-A")
    git("commit", "-qm", "one", date="2025-01-05T10:00:00+00:00")
    (tmp_path / "a.md").write_text("2")
    git("commit", "-qam", "two", date="2025-02-07T10:00:00+00:00")
    assert commit_dates(tmp_path) == {"a.md": dt.date(2025, 2, 7), "b.md": dt.date(2025, 1, 5)}
    assert commit_dates(tmp_path, "HEAD~1") == {"a.md": dt.date(2025, 1, 5), "b.md": dt.date(2025, 1, 5)}
    assert commit_dates(tmp_path / "nowhere") == {}


# --- the built sample site ------------------------------------------------------------------------------------

def _pages(root: Path) -> dict[str, str]:
    newest = pages_dir(root)
    return {p.relative_to(newest).as_posix(): p.read_text(encoding="utf-8")
            for p in newest.rglob("index.html") if "pagefind" not in p.parts}


def test_every_page_has_its_own_title_and_a_description(built_sample: Path) -> None:
    pages = _pages(built_sample)
    titles = Counter(re.search(r"<title>([^<]*)</title>", html)[1] for html in pages.values())
    assert [title for title, count in titles.items() if count > 1] == []
    assert all('<meta name="description" content="' in html for html in pages.values())
    module = pages["modules/01-local-leadership/index.html"]
    summary = re.search(r"^summary: (.+)$", (built_sample / "curriculum/modules/01-local-leadership.md")
                        .read_text(encoding="utf-8"), re.M)[1]
    assert f'<meta name="description" content="{summary}">' in module


def test_every_page_has_the_footer_with_statements_and_last_updated(built_sample: Path) -> None:
    pages = _pages(built_sample)
    for path, html in pages.items():
        footer = html[html.index('class="md-copyright academy-footer"'):]
        assert "Strong Cities Network" in footer and "National League of Cities" in footer, path
        assert "Strong Cities help desk" in footer, path
        assert re.search(r'<a href="[^"]+">Accessibility statement</a>', footer), path
        assert re.search(r'<a href="[^"]+">Privacy statement</a>', footer), path
    assert re.search(f"Last updated {US_DATE}", pages["modules/01-local-leadership/index.html"])
    assert re.search(f"Last updated {US_DATE}", pages["library/strong-cities-network/index.html"])
    privacy = pages["privacy/index.html"]
    assert "This site sets no cookies and calls no other host." in privacy
    assert "Accessibility statement" in pages["accessibility/index.html"]


@pytest.fixture(scope="module")
def newest_url(built_sample: Path):
    with serve_directory(pages_dir(built_sample).parent) as url:
        yield url + pages_dir(built_sample).name + "/"


def test_no_page_sets_a_cookie(open_page, newest_url: str) -> None:
    page, watch = open_page(newest_url, "")
    for path in ("modules/01-local-leadership/", "library/?q=threat", "search/?q=mayor", "cohorts/",
                 "privacy/"):
        page.goto(newest_url + path)
        watch.settle()  # what the page fetches after load (search, catalog) has come back
    assert page.context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert watch.foreign_requests == []


@pytest.mark.parametrize("width", [320, 390])
def test_site_name_is_readable_in_the_phone_header(reused_tab, newest_url: str, width: int) -> None:
    page, _ = reused_tab(newest_url, "modules/02-hate-extremism-landscape/", width=width)
    name = page.locator(".md-header__topic:first-child > .md-ellipsis")
    assert name.inner_text().strip() == "Prevention Academy"
    clipped = name.evaluate("e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth")
    assert not clipped
