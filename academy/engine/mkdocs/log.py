"""What MkDocs still reports itself, kept as problems.

The site plan finds content, link and anchor problems before MkDocs runs, as values; this handler
keeps anything MkDocs reports beyond them (a theme or configuration warning, which strict mode turns
into a failed build) as a problem located at ``mkdocs.yml``, in MkDocs' own words.
"""

from __future__ import annotations

import logging

from ...problems import Problem

CONFIG_FILE = "mkdocs.yml"


def problem_from_record(record: logging.LogRecord) -> Problem | None:
    """The problem one MkDocs log record stands for, if any."""
    problem = getattr(record, "academy_problem", None)
    if isinstance(problem, Problem):
        return problem
    message = record.getMessage().strip()
    if record.levelno < logging.WARNING or message.startswith("Aborted with"):
        return None
    return Problem(CONFIG_FILE, 1, 1, f"MkDocs: {' '.join(message.split())}")


class ProblemCollector(logging.Handler):
    """Collects MkDocs warnings and errors during one build, as problems."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        problem = problem_from_record(record)
        if problem is not None:
            self.problems.append(problem)
