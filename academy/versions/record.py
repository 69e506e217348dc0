"""``python build_site.py pin <cohort-id> [--at <commit>]``: record a cohort's pin in cohorts.yml.

Edits the one line in place (or adds ``published_from:`` right under the
cohort's ``id:``), so comments and layout of the file are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import ContentError, Problem
from ..sources import SourceError, parse_yaml, read_text
from .pins import Repository
from .plan import COHORTS_FILE, unknown_cohort

_PIN_LINE = re.compile(r"^(?P<head>\s*(?:-\s+)?published_from:[ \t]*)(?P<value>[^#\r\n]*?)(?P<tail>[ \t]+#.*)?(?P<eol>\r?\n?)$")


def record_pin(root: Path, cohort_id: str, ref: str = "HEAD") -> str:
    """Write ``published_from: "<commit of ref>"`` for ``cohort_id``; returns the commit id."""
    path = root / COHORTS_FILE
    try:
        text = read_text(path, root)
        document = parse_yaml(text, COHORTS_FILE, allow_sample=True)
    except SourceError as exc:
        raise ContentError([Problem(COHORTS_FILE, exc.line, exc.col, exc.message)]) from None
    entries = document.data.get("cohorts") if isinstance(document.data, dict) else None
    index = next((i for i, e in enumerate(entries or []) if isinstance(e, dict) and e.get("id") == cohort_id), None)
    if index is None:
        raise ContentError([Problem(COHORTS_FILE, 1, 1, unknown_cohort(document, cohort_id).split(": ", 1)[1])])
    repository = Repository(root)
    if not repository.is_repository():
        raise ContentError([Problem(COHORTS_FILE, *document.locate(("cohorts", index, "id")),
                                    f"cannot pin cohort '{cohort_id}': {root} is not a git repository; "
                                    "pins are git commits, so work in a clone of the repository")])
    pin = repository.resolve(ref)
    if pin is None:
        raise ContentError([Problem(COHORTS_FILE, *document.locate(("cohorts", index, "id")),
                                    f"cannot pin cohort '{cohort_id}': '{ref}' is not a commit in this clone")])
    lines = text.splitlines(keepends=True)
    if ("cohorts", index, "published_from") in document.positions:
        line_number = document.locate_key(("cohorts", index, "published_from"))[0]
        match = _PIN_LINE.match(lines[line_number - 1])
        if match is None:
            raise _hand_edit(document, index, cohort_id, pin.commit)
        lines[line_number - 1] = f"{match['head']}\"{pin.commit}\"{match['tail'] or ''}{match['eol']}"
    else:
        line, col = document.locate_key(("cohorts", index, "id"))
        if "{" in lines[line - 1][:col]:
            raise _hand_edit(document, index, cohort_id, pin.commit)
        newline = "\r\n" if lines[line - 1].endswith("\r\n") else "\n"
        if not lines[line - 1].endswith("\n"):
            lines[line - 1] += newline
        lines.insert(line, f"{' ' * (col - 1)}published_from: \"{pin.commit}\"{newline}")
    path.write_text("".join(lines), encoding="utf-8", newline="")
    return pin.commit


def _hand_edit(document, index: int, cohort_id: str, commit: str) -> ContentError:
    line, col = document.locate(("cohorts", index))
    return ContentError([Problem(COHORTS_FILE, line, col,
                                 f"cannot edit cohort '{cohort_id}' automatically; add the line "
                                 f"published_from: \"{commit}\" to it by hand")])
