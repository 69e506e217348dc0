"""Shared test helpers: throwaway sites built from small fixtures, a static server, and Chromium."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CODE = ("mkdocs.yml", "build_site.py", "academy", "theme")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


COSTLIEST_FIRST = ("test_versions.py", "test_quality.py", "test_validators.py", "test_workspace.py",
                   "test_planted_payloads.py", "test_library_site.py", "test_cohort_hub.py", "test_tables.py",
                   "test_bad_input.py", "test_escaping_properties.py", "test_cohort_site.py", "test_browser_smoke.py")
"""Modules that take longest, longest first: pytest-xdist hands whole modules to the two workers in this order,
so no long module starts last. The rest follow in their usual order."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(COSTLIEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a module's tests keep their order


def copy_code(target: Path) -> None:
    """Copy the generator (not the content) into ``target``."""
    for name in CODE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)


def make_site(target: Path, fixture: str | None = "minimal") -> Path:
    """A repository in ``target``: the generator plus a fixture's content.

    With ``fixture=None`` it is a clone of this repository (older cohorts' versions are built from its
    history) with the working tree's code and content laid over it.
    """
    if fixture is None:
        subprocess.run(["git", "clone", "-q", str(REPO), str(target)], check=True)
        for name in CODE + ("curriculum", "library", "cohorts.yml", "calendar-sequence.yml"):
            if (target / name).is_dir():
                shutil.rmtree(target / name)
    target.mkdir(parents=True, exist_ok=True)
    copy_code(target)
    source = FIXTURES / fixture if fixture else REPO
    for name in ("curriculum", "library", "cohorts.yml", "calendar-sequence.yml"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).exists():
            shutil.copy2(source / name, target / name)
    return target


def snapshot(directory: Path) -> dict[str, str]:
    """Every file below ``directory`` by relative path, with its SHA-256: to compare trees byte for byte."""
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def newest_version(root: Path) -> str:
    """The folder of the newest cohort's version inside site/ ('' for an unversioned site)."""
    versions = root / "site" / "versions.json"
    return json.loads(versions.read_text(encoding="utf-8"))[0]["version"] if versions.exists() else ""


def pages_dir(root: Path) -> Path:
    """Where the newest version's pages are: site/<newest cohort id>/, or site/ when unversioned."""
    return root / "site" / newest_version(root)


def run_build(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as a facilitator would."""
    return subprocess.run([sys.executable, str(root / "build_site.py"), *args], cwd=root,
                          capture_output=True, text=True, timeout=timeout)


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line's own ``main()`` in this process, from ``root`` as the working folder: what
    ``build_site.py`` runs, without a new interpreter's start-up (for the many cases of one suite)."""
    import contextlib
    import io

    from academy.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(root), *args])
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["build_site.py", *args], code, out.getvalue(), err.getvalue())


def copy_tree(source: Path, target: Path, link: tuple[str, ...] = (), leave_out: tuple[str, ...] = ()) -> Path:
    """A copy of the folder ``source`` at ``target``: its top-level folders named in ``link`` hard-linked
    (for folders no test writes into; a build replaces ``site/`` whole), those in ``leave_out`` left out."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.name in leave_out:
            continue
        if path.name in link:
            shutil.copytree(path, target / path.name, symlinks=True, copy_function=os.link)
        elif path.is_dir():
            shutil.copytree(path, target / path.name, symlinks=True)
        else:
            shutil.copy2(path, target / path.name)
    return target


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    return make_site(tmp_path / "repo")


@contextlib.contextmanager
def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """A folder ``name`` shared by every pytest-xdist worker of this run, held under a lock.

    The first worker to ask makes what goes in it; the others wait for the lock and find it made.
    Without xdist it is a folder of this session's temporary directory.
    """
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield base / name


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, fixture: str | None) -> Path:
    """A fixture site built once per run (by one worker), or the same failure in every worker."""
    with once_per_run(tmp_path_factory, name) as folder:
        root, done = folder / "repo", folder / "built"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make_site(root, fixture)
            result = run_build(root)
            assert result.returncode == 0, result.stderr
            done.write_text("", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture, built once per run; returns its repository root. Tests only read it."""
    return built_once(tmp_path_factory, "minimal", "minimal")


@pytest.fixture
def built_copy(built_minimal: Path, tmp_path: Path) -> Path:
    """A copy of the built minimal fixture (site/ included), for a test that changes it."""
    return Path(shutil.copytree(built_minimal, tmp_path / "repo", symlinks=True))


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample content, built once per run. Tests only read it."""
    return built_once(tmp_path_factory, "sample", None)


REBUILD_EPOCH = "1735689600"
"""SOURCE_DATE_EPOCH of the reproducibility builds: 2025-01-01 00:00 UTC."""
HASH_SEEDS = ("1", "2", "3")


@pytest.fixture(scope="session")
def rebuilt_minimal(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The minimal fixture built from three fresh copies by the real command, each in a new interpreter with
    its own hash seed (set order must not leak into the output) and SOURCE_DATE_EPOCH=REBUILD_EPOCH, once per
    run; returns their repository roots."""
    with once_per_run(tmp_path_factory, "rebuilt") as folder:
        roots = [folder / f"seed-{seed}" for seed in HASH_SEEDS]
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            for seed, root in zip(HASH_SEEDS, roots):
                make_site(root)
                environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
                result = subprocess.run([sys.executable, str(root / "build_site.py")], cwd=root, capture_output=True,
                                        text=True, timeout=600,
                                        env=dict(environment, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH=REBUILD_EPOCH))
                assert result.returncode == 0, result.stderr
            (folder / "built").write_text("", encoding="utf-8")
    return roots


