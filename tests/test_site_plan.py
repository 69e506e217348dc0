"""The site plan: every page, URL, heading id and link known before any engine runs, and checked."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

from academy.cli import main
from academy.build_date import BuildDates
from academy.plan import load_site
from academy.problems import ContentError
from academy.urls import dest_path

from .conftest import make_site, pages_dir

LINK = "curriculum/modules/02-data.md"
WHILE_THE_FIXTURE_COHORT_RUNS = BuildDates(dt.date(2025, 4, 1))


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    return make_site(tmp_path / "repo")


def append(root: Path, path: str, text: str) -> int:
    """Append ``text`` to a file; returns the line number of its first line."""
    file = root / path
    before = file.read_text(encoding="utf-8")
    file.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_site(root, dates=WHILE_THE_FIXTURE_COHORT_RUNS)
    return [str(p) for p in raised.value.problems if p.severity == "error"]


def three_mistakes(root: Path) -> int:
    """The README's example: a misspelt value, an unknown vocabulary id and a broken link, in three files."""
    module = root / "curriculum/modules/01-leading.md"
    module.write_text(module.read_text(encoding="utf-8").replace("format: in-person", "format: onlin"),
                      encoding="utf-8")
    entry = root / "library/city-guide.yml"
    text = entry.read_text(encoding="utf-8")
    topic = re.search(r"topics: \[([a-z-]+)", text)
    assert topic, "the fixture entry lists its topics in brackets"
    entry.write_text(text.replace(f"[{topic[1]}", f"[{topic[1]}x", 1), encoding="utf-8")
    return append(root, LINK, "\nSee [the missing page](missing.md).\n") + 1


EXPECTED_THREE = [
    "curriculum/modules/01-leading.md:5:9: format 'onlin' is not allowed (did you mean 'online'?)",
    "curriculum/modules/02-data.md:{line}:24: link 'missing.md' points to a page that does not exist; "
    "link to a .md file in curriculum/",
    "library/city-guide.yml:",
]


def assert_three(lines: list[str], line: int) -> None:
    assert len(lines) == 3, lines
    for found, expected in zip(lines, EXPECTED_THREE):
        assert found.startswith(expected.format(line=line)), found


def test_check_reports_the_readmes_three_mistakes_in_one_run(fixture_copy: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    line = three_mistakes(fixture_copy)
    assert main(["--check", "--root", str(fixture_copy)]) == 1
    lines = [x for x in capsys.readouterr().err.splitlines() if ": warning: " not in x and not x.startswith("error")]
    assert_three(lines, line)


def test_the_build_reports_the_same_three_and_writes_nothing(fixture_copy: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    line = three_mistakes(fixture_copy)
    assert main(["--root", str(fixture_copy)]) == 1
    lines = [x for x in capsys.readouterr().err.splitlines() if ": warning: " not in x and not x.startswith("error")]
    assert_three(lines, line)
    assert not (fixture_copy / "site").exists()


def test_heading_ids_are_the_toc_extensions(fixture_copy: Path) -> None:
    append(fixture_copy, LINK, "\n## Café data, 2024!\n\n## Café data, 2024!\n\n### Named {#own-id}\n")
    page = load_site(fixture_copy, dates=WHILE_THE_FIXTURE_COHORT_RUNS).pages["modules/02-data.md"]
    ids = [h.id for h in page.headings]
    assert slugify("Café data, 2024!", "-") in ids
    assert ids[-3:] == ["cafe-data-2024", "cafe-data-2024_1", "own-id"]
    assert {"why-data-matters", "own-id"} <= page.anchors


def test_links_and_anchors_are_checked_in_every_page(fixture_copy: Path) -> None:
    line = append(fixture_copy, LINK, "\n## Named {#own-id}\n\n[ok](#own-id) [ok](01-leading.md) "
                                      "[bad](#nowhere) [bad](01-leading.md#nowhere) [bad](/about.md) "
                                      "[ok](../library/city-guide.md) [bad](../library/city-guid.md) "
                                      "[ok](https://example.org/x.md)\n") + 3
    assert problems(fixture_copy) == [
        f"{LINK}:{line}:41: link '#nowhere' points to a heading that does not exist (there is no such anchor "
        "on this page); fix the '#...' part",
        f"{LINK}:{line}:57: link '01-leading.md#nowhere' points to a heading that does not exist (the doc "
        "'modules/01-leading.md' does not contain an anchor '#nowhere'); fix the '#...' part",
        f"{LINK}:{line}:86: link '/about.md' starts with '/'; use a path relative to this file, such as "
        "'../about.md'",
        f"{LINK}:{line}:134: link '../library/city-guid.md' points to a page that does not exist; link to a .md "
        "file in curriculum/",
    ]


def test_links_into_entries_with_errors_are_not_judged_twice(fixture_copy: Path) -> None:
    append(fixture_copy, LINK, "\nSee [the guide](../library/city-guide.md).\n")
    (fixture_copy / "library/city-guide.yml").write_text("title: [unclosed\n", encoding="utf-8")
    assert problems(fixture_copy) == [
        "library/city-guide.yml:2:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"]


def test_the_plan_matches_what_mkdocs_built(built_minimal: Path) -> None:
    """Independent check: every planned page is where MkDocs wrote it, with every heading id the plan computed."""
    site = load_site(built_minimal, newest_version=True)
    built = pages_dir(built_minimal)
    assert len(site.pages) > 10
    for page in site.pages.values():
        html = (built / dest_path(page.src_uri)).read_text(encoding="utf-8")
        for heading in page.headings:
            assert f'id="{heading.id}"' in html, (page.src_uri, heading.id)
    for file in site.files.values():
        assert (built / file.src_uri).is_file(), file.src_uri



@pytest.mark.parametrize("src_uri", ["index.md", "about.md", "library/index.md", "library/city-guide.md",
                                     "modules/01-leading.md", "cohorts/2024-25/office-hours.md", "README.md",
                                     "assets/images/logo.svg", "cohorts/x/prevention-academy-x.ics"])
def test_urls_agree_with_mkdocs(src_uri: str) -> None:
    """academy.urls spells every page's address; MkDocs' own functions are the independent check."""
    from mkdocs.structure.files import File
    from mkdocs.utils import get_relative_url

    from academy import urls

    for directory_urls in (True, False):
        file = File(src_uri, "/docs", "/site", use_directory_urls=directory_urls)
        assert urls.page_url(src_uri, directory_urls) == file.url
        assert urls.dest_path(src_uri, directory_urls) == file.dest_uri
        for other in ("index.md", "modules/02-data.md", "cohorts/2024-25/opening.md"):
            other_url = urls.page_url(other, directory_urls)
            assert urls.relative_url(file.url, other_url) == get_relative_url(file.url, other_url)
