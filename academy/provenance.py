"""Provenance of cohorts.yml: which values are sample (placeholder) data rather than published facts.

Staff write ``!sample`` before any value that the program has not published yet: one field
(``venue: !sample Tampa Convention Center``), one item of a list (``- !sample {module: 2, ...}``),
a whole list or section (``cities: !sample``), or a whole cohort (``- !sample`` before its ``id:``).
The parser records where each mark is (:attr:`academy.sources.YamlDocument.samples`); this module
answers "is this value sample data?" for the page generators, which then label it, and lists every
mark for the release check (``python build_site.py --check --release``), which fails while any remains.

Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .problems import Problem
from .schema import field_label
from .sources import SAMPLE_TAG, KeyPath, Location

SAMPLE_LABEL = "Sample data"
"""The words shown next to every sample value on the site and in calendars."""


@dataclass(frozen=True)
class Provenance:
    """The sample marks of one YAML file, seen from ``prefix`` (a key path inside that file)."""

    path: str
    marks: Mapping[KeyPath, Location] = field(default_factory=dict)
    prefix: KeyPath = ()

    def at(self, *key_path: object) -> "Provenance":
        """The same marks, seen from a part of the file (such as one cohort: ``at('cohorts', 0)``)."""
        return Provenance(self.path, self.marks, self.prefix + tuple(key_path))

    def is_sample(self, *key_path: object) -> bool:
        """True if the value at ``key_path`` (below ``prefix``) is marked, or sits inside a marked value."""
        full = self.prefix + tuple(key_path)
        return any(full[:length] in self.marks for length in range(len(full) + 1))

    def has_sample(self, *key_path: object) -> bool:
        """True if the value at ``key_path`` or anything inside it is sample data."""
        full = self.prefix + tuple(key_path)
        return self.is_sample(*key_path) or any(mark[:len(full)] == full for mark in self.marks)

    def any_sample(self, *fields: object) -> bool:
        """True if any of several fields (each a name or a key path tuple) holds sample data."""
        return any(self.has_sample(*(f if isinstance(f, tuple) else (f,))) for f in fields)

    def release_problems(self) -> list[Problem]:
        """One located problem per mark: the release check refuses to publish sample data."""
        return [Problem(self.path, line, col,
                        f"{field_label(key_path)} is marked {SAMPLE_TAG}: placeholder data cannot be released; "
                        f"replace it with the published value, or delete it, and remove '{SAMPLE_TAG}'")
                for key_path, (line, col) in sorted(self.marks.items(), key=lambda item: item[1])]


NO_SAMPLES = Provenance("")
"""Provenance of content with no sample data."""