BETWEEN_PAGES = "/__between-pages__"
"""A page of the test server, not of the site: where a reused tab waits between two tests (``reused_tab``)."""
BETWEEN_PAGES_HTML = (b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
                      b"<title>Between two tests</title></head></html>")
"""An empty page of the site's origin that names its icon, so the browser asks for no /favicon.ico."""


CHECKERS = "/__checkers__/"
"""Where the test server serves the accessibility engines' in-page scripts (``checker_script``): a page adds them
by address, so Chromium compiles each once and then takes it from its code cache, instead of compiling half a
megabyte of script for every audit."""


@functools.cache
def checker_script(name: str) -> bytes:
    """The in-page script of one accessibility engine: ``axe.js`` (axe-core) or ``pa11y.js`` (pa11y's runner)."""
    if name == "axe.js":
        from axe_playwright_python.base import AXE_SCRIPT

        return AXE_SCRIPT.encode("utf-8")
    if name == "pa11y.js":
        return _pa11y_in_page()["script"].encode("utf-8")
    raise KeyError(name)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == BETWEEN_PAGES:
            self._answer(BETWEEN_PAGES_HTML, "text/html; charset=utf-8")
        elif self.path.startswith(CHECKERS):
            self._answer(checker_script(self.path[len(CHECKERS):]), "text/javascript; charset=utf-8",
                         cache="max-age=86400, immutable")
        else:
            super().do_GET()

    def _answer(self, body: bytes, content_type: str, cache: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if cache:
            self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A loopback test server that does not print a traceback when a client hangs up early (a browser
    canceling a request it no longer needs, a link checker that read the headers only). It queues up to 128
    connections (``socketserver``'s default is 5: a link checker's parallel requests were refused)."""

    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def add_checker(page, name: str) -> None:
    """Add an accessibility engine's script to the page, by address from the test server that served the page
    (``serve_directory``; ``CHECKERS``): compiled once, then taken from Chromium's code cache."""
    page.add_script_tag(url="{0.scheme}://{0.netloc}".format(urlsplit(page.url)) + CHECKERS + name)


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's 'chromium' package "
                    "(the README's test command does) or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  HOST_RULES])
        yield chromium
        chromium.close()


HOST_RULES = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
"""The browser reaches no other host: every name but the loopback's fails to resolve. A request to another host
still shows as a request (PageWatch records it) and fails, as it would on a city network that blocks it.
(Intercepting every request instead would also switch off the browser's cache.)"""


class PageWatch:
    """Records console errors and requests to any host other than the site's own."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.own_host = urlsplit(base_url).netloc
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self._in_flight: set = set()
        self._last_change = time.monotonic()
        page.on("request", self._request)
        page.on("requestfinished", self._settled)
        page.on("requestfailed", self._settled)

    def _request(self, request) -> None:
        self._in_flight.add(request)
        self._last_change = time.monotonic()
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != self.own_host:
            self.foreign_requests.append(request.url)

    def _settled(self, request) -> None:
        self._in_flight.discard(request)
        self._last_change = time.monotonic()

    def settle(self, quiet_ms: int = 150, timeout: float = 15.0) -> None:
        """Wait for the page's load event, then until no request has been in flight for ``quiet_ms``: the
        version list, the search indexes and the files they fetch have arrived and been shown. Playwright's
        "networkidle" waits a fixed 500 ms; a loopback server answers in a few."""
        self.page.wait_for_load_state("load")
        deadline = time.monotonic() + timeout
        while self._in_flight or time.monotonic() - self._last_change < quiet_ms / 1000:
            if time.monotonic() > deadline:
                raise AssertionError(f"requests still in flight after {timeout} s: "
                                     f"{sorted(r.url for r in self._in_flight)}")
            self.page.wait_for_timeout(25)

    def clear(self) -> None:
        """Forget what was recorded (a page reused for the next check)."""
        self.console_errors.clear()
        self.foreign_requests.clear()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, label_in_name: bool = True) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now, as one line per violated rule.

    label-content-name-mismatch (WCAG 2.5.3, Level A) is experimental in axe, so it is switched on by name.
    Only violations are collected node by node (``resultTypes``): the rules all run as before, but axe does not
    build a selector for every element that passes. Only what the lines show leaves the page, not axe's whole
    result (some 40 KB: every rule with its description and one passing node) through Playwright's driver to
    Python (``test_quality.py``: about 1 CPU-second of 66 saved, two alternated runs)."""
    add_checker(page, "axe.js")
    violations = page.evaluate(
        "([tags, extra]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], "
        "rules: {'label-content-name-mismatch': {enabled: extra}}}).then(result => result.violations.map("
        "v => ({id: v.id, impact: v.impact, targets: v.nodes.map(node => node.target)})))",
        [WCAG_TAGS, label_in_name])
    return [f"{v['id']} ({v['impact']}): {v['targets'][:3]}" for v in violations]


def require(path: Path, what: str) -> None:
    """A checker the suite needs: missing, it fails the test (never a skip)."""
    if not path.exists():
        pytest.fail(f"{what} not found at {path}; run `npm ci` (tests/run.sh does)")


@functools.cache
def _pa11y_in_page() -> dict:
    """pa11y's in-page checker and options (tests/pa11y_in_page.js), read once per process."""
    require(REPO / "node_modules/pa11y", "pa11y (npm package pa11y)")
    result = subprocess.run(["node", str(REPO / "tests/pa11y_in_page.js")], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def pa11y_errors(page) -> list[str]:
    """pa11y's errors (HTML_CodeSniffer, WCAG 2 AA) on the page as it is now, one line per error.

    pa11y's own in-page runner and rules, as pa11y injects and calls them, on the page the other checks
    opened: the second accessibility engine beside axe, without a second browser loading every page again."""
    add_checker(page, "pa11y.js")
    result = page.evaluate("options => window.__pa11y.run(options)", _pa11y_in_page()["options"])
    return [f"{issue['code']} at {issue['selector']}: {issue['message']}"
            for issue in result["issues"] if issue["type"] == "error"]


@pytest.fixture
def open_page(browser):
    """``open_page(base_url, path, width=1280)`` -> (page, watch); closes its context afterwards."""
    contexts = []

    def opener(base_url: str, path: str = "", width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page, base_url)
        page.goto(base_url + path)
        return page, watch

    yield opener
    for context in contexts:
        context.close()


FRESH_START = "__academy_fresh_start__"
"""The mark a reused tab leaves in ``window.name`` (kept across a same-origin navigation) for the next page."""
EMPTY_STORAGE_ON_FRESH_START = f"""(() => {{
  if (window.name !== "{FRESH_START}") return;
  window.name = "";
  localStorage.clear();
  sessionStorage.clear();
}})()"""
"""Init script of a reused tab: the first page a test opens starts with empty storage. It runs before any of the
page's scripts, and after the page left behind has run its pagehide and unload handlers."""


@pytest.fixture(scope="module")
def reused_tab(browser):
    """``reused_tab(base_url, path, width=1280, height=900, group="", before=None, **options)`` -> (page, watch):
    like ``open_page`` (``before(page)`` runs on a page of the site's origin just before the page loads: to
    set the clock or store what the page should find), but one tab per set of context options (window size,
    time zone, ``group`` for a context a test changes for good, such as a fixed clock) serves every test of
    the module that asks for the same. The base URL must be one ``serve_directory`` serves.

    A new context starts a renderer with an empty cache (about 0.6 s); navigating an open tab costs a third
    of that. Each test still starts from what a new context would give it: the origin's cookies are cleared,
    print emulation is switched off, the mouse leaves the window and what the watch recorded is forgotten, and
    the page the test opens starts with empty local and session storage (``EMPTY_STORAGE_ON_FRESH_START``,
    marked in ``window.name``: the previous page's unload handlers have run by then, as leaving a page runs
    them). With ``before``, the previous page is left for the test server's empty page ``BETWEEN_PAGES`` on
    the same origin, where storage is cleared and ``before`` runs (the empty page names its icon, so no
    /favicon.ico request can land on the next test's watch). Tests that add init scripts or need a context of
    their own keep ``open_page``."""
    opened: dict[tuple, tuple[object, object, PageWatch]] = {}

    def reuse(base_url: str, path: str = "", width: int = 1280, height: int = 900, group: str = "",
              before=None, **options):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        scripts = options.get("java_script_enabled", True)
        key = (origin, width, height, group, tuple(sorted(options.items())))
        if key not in opened:
            context = browser.new_context(viewport={"width": width, "height": height}, **options)
            page = context.new_page()
            page.add_init_script(EMPTY_STORAGE_ON_FRESH_START)
            opened[key] = (context, page, PageWatch(page, base_url))
            if before:
                page.goto(origin + BETWEEN_PAGES)  # before() finds the site's origin, as on a reused tab
        else:
            context, page, _ = opened[key]
            if before or not page.url.startswith(origin + "/"):
                page.goto(origin + BETWEEN_PAGES)
                if scripts:
                    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            elif scripts:
                page.evaluate(f"() => {{ window.name = '{FRESH_START}'; }}")
            context.clear_cookies()
            page.emulate_media(media="null")
            page.mouse.move(-1, -1)
        _, page, watch = opened[key]
        if before:
            before(page)
        watch.clear()
        page.goto(base_url + path)
        return page, watch

    yield reuse
    for context, _, _ in opened.values():
        context.close()


# The live preview --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """The page's text, also when the preview answers 500 (a failed build)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False
