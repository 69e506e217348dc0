"""Turning MkDocs' log messages into ``path:line:col: message`` problems.

MkDocs reports broken links and anchors as log warnings that name the page's
source path and the link; this module finds the line and column of that link
in the source file so a facilitator can jump straight to it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .problems import ERROR, WARNING, Problem

PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$")

_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains (?:an? (?P<kind>unrecognized relative |absolute )?link) "
    r"'(?P<link>[^']+)', (?P<rest>.*)$", re.S)
_EXCLUDED = re.compile(r"^Doc file '(?P<src>[^']+)' contains a link to '(?P<link>[^']+)' which is excluded")


def problems_from_record(record: logging.LogRecord, docs_dir: Path, root: Path) -> list[Problem]:
    """The problems one MkDocs log record stands for (several for a content error)."""
    problem = getattr(record, "academy_problem", None)
    if problem is not None:
        return [problem]
    message = record.getMessage().strip()
    if record.levelno < logging.WARNING or message.startswith("Aborted with"):
        return []
    lines = message.splitlines()
    if lines and all(PROBLEM_LINE.match(line) for line in lines):
        return [_parse_problem_line(line) for line in lines]
    match = _LINK.match(message) or _EXCLUDED.match(message)
    if match:
        return [_link_problem(match, docs_dir, root)]
    return [Problem("mkdocs.yml", 1, 1, message.replace("\n", " "))]


def _parse_problem_line(line: str) -> Problem:
    match = PROBLEM_LINE.match(line)
    assert match is not None
    message = match["message"]
    severity = ERROR
    if message.startswith("warning: "):
        severity, message = WARNING, message.removeprefix("warning: ")
    return Problem(match["path"], int(match["line"]), int(match["col"]), message, severity)


def _link_problem(match: re.Match[str], docs_dir: Path, root: Path) -> Problem:
    src, link = match["src"], match["link"]
    rest = match.groupdict().get("rest") or "it points to a page that is left out of the site"
    path = docs_dir / src
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    line, col = 1, 1
    if path.is_file():
        line, col = _find(path.read_text(encoding="utf-8", errors="replace"), link)
    else:
        display = f"{display} (generated page)"
    if "anchor" in rest:
        what = f"link '{link}' points to a heading that does not exist ({_short(rest)}); fix the '#...' part"
    elif "absolute link" in (match.groupdict().get("kind") or "") + match.group(0):
        what = f"link '{link}' starts with '/'; use a path relative to this file, such as '../about.md'"
    elif "not found" in rest or "unrecognized" in rest:
        suggestion = re.search(r"Did you mean '([^']+)'", rest)
        hint = f" (did you mean '{suggestion[1]}'?)" if suggestion else ""
        what = f"link '{link}' points to a page that does not exist{hint}; link to a .md file in curriculum/"
    else:
        what = f"link '{link}': {_short(rest)}"
    return Problem(display, line, col, what)


def _short(rest: str) -> str:
    return rest.rstrip(".").replace("but ", "", 1)


def _find(source: str, link: str) -> tuple[int, int]:
    for needle in (f"]({link}", f"](<{link}>", f"]: {link}", f'"{link}"', link):
        index = source.find(needle)
        if index >= 0:
            index += needle.find(link)
            line = source.count("\n", 0, index) + 1
            col = index - (source.rfind("\n", 0, index) + 1) + 1
            return line, col
    return 1, 1


class ProblemCollector(logging.Handler):
    """Collects MkDocs warnings and errors during one build, as problems."""

    def __init__(self, docs_dir: Path, root: Path):
        super().__init__(logging.INFO)
        self.docs_dir = docs_dir
        self.root = root
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.extend(problems_from_record(record, self.docs_dir, self.root))
