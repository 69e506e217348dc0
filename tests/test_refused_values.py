"""A value the YAML reader refuses (a date that does not exist, overlong text, an escaped control character)
is one located problem, and the rest of its file is still read and checked: every mistake in one run.

What stops the parser itself (syntax, aliases, nesting, tags, a repeated key) still makes the whole file one
error; a document with a refused value never gives a model, so nothing is built from it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.library import ResourceMeta
from academy.schema import validate
from academy.sources import MAX_TEXT, Refused, SourceError, parse_yaml, split_front_matter

ENTRY = """title: Incident data portal
publisher: Fixture Statistics Office
year: 2021
type: data-source
topics: [hate-crime-data]
audiences: [city-staff]
url: https://example.org/data
summary: Annual counts of reported hate incidents, with notes on how agencies report them.
language: en
added: 2024-11-02
checked: 2025-02-01
"""


def located(problems) -> list[str]:
    return [f"{p.line}:{p.col}: {p.message}" for p in problems]


@pytest.mark.parametrize("value, message", [
    ("2024-02-30", "'2024-02-30' is not a valid date (day is out of range for month); write dates as YYYY-MM-DD"),
    ("2101-01-01", "date 2101-01-01 is outside 1990–2100; check the year"),
    ('"a\\vb"', "contains the invisible control character U+000B (written as an escape); delete it or use a "
                "plain space"),
    ("x" * (MAX_TEXT + 1), f"text is {MAX_TEXT + 1:,} characters long, more than {MAX_TEXT:,}; shorten it"),
    ("'" + "[(*_`" * 20 + "'", "text has 100 of the characters"),
    ("!!seq text", "YAML tag '!!seq' does not fit the single value 'text'; remove the tag"),
])
def test_a_refused_value_is_one_problem_and_the_rest_is_read(value: str, message: str) -> None:
    text = f"first: 1\nodd: {value}\nlist: [a, {value}]\nlast: 2\n"
    document = parse_yaml(text, "x.yml", keep_going=True)
    assert [(p.line, p.col) for p in document.problems] == [(2, 6), (3, 11)]
    assert all(p.message.startswith(message) and p.path == "x.yml" for p in document.problems)
    assert document.refused == {("odd",), ("list", 1)}
    assert isinstance(document.data["odd"], Refused) and isinstance(document.data["list"][1], Refused)
    assert (document.data["first"], document.data["list"][0], document.data["last"]) == (1, "a", 2)
    with pytest.raises(SourceError) as raised:
        parse_yaml(text, "x.yml")
    assert (raised.value.line, raised.value.col, raised.value.message) == (2, 6, document.problems[0].message)


def test_a_refused_key_keeps_its_text_and_what_it_holds_is_not_checked_again() -> None:
    document = parse_yaml('"ke\\vy": {a: 2024-02-30}\nsumary: x\n', "x.yml", keep_going=True)
    assert located(document.problems) == [
        "1:1: contains the invisible control character U+000B (written as an escape); delete it or use a plain "
        "space",
        "1:14: '2024-02-30' is not a valid date (day is out of range for month); write dates as YYYY-MM-DD"]
    assert document.is_refused(("ke\vy", "a")) and not document.is_refused(("sumary",))


@pytest.mark.parametrize("text, where", [
    ("2024-02-30\n", "1:1"),                       # the whole file is the one refused value
    ("a: 2024-02-30\nb: [1\n", "3:1"),              # a syntax error after it
    ("a: 2024-02-30\na: 1\n", "2:1"),               # a repeated key after it
    ("a: 2024-02-30\nb: !!python/name:os.system x\n", "2:4"),  # a tag no content may use
])
def test_what_stops_the_parser_is_still_the_whole_file_s_one_error(text: str, where: str) -> None:
    with pytest.raises(SourceError) as raised:
        parse_yaml(text, "x.yml", keep_going=True)
    assert f"{raised.value.line}:{raised.value.col}" == where


def test_front_matter_keeps_going_with_the_file_s_own_line_numbers() -> None:
    source = split_front_matter('---\ntitle: "a\\vb"\nnumber: 2\n---\nBody\n', "x.md", keep_going=True)
    assert [(p.line, p.col) for p in source.meta.problems] == [(2, 8)]
    assert source.meta.data["number"] == 2 and source.body == "Body\n" and source.body_line == 5
    with pytest.raises(SourceError):
        split_front_matter('---\ntitle: "a\\vb"\n---\n', "x.md")


def test_the_schema_says_nothing_more_about_a_refused_value_and_reports_the_rest() -> None:
    text = ENTRY.replace("added: 2024-11-02", "added: 2024-02-30").replace("summary:", "sumary:") \
        .replace("[city-staff]", "[city-staff, 2024-13-01]").replace("year: 2021", "year: 20x1")
    _, problems = validate(ResourceMeta, parse_yaml(text, "x.yml", keep_going=True))
    assert located(sorted(problems)) == [
        "3:7: year '20x1': expected a whole number",
        "6:25: '2024-13-01' is not a valid date (month must be in 1..12); write dates as YYYY-MM-DD",
        "8:1: unknown field 'sumary' (did you mean 'summary'?)",
        "10:8: '2024-02-30' is not a valid date (day is out of range for month); write dates as YYYY-MM-DD"]


def test_a_document_with_a_refused_value_never_gives_a_model() -> None:
    assert validate(ResourceMeta, parse_yaml(ENTRY, "x.yml", keep_going=True)) != (None, [])
    # an unknown key whose own text is refused: the schema is silent about it, and still there is no model
    document = parse_yaml(ENTRY + '"no\\vte": x\n', "x.yml", keep_going=True)
    meta, problems = validate(ResourceMeta, document)
    assert meta is None and located(problems) == [
        "12:1: contains the invisible control character U+000B (written as an escape); delete it or use a plain "
        "space"]


LINES = st.sampled_from([
    "a: 2024-02-30", "b: [1, 2025-13-01]", 'c: "x\\vy"', "d: 2200-01-01", "e: ok", "  f: 1", "- 2024-02-31",
    "g: !!seq x", "2024-02-30: v", "h: [", "e: again", "i: {j: 2024-04-31}", "k:", "  - 2024-06-31", "",
])


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINES, max_size=8))
def test_keeping_going_finds_first_what_stopping_finds(lines: list[str]) -> None:
    """Without ``keep_going`` the reader raises the first refused value; with it, that value is the first
    problem (or both raise, when the parser itself stops)."""
    text = "\n".join(lines) + "\n"
    try:
        strict = parse_yaml(text, "x.yml")
    except SourceError as exc:
        strict = exc
    try:
        document = parse_yaml(text, "x.yml", keep_going=True)
    except SourceError:
        assert isinstance(strict, SourceError)
        return
    if isinstance(strict, SourceError):
        first = document.problems[0]
        assert (first.line, first.col, first.message) == (strict.line, strict.col, strict.message)
    else:
        assert document.problems == [] and document.refused == set() and document.data == strict.data
