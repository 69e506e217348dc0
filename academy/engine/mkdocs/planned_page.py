"""A page whose HTML the plan made: MkDocs converts no Markdown for it.

The plan parses every page's Markdown with the site's own extensions to learn its headings and links
(:mod:`academy.plan.scan`).  For a generated page that asks for it (the library's entries), whose links all
lead to pages or files of the site, that parse keeps the HTML, with the links made the URLs MkDocs would make
them, and the table of contents.  :class:`PlannedPage` hands those to MkDocs in place of a second conversion
of the same Markdown; everything else about the page (front matter, events, template) is MkDocs' own.
"""

from __future__ import annotations

import copy
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ...plan import Page as Planned


class PlannedPage(Page):
    """A MkDocs page whose ``render`` takes the plan's HTML, when the current plan has it for the page.

    ``planned`` gives the page as the current plan has it (the live preview hands the adapter a new plan
    on every change and renders the same page objects again).
    """

    def __init__(self, file: File, config: MkDocsConfig, planned: Callable[[str], Planned | None]) -> None:
        super().__init__(None, file, config)
        self.planned = planned

    def render(self, config: MkDocsConfig, files: Files) -> None:
        planned = self.planned(self.file.src_uri)
        if planned is None or planned.html is None or "title" not in self.meta:
            super().render(config, files)  # the title would come from the render: let MkDocs render it
            return
        self.content = planned.html
        self.toc = get_toc(copy.deepcopy(list(planned.toc)))
        self._title_from_render = None
        self.present_anchor_ids = set(planned.anchors)
        self.links_to_anchors = {}  # the plan has checked every link and anchor of the page
