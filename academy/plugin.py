"""MkDocs glue: load the content, hand generated pages to MkDocs, give templates their data.

Everything that knows about MkDocs lives here; the content model and page
generators do not import MkDocs.  Loaded through ``hooks:`` in mkdocs.yml
(see ``academy/mkdocs_hooks.py``).
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .accessibility import label_task_checkboxes, wrap_tables
from .cohorts.ledger import sync_ledger
from .content import Content, load_content
from .pages import generate_pages
from .views import module_view, navigation

log = logging.getLogger("mkdocs.plugins.academy")


class ContentPluginError(PluginError):
    """Bad content: the message is one ``path:line:col: message`` line per problem."""


class AcademyPlugin:
    """The Academy's MkDocs event handlers."""

    def __init__(self) -> None:
        self.content: Content | None = None
        self.files: Files | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from .problems import ContentError

        root = Path(config.config_file_path).resolve().parent
        try:
            self.content = load_content(root)
        except ContentError as exc:
            raise ContentPluginError(str(exc)) from None
        for warning in self.content.warnings:
            log.info(str(warning), extra={"academy_problem": warning})
        self._sync_calendar_ledger(root)
        if not config.nav:
            config.nav = navigation(self.content)
        return config

    def _sync_calendar_ledger(self, root: Path) -> None:
        """Record changed calendar events in calendar-sequence.yml; in CI (or when
        ACADEMY_LEDGER=read-only) only report that the committed ledger is stale."""
        programme = self.content.programme if self.content else None
        if programme is None:
            return
        read_only = bool(os.environ.get("CI")) or os.environ.get("ACADEMY_LEDGER") == "read-only"
        note = sync_ledger(root, programme.resolution, read_only)
        if note is not None:
            log.info(str(note), extra={"academy_problem": note})

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None
        for page in generate_pages(self.content):
            files.append(File.generated(config, page.src_uri, content=page.content))
        self.files = files
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Themes print page titles as HTML; a title from front matter is text, so escape it once here.
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html.escape(page.meta["title"], quote=False)
        if self._module_for(page) is not None:
            page.meta.setdefault("template", "module.html")
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return wrap_tables(label_task_checkboxes(html_text))

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        module = self._module_for(page)
        if module is not None:
            assert self.content is not None
            context["module"] = module_view(self.content, module, lambda src: self.url_for(src, page))
        return context

    def url_for(self, src_uri: str, page: Page) -> str:
        """Relative URL from ``page`` to the page built from ``src_uri``."""
        assert self.files is not None
        target = self.files.get_file_from_path(src_uri)
        if target is None:
            raise PluginError(f"internal error: no page for {src_uri}")
        return get_relative_url(target.url, page.url)

    def _module_for(self, page: Page):
        if self.content is None:
            return None
        return next((m for m in self.content.modules if m.src_uri == page.file.src_uri), None)
