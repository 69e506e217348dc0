"""One version per cohort, in a throwaway git repository built once for this module.

Publish cohort 1; pin it; change a module; publish cohort 2; build again.  As staff would, each
publication records the calendar SEQUENCE ledger (``--update-ledger``) and commits it with cohorts.yml.

Most commands run the command line's ``main()`` in this process (``run_cli``); the first build, a fresh clone's
build, a copy without history, publishing the newest cohort and the concurrent builds run the real
``build_site.py`` in a new interpreter. Older cohorts' versions are always built by their own commit's
``build_site.py`` in a new interpreter. A test that changes the repository works on a copy (``copy_tree``) that
hard-links site/ and .cache/ and leaves out what the test does not read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from .conftest import copy_tree as copy_folder, make_site, run_build, run_cli, serve_directory, snapshot


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "versions"
COHORT_1 = (FIXTURE / "cohorts.yml").read_text(encoding="utf-8")
"""A complete cohorts.yml with one cohort, cohort-1 (its ``id:`` on line 15)."""
COHORT_2 = (FIXTURE / "cohort-2.yml").read_text(encoding="utf-8")
"""A second complete cohort, cohort-2, starting a year later; appended to the file for the second publication."""
LEDGER = "calendar-sequence.yml"
EXTRA_PAGE = "---\ntitle: Old notes\n---\n\n# Old notes\n\n## Only in cohort one\n\nGone later.\n"


def git(root: Path, *args: str, date: str = "2025-01-01T10:00:00+00:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="Staff", GIT_AUTHOR_EMAIL="staff@example.org",
               GIT_COMMITTER_NAME="Staff", GIT_COMMITTER_EMAIL="staff@example.org",
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CONFIG_NOSYSTEM="1")
    result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return result.stdout




@dataclass
class Published:
    root: Path
    cohort_1_first: dict[str, str]
    """site/cohort-1 right after cohort 1 was published (built from the working tree)."""
    second: dict[str, str]
    """The whole site after cohort 2 was published."""
    third: dict[str, str]
    """The whole site after one more build with nothing changed."""
    third_log: str


def check(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stderr


def commit_ledger(root: Path, date: str) -> None:
    """Record the calendar events and amend the last commit with the ledger ('commit it with cohorts.yml')."""
    assert git(root, "status", "--porcelain") == "", "a build writes no tracked file"
    check(run_cli(root, "--update-ledger"))
    assert LEDGER in git(root, "status", "--porcelain", "--", LEDGER), "--update-ledger should write the ledger"
    git(root, "add", LEDGER, date=date)
    git(root, "commit", "-q", "--amend", "--no-edit", date=date)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    root = make_site(tmp_path_factory.mktemp("versions") / "repo")
    (root / ".gitignore").write_text("/site/\n/.cache/\n__pycache__/\n", encoding="utf-8")
    (root / "cohorts.yml").write_text(COHORT_1, encoding="utf-8")
    (root / LEDGER).unlink(missing_ok=True)
    (root / "curriculum" / "old-notes.md").write_text(EXTRA_PAGE, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Cohort 1 content")
    check(run_build(root))
    cohort_1_first = snapshot(root / "site" / "cohort-1")
    commit_ledger(root, date="2025-01-01T10:00:00+00:00")

    check(run_cli(root, "pin", "cohort-1"))
    module = root / "curriculum" / "modules" / "01-leading.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "## Discussion questions\n\n1. Who convenes in your city?\n",
        "## New evidence\n\nRecent studies <b>show</b> that convening works.\n"), encoding="utf-8")
    (root / "curriculum" / "old-notes.md").unlink()
    cohorts = (root / "cohorts.yml").read_text(encoding="utf-8")
    (root / "cohorts.yml").write_text(cohorts + COHORT_2, encoding="utf-8")
    later = "2025-06-01T10:00:00+00:00"
    git(root, "add", "-A", date=later)
    git(root, "commit", "-q", "-m", "Revised module 1 for cohort 2", date=later)
    check(run_cli(root))
    second = snapshot(root / "site")
    commit_ledger(root, date=later)
    assert git(root, "status", "--porcelain") == ""
    third_log = check(run_cli(root))
    return Published(root, cohort_1_first, second, snapshot(root / "site"), third_log)


LINKED = ("site", ".cache")
"""What a copy hard-links instead of copying (13 MB of a copy's 15): a build replaces site/ as a whole
and writes cache entries and manifests under new names it then renames into place, so no build writes into a
linked file, and a test that writes into one copies that folder instead (``link=``)."""


def copy_tree(source: Path, target: Path, with_git: bool = True, link: tuple[str, ...] = LINKED,
              leave_out: tuple[str, ...] = ()) -> Path:
    """A copy of the repository ``source`` at ``target``: ``link`` folders hard-linked, ``leave_out`` left out
    (both untracked, so the copy's git status is the source's)."""
    return copy_folder(source, target, link, leave_out + (() if with_git else (".git",)))


def copy_repo(published: Published, target: Path, with_git: bool = True, link: tuple[str, ...] = LINKED,
              leave_out: tuple[str, ...] = ()) -> Path:
    return copy_tree(published.root, target / "repo", with_git, link, leave_out)


def read(published: Published, path: str) -> str:
    return (published.root / "site" / path).read_text(encoding="utf-8")


# --- the published site -------------------------------------------------------------------------------------

def test_publishing_a_new_cohort_leaves_the_older_version_byte_identical(published: Published) -> None:
    older = {path.removeprefix("cohort-1/"): digest for path, digest in published.second.items()
             if path.startswith("cohort-1/")}
    assert older == published.cohort_1_first


def test_cohorts_yml_records_the_pin(published: Published) -> None:
    head_of_cohort_1 = git(published.root, "rev-parse", "HEAD~1").strip()
    assert f'    published_from: "{head_of_cohort_1}"\n' in (published.root / "cohorts.yml").read_text()


def test_versions_json_is_in_mikes_format_newest_first(published: Published) -> None:
    assert json.loads(read(published, "versions.json")) == [
        {"version": "cohort-2", "title": "Cohort 2 (2026)", "aliases": ["latest"]},
        {"version": "cohort-1", "title": "Cohort 1 (2025)", "aliases": []},
    ]


def test_each_version_shows_its_own_content(published: Published) -> None:
    new = read(published, "cohort-2/modules/01-leading/index.html")
    old = read(published, "cohort-1/modules/01-leading/index.html")
    assert "New evidence" in new and "Discussion questions" not in new
    assert "Discussion questions" in old and "New evidence" not in old
    assert (published.root / "site/cohort-1/old-notes/index.html").exists()
    assert not (published.root / "site/cohort-2/old-notes").exists()


def test_root_and_latest_redirect_to_the_current_cohort(published: Published) -> None:
    root_page = read(published, "index.html")
    assert 'content="0; url=cohort-2/"' in root_page and '<a href="cohort-2/">' in root_page
    assert "location.hash" in root_page
    alias = read(published, "latest/modules/01-leading/index.html")
    assert 'url=../../../cohort-2/modules/01-leading/' in alias


def test_changes_since_an_older_cohort_are_summarised(published: Published) -> None:
    changes = json.loads(read(published, "changes/cohort-1.json"))
    assert changes["current"] == "cohort-2"
    assert changes["modules"] == {"modules/01-leading.md": {
        "status": "changed",
        "summary": "1 section added (New evidence); 1 section removed (Discussion questions); "
                   "2 lines added, 2 removed.",
        "lines_added": 2, "lines_removed": 2,
        "sections_added": ["New evidence"], "sections_removed": ["Discussion questions"],
        "diff": "changes/cohort-1/01-leading.html",
    }}
    assert json.loads(read(published, "changes/cohort-2.json"))["modules"] == {}
    diff = read(published, "changes/cohort-1/01-leading.html")
    assert "Recent studies &lt;b&gt;show&lt;/b&gt; that convening works." in diff
    assert "<b>show</b>" not in diff


def test_a_second_build_reuses_the_cache_and_is_byte_identical(published: Published) -> None:
    assert "version cohort-1: cached from" in published.third_log
    assert published.third == published.second


def test_a_fresh_clone_rebuilds_the_same_site(published: Published, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(published.root), str(clone)], check=True, capture_output=True)
    log = check(run_build(clone))
    assert "version cohort-1: built from" in log
    assert snapshot(clone / "site") == published.second
    assert git(clone, "status", "--porcelain") == "", "a build writes no tracked file"


# --- errors ---------------------------------------------------------------------------------------------------

def test_a_missing_pin_is_one_clear_line_and_the_site_is_kept(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path)
    cohorts = root / "cohorts.yml"
    text = cohorts.read_text()
    pin = text.split('published_from: "')[1].split('"')[0]
    cohorts.write_text(text.replace(f'"{pin}"', "v9"))
    result = run_cli(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "cohorts.yml:16:21: cohort 'cohort-1' published_from 'v9' is not a commit in this clone; "
        "fetch it (git fetch --tags, or git fetch --unshallow) or correct the pin")
    assert snapshot(root / "site") == published.second


def test_a_pin_outside_git_is_a_clear_error(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path, with_git=False)
    result = run_cli(root)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("cohorts.yml:16:21: cohort 'cohort-1' published_from '")
    assert "is not a git repository" in first and "build from a git clone" in first


def test_an_older_cohort_without_a_pin_is_reported(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path)
    cohorts = root / "cohorts.yml"
    cohorts.write_text("".join(line for line in cohorts.read_text().splitlines(keepends=True)
                               if "published_from" not in line))
    result = run_cli(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "cohorts.yml:15:9: cohort 'cohort-1' has no published_from, but only the newest cohort ('cohort-2') "
        "is built from the working tree; record the commit or tag its version was published from with "
        "'python build_site.py pin cohort-1 --at <commit>'")


def test_a_failed_build_leaves_the_whole_site_as_it_was(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path)
    module = root / "curriculum" / "modules" / "02-data.md"
    module.write_text(module.read_text().replace("duration_minutes: 45", "duration_minutes: 50"))
    result = run_cli(root)
    assert result.returncode == 1
    assert "curriculum/modules/02-data.md:" in result.stderr, result.stderr
    assert snapshot(root / "site") == published.second


# --- in Chromium ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(published: Published):
    with serve_directory(published.root / "site") as base_url:
        yield base_url


def test_the_root_and_the_alias_send_readers_to_the_current_cohort(served: str, reused_tab) -> None:
    page, watch = reused_tab(served, "")
    page.wait_for_url(served + "cohort-2/")
    page, watch = reused_tab(served, "latest/modules/01-leading/#new-evidence")
    page.wait_for_url(served + "cohort-2/modules/01-leading/#new-evidence")
    assert watch.foreign_requests == []


def test_the_selector_keeps_the_page_and_the_anchor(served: str, reused_tab) -> None:
    page, watch = reused_tab(served, "cohort-2/modules/02-data/#why-data-matters")
    selector = page.locator(".md-version")
    selector.wait_for()
    assert page.locator("[data-md-component=outdated]").is_hidden()
    selector.hover()
    page.get_by_role("link", name="Cohort 1 (2025)").click()
    page.wait_for_url(served + "cohort-1/modules/02-data/#why-data-matters")
    page.locator(".md-version").hover()
    page.get_by_role("link", name="Cohort 2 (2026)").click()
    page.wait_for_url(served + "cohort-2/modules/02-data/#why-data-matters")
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_an_older_version_shows_the_banner_and_what_changed(served: str, reused_tab) -> None:
    page, watch = reused_tab(served, "cohort-1/modules/01-leading/#why-this-matters")
    banner = page.locator("[data-md-component=outdated]")
    banner.wait_for(state="visible")
    link = page.locator("#academy-outdated-link")
    expected = served + "cohort-2/modules/01-leading/#why-this-matters"
    page.wait_for_function("href => document.getElementById('academy-outdated-link').href === href", arg=expected)
    notice = page.locator("#academy-changed")
    notice.wait_for(state="visible")
    assert "1 section added (New evidence)" in notice.inner_text()
    assert notice.get_by_role("link", name="See every change").get_attribute("href") == \
        served + "changes/cohort-1/01-leading.html"
    link.click()
    page.wait_for_url(expected)
    assert page.locator("#academy-changed").count() == 0
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_the_what_changed_page_sits_in_the_site_chrome_and_passes_axe_and_pa11y(served: str, reused_tab,
                                                                                 published: Published) -> None:
    import re

    from .conftest import axe_violations, pa11y_errors

    html = read(published, "changes/cohort-1/01-leading.html")
    assert 'class="md-header' in html and "academy-footer" in html
    assert re.search(r"<title>What changed in “Module 1: [^<]+” - Prevention Academy</title>", html)
    for width in (1280, 390):
        page, watch = reused_tab(served, "changes/cohort-1/01-leading.html", width=width)
        watch.settle()
        assert axe_violations(page) == []
        assert pa11y_errors(page) == []
        assert watch.console_errors == [] and watch.foreign_requests == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0


def test_the_banner_falls_back_to_the_current_home(served: str, reused_tab) -> None:
    page, watch = reused_tab(served, "cohort-1/old-notes/#only-in-cohort-one")
    page.locator("[data-md-component=outdated]").wait_for(state="visible")
    page.wait_for_function("href => document.getElementById('academy-outdated-link').href === href",
                           arg=served + "cohort-2/")
    assert watch.console_errors == []


def third_cohort() -> str:
    """Cohort 2's entry moved 52 weeks later (same weekdays) as cohort 3, as staff would add it."""
    import datetime as dt
    import re

    def later(match: re.Match[str]) -> str:
        return (dt.date.fromisoformat(match.group(0)) + dt.timedelta(weeks=52)).isoformat()

    text = re.sub(r"\b20\d\d-\d\d-\d\d\b", later, COHORT_2)
    return text.replace("cohort-2", "cohort-3").replace("Cohort 2 (2026)", "Cohort 3 (2027)")


@dataclass
class Third:
    root: Path
    before: dict[str, str]
    """The whole site after cohort 2 was pinned (committed) and the site built."""
    status: str
    """git status right after that build."""
    log: str
    after: dict[str, str]
    """The whole site after cohort 3 was added and the site built again."""


@pytest.fixture(scope="module")
def third(published: Published, tmp_path_factory: pytest.TempPathFactory) -> Third:
    """Cohort 2 pinned to the published HEAD and committed, the site built; then cohort 3 added and the site built
    again: cohort 2's version now comes from its pin (that commit's own build_site.py) and is kept in the cache."""
    root = copy_repo(published, tmp_path_factory.mktemp("third"))
    later = "2025-06-01T10:00:00+00:00"
    check(run_cli(root, "pin", "cohort-2"))
    git(root, "commit", "-qam", "Pin cohort 2", date=later)
    check(run_cli(root))
    before, status = snapshot(root / "site"), git(root, "status", "--porcelain")

    cohorts = (root / "cohorts.yml").read_text(encoding="utf-8")
    (root / "cohorts.yml").write_text(cohorts + third_cohort(), encoding="utf-8")
    log = check(run_cli(root))
    return Third(root, before, status, log, snapshot(root / "site"))


def test_a_third_cohort_is_one_edit_and_one_command(third: Third) -> None:
    """Cohort 2 was pinned when it was published; adding cohort 3 then needs one edit and one build."""
    assert third.status == "", "a pinned newest cohort still builds from the working tree"
    for older in ("cohort-1/", "cohort-2/"):
        assert {p: h for p, h in third.after.items() if p.startswith(older)} == \
               {p: h for p, h in third.before.items() if p.startswith(older)}, older
    assert json.loads((third.root / "site" / "versions.json").read_text())[0] == \
        {"version": "cohort-3", "title": "Cohort 3 (2027)", "aliases": ["latest"]}
    assert "Traceback" not in third.log


def test_staff_publish_a_third_cohort_with_new_cohort_fill_in_and_one_build(published: Published, third: Third,
                                                                             tmp_path: Path) -> None:
    """The README's routine: new-cohort, fill in what it lists, commit, build; older versions do not change.

    new-cohort pins cohort 2 to the commit ``third`` pinned it to, so the build takes cohort 2's version from the
    cache entry ``third`` made from that pin (the files this build would make: the same commit's build_site.py on
    the same tree) instead of rendering it a second time."""
    root = copy_repo(published, tmp_path)
    for entry in (third.root / ".cache" / "versions").glob("cohort-2-*"):
        shutil.copytree(entry, root / ".cache" / "versions" / entry.name, copy_function=os.link)
    before = snapshot(root / "site")
    assert git(root, "status", "--porcelain") == ""
    head = git(root, "rev-parse", "HEAD").strip()

    log = check(run_cli(root, "new-cohort", "cohort-3", "--from", "cohort-2", "--start", "2027-02-28"))
    assert "ok: added cohort 'cohort-3' (Cohort 3 (2027))" in log and "moved 52 weeks later" in log
    assert f"ok: pinned cohort 'cohort-2' to {head} (HEAD)" in log
    assert "Still to fill in" in log and "cities: the 4 cities" in log
    cohorts = (root / "cohorts.yml").read_text(encoding="utf-8")
    assert cohorts.count(f'published_from: "{head}"') == 1
    added = cohorts[cohorts.index("  - id: cohort-3"):]
    assert "    start: 2027-02-28\n    end: 2027-06-29\n" in added  # 2026-06-30 (a Tuesday) + 52 weeks: a Tuesday
    assert added.count("{city: To be announced, timezone: America/Chicago, officials: []}") == 4

    # Fill in: the cities, and the schedule confirmed as drafted (each '!sample' mark removed).
    cities = iter([("Nu", "WI"), ("Xi", "IA"), ("Omicron", "KS"), ("Pi", "MO")])
    filled = added.replace("!sample", "")
    while "{city: To be announced," in filled:
        city, state = next(cities)
        filled = filled.replace("{city: To be announced,", f"{{city: {city}, state: {state},", 1)
    (root / "cohorts.yml").write_text(cohorts.replace(added, filled), encoding="utf-8")
    check(run_cli(root, "--check", "--release"))
    check(run_cli(root, "--update-ledger"))
    later = "2026-12-01T10:00:00+00:00"
    git(root, "commit", "-qam", "Cohort 3", date=later)

    log = check(run_cli(root))
    assert "version cohort-2: cached from" in log, "the pin is the commit pinned's cache entry was built from"
    after = snapshot(root / "site")
    for older in ("cohort-1/", "cohort-2/"):
        assert {p: h for p, h in after.items() if p.startswith(older)} == \
               {p: h for p, h in before.items() if p.startswith(older)}, older
    assert json.loads((root / "site" / "versions.json").read_text())[0] == \
        {"version": "cohort-3", "title": "Cohort 3 (2027)", "aliases": ["latest"]}
    overview = (root / "site" / "cohort-3" / "cohorts" / "cohort-3" / "index.html").read_text(encoding="utf-8")
    assert "Nu, WI" in overview and "Sample data" not in overview
    module = (root / "site" / "cohort-3" / "modules" / "01-leading" / "index.html").read_text(encoding="utf-8")
    runs = module[module.index('id="module-schedule"'):]
    runs = runs[:runs.index("</section>")]
    assert "Cohort 3 (2027)" in runs and "Cohort 2" not in runs  # a version's module pages show its own dates
    assert "Traceback" not in log and "calendar-sequence.yml" not in log
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.parametrize("args, expected", [
    (["cohort-2", "--from", "cohort-2", "--start", "2027-02-28"],
     "cohorts.yml:{cohort_2}:9: new cohort id 'cohort-2' is already used by this cohort; choose another, such as "
     "'cohort-2-2'"),
    (["cohort-3", "--from", "cohort-9", "--start", "2027-02-28"],
     "cohorts.yml:14:1: --from 'cohort-9' is not a cohort in cohorts.yml (did you mean 'cohort-2'?); the cohorts "
     "are: cohort-1, cohort-2"),
    (["cohort-3", "--from", "cohort-2", "--start", "2027-03-01"],
     "cohorts.yml:{cohort_2_start}:12: --start 2027-03-01 is a Monday, but cohort 'cohort-2' starts on a Sunday "
     "and its schedule moves by whole weeks so every session keeps its weekday; use 2027-02-28 or 2027-03-07"),
    (["cohort-3", "--from", "cohort-2", "--start", "2026-06-14"],
     "cohorts.yml:{cohort_2_start}:12: --start 2026-06-14 is not after cohort 'cohort-2' ends (2026-06-30); "
     "cohorts follow each other, use 2026-07-05 or later"),
    (["cohort-3", "--from", "cohort-2", "--start", "next spring"],
     "cohorts.yml:{cohort_2_start}:12: --start 'next spring' is not a date; write it as YYYY-MM-DD, such as "
     "'2026-07-05'"),
])
def test_a_bad_new_cohort_request_is_one_located_line_and_nothing_is_written(
        published: Published, tmp_path: Path, args: list[str], expected: str) -> None:
    root = copy_repo(published, tmp_path, leave_out=LINKED)  # new-cohort reads cohorts.yml and git only
    text = (root / "cohorts.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    cohort_2 = lines.index("  - id: cohort-2") + 1
    expected = expected.format(cohort_2=cohort_2, cohort_2_start=cohort_2 + 3)
    result = run_cli(root, "new-cohort", *args)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == expected
    assert "Traceback" not in result.stderr
    assert (root / "cohorts.yml").read_text(encoding="utf-8") == text


def test_new_cohort_refuses_uncommitted_changes(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path, leave_out=LINKED)
    module = root / "curriculum" / "modules" / "01-leading.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nA late fix.\n", encoding="utf-8")
    text = (root / "cohorts.yml").read_text(encoding="utf-8")
    result = run_cli(root, "new-cohort", "cohort-3", "--from", "cohort-2", "--start", "2027-02-28")
    assert result.returncode == 1
    assert "cannot pin cohort 'cohort-2' to the current commit: curriculum/modules/01-leading.md changed since; " \
           "commit (or undo) them first" in result.stderr
    assert (root / "cohorts.yml").read_text(encoding="utf-8") == text

# --- the build cache and concurrent builds ------------------------------------------------------------------

def test_a_tampered_cache_entry_is_rebuilt_not_published(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path, link=("site",))  # the test writes into a cached file
    entries = sorted((root / ".cache" / "versions").glob("cohort-1-*/files/modules/01-leading/index.html"))
    assert len(entries) == 1
    entries[0].write_text("<p>planted</p>", encoding="utf-8")
    log = check(run_cli(root))
    assert "version cohort-1: built from" in log
    assert "its cache entry failed its checksums: modules/01-leading/index.html has changed" in log
    assert snapshot(root / "site") == published.second


def test_older_versions_are_hard_linked_from_the_cache(published: Published) -> None:
    page = published.root / "site" / "cohort-1" / "modules" / "01-leading" / "index.html"
    cached = next((published.root / ".cache" / "versions").glob("cohort-1-*/files/modules/01-leading/index.html"))
    assert page.stat().st_ino == cached.stat().st_ino


def inodes(folder: Path) -> dict[str, int]:
    """The inode of every file and folder below ``folder`` (and of itself, as '.'): a folder moved keeps its
    inodes, one placed again by hard links gets new folders (and the same file inodes)."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in [folder, *sorted(folder.rglob("*"))]}


def file_inodes(folder: Path) -> dict[str, int]:
    return {path: inode for path, inode in inodes(folder).items() if (folder / path).is_file()}


def test_an_unchanged_older_version_is_moved_over_untouched_and_put_back_when_a_build_fails(
        published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import academy.versions.publish as publish_module
    from academy.problems import ContentError, Problem

    root = copy_repo(published, tmp_path, link=(".cache",))
    check(run_cli(root))  # the copy's site/ holds copies, not links: this build links the cached files
    older = root / "site" / "cohort-1"
    linked = inodes(older)
    cached = next((root / ".cache" / "versions").glob("cohort-1-*/files"))
    assert file_inodes(older) == file_inodes(cached)
    newest = inodes(root / "site" / "cohort-2")
    check(run_cli(root))
    assert inodes(older) == linked, "the older version's folder was moved over, not linked again"
    assert inodes(root / "site" / "cohort-2") != newest, "the newest version is built anew"
    assert snapshot(root / "site") == published.second

    seen = []

    def failing(staging: Path, site_dir: Path) -> None:
        seen.append((older.exists(), inodes(staging / "cohort-1") == linked))
        raise ContentError([Problem("cohorts.yml", 1, 1, "planted failure")])

    monkeypatch.setattr(publish_module, "replace_dir", failing)
    result = run_cli(root)
    assert result.returncode == 1 and "planted failure" in result.stderr
    assert seen == [(False, True)], "the older version had been moved into the new site"
    assert inodes(older) == linked
    assert snapshot(root / "site") == published.second


def test_three_concurrent_builds_with_an_empty_cache_take_turns(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path, leave_out=LINKED)  # an empty cache and no site/
    builds = [subprocess.Popen([sys.executable, str(root / "build_site.py")], cwd=root, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    logs = [build.communicate(timeout=900)[1] for build in builds]
    assert [build.returncode for build in builds] == [0, 0, 0], logs
    assert sum("waiting: another build of this repository is running (pid " in log for log in logs) >= 1, logs
    assert sum("version cohort-1: built from" in log for log in logs) == 1, logs
    assert snapshot(root / "site") == published.second
    assert sorted(p.name for p in (root / ".cache" / "versions").iterdir()) == \
        [p.name for p in sorted((published.root / ".cache" / "versions").iterdir())]


# --- published cohorts kept as bytes --------------------------------------------------------------------------

TOOLCHAIN_CHANGE = '''\
"""A different toolchain: every Markdown rendering in every Python process now differs."""
import markdown.core

_convert = markdown.core.Markdown.convert


def convert(self, source):
    return _convert(self, source).replace("<p>", '<p data-toolchain="changed">', 1)


markdown.core.Markdown.convert = convert
'''


@dataclass
class Kept:
    root: Path
    publish_log: str
    status_after_publish: str
    build_log: str
    site: dict[str, str]


@pytest.fixture(scope="module")
def kept(published: Published, tmp_path_factory: pytest.TempPathFactory) -> Kept:
    """Cohort 1 published as bytes (from its pin, with an empty cache), committed, then the site built."""
    root = copy_tree(published.root, tmp_path_factory.mktemp("kept") / "repo", link=("site",), leave_out=(".cache",))
    publish_log = check(run_cli(root, "publish", "cohort-1"))
    status = git(root, "status", "--porcelain")
    later = "2025-06-01T10:00:00+00:00"  # HEAD's time, so the newest version's dates stay the same too
    git(root, "add", "-A", date=later)
    git(root, "commit", "-q", "-m", "Keep cohort 1", date=later)
    build_log = check(run_cli(root))
    return Kept(root, publish_log, status, build_log, snapshot(root / "site"))


def only(tree: dict[str, str], version: str) -> dict[str, str]:
    return {path: digest for path, digest in tree.items() if path.startswith(f"{version}/")}


def test_publish_keeps_the_version_as_an_archive_with_its_checksum(kept: Kept, published: Published) -> None:
    assert kept.status_after_publish == "?? published/\n"
    assert sorted(p.name for p in (kept.root / "published").iterdir()) == ["cohort-1.tar.xz", "manifest.yml"]
    archive = kept.root / "published" / "cohort-1.tar.xz"
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    manifest = yaml.safe_load((kept.root / "published" / "manifest.yml").read_text(encoding="utf-8"))
    pin = git(kept.root, "rev-parse", "HEAD~2").strip()
    assert manifest == {"versions": {"cohort-1": {
        "archive": "cohort-1.tar.xz", "sha256": digest, "files": len(only(published.second, "cohort-1")),
        "published_from": pin, "site_url": "https://academy.example.org/"}}}
    assert f"ok: cohort 'cohort-1' published from {pin[:12]} and kept in published/cohort-1.tar.xz" \
        in kept.publish_log
    assert archive.stat().st_size < 1_500_000


def test_a_build_uses_the_kept_bytes_unchanged(kept: Kept, published: Published) -> None:
    assert "version cohort-1: kept bytes from published/cohort-1.tar.xz" in kept.build_log
    assert kept.site == published.second


def test_a_toolchain_change_on_a_fresh_clone_leaves_a_kept_version_byte_identical(kept: Kept, published: Published,
                                                                                   tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(kept.root), str(clone)], check=True, capture_output=True)
    changed = tmp_path / "toolchain"
    changed.mkdir()
    (changed / "sitecustomize.py").write_text(TOOLCHAIN_CHANGE, encoding="utf-8")
    result = subprocess.run([sys.executable, str(clone / "build_site.py")], cwd=clone, capture_output=True, text=True,
                            timeout=900, env=dict(os.environ, PYTHONPATH=str(changed)))
    log = check(result)
    assert "version cohort-1: kept bytes from published/cohort-1.tar.xz" in log
    site = snapshot(clone / "site")
    assert 'data-toolchain="changed"' in (clone / "site/cohort-2/modules/01-leading/index.html").read_text()
    assert only(site, "cohort-1") == only(published.second, "cohort-1")
    assert site["changes/cohort-1.json"] == published.second["changes/cohort-1.json"]


def test_a_copy_without_git_history_still_serves_the_kept_version(kept: Kept, published: Published,
                                                                   tmp_path: Path) -> None:
    root = copy_tree(kept.root, tmp_path / "download", with_git=False, leave_out=(".cache",))
    check(run_build(root))
    site = snapshot(root / "site")
    assert only(site, "cohort-1") == only(published.second, "cohort-1")
    assert site["changes/cohort-1.json"] == published.second["changes/cohort-1.json"]


def test_a_damaged_archive_is_a_located_error_and_the_site_is_kept(kept: Kept, tmp_path: Path) -> None:
    root = copy_tree(kept.root, tmp_path / "repo")
    archive = root / "published" / "cohort-1.tar.xz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    result = run_cli(root)
    assert result.returncode == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith("published/cohort-1.tar.xz:1:1: does not match the checksum recorded for cohort "
                           "'cohort-1' at published/manifest.yml:7:13 (it is "), line
    assert line.endswith("the file was changed or damaged; restore it (git checkout -- published/cohort-1.tar.xz) "
                         "or render the cohort again from its pin with `python build_site.py republish cohort-1`")
    assert "Traceback" not in result.stderr
    assert snapshot(root / "site") == kept.site
    checked = run_cli(root, "--check")
    assert checked.returncode == 1 and line in checked.stderr.splitlines()


def test_an_unchanged_archive_and_alias_are_neither_read_nor_written_again(kept: Kept, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import academy.versions.archive as archive_module
    import academy.versions.publish as publish_module
    import academy.versions.tree as tree

    monkeypatch.setattr(tree, "RACY_SECONDS", 0)
    root = copy_tree(kept.root, tmp_path / "repo")
    check(run_cli(root))  # the copied archive is another file: checked once more, then remembered
    read: list[Path] = []
    digest, modules = archive_module.file_digest, publish_module.read_modules
    monkeypatch.setattr(archive_module, "file_digest", lambda path: read.append(path) or digest(path))
    monkeypatch.setattr(publish_module, "read_modules", lambda path: read.append(path) or modules(path))
    alias = root / "site" / "latest" / "index.html"
    inode = alias.stat().st_ino
    check(run_cli(root))
    assert read == [], "an archive unchanged since its checksum matched is not read again"
    assert alias.stat().st_ino == inode, "an unchanged latest/ is moved over, not written again"
    assert snapshot(root / "site") == kept.site
    alias.unlink()
    alias.write_text("<p>planted</p>", encoding="utf-8")
    check(run_cli(root))
    assert alias.stat().st_ino != inode and snapshot(root / "site") == kept.site


def test_publish_refuses_a_kept_cohort_and_republish_renders_the_same_bytes(kept: Kept, tmp_path: Path) -> None:
    root = copy_tree(kept.root, tmp_path / "repo")
    refused = run_cli(root, "publish", "cohort-1")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        "published/manifest.yml:7:13: cohort 'cohort-1' is already published and kept in published/cohort-1.tar.xz; "
        "its bytes do not change. To render it again from its pin with today's generator, run "
        "`python build_site.py republish cohort-1`")
    check(run_cli(root, "republish", "cohort-1"))
    assert git(root, "status", "--porcelain") == "", "rendering the same pin again gives the same archive"


def test_publish_names_an_unknown_cohort(kept: Kept) -> None:
    result = run_cli(kept.root, "publish", "cohort-3")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("cohorts.yml:1:1: no cohort has id 'cohort-3'")


def unpin(root: Path, cohort_line: str = "published_from") -> None:
    cohorts = root / "cohorts.yml"
    cohorts.write_text("".join(line for line in cohorts.read_text().splitlines(keepends=True)
                               if cohort_line not in line), encoding="utf-8")


def test_publish_pins_a_cohort_without_a_pin_and_keeps_it(published: Published, tmp_path: Path) -> None:
    """The newest cohort, not pinned yet, is published when its material is final (before the next is added)."""
    root = copy_repo(published, tmp_path)
    log = check(run_build(root, "publish", "cohort-2"))
    head = git(root, "rev-parse", "HEAD").strip()
    assert f"ok: cohort 'cohort-2' published from {head[:12]} and kept in published/cohort-2.tar.xz" in log
    assert f'    published_from: "{head}"\n' in (root / "cohorts.yml").read_text()
    assert yaml.safe_load((root / "published/manifest.yml").read_text())["versions"]["cohort-2"][
        "published_from"] == head
    assert "version cohort-2: working tree" in check(run_cli(root)), "the newest still shows the working tree"


def test_a_publish_that_fails_leaves_cohorts_yml_as_it_was(published: Published, tmp_path: Path) -> None:
    root = copy_repo(published, tmp_path)
    unpin(root)
    module = root / "curriculum" / "modules" / "02-data.md"
    module.write_text(module.read_text().replace("duration_minutes: 45", "duration_minutes: 50"))
    before = (root / "cohorts.yml").read_bytes()
    result = run_cli(root, "publish", "cohort-1")
    assert result.returncode == 1
    assert "curriculum/modules/02-data.md:" in result.stderr and "Traceback" not in result.stderr
    assert (root / "cohorts.yml").read_bytes() == before
    assert not (root / "published").exists()
    refused = run_cli(root, "publish", "cohort-1", "--at", "no-such-tag")
    assert refused.returncode == 1
    assert "cannot pin cohort 'cohort-1': 'no-such-tag' is not a commit in this clone" in refused.stderr
    assert (root / "cohorts.yml").read_bytes() == before
