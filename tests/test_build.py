"""End to end: the command line builds small fixture sites; the HTML is inspected.

Most builds run the command line's main() in this process (run_cli); a failed build and an internal error run
the real ``build_site.py`` in a new interpreter, to see exactly what a facilitator sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from academy.engine.mkdocs.template_cache import CACHE_DIR

from .conftest import make_site, pages_dir, run_build, run_cli, snapshot


@pytest.fixture
def site_root(tmp_path: Path, built_minimal: Path) -> Path:
    """A fresh repository of the minimal fixture (conftest's ``site_root``) with the compiled templates the
    fixture's build left, as a second build finds them: Jinja keys them by file, so Material's are found and
    this copy's theme templates are compiled (tests/test_render_shortcuts.py checks the cache changes no byte)."""
    root = make_site(tmp_path / "repo")
    shutil.copytree(built_minimal / CACHE_DIR, root / CACHE_DIR)
    return root


def html(root: Path, page: str) -> str:
    return (pages_dir(root) / page / "index.html").read_text(encoding="utf-8")


def test_module_page_shows_facts_objectives_and_resources(built_minimal: Path) -> None:
    page = html(built_minimal, "modules/01-leading")
    assert '<html lang="en"' in page
    assert "Leading prevention" in page
    assert "Duration</span> 1 h" in page and "In person" in page
    assert "Explain the mayor&#39;s convening role" in page or "Explain the mayor's convening role" in page
    assert "Why should a city lead?" in page
    assert 'href="../../library/city-guide/"' in page
    assert 'rel="next" href="../02-data/"' in page


def test_overview_and_guide_are_generated_from_front_matter(built_minimal: Path) -> None:
    overview = html(built_minimal, "curriculum")
    guide = html(built_minimal, "facilitator-guide")
    for title in ("Leading prevention", "Understanding the data"):
        assert title in overview and title in guide
    assert "Welcome round" in guide and "20–60" in guide


def test_pages_load_nothing_from_other_hosts(built_minimal: Path) -> None:
    for page in (built_minimal / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def test_new_module_appears_in_overview_and_guide(site_root: Path) -> None:
    module = (site_root / "curriculum/modules/02-data.md").read_text(encoding="utf-8")
    eleventh = module.replace("number: 2", "number: 3").replace("Understanding the data", "Eleventh topic")
    (site_root / "curriculum/modules/03-eleventh.md").write_text(eleventh, encoding="utf-8")
    cohorts = (site_root / "cohorts.yml").read_text(encoding="utf-8")
    run = '      - {module: 3, date: 2025-05-06, format: online, start: "15:00"}\n    office_hours:'
    (site_root / "cohorts.yml").write_text(cohorts.replace("    office_hours:", run, 1), encoding="utf-8")
    result = run_cli(site_root)
    assert result.returncode == 0, result.stderr
    assert "Eleventh topic" in html(site_root, "curriculum")
    assert "Eleventh topic" in html(site_root, "facilitator-guide")
    assert (pages_dir(site_root) / "modules/03-eleventh/index.html").exists()


def test_failed_build_leaves_previous_site_byte_identical(built_copy: Path) -> None:
    site_root = built_copy
    before = snapshot(site_root / "site")
    module = site_root / "curriculum/modules/02-data.md"
    module.write_text(module.read_text(encoding="utf-8").replace("format: online", "format: onlin"), encoding="utf-8")
    result = run_build(site_root)
    assert result.returncode == 1
    assert "curriculum/modules/02-data.md:5:9: format 'onlin' is not allowed (did you mean 'online'?)" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site_root / "site") == before
    assert not list(site_root.glob(".site-*")), "staging folders are cleaned up"


def test_broken_link_and_anchor_are_reported_at_their_line(site_root: Path) -> None:
    module = site_root / "curriculum/modules/02-data.md"
    text = module.read_text(encoding="utf-8")
    text += "\nSee [the missing page](missing.md) and [a section](01-leading.md#no-such-heading).\n"
    module.write_text(text, encoding="utf-8")
    line = text.count("\n")
    result = run_cli(site_root)
    assert result.returncode == 1
    assert (f"curriculum/modules/02-data.md:{line}:24: link 'missing.md' points to a page that does not exist; "
            "link to a .md file in curriculum/") in result.stderr
    assert f"curriculum/modules/02-data.md:{line}:52: link '01-leading.md#no-such-heading' points to a heading" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site_root / "site").exists()


def test_check_reports_every_problem_without_building(site_root: Path) -> None:
    (site_root / "library/city-guide.yml").write_text("title: [unclosed\n", encoding="utf-8")
    (site_root / "library/incident-data.yml").write_bytes(b"title: caf\xe9\n")
    result = run_cli(site_root, "--check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("library/")]
    assert lines == [
        "library/city-guide.yml:2:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        "library/incident-data.yml:1:11: is not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ]
    assert not (site_root / "site").exists()


def test_values_from_yaml_are_escaped(site_root: Path) -> None:
    entry = site_root / "library/city-guide.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "title: A guide for city leaders", "title: \"<script>alert('x')</script> guide\""), encoding="utf-8")
    assert run_cli(site_root).returncode == 0
    for page in ("library/city-guide", "modules/01-leading", "library"):
        text = html(site_root, page)
        assert "<script>alert(" not in text, page
        assert "&lt;script&gt;alert(" in text, page


def test_internal_error_prints_no_traceback_without_debug(site_root: Path) -> None:
    (site_root / "theme/module.html").write_text("{% extends 'main.html' %}{% block content %}{{ module.nope.x }}"
                                                 "{% endblock %}", encoding="utf-8")
    result = run_build(site_root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error: internal error" in result.stderr
    debug = run_cli(site_root, "--debug")
    assert "Traceback" in debug.stderr


def test_module_prework_is_a_checklist_and_escaped(built_minimal: Path) -> None:
    page = html(built_minimal, "modules/01-leading")
    assert '<h2 id="prework">Before the session</h2>' in page
    assert 'for="prework-2">List three community leaders &lt;to call&gt;</label>' in page
    assert 'type="checkbox" class="academy-ws-control" id="prework-1" value="Read the city&#39;s violence' in page
    assert 'id="prework"' not in html(built_minimal, "modules/02-data")


def test_workspace_pages_are_generated_escaped_and_the_data_file_is_not_published(built_minimal: Path) -> None:
    plan = html(built_minimal, "action-plan")
    assessment = html(built_minimal, "self-assessment")
    assert "Kept only in this browser on this device, for\n    Test cohort." in plan
    assert ('<tr data-statement="named-lead"><th scope="row" id="scores-statement-named-lead" '
            'headers="scores-col-statement scores-module-1">A named person leads prevention &lt;for the city&gt;.</th>'
            in plan)
    assert '<legend>A named person leads prevention &lt;for the city&gt;.</legend>' in assessment
    assert 'href="../action-plan/"' in html(built_minimal, "curriculum")
    assert not list((built_minimal / "site").rglob("self-assessment.yml"))
    module = html(built_minimal, "modules/01-leading")
    assert module.index('id="discussion-questions"') < module.index('id="your-city"') < module.index('id="resources"')
