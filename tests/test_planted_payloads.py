"""Script planted in every free-text field of the content, in two published versions, never runs.

The repository publishes cohort 1, pins it, and publishes cohort 2, with a distinct payload in every field
(``alert(n)``, n numbering the fields).  Every page of both versions is then opened in Chromium, and the
version selector, site search and catalog are used: no dialog may open.  The HTML is checked statically too.
The pages of ``latest/`` are checked to be redirect pages whose one script is the redirect template's, with
nothing in it but a JSON string naming an existing page of the newest version; a few of them are run.
"""

from __future__ import annotations

import itertools
import json
import posixpath
import re
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from .conftest import make_site, run_cli, serve_directory
from .payloads import plant_cohort, plant_everywhere, structure
from .test_versions import COHORT_1, COHORT_2, LEDGER, commit_ledger, git


PAYLOAD = "\"'><img src=x onerror=alert({n})><script>alert({n})</script><a href=javascript:alert({n})>x</a>"


@pytest.fixture(scope="module", autouse=True)
def writable_ledger() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CI", raising=False)
        patch.delenv("ACADEMY_LEDGER", raising=False)
        yield


def planter():
    numbers = itertools.count(1)
    return lambda field, original: f"{original} {PAYLOAD.format(n=next(numbers))}"


def built(result) -> None:
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("payloads") / "repo")
    (root / ".gitignore").write_text("/site/\n/.cache/\n__pycache__/\n", encoding="utf-8")
    (root / "cohorts.yml").write_text(COHORT_1, encoding="utf-8")
    (root / LEDGER).unlink(missing_ok=True)
    plant = planter()
    plant_everywhere(root, plant)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Cohort 1")
    built(run_cli(root))
    commit_ledger(root, date="2025-01-01T10:00:00+00:00")
    built(run_cli(root, "pin", "cohort-1"))
    cohorts = yaml.safe_load((root / "cohorts.yml").read_text(encoding="utf-8"))
    cohorts["cohorts"][0]["status"] = "completed"
    cohorts["cohorts"] += [plant_cohort(cohort, plant) for cohort in yaml.safe_load("cohorts:\n" + COHORT_2)["cohorts"]]
    (root / "cohorts.yml").write_text(yaml.safe_dump(cohorts, sort_keys=False, allow_unicode=True), encoding="utf-8")
    later = "2025-06-01T10:00:00+00:00"
    git(root, "add", "-A", date=later)
    git(root, "commit", "-q", "-m", "Cohort 2", date=later)
    built(run_cli(root))
    return root


def test_the_html_of_every_version_carries_no_planted_markup(planted: Path) -> None:
    pages = sorted((planted / "site").rglob("*.html"))
    versions = {p.relative_to(planted / "site").parts[0] for p in pages}
    assert {"cohort-1", "cohort-2", "latest"} <= versions
    planted_text = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        planted_text += text.count("onerror=alert(")
        found = structure(text)
        assert found.handlers == [], page
        # Data in inline scripts is JSON with < escaped: the planted markup may appear there only escaped.
        assert not [s for s in found.scripts if "<img src=x" in s or "<script>alert" in s or "'>" in s], page
        assert not [source for source in found.sources if source == "x" or "javascript:" in source], page
    assert planted_text > 100, "the payloads should be on the pages, as text"


REDIRECT_SCRIPT = re.compile(r'location\.replace\(("(?:[^"\\<]|\\.)*") \+ location\.search \+ location\.hash\);')
"""The one script of a redirect page (academy/versions/redirects.py): a JSON string, then the reader's query
and anchor. No other script, handler or address can run on such a page."""


def test_every_page_of_latest_only_sends_the_reader_to_the_same_page_of_the_newest_version(planted: Path) -> None:
    site = planted / "site"
    newest = json.loads((site / "versions.json").read_text(encoding="utf-8"))[0]["version"]
    pages = sorted((site / "latest").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        found = structure(page.read_text(encoding="utf-8"))
        assert found.handlers == [] and len(found.scripts) == 1, page
        match = REDIRECT_SCRIPT.fullmatch(found.scripts[0])
        assert match, (page, found.scripts[0])
        target = json.loads(match[1])
        assert not target.startswith(("/", "javascript:")) and ":" not in target.split("/")[0], (page, target)
        folder = page.parent.relative_to(site).as_posix()
        resolved = posixpath.normpath(posixpath.join(folder, target))
        assert resolved.split("/")[0] == newest, (page, target)
        file = site / resolved / "index.html" if target.endswith("/") else site / resolved
        assert file.is_file(), (page, target)
        assert [s for s in found.sources if s not in (target,)] == [], (page, found.sources)


def answer_redirects_with_an_empty_page(route) -> None:
    if route.request.is_navigation_request() and "/latest/" not in route.request.url:
        route.fulfill(content_type="text/html", body="<!doctype html><title>Arrived</title>")
    else:
        route.continue_()


def test_no_planted_script_runs_on_any_page_of_any_version(planted: Path, browser) -> None:
    site = planted / "site"
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    dialogs: list[str] = []
    with serve_directory(site) as base:
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        try:
            for path in paths:
                if not path.startswith("latest/"):
                    page.goto(base + path, wait_until="load")
            # latest/ holds a redirect page per page of the newest version, each with the same one script
            # (test above). A few are opened and their script runs; the page it sends the reader to, opened
            # above, is answered with an empty page this time.
            page.route("**/*", answer_redirects_with_an_empty_page)
            redirects = [path for path in paths if path.startswith("latest/")]
            for path in ["latest/index.html", "latest/404.html", *redirects[len(redirects) // 2::len(redirects)]]:
                page.goto(base + path, wait_until="load")
                page.wait_for_url(lambda url: "/latest/" not in url)
            page.unroute("**/*")
            for version in ("cohort-1", "cohort-2"):
                page.goto(f"{base}{version}/", wait_until="networkidle")
                page.locator(".md-version").hover()
                page.locator(".md-version__list").wait_for(state="attached")
                assert page.locator(".md-version__link").count() == 2
                assert page.locator(".md-version img, .md-version script").count() == 0
                page.goto(f"{base}{version}/search/?q=onerror", wait_until="networkidle")
                page.locator("#site-search-results li").first.wait_for()
                page.goto(f"{base}{version}/library/?q=onerror", wait_until="networkidle")
                page.locator(".academy-results li").first.wait_for()
                assert page.locator("main img[src=x]").count() == 0
        finally:
            context.close()
    assert dialogs == []
    assert len(paths) > 40
