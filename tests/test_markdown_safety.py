"""What a Markdown body may contain: trusted HTML stays, what loads from elsewhere or runs script does not."""

from __future__ import annotations

import time

import pytest

from academy.markdown_safety import MAX_TOTAL, check_body
from academy.sources import SourceError, parse_yaml


def messages(body: str) -> list[str]:
    return [f"{p.line}:{p.col}: {p.message}" for p in check_body(body, "x.md", 10)]


@pytest.mark.parametrize("body", [
    "Plain text with a [link](other.md) and an ![image](images/chart.png).",
    'Trusted <b>inline</b> HTML, <a href="https://example.org/">an outside page</a>, <img src="chart.png" alt="">.',
    "```html\n<script src=\"https://cdn.example.com/x.js\"></script>\n```\n\nShown as code: `<iframe>` and "
    "`[x](javascript:alert(1))`.",
    '<div class="note" markdown="1">\n\n- [ ] a task\n- [x] done\n\n</div>',
    "[Write to the help desk](mailto:desk@example.org)",
])
def test_ordinary_bodies_pass(body: str) -> None:
    assert messages(body) == []


@pytest.mark.parametrize("body, where", [
    ("<script>alert(1)</script>", "10:1"),
    ("Text\n\n<IFRAME SRC=x></IFRAME>", "12:1"),
    ('<img src="//cdn.example.com/a.png">', "10:1"),
    ('<img srcset="https://cdn.example.com/a.png 2x">', "10:1"),
    ('<video poster="https://cdn.example.com/a.png"></video>', "10:1"),
    ('<span onmouseover="x()">a</span>', "10:1"),
    ('<a href=" JaVaScRiPt:alert(1)">a</a>', "10:1"),
    ('<a href="&#106;avascript:alert(1)">a</a>', "10:1"),
    ("See ![chart](https://cdn.example.com/chart.png).", "10:14"),
    ("See [x](data:text/html,hello).", "10:9"),
    ('<p style="background: url(https://cdn.example.com/a.png)">a</p>', "10:1"),
    ("<object data=x.swf></object>", "10:1"),
    ("<style>@import url(https://cdn.example.com/a.css);</style>", "10:8"),
])
def test_what_loads_from_elsewhere_or_runs_script_is_refused_at_its_place(body: str, where: str) -> None:
    found = messages(body)
    assert len(found) == 1 and found[0].startswith(where + ": "), found


@pytest.mark.parametrize("body", [
    "[" * (MAX_TOTAL["["] + 1),
    "<a " * (MAX_TOTAL["<"] + 1),
    "word " * 1000,
    "".join("  " * depth + "- item\n" for depth in range(60)),
    ">" * 20 + " deep",
    "[(" * 200,
])
def test_hostile_bodies_are_refused_fast(body: str) -> None:
    started = time.monotonic()
    assert len(messages(body)) == 1
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("text, message", [
    ("a: &x [1]\nb: *x\n", "2:4: YAML alias '*x' is not allowed"),
    ("a: " + "[" * 600 + "]" * 600 + "\n", "1:"),
    ('title: "a\\u2028b"\n', "1:8: contains the invisible control character U+2028"),
    ("added: 2101-01-01\n", "1:8: date 2101-01-01 is outside"),
])
def test_yaml_that_would_expand_or_mislead_is_refused(text: str, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        parse_yaml(text, "x.yml")
    assert f"{raised.value.line}:{raised.value.col}: {raised.value.message}".startswith(message)


def test_an_alias_bomb_is_refused_in_bounded_time_and_memory() -> None:
    import tracemalloc

    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]" for n in range(9)]
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(SourceError) as raised:
        parse_yaml("\n".join(levels) + "\n", "x.yml")
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert raised.value.line == 2 and "alias" in raised.value.message
    assert elapsed < 1 and peak < 5_000_000


def test_a_tag_left_open_is_refused_but_code_and_comments_may_span_lines() -> None:
    assert messages("Text <a href='x.md'\nmore text>") == [
        "10:6: '<' starts a tag that is not closed on the same line; close it with '>' there, or write &lt; for "
        "a plain '<'"]
    assert messages("<!-- a note\nfor facilitators -->\n\n```\nif a<b:\n```\n\nInline `x<y` and a < b.") == []
