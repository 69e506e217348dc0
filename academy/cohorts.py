"""Cohorts and the programme, from ``cohorts.yml``.

Placeholder loader: reads the file and checks its two top-level sections.
The full schema (cities, workshops, agendas, office hours) is built on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .curriculum import Module
from .problems import Problems
from .sources import SourceError, YamlDocument, parse_yaml, read_text

COHORTS_FILE = "cohorts.yml"


@dataclass
class Programme:
    document: YamlDocument
    data: dict[str, Any]

    def contact_allow_list(self) -> list[str]:
        return []


def load_programme(root: Path, modules: list[Module], problems: Problems) -> Programme | None:
    path = root / COHORTS_FILE
    if not path.exists():
        problems.add(COHORTS_FILE, 1, 1, "is missing; it lists the programme and its cohorts (see the README)")
        return None
    try:
        document = parse_yaml(read_text(path, root), COHORTS_FILE)
    except SourceError as exc:
        problems.add(COHORTS_FILE, exc.line, exc.col, exc.message)
        return None
    if not isinstance(document.data, dict):
        problems.add(COHORTS_FILE, 1, 1, "expected 'programme:' and 'cohorts:' sections")
        return None
    return Programme(document, document.data)
