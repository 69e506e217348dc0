"""Table-driven cohort validation: each file in tests/cases/cohorts/ breaks the minimal fixture's cohorts.yml
one way and lists the exact problem lines (errors and warnings) expected."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from academy.build_date import BuildDates
from academy.content import load_content
from academy.problems import ContentError

from .conftest import FIXTURES
from .test_content_cases import apply_case

CASES = sorted((Path(__file__).parent / "cases" / "cohorts").glob("*.yml"))


def problems_of(root: Path) -> list[str]:
    """Every problem line for the content at ``root``: the errors that stop a build, or the warnings."""
    try:
        content = load_content(root, WHILE_THE_FIXTURE_COHORT_RUNS)
    except ContentError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in content.warnings]


WHILE_THE_FIXTURE_COHORT_RUNS = BuildDates(dt.date(2025, 4, 1))
"""Checks that depend on the day (a typed status, a completed cohort) see a fixed one, not the clock."""


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_cohort_data_is_reported_with_file_and_line(case_file: Path, fixture_copy: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_case(case, fixture_copy)
    assert problems_of(fixture_copy) == case["expect"]


UNRELATED_MISTAKES = [("    name: Test cohort", "    name: Test <cohort>"), ("role: Mayor}", "role: M}")]
"""Field mistakes no rule of cohorts.yml reads: the cohort's name, and one official's role (so the cohort and its
first city are read field by field, and the cities list holds a city with a mistake)."""

UNRELATED_LINES = [
    "cohorts.yml:16:11: cohorts[0].name 'Test <cohort>': contains < >; a name is plain text (write 'and' for '&')",
    "cohorts.yml:22:104: cohorts[0].cities[0].officials[0].role 'M': string should have at least 2 characters",
]


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_field_mistakes_elsewhere_hide_no_rule(case_file: Path, fixture_copy: Path) -> None:
    """Every mistake in one run: each case gives its very lines in a file that also has field mistakes the rules
    do not read (the rules that compare values run on the values that are right on their own)."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_case(case, fixture_copy)
    apply_case({"replace": {"cohorts.yml": [list(pair) for pair in UNRELATED_MISTAKES]}}, fixture_copy)
    lines = case["expect"] + [line for line in UNRELATED_LINES if line not in case["expect"]]
    expected = sorted(lines, key=lambda line: [int(part) for part in line.split(":")[1:3]])  # stable: the case's order
    assert problems_of(fixture_copy) == expected


def test_warnings_do_not_stop_loading(fixture_copy: Path) -> None:
    path = fixture_copy / "cohorts.yml"
    path.write_text(path.read_text().replace("date: 2025-04-10", "date: 2025-04-12"), encoding="utf-8")
    content = load_content(fixture_copy, WHILE_THE_FIXTURE_COHORT_RUNS)
    assert [p.severity for p in content.warnings] == ["warning"]
    assert content.program is not None


def test_duplicate_cohort_ids_and_two_active_cohorts(fixture_copy: Path) -> None:
    path = fixture_copy / "cohorts.yml"
    text = path.read_text(encoding="utf-8").replace("    # status: derived from start and end", "    status: active")
    cohort = text[text.index("  - id: test-1"):]
    path.write_text(text + cohort, encoding="utf-8")
    second = text.count("\n") + 1  # the appended cohort starts on the line after the file's last line
    assert problems_of(fixture_copy) == [
        f"cohorts.yml:{second}:9: cohorts[1].id 'test-1' is already used by cohorts[0]; give each cohort its own "
        "id (it is part of the cohort's URLs and calendar UIDs)",
        f"cohorts.yml:{second + 2}:13: cohorts[1].status 'active': cohorts[0] is active too; only one cohort runs "
        "at a time, mark the other 'completed' or 'upcoming'",
    ]


def test_sample_cohorts_are_valid() -> None:
    from .conftest import REPO

    content = load_content(REPO, WHILE_THE_FIXTURE_COHORT_RUNS)
    assert content.program is not None
    assert [c.id for c in content.program.cohorts] == ["2024-25", "2025-26"]
    assert [w for w in content.warnings if w.path == "cohorts.yml"] == []


RULE_MISTAKES = [("date: 2025-04-10, format: online", "date: 2025-03-04, format: online"),
                 ('            start: "11:00"', '            start: "09:30"'), ("room: Foyer", "room: Room A"),
                 ('            end: "14:00"', '            end: "12:00"'), ("skip: [2025-04-08]", "skip: [2025-04-09]")]
"""A valid file with mistakes of several rules: modules out of order, two sessions overlapping in a room, a
session ending before it starts, a skipped date that is no office-hours date."""


def test_no_line_comes_from_a_broken_value() -> None:
    """Break each value of the cohort one at a time (a mapping where a value belongs), and misspell each key:
    every rule's line is one the file gets once that value is right again, and nothing raises."""
    from academy.cohorts.model import CohortsFile
    from academy.cohorts.validation import check_cohorts
    from academy.schema import validate_and_read
    from academy.sources import parse_yaml

    modules = load_content(FIXTURES / "minimal", WHILE_THE_FIXTURE_COHORT_RUNS).modules

    def lines(text: str) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
        """Every line (schema and rules) and the rules' lines, by line number and message (a longer value
        moves the columns after it)."""
        document = parse_yaml(text, "cohorts.yml", keep_going=True)
        _, tree, found = validate_and_read(CohortsFile, document)
        rules = check_cohorts(tree, document, modules, today=WHILE_THE_FIXTURE_COHORT_RUNS.today)
        return {(p.line, p.message) for p in found + rules}, {(p.line, p.message) for p in rules}

    text = (FIXTURES / "minimal" / "cohorts.yml").read_text(encoding="utf-8")
    for old, new in RULE_MISTAKES:
        assert old in text
        text = text.replace(old, new, 1)
    valid, rules = lines(text)
    assert valid == rules and len(rules) == 4
    rows = text.split("\n")
    document = parse_yaml(text, "cohorts.yml")
    kept = 0
    for path in _leaves(document.data["cohorts"], ("cohorts",)):
        line, col = document.locate(path)
        row = rows[line - 1]
        value = re.match(r'"[^"]*"|[^,}\]#]*', row[col - 1:]).group().rstrip()
        key = row[:col - 1].rfind(f"{path[-1]}:") if isinstance(path[-1], str) else -1
        broken = [row[:col - 1] + "{x: 1}" + row[col - 1 + len(value):]]
        broken += [row[:key] + "zz" + row[key + 2:]] if key >= 0 else []
        for mutated in broken:
            found, found_by_rules = lines("\n".join(rows[:line - 1] + [mutated] + rows[line:]))
            assert found_by_rules <= valid, (path, mutated)
            kept += len(found_by_rules)
    assert kept > 0


def _leaves(value: object, path: tuple) -> Iterator[tuple]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    else:
        yield path
