"""Pure parts of cohort versions: versions.json, the plan from cohorts.yml, change summaries, redirects."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from academy.problems import ContentError
from academy.sources import parse_yaml
from academy.versions.changes import compare_module, compare_versions, diff_page, headings
from academy.versions.model import Versions
from academy.versions.plan import plan_from_document
from academy.versions.record import record_pin
from academy.versions.redirects import alias_target, redirect_page


def plan(text: str):
    return plan_from_document(parse_yaml(text, "cohorts.yml"))


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as raised:
        plan(text)
    return [str(p) for p in raised.value.problems]


def test_versions_json_matches_mikes_format() -> None:
    versions = Versions.newest_first([("cohort-2", "Cohort 2"), ("cohort-1", "Cohort 1")])
    assert json.loads(versions.dumps()) == [
        {"version": "cohort-2", "title": "Cohort 2", "aliases": ["latest"]},
        {"version": "cohort-1", "title": "Cohort 1", "aliases": []},
    ]
    assert Versions.loads(versions.dumps()) == versions


def test_the_plan_orders_by_start_and_ignores_other_keys() -> None:
    result = plan("programme: {}\ncohorts:\n"
                  "  - {id: cohort-2, name: Two, start: 2026-01-10, cities: [a, b]}\n"
                  "  - {id: cohort-1, name: One, start: 2025-01-10, published_from: v1, status: closed}\n")
    assert [(v.id, v.pin) for v in result.versions] == [("cohort-2", None), ("cohort-1", "v1")]
    assert result.versions[1].pin_at == (4, 66)


def test_no_cohorts_means_no_versions() -> None:
    assert plan("programme: {}\ncohorts: []\n").versions == ()


@pytest.mark.parametrize("text, expected", [
    ("cohorts:\n  - {id: cohort-1, name: One, start: 2025-01-10}\n  - {id: cohort-2, name: Two, start: 2026-01-10}\n",
     ["cohorts.yml:2:10: cohort 'cohort-1' has no published_from, but only the newest cohort ('cohort-2') is built "
      "from the working tree; record the commit or tag its version was published from with "
      "'python build_site.py pin cohort-1 --at <commit>'"]),
    ("cohorts:\n  - {id: latest, name: One, start: 2025-01-10}\n",
     ["cohorts.yml:2:10: cohorts[0].id 'latest' is a reserved folder name of the site; choose another id "
      "(not assets, changes, latest, search)"]),
    ("cohorts:\n  - {id: Cohort 1, name: One, start: 2025-01-10}\n",
     ["cohorts.yml:2:10: id 'Cohort 1': is not a usable id; use lowercase letters, digits and hyphens, such as "
      "'cohort-3' (it becomes the folder /<id>/ of the cohort's version)"]),
    ("cohorts:\n  - {id: c-1, name: One, start: 2025-01-10, published_from: 1234567}\n",
     ["cohorts.yml:2:61: published_from 1234567: must be written in quotes, such as published_from: \"1234567\""]),
    ("cohorts:\n  - {id: c-1, start: 2025-01-10}\n",
     ["cohorts.yml:2:5: name is missing; add it (the cohort's name, shown in the version selector.)"]),
    ("cohorts:\n  - {id: c-1, name: One, start: 2025-01-10}\n  - {id: c-1, name: Two, start: 2026-01-10}\n",
     ["cohorts.yml:3:10: cohorts[1].id 'c-1' is already used by cohorts[0]; every cohort needs its own id"]),
])
def test_bad_version_settings_are_located(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


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
