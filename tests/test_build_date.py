"""The run's dates are read once from the environment, at the command line, and passed down as a value."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from academy.build_date import BuildDates, dates_from_environment

ACADEMY = Path(__file__).resolve().parent.parent / "academy"
CLOCK = dt.date(2026, 12, 6)


def test_without_variables_the_clock_gives_today_and_nothing_fixes_the_build_moment() -> None:
    dates, problems = dates_from_environment({}, CLOCK)
    assert (dates, problems) == (BuildDates(CLOCK, None), [])
    assert dates.build_date == CLOCK


def test_the_epoch_dates_the_pages_and_academy_today_the_checks() -> None:
    dates, problems = dates_from_environment({"SOURCE_DATE_EPOCH": "1735689600", "ACADEMY_TODAY": "2025-04-01"},
                                             CLOCK)
    assert problems == []
    assert dates.today == dt.date(2025, 4, 1)
    assert dates.epoch == 1735689600 and dates.build_date == dt.date(2025, 1, 1)


def test_epoch_zero_dates_files_1970_but_pages_describe_today() -> None:
    dates = BuildDates(CLOCK).dated(0)
    assert dates.epoch == 0 and dates.build_date == CLOCK


def test_malformed_variables_are_located_problems_and_ignored() -> None:
    dates, problems = dates_from_environment({"SOURCE_DATE_EPOCH": "yesterday", "ACADEMY_TODAY": "4/1/2025"}, CLOCK)
    assert dates == BuildDates(CLOCK, None)
    assert [str(p) for p in problems] == [
        "ACADEMY_TODAY:1:1: environment variable '4/1/2025' is not a date in the form YYYY-MM-DD; fix or unset it",
        "SOURCE_DATE_EPOCH:1:1: environment variable 'yesterday' is not a whole number of seconds since "
        "1970-01-01; fix or unset it"]


def test_only_the_command_line_and_the_engine_adapter_touch_the_date_variables() -> None:
    """build_date.py names them; cli.py reads them once; the MkDocs adapter hands the epoch to MkDocs, which
    reads SOURCE_DATE_EPOCH itself; the pinned build passes it to the pin's own command line."""
    allowed = {"build_date.py", "cli.py", "engine/mkdocs/render.py", "versions/publish.py"}
    found = set()
    for path in ACADEMY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
        names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        if names & {"SOURCE_DATE_EPOCH", "ACADEMY_TODAY", "EPOCH_VARIABLE", "TODAY_VARIABLE",
                    "dates_from_environment"}:
            found.add(path.relative_to(ACADEMY).as_posix())
    assert found <= allowed, found - allowed
    assert "cli.py" in found
