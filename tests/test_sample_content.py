"""The repository's own content: ten full modules, a library that covers them, two cohorts."""

from __future__ import annotations

import re

import pytest

from academy.content import load_content

from .conftest import REPO

SECTIONS = ["Why this matters for your city", "Core concepts", "Worked example", "Practical tool",
            "Discussion questions", "What to do in your city next month"]


@pytest.fixture(scope="module")
def content():
    return load_content(REPO)


def test_ten_modules_in_the_announcements_order(content) -> None:
    assert [m.number for m in content.modules] == list(range(1, 11))
    assert [m.meta.format for m in content.modules] == ["in-person"] + ["online"] * 8 + ["in-person"]


@pytest.mark.parametrize("number", range(1, 11))
def test_each_module_has_substance_and_every_section(content, number: int) -> None:
    module = content.module(number)
    assert module.word_count >= 1500, f"module {number} has {module.word_count} words"
    headings = re.findall(r"^## (.+)$", module.body, re.M)
    assert [next((s for s in SECTIONS if h.startswith(s)), h) for h in headings] == SECTIONS
    assert len(content.resources_for(module)) >= 3


def test_library_has_forty_entries_and_covers_every_module(content) -> None:
    assert len(content.resources) >= 40
    for module in content.modules:
        named = [r for r in content.resources.values() if module.number in r.meta.modules]
        assert len(named) >= 3, f"module {module.number} has {len(named)} entries"


def test_two_cohorts_with_the_announcements_first_round(content) -> None:
    first, second = content.program.cohorts
    assert first.workshops.opening.city.startswith("Tampa") and first.workshops.opening.start.year == 2024
    assert first.workshops.closing.city.startswith("Pittsburgh") and first.workshops.closing.start.month == 8
    advisors = [a.name for a in content.program.data.program.advisors]
    assert any("Peduto" in name for name in advisors) and any("Rotering" in name for name in advisors)
    assert second.start > first.start
