"""The workspace's server side without a build: where a module page's workspace goes, the self-assessment file."""

from __future__ import annotations

from academy.content import load_content
from academy.workspace_marker import MARKER, place_workspace

from .conftest import FIXTURES, REPO


def test_workspace_closes_the_next_month_section() -> None:
    page = ('<h2 id="why">Why</h2><p>a</p><h2 id="what-to-do-in-your-city-next-month">Next month</h2>'
            '<ol><li>Act</li></ol><h2 id="gaps">Gaps</h2><p>b</p>')
    assert place_workspace(page) == page.replace('<h2 id="gaps">', MARKER + '<h2 id="gaps">')


def test_workspace_ends_the_body_when_the_section_is_last_or_missing() -> None:
    last = '<h2 id="what-to-do-in-your-city-next-month">Next month</h2><ol><li>Act</li></ol>'
    assert place_workspace(last) == last + MARKER
    assert place_workspace("<h2 id=\"other\">Other</h2>") == "<h2 id=\"other\">Other</h2>" + MARKER


def test_sample_self_assessment_covers_every_module_with_two_or_three_statements() -> None:
    content = load_content(REPO)
    assessment = content.self_assessment
    assert assessment is not None
    assert [group.module for group in assessment.modules] == [m.number for m in content.modules]
    assert all(2 <= len(group.statements) <= 3 for group in assessment.modules)
    assert [(s.score, s.label) for s in assessment.scale] == [(1, "Not in place"), (2, "Partly in place"),
                                                               (3, "Fully in place")]


def test_a_site_without_the_file_has_no_self_assessment(tmp_path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "minimal", tmp_path / "repo")
    (tmp_path / "repo/curriculum/self-assessment.yml").unlink()
    assert load_content(tmp_path / "repo").self_assessment is None
