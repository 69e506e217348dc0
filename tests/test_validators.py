"""Independent checkers over one built sample site: the W3C Nu HTML checker and linkinator; and proof that
pa11y, the second accessibility engine, reports what it should.

Each checker runs once over the whole site (one JVM, one linkinator run); both read every file of site/,
older cohorts' kept versions included. pa11y (HTML_CodeSniffer, WCAG 2 AA) runs on every page kind in
tests/test_quality.py, on the workspace pages in tests/test_workspace.py and on the "what changed" page in
tests/test_versions.py, in the same page load as axe (``conftest.pa11y_errors``).

The Nu checker (``vnu-jar``), linkinator and pa11y are npm packages installed by ``tests/run.sh`` (``npm ci``); the Nu
checker needs Java (Debian's ``default-jre-headless``). A missing tool fails these tests, never skips them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import REPO, axe_violations, pa11y_errors, require, serve_directory

VNU_JAR = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
LINKINATOR = REPO / "node_modules/linkinator/build/src/cli.js"
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss16m"]
"""The quick JIT compiler only: one run over a few hundred files spends half the CPU time (measured: 6 s instead of
14 s) and reports the same messages. Its larger stack frames need a larger thread stack than Java's default."""

def html_files(site: Path) -> list[Path]:
    """Every HTML file of site/: every version, the root, ``latest/`` and ``changes/``."""
    return sorted(site.rglob("*.html"))


def page_address(path: Path) -> str:
    """The address the site's links use for a file: ``about/`` for ``about/index.html``. Given both, a link
    checker takes them for two pages and reads and checks each page twice."""
    if path.name != "index.html":
        return path.as_posix()
    return "" if path.parent == Path(".") else path.parent.as_posix() + "/"


@pytest.fixture(scope="module")
def site(built_sample: Path) -> Path:
    return built_sample / "site"


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


def test_nu_html_checker_finds_no_error(site: Path) -> None:
    require(VNU_JAR, "the Nu HTML checker (npm package vnu-jar)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("java not found; install Debian's default-jre-headless (tests/run.sh does)")
    files = html_files(site)
    assert len(files) > 100
    result = subprocess.run([java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--errors-only", "--stdout", "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout)["messages"]
    errors = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}" for m in messages
              if m.get("type") in ("error", "non-document-error")]
    assert errors == []
    assert result.returncode == 0


def broken_links(site: Path, site_url: str) -> list[str]:
    """linkinator over ``site`` served at ``site_url``: every HTML file is a start page (404 pages and
    redirect pages are linked from nowhere) and every link inside ``site_url`` is followed; links to other
    hosts are not checked (no network). One line per broken link: the page it is on, the link, the status.

    #fragments are checked by the site plan's own link checker (``build_site.py --check``), not here:
    linkinator looks a fragment up only on a page's first visit, so a link to a section of a page it has
    already read is never checked (tried with --check-fragments on linkinator 7.6.1)."""
    require(LINKINATOR, "linkinator (npm package linkinator)")
    starts = [site_url + page_address(p.relative_to(site)) for p in html_files(site)]
    result = subprocess.run(
        ["node", str(LINKINATOR), *starts, "--recurse", "--format", "json", "--concurrency", "8",
         "--timeout", "30000", "--skip", "^(?!" + re.escape(site_url) + ")"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    links = json.loads(result.stdout)["links"]
    assert len([link for link in links if link["state"] == "OK"]) >= len(starts), result.stdout[:2000]
    return sorted(f"/{link.get('parent', '?').removeprefix(site_url)}: {link['url'].removeprefix(site_url)} "
                  f"({link['status']})" for link in links if link["state"] == "BROKEN")


def test_linkinator_finds_no_broken_internal_link_404_pages_included(site: Path, site_url: str) -> None:
    assert broken_links(site, site_url) == []


def test_linkinator_reports_a_missing_page_and_a_broken_link_on_an_unlinked_page(tmp_path: Path) -> None:
    """The check above can fail: a link to a missing page, and a broken image on a page nothing links to (as
    404 pages are), are each reported."""
    page = '<!doctype html><html lang="en"><head><title>{0}</title></head><body><main>{1}</main></body></html>'
    (tmp_path / "index.html").write_text(page.format(
        "Home", '<a href="missing/">Missing</a> <a href="about.html">About</a>'), encoding="utf-8")
    (tmp_path / "about.html").write_text(page.format("About", "<h1>About</h1>"), encoding="utf-8")
    (tmp_path / "404.html").write_text(page.format("Not found", '<img src="gone.png" alt="Gone">'),
                                       encoding="utf-8")
    with serve_directory(tmp_path) as url:
        found = broken_links(tmp_path, url)
    assert found == ["/404.html: gone.png (404)", "/: missing/ (404)"], found


def test_pa11y_reports_errors_including_in_markup_a_script_adds_after_fetching(tmp_path: Path, open_page) -> None:
    """The pa11y checks can fail: an image without a text alternative is reported, and so is a form field
    without a label that a script adds once a fetched file arrives (as the version list and the search
    indexes arrive on the site's pages)."""
    (tmp_path / "late.json").write_text('{"label": false}', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>'
        '<img src="missing.png"><script>fetch("late.json").then(r => r.json()).then(() => {'
        'const field = document.createElement("input"); field.id = "late-field";'
        'document.querySelector("main").append(field); });</script></main></body></html>', encoding="utf-8")
    with serve_directory(tmp_path) as url:
        for width in (1280, 390):
            page, watch = open_page(url, width=width)
            watch.settle()
            errors = " ".join(pa11y_errors(page))
            assert "H37" in errors  # img without alt
            assert "#late-field" in errors  # the field added after the fetch has no label


def test_axe_reports_violations_with_the_elements_they_are_on(tmp_path: Path, open_page) -> None:
    """The axe checks can fail: an image without a text alternative and gray text on white are reported, each
    with the element it is on."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Check</title></head><body><main><h1>Check</h1>'
        '<img id="no-alt" src="data:,"><p id="faint" style="color:#bbb;background:#fff">Hard to read</p>'
        '</main></body></html>', encoding="utf-8")
    with serve_directory(tmp_path) as url:
        page, _ = open_page(url)
        found = axe_violations(page)
    assert any(line.startswith("image-alt (critical): ") and "#no-alt" in line for line in found), found
    assert any(line.startswith("color-contrast (serious): ") and "#faint" in line for line in found), found
