"""Property-based tests: whatever a facilitator types, the validator reports problems, never crashes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.content import load_content
from academy.problems import ContentError
from academy.sources import SourceError, parse_yaml, split_front_matter

from .conftest import FIXTURES

SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "80")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

UNICODE = st.characters(exclude_categories=("Cs",))
"""Every character UTF-8 can encode: the very alphabet of a plain ``st.text()``, whose default
``characters(codec="utf-8")`` makes Hypothesis try all 1.1 million code points against the codec in each process
without a .hypothesis/ folder yet (a fresh clone, CI): about 2 s of CPU for the same set."""


def any_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(UNICODE, max_size=max_size)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
    any_text(max_size=40), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(["", "online", "in-person", "America/New_Yrok", "25:99", "2024-02-30", "<script>x</script>",
                     "../../etc/passwd", "https://example.org/", "monday", "plenary", "09:00"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(any_text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


def mutate(data: Any, path: list[int], replacement: Any) -> Any:
    """Replace the node that ``path`` (a list of choices) leads to, walking dicts and lists."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return replacement
    keys = list(data.keys()) if isinstance(data, dict) else list(range(len(data)))
    key = keys[path[0] % len(keys)]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[key] = mutate(data[key], path[1:], replacement)
    return copy


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("properties") / "repo"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def assert_reports_or_loads(root: Path) -> None:
    try:
        load_content(root)
    except ContentError as exc:
        assert exc.problems, "a ContentError always carries its problems"
        for problem in exc.problems:
            assert problem.line >= 1 and problem.col >= 1 and problem.message


@SETTINGS
@given(text=any_text(max_size=300))
def test_any_text_parses_or_gives_a_located_syntax_error(text: str) -> None:
    try:
        parse_yaml(text, "x.yml")
        split_front_matter(text, "x.md")
    except SourceError as exc:
        assert exc.line >= 1 and exc.col >= 1


@SETTINGS
@given(path=st.lists(st.integers(0, 50), max_size=6), replacement=values)
def test_mangled_cohorts_never_crash_the_validator(repo: Path, path: list[int], replacement: Any) -> None:
    original = (FIXTURES / "minimal" / "cohorts.yml").read_text(encoding="utf-8")
    data = mutate(yaml.safe_load(original), path, replacement)
    (repo / "cohorts.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        assert_reports_or_loads(repo)
    finally:
        (repo / "cohorts.yml").write_text(original, encoding="utf-8")


@SETTINGS
@given(path=st.lists(st.integers(0, 20), max_size=3), replacement=values)
def test_mangled_library_entries_never_crash_the_validator(repo: Path, path: list[int], replacement: Any) -> None:
    entry = repo / "library" / "city-guide.yml"
    original = (FIXTURES / "minimal" / "library" / "city-guide.yml").read_text(encoding="utf-8")
    data = mutate(yaml.safe_load(original), path, replacement)
    entry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        assert_reports_or_loads(repo)
    finally:
        entry.write_text(original, encoding="utf-8")


@SETTINGS
@given(path=st.lists(st.integers(0, 20), max_size=3), replacement=values)
def test_mangled_module_front_matter_never_crashes_the_validator(repo: Path, path: list[int],
                                                                 replacement: Any) -> None:
    module = repo / "curriculum" / "modules" / "02-data.md"
    original = (FIXTURES / "minimal" / "curriculum" / "modules" / "02-data.md").read_text(encoding="utf-8")
    source = split_front_matter(original, "02-data.md")
    data = mutate(source.meta.data, path, replacement)
    module.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + source.body, encoding="utf-8")
    try:
        assert_reports_or_loads(repo)
    finally:
        module.write_text(original, encoding="utf-8")
