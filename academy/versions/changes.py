"""What changed in each module between an older cohort's version and the current one.

Pure: compares module Markdown texts with :mod:`difflib`.  The result is
written as ``changes/<old-version>.json`` (read by the theme's JavaScript on
module pages of that old version) and one readable page per changed module (:mod:`.change_page`).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")
_FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class ModuleChange:
    """How one module differs between two versions."""

    src_uri: str
    """The module's path inside ``curriculum/``, such as ``modules/01-leading.md``."""
    status: str
    """``changed``, or ``removed`` when the current version no longer has the module."""
    lines_added: int
    lines_removed: int
    sections_added: tuple[str, ...]
    sections_removed: tuple[str, ...]
    diff: tuple[str, ...]
    """Unified diff lines (``+``, ``-``, `` `` or ``@@`` first)."""
    old_text: str = ""
    new_text: str = ""

    @property
    def stem(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1].removesuffix(".md")

    def summary(self) -> str:
        """One readable sentence, such as ``2 sections added (Evidence, Costs); 5 lines added, 1 removed.``"""
        if self.status == "removed":
            return "This module is no longer part of the current curriculum."
        parts = []
        if self.sections_added:
            parts.append(f"{_count(len(self.sections_added), 'section')} added ({', '.join(self.sections_added)})")
        if self.sections_removed:
            parts.append(f"{_count(len(self.sections_removed), 'section')} removed "
                         f"({', '.join(self.sections_removed)})")
        parts.append(f"{_count(self.lines_added, 'line')} added, {self.lines_removed} removed")
        return "; ".join(parts) + "."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def headings(markdown: str) -> list[str]:
    """ATX headings of a Markdown text (outside code fences), without ``{ #id }`` attributes."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            found.append(_ATTRIBUTES.sub("", match["text"]).strip())
    return found


def compare_module(src_uri: str, old: str, new: str | None) -> ModuleChange | None:
    """The change from ``old`` to ``new`` (None: the module was removed); None when they are equal."""
    if new == old:
        return None
    old_lines = old.splitlines()
    if new is None:
        return ModuleChange(src_uri, "removed", 0, len(old_lines), (), tuple(headings(old)), ())
    new_lines = new.splitlines()
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed += i2 - i1
        if tag in ("replace", "insert"):
            added += j2 - j1
    old_sections, new_sections = headings(old), headings(new)
    diff = tuple(line for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=3)
                 if not line.startswith(("---", "+++")))
    return ModuleChange(src_uri, "changed", added, removed,
                        tuple(s for s in new_sections if s not in old_sections),
                        tuple(s for s in old_sections if s not in new_sections), diff, old, new)


def compare_versions(old: dict[str, str], new: dict[str, str]) -> list[ModuleChange]:
    """Every module of the old version that differs in the new one, by path, sorted."""
    changes = (compare_module(src, text, new.get(src)) for src, text in sorted(old.items()))
    return [change for change in changes if change is not None]


def diff_page_path(old_version: str, change: ModuleChange) -> str:
    """Where the diff page goes, relative to the site root."""
    return f"changes/{old_version}/{change.stem}.html"


def changes_json(old_version: str, current_version: str, changes: list[ModuleChange]) -> str:
    """``changes/<old_version>.json``: module path -> summary and diff page, for the theme's notice."""
    modules = {
        change.src_uri: {
            "status": change.status,
            "summary": change.summary(),
            "lines_added": change.lines_added,
            "lines_removed": change.lines_removed,
            "sections_added": list(change.sections_added),
            "sections_removed": list(change.sections_removed),
            "diff": diff_page_path(old_version, change) if change.status == "changed" else None,
        }
        for change in changes
    }
    data = {"version": old_version, "current": current_version, "modules": modules}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def diff_page(change: ModuleChange, old_title: str, current_title: str, shell: str | None = None,
              old_version: str = "", current_version: str = "") -> str:
    """The readable "what changed" page of one module (see :mod:`.change_page`); every text is escaped."""
    from .change_page import render_change_page

    return render_change_page(change, old_title, current_title, shell, old_version, current_version)
