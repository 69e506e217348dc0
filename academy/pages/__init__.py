"""Page generators: each turns part of the content model into Markdown pages (or other files).

One generator per page kind.  A generator takes the validated
:class:`~academy.content.Content` and returns :class:`GeneratedPage` objects
(Markdown) or :class:`GeneratedFile` objects (bytes, such as .ics calendars);
:func:`generate_pages` gathers them for the MkDocs glue, which reads ``content``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Union

from ..content import Content
from ..problems import Problem

if TYPE_CHECKING:
    from .direct_html import DirectHtml


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: its path as if it were in ``curriculum/``, and its Markdown."""

    src_uri: str
    markdown: str
    plan_renders: bool = True
    """The plan's own parse of its Markdown, with its links made URLs, is its HTML: the engine converts no
    Markdown for it (academy/plan/scan.py), unless one of its links has a problem.  False for a page whose
    Markdown the engine changes before converting it."""
    direct: "DirectHtml | None" = None
    """Its HTML written directly, byte for byte what Python-Markdown makes of ``markdown`` (pages/direct_html.py):
    the plan then parses no Markdown for it."""
    meta: "Mapping[str, object] | None" = None
    """The values its front matter was written from (:func:`.markdown.front_matter`), when the generator gives
    them: the plan then does not parse the YAML it wrote (the engine reads the page's front matter itself)."""

    @property
    def content(self) -> str:
        return self.markdown


@dataclass(frozen=True)
class GeneratedFile:
    """A non-Markdown file that exists only in memory (copied into the site as is)."""

    src_uri: str
    content: bytes


Generated = Union[GeneratedPage, GeneratedFile]
Generator = Callable[[Content], Iterable[Generated]]


def generators() -> list[Generator]:
    from . import (cohort_calendars, cohort_overview, cohort_schedule, cohorts_index, curriculum_overview,
                   facilitator_guide, library_contributing, library_pages, office_hours, search_page, statements,
                   workshop_agenda, workspace)

    return [curriculum_overview.generate, facilitator_guide.generate, library_pages.generate,
            library_contributing.generate, search_page.generate, cohorts_index.generate, cohort_overview.generate,
            workshop_agenda.generate, office_hours.generate, cohort_calendars.generate,
            cohort_schedule.generate, workspace.generate, statements.generate]


COLLISION = ("the site generates this page itself, so this file would be silently replaced; "
             "rename it (and the links to it)")


def hand_written_collisions(content: Content, pages: list[Generated]) -> list[Problem]:
    """A file in curriculum/ at a path a generator writes (search.md, curriculum.md, ...) is an error."""
    curriculum = content.root / "curriculum"
    written = set()  # every path in curriculum/ (files, folders, links), listed once rather than one stat a page
    for folder, dirs, files in os.walk(curriculum, followlinks=False):
        prefix = Path(folder).relative_to(curriculum).as_posix()
        written.update(name if prefix == "." else f"{prefix}/{name}" for name in dirs + files)
    return [Problem(f"curriculum/{page.src_uri}", 1, 1, COLLISION) for page in pages if page.src_uri in written]


def generate_pages(content: Content) -> list[Generated]:
    pages: list[Generated] = []
    for generate in generators():
        pages.extend(generate(content))
    return pages
