"""Pure parts of cohort versions: versions.json, the plan from cohorts.yml, change summaries, redirects."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from academy.cohorts.model import CohortsFile
from academy.cohorts.validation import check_cohorts
from academy.problems import ContentError
from academy.schema import validate
from academy.sources import parse_yaml
from academy.versions.changes import compare_module, compare_versions, diff_page, headings
from academy.versions.model import Versions
from academy.versions.plan import plan_from_cohorts
from academy.versions.record import record_pin
from academy.versions.redirects import alias_target, redirect_page

from .conftest import FIXTURES


FIXTURE_COHORTS = (FIXTURES / "minimal" / "cohorts.yml").read_text(encoding="utf-8")
FIRST = FIXTURE_COHORTS.index("  - id: test-1")
FIRST_LINE = FIXTURE_COHORTS[:FIRST].count("\n") + 1
SECOND_LINE = FIXTURE_COHORTS.count("\n") + 1


def two_cohorts(first: str = "", second_id: str = "test-2") -> str:
    """The minimal fixture's cohorts.yml with its cohort listed twice (the copy, listed last, is the newest);
    ``first`` is inserted as the first cohort's second line."""
    cohort = FIXTURE_COHORTS[FIRST:]
    copy = cohort.replace("  - id: test-1", f"  - id: {second_id}", 1)
    first_cohort = cohort.replace("  - id: test-1\n", f"  - id: test-1\n{first}", 1)
    return FIXTURE_COHORTS[:FIRST] + first_cohort + copy


def cohorts_problems(text: str) -> list[str]:
    """Every problem the cohorts.yml schema and rules find in ``text`` (modules 1 and 2 exist)."""
    document = parse_yaml(text, "cohorts.yml")
    data, found = validate(CohortsFile, document)
    if data is not None:
        found += check_cohorts(data, document, [], unreadable_modules={1, 2}, today=dt.date(2025, 4, 1))
    return [str(p) for p in found]


def plan(text: str):
    document = parse_yaml(text, "cohorts.yml")
    data, found = validate(CohortsFile, document)
    assert data is not None and not found, found
    return plan_from_cohorts(data.cohorts, document)


def test_versions_json_matches_mikes_format() -> None:
    versions = Versions.newest_first([("cohort-2", "Cohort 2"), ("cohort-1", "Cohort 1")])
    assert json.loads(versions.dumps()) == [
        {"version": "cohort-2", "title": "Cohort 2", "aliases": ["latest"]},
        {"version": "cohort-1", "title": "Cohort 1", "aliases": []},
    ]
    assert Versions.loads(versions.dumps()) == versions


def test_the_plan_orders_newest_first_and_locates_pins() -> None:
    result = plan(two_cohorts("    published_from: v1\n"))
    assert [(v.id, v.pin) for v in result.versions] == [("test-2", None), ("test-1", "v1")]
    assert result.versions[1].pin_at == (FIRST_LINE + 1, 21)
    assert result.versions[0].pin_at == (SECOND_LINE + 1, 9)


def test_no_cohorts_means_no_versions() -> None:
    assert plan(FIXTURE_COHORTS[:FIRST].replace("cohorts:\n", "cohorts: []\n")).versions == ()


def test_the_readme_pin_example_is_valid() -> None:
    assert cohorts_problems(two_cohorts("    published_from: v1\n")) == []


@pytest.mark.parametrize("first, second_id, expected", [
    ("", "test-2",
     [f"cohorts.yml:{FIRST_LINE}:9: cohort 'test-1' has no published_from, but only the newest cohort ('test-2') "
      "is built from the working tree; record the commit or tag its version was published from with "
      "'python build_site.py pin test-1 --at <commit>'"]),
    ("    published_from: v1\n", "latest",
     [f"cohorts.yml:{SECOND_LINE + 1}:9: cohorts[1].id 'latest' is a reserved folder name of the site; "
      "choose another id (not assets, changes, latest, search)"]),
    ("    published_from: v1\n", "Cohort 2",
     [f"cohorts.yml:{SECOND_LINE + 1}:9: cohorts[1].id 'Cohort 2': is not a usable id; use lowercase letters, "
      "digits and hyphens, such as 'cohort-3' (it becomes the folder /<id>/ of the cohort's version)"]),
    ("    published_from: 1234567\n", "test-2",
     [f"cohorts.yml:{FIRST_LINE + 1}:21: cohorts[0].published_from 1234567: must be written in quotes, "
      "such as published_from: \"1234567\""]),
    ("    published_from: v1\n", "test-1",
     [f"cohorts.yml:{SECOND_LINE + 1}:9: cohorts[1].id 'test-1' is already used by cohorts[0]; give each "
      "cohort its own id (it is part of the cohort's URLs and calendar UIDs)"]),
])
def test_bad_version_settings_are_located_once(first: str, second_id: str, expected: list[str]) -> None:
    assert cohorts_problems(two_cohorts(first, second_id)) == expected


def test_a_missing_name_says_what_it_is_for() -> None:
    text = FIXTURE_COHORTS.replace("    name: Test cohort\n", "")
    assert cohorts_problems(text) == [
        f"cohorts.yml:{FIRST_LINE}:5: cohorts[0].name is missing; add it (name shown on the site and in the "
        "version selector, such as 'Cohort 1 (2024–25)'.)"]


def test_headings_skip_code_and_attributes() -> None:
    assert headings("# A\n```\n# not\n```\n## B { #b }\ntext\n### C ###\n") == ["A", "B", "C"]


def test_a_change_is_summarised_by_sections_and_lines() -> None:
    change = compare_module("modules/01-x.md", "## Keep\nsame\n## Old\ngone\n", "## Keep\nsame\n## New\nadded\nmore\n")
    assert change is not None
    assert change.summary() == "1 section added (New); 1 section removed (Old); 3 lines added, 2 removed."
    assert compare_module("modules/01-x.md", "same\n", "same\n") is None


def test_a_removed_module_is_reported() -> None:
    [change] = compare_versions({"modules/03-x.md": "## A\n"}, {})
    assert change.status == "removed"
    assert change.summary() == "This module is no longer part of the current curriculum."


def test_the_diff_page_escapes_everything() -> None:
    change = compare_module("modules/01-x.md", "a\n", "<script>alert(1)</script>\n")
    page = diff_page(change, "<i>Old</i>", "New")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;i&gt;Old&lt;/i&gt;" in page


def test_redirects_keep_the_page() -> None:
    assert alias_target("modules/x/index.html", "latest", "cohort-2") == "../../../cohort-2/modules/x/"
    assert alias_target("index.html", "latest", "cohort-2") == "../cohort-2/"
    assert alias_target("404.html", "latest", "cohort-2") == "../cohort-2/404.html"
    page = redirect_page('a/"</script>', "x")
    assert '"a/\\"\\u003c/script\\u003e"' in page and 'href="a/&#34;&lt;/script&gt;"' in page
    assert "</script>\"" not in page


def test_pin_adds_or_replaces_published_from(tmp_path: Path) -> None:
    env_free = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    cohorts = tmp_path / "cohorts.yml"
    cohorts.write_text("# the cohorts\ncohorts:\n  - id: c-1   # first\n    name: One\n    start: 2025-01-01\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(tmp_path), *env_free, "commit", "-q", "-m", "x"], check=True)
    commit = record_pin(tmp_path, "c-1")
    assert cohorts.read_text() == ("# the cohorts\ncohorts:\n  - id: c-1   # first\n"
                                   f"    published_from: \"{commit}\"\n    name: One\n    start: 2025-01-01\n")
    cohorts.write_text(cohorts.read_text().replace(f'"{commit}"', "v1  # old tag"))
    assert record_pin(tmp_path, "c-1", commit) == commit
    assert f'    published_from: "{commit}"  # old tag\n' in cohorts.read_text()
    with pytest.raises(ContentError) as raised:
        record_pin(tmp_path, "c-2")
    assert [str(p) for p in raised.value.problems] == [
        "cohorts.yml:1:1: no cohort has id 'c-2' (did you mean 'c-1'?); the cohorts are: c-1"]
