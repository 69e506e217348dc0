"""``new-cohort``: check the request, pin the cohort the working tree was showing, append the draft.

Nothing is written unless every check passes: the request (:func:`academy.cohorts.new_cohort.check_request`),
the content as it is, and a clean working tree (the pin records HEAD, which must be what that cohort's
readers see).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..cohorts.new_cohort import COHORTS_FILE, Draft, appended, check_request, draft
from ..cohorts.state import newest_cohort
from ..build_date import BuildDates
from ..content import load_content
from ..problems import ContentError, Problem
from ..sources import SourceError, parse_yaml, read_text
from .pins import Repository
from .record import record_pin


@dataclass(frozen=True)
class NewCohort:
    draft: Draft
    pinned: str
    """The cohort that was the newest, now pinned."""
    commit: str
    line: int
    """Line of cohorts.yml where the new cohort starts."""


def new_cohort(root: Path, cohort_id: str, source: str | None, start_text: str | None,
               dates: BuildDates | None = None) -> NewCohort:
    """Add the next cohort to cohorts.yml; raises ContentError (nothing written) on any problem."""
    if not source or not start_text:
        raise ContentError([Problem(COHORTS_FILE, 1, 1, "new-cohort needs the cohort to copy and the new start: "
                                                        f"python build_site.py new-cohort {cohort_id or 'ID'} "
                                                        "--from PREVIOUS --start YYYY-MM-DD")])
    content = load_content(root, dates)
    program = content.program
    if program is None:
        raise ContentError([Problem(COHORTS_FILE, 1, 1, "has no cohorts to copy from")])
    try:
        start: dt.date | str = dt.date.fromisoformat(start_text)
    except ValueError:
        start = start_text
    problems = check_request(program.data, program.document, cohort_id, source, start)
    newest = newest_cohort(program.cohorts)
    assert newest is not None
    problems += _clean_tree(root, program.document.locate(
        ("cohorts", program.cohorts.index(newest), "id")), newest.id)
    if problems:
        raise ContentError(problems)
    assert isinstance(start, dt.date)
    previous = program.data.cohort(source)
    assert previous is not None
    made = draft(previous, cohort_id, start, len(program.cohorts) + 1)
    original = read_text(root / COHORTS_FILE, root)
    commit = record_pin(root, newest.id, "HEAD")
    new_text = appended(read_text(root / COHORTS_FILE, root), made.text)
    _check_appended(new_text, cohort_id, root, original)
    (root / COHORTS_FILE).write_text(new_text, encoding="utf-8", newline="")
    line = new_text[: new_text.index(f"  - id: {cohort_id}\n")].count("\n") + 1
    return NewCohort(made, newest.id, commit, line)


def _clean_tree(root: Path, where: tuple[int, int], newest: str) -> list[Problem]:
    repository = Repository(root)
    if not repository.is_repository() or repository.head() is None:
        return [Problem(COHORTS_FILE, *where, f"cannot pin cohort '{newest}': {root} is not a git repository "
                                               "with commits; run new-cohort in a clone of the repository")]
    changed = repository.changed_files()
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        return [Problem(COHORTS_FILE, *where, f"cannot pin cohort '{newest}' to the current commit: {shown} "
                                               "changed since; commit (or undo) them first, so the pin records "
                                               f"what readers of '{newest}' see")]
    return []


def _check_appended(new_text: str, cohort_id: str, root: Path, old_text: str) -> None:
    """The appended cohort must parse as the last entry of ``cohorts:``; otherwise restore the file."""
    try:
        data = parse_yaml(new_text, COHORTS_FILE, allow_sample=True).data
        ok = isinstance(data, dict) and data.get("cohorts", [{}])[-1].get("id") == cohort_id
    except SourceError:
        ok = False
    if not ok:
        (root / COHORTS_FILE).write_text(old_text, encoding="utf-8", newline="")
        raise ContentError([Problem(COHORTS_FILE, 1, 1, "cannot add the cohort automatically: 'cohorts:' is not "
                                                        "the last section of the file; move it to the end")])
