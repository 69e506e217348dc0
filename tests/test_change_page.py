"""The "what changed" page: rendered prose, the module's title, links to both versions, inside the site chrome."""

from __future__ import annotations

from academy.versions.change_page import blocks, changes, render_change_page
from academy.versions.changes import compare_module

OLD = """---
number: 4
title: Working <with> communities
resources: [a]
---

## Why this matters

Cities act through [partners](../about.md).

!!! tip "Try this"

    Call one partner.

## Discussion questions

1. Who convenes?
"""

NEW = OLD.replace("## Discussion questions\n\n1. Who convenes?\n",
                  "## New evidence\n\nRecent studies <b>show</b> that convening works.\n").replace(
    "resources: [a]", "resources: [a, b]")

SHELL = ('<!doctype html><html lang="en"><head><title>404 - Not found</title></head><body><header>site</header>'
         '<article class="md-content__inner md-typeset"><h1>404 - Not found</h1></article><footer>f</footer>'
         '</body></html>')


def test_blocks_keep_an_admonition_with_its_body_and_know_their_section() -> None:
    found = blocks(OLD.split("---\n", 2)[2])
    assert [b.markdown for b in found][2] == '!!! tip "Try this"\n\n    Call one partner.'
    assert [b.section for b in found] == ["Why this matters"] * 3 + ["Discussion questions"] * 2


def test_changes_are_rendered_prose_under_their_section() -> None:
    [change] = changes(OLD.split("---\n", 2)[2], NEW.split("---\n", 2)[2])
    assert change.section == "New evidence"
    assert [str(b.html) for b in change.removed] == ["<h2>Discussion questions</h2>", "<ol>\n<li>Who convenes?</li>\n</ol>"]
    assert str(change.added[1].html) == "<p>Recent studies &lt;b&gt;show&lt;/b&gt; that convening works.</p>"


def test_page_is_titled_with_the_module_and_links_both_versions_inside_the_shell() -> None:
    change = compare_module("modules/04-communities.md", OLD, NEW)
    page = render_change_page(change, "Cohort 1", "Cohort 2", SHELL, "2024-25", "2025-26")
    assert page.startswith('<!doctype html><html lang="en"><head><title>What changed in “Module 4: Working '
                           '&lt;with&gt; communities” - Prevention Academy</title>')
    assert "<header>site</header>" in page and "<footer>f</footer>" in page and "404 - Not found" not in page
    assert '<h1>What changed in “Module 4: Working &lt;with&gt; communities”</h1>' in page
    assert '<a href="../../2024-25/modules/04-communities/">Read the module as taught to Cohort 1</a>' in page
    assert '<a href="../../2025-26/modules/04-communities/">Read the current version</a>' in page
    assert "The module's details changed: library resources." in page
    assert "<del><h2>Discussion questions</h2></del>" in page
    assert "<b>show</b>" not in page and "@@" not in page and "!!!" not in page
