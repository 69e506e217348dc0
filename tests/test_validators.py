"""Independent checkers over one built sample site: the W3C Nu HTML checker and LinkChecker; and proof that
pa11y, the second accessibility engine, reports what it should.

Each checker runs once over the whole site (one JVM, one LinkChecker run); both read every file of site/,
older cohorts' kept versions included. pa11y (HTML_CodeSniffer, WCAG 2 AA) runs on every page kind in
tests/test_quality.py, on the workspace pages in tests/test_workspace.py and on the "what changed" page in
tests/test_versions.py, in the same page load as axe (``conftest.pa11y_errors``).

The Nu checker (``vnu-jar``) and pa11y are npm packages installed by ``tests/run.sh`` (``npm ci``); the Nu
checker needs Java (Debian's ``default-jre-headless``). A missing tool fails these tests, never skips them.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

from .conftest import REPO, QuietServer, pa11y_errors, serve_directory

VNU_JAR = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss16m"]
"""The quick JIT compiler only: one run over a few hundred files spends half the CPU time (measured: 6 s instead of
14 s) and reports the same messages. Its larger stack frames need a larger thread stack than Java's default."""

def html_files(site: Path) -> list[Path]:
    """Every HTML file of site/: every version, the root, ``latest/`` and ``changes/``."""
    return sorted(site.rglob("*.html"))


def page_address(path: Path) -> str:
    """The address the site's links use for a file: ``about/`` for ``about/index.html``. LinkChecker takes
    ``about/index.html`` and ``about/`` for two pages and would read and check each page twice."""
    if path.name != "index.html":
        return path.as_posix()
    return "" if path.parent == Path(".") else path.parent.as_posix() + "/"


class _LinkCheckerFriendlyHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; the ``LinkChecker`` header lets LinkChecker send more than 10 requests a second."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = QuietServer(  # LinkChecker may hang up before a body is sent
        ("127.0.0.1", 0), functools.partial(_LinkCheckerFriendlyHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(built_sample: Path) -> Path:
    return built_sample / "site"


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def require(path: Path, what: str) -> None:
    if not path.exists():
        pytest.fail(f"{what} not found at {path}; run `npm ci` (tests/run.sh does)")


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


def test_linkchecker_finds_no_broken_internal_link_404_pages_included(site: Path, site_url: str,
                                                                     tmp_path: Path) -> None:
    # Every HTML file of site/, older versions' included, is a start page (404 pages and redirects are linked
    # from nowhere); internal links are followed, links to other hosts are not checked (no network).
    host = site_url.removesuffix("/")
    config = tmp_path / "linkcheckerrc"
    config.write_text(  # LinkChecker is bound by Python's HTML parser: two threads are as quick as eight
        "[checking]\nmaxrequestspersecond=1000\nthreads=2\n"
        f"[filtering]\ninternlinks=^{host.replace('.', chr(92) + '.')}/\n"
        "ignore=\n  ^(https?|mailto|tel|webcal|data|javascript):(?!//127\\.0\\.0\\.1:)\n", encoding="utf-8")
    starts = "\n".join(site_url + page_address(p.relative_to(site)) for p in html_files(site))
    result = subprocess.run(
        [sys.executable, "-m", "linkcheck", "-f", str(config), "--stdin", "--no-status", "--no-robots",
         "--no-warnings", "-o", "csv"], input=starts, capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr
    rows = [row for row in csv.reader(
        (line for line in result.stdout.splitlines() if line and not line.startswith("#")), delimiter=";")]
    header, broken = rows[0], rows[1:]
    where = {name: header.index(name) for name in ("urlname", "parentname", "result")}
    found = [f"{row[where['parentname']].removeprefix(host)}: {row[where['urlname']]} ({row[where['result']]})"
             for row in broken]
    assert found == []
    assert result.returncode == 0


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
