"""The site search page: Pagefind's self-hosted UI over modules, agendas and the library."""

from __future__ import annotations

from typing import Iterable

from .. import urls
from ..content import Content
from . import GeneratedPage
from .markdown import front_matter

SRC_URI = urls.SEARCH


def generate(content: Content) -> Iterable[GeneratedPage]:
    markdown = front_matter(title="Search", template="search.html", search={"exclude": True},
                            description="Search the modules, cohort agendas and the library.")
    yield GeneratedPage(SRC_URI, markdown + "Search the modules, cohort agendas and the living library.\n")
