"""A page whose HTML the plan made: MkDocs converts no Markdown for it.

The plan parses every page's Markdown with the site's own extensions to learn its headings and links
(:mod:`academy.plan.scan`).  For a page whose links all lead to pages or files of the site, that parse keeps
the HTML, with the links made the URLs MkDocs would make them, and the table of contents.
:class:`PlannedPage` hands those to MkDocs in place of a second conversion of the same Markdown; everything
else about the page (front matter, navigation title, events, template) is MkDocs' own.  The home page, whose
Markdown the adapter changes first (the next-session panel), is converted by MkDocs.
"""

from __future__ import annotations

from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ...plan import Page as Planned


def take_planned_html(page: Page, planned: Callable[[str], Planned | None]) -> None:
    """Make MkDocs' own page object (made by its navigation, with every attribute MkDocs gave it) render
    from the plan: its class becomes :class:`PlannedPage`, which only replaces ``render``."""
    if type(page) is Page:
        page.__class__ = PlannedPage
    if isinstance(page, PlannedPage):
        page.planned = planned


class PlannedPage(Page):
    """A MkDocs page whose ``render`` takes the plan's HTML, when the current plan has it for the page.

    ``planned`` gives the page as the current plan has it (the live preview hands the adapter a new plan
    on every change and renders the same page objects again).
    """

    planned: Callable[[str], Planned | None]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        planned = self.planned(self.file.src_uri)
        if planned is None or planned.html is None or "title" not in self.meta:
            super().render(config, files)  # the title would come from the render: let MkDocs render it
            return
        self.content = planned.html
        self.toc = get_toc(list(planned.toc))  # reads the tokens (never changes them) into new AnchorLinks
        self._title_from_render = None
        self.present_anchor_ids = set(planned.anchors)
        self.links_to_anchors = {}  # the plan has checked every link and anchor of the page
