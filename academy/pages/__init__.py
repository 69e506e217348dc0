"""Page generators: each turns part of the content model into Markdown pages.

One generator per page kind.  A generator takes the validated
:class:`~academy.content.Content` and returns :class:`GeneratedPage` objects;
:func:`generate_pages` gathers them for the MkDocs glue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..content import Content


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in memory: its path as if it were in ``curriculum/``, and its Markdown."""

    src_uri: str
    markdown: str
    in_search: bool = True


Generator = Callable[[Content], Iterable[GeneratedPage]]


def generators() -> list[Generator]:
    from . import curriculum_overview, facilitator_guide, library_contributing, library_pages, search_page

    return [curriculum_overview.generate, facilitator_guide.generate, library_pages.generate,
            library_contributing.generate, search_page.generate]


def generate_pages(content: Content) -> list[GeneratedPage]:
    pages: list[GeneratedPage] = []
    for generate in generators():
        pages.extend(generate(content))
    return pages
