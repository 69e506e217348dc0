"""Problems found in content: one line each, ``path:line:col: message``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: str
    line: int
    col: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so they can be reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, message: str, severity: str = ERROR) -> None:
        self.items.append(Problem(str(path), max(line, 1), max(col, 1), message, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in set(self.items) if p.severity == ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in set(self.items) if p.severity == WARNING)

    def __bool__(self) -> bool:
        return bool(self.errors)


PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$")
"""One problem as printed (``str(problem)``), for reading the report of another process."""


class ContentError(Exception):
    """Raised when content has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def closest(value: object, choices: Iterable[object]) -> str | None:
    """The choice closest to ``value`` (ignoring case), or None when none is close."""
    if not isinstance(value, str):
        return None
    options = [str(c) for c in choices]
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {o.lower(): o for o in options}
    return lowered.get(value.lower())


def did_you_mean(value: object, choices: Iterable[object]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    match = closest(value, choices)
    return f" (did you mean '{match}'?)" if match else ""
