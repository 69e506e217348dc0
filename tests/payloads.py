"""Planting text in every free-text field of a repository's content, and checking that pages stay intact.

Fields whose form is checked (ids, dates, times, states, time zones, web addresses, a cohort's name) are
left alone: their validators refuse markup, which the bad-input cases test.
"""

from __future__ import annotations

import html.parser
from pathlib import Path
from typing import Any, Callable

import yaml

from academy.sources import split_front_matter

FORMED = {"id", "score", "state", "timezone", "status", "type", "format", "weekday", "email", "url", "language", "start",
          "end", "time", "day", "date", "first", "last", "skip", "module", "modules", "number", "minutes",
          "duration_minutes", "resources", "related_modules", "topics", "audiences", "year", "every_weeks",
          "published_from", "added", "checked"}
"""Keys whose values are not free text."""

Plant = Callable[[str, str], str]
"""``plant(field, original)`` -> the text to write instead."""


def _walk(data: Any, plant: Plant, key: str = "", skip: frozenset[str] = frozenset()) -> Any:
    if isinstance(data, dict):
        return {k: (v if k in FORMED or k in skip else _walk(v, plant, k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_walk(item, plant, key) for item in data]
    if isinstance(data, str):
        return plant(key, data)
    return data


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def plant_cohort(cohort: dict[str, Any], plant: Plant) -> dict[str, Any]:
    """One cohort of cohorts.yml with its free text planted (not its name, which refuses markup)."""
    return _walk(cohort, plant, skip=frozenset({"name"}))


def plant_everywhere(root: Path, plant: Plant) -> None:
    """Replace every free-text value of cohorts.yml, the library, the vocabulary, the self-assessment and
    module front matter."""
    cohorts_file = root / "cohorts.yml"
    cohorts = yaml.safe_load(cohorts_file.read_text(encoding="utf-8"))
    cohorts["program"] = _walk(cohorts["program"], plant)
    cohorts["cohorts"] = [plant_cohort(cohort, plant) for cohort in cohorts["cohorts"]]
    cohorts_file.write_text(_dump(cohorts), encoding="utf-8")
    for entry in sorted((root / "library").glob("*.yml")):
        data = yaml.safe_load(entry.read_text(encoding="utf-8"))
        data = {k: (v if k == "id" else _walk(v, plant, k)) for k, v in data.items()} \
            if entry.name == "vocabulary.yml" else _walk(data, plant)
        entry.write_text(_dump(data), encoding="utf-8")
    assessment = root / "curriculum" / "self-assessment.yml"
    if assessment.exists():
        data = _walk(yaml.safe_load(assessment.read_text(encoding="utf-8")), plant, skip=frozenset({"scale"}))
        assessment.write_text(_dump(data), encoding="utf-8")  # scale labels are at most 40 characters
    for module in sorted((root / "curriculum" / "modules").glob("*.md")):
        source = split_front_matter(module.read_text(encoding="utf-8"), module.name)
        meta = _walk(source.meta.data, plant)
        module.write_text("---\n" + _dump(meta) + "---\n" + source.body, encoding="utf-8")


class Structure(html.parser.HTMLParser):
    """A page's elements and attribute names, in order, its src and href values and its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.handlers: list[str] = []
        self.scripts: list[str] = []
        self.sources: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.handlers += [f"<{tag} {name}>" for name, _ in attrs if name.startswith("on")]
        self.sources += [value or "" for name, value in attrs if name in ("src", "href")]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def structure(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser
