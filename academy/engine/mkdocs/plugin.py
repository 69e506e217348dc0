"""MkDocs event handlers: hand a planned site to MkDocs, give templates their data, post-process pages.

The plan (:mod:`academy.plan`) holds every page, file and the navigation; these handlers only pass them
on.  ``render`` and the live preview (:mod:`.preview`) give the plugin a finished plan.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ... import urls
from ...accessibility import label_task_checkboxes, wrap_tables
from ...cohorts.ledger import stale_ledger
from ...content import Content
from ...last_updated import (GIT_DIR_VARIABLE, GIT_REVISION_VARIABLE, commit_dates, last_updated, newest_dates,
                             sources_of)
from ...pages.cohort_links import HOME
from ...pages.library_pages import CATALOG
from ...pages import workspace
from ...pages.next_session import with_next_session_panel
from ...pages.when import short_day
from ...plan import Page as PlannedPage
from ...plan import Site
from ...problems import Problem
from ...search_index import build_index, indexing_skipped, mark_searchable, page_kind
from ...search_input import SearchSource
from ...self_assessment import SELF_ASSESSMENT_FILE
from ...site_root import robots_txt
from ...templating import Markup, escape, theme_autoescape
from ...valid_html import valid_html
from ...views import assessment_view, footer_view, library_view, module_view, plan_view, workspace_view
from ...workspace_marker import MARKER, place_workspace
from .background_writes import BackgroundWrites
from .planned_page import take_planned_html
from .shared_nav import SharedNav, links_key, material_loader, note_link_targets, url_parts
from .template_cache import use_template_cache

log = logging.getLogger("mkdocs.plugins.academy")


class AcademyPlugin:
    """The Academy's MkDocs event handlers."""

    def __init__(self, site: Site, index_search: bool = True, share_nav: bool = True,
                 plan_html: bool = True, cache_templates: bool = True, reduce_search_input: bool = True,
                 background_writes: bool = True) -> None:
        self.site: Site = site
        """The plan to render, made before MkDocs ran."""
        self.index_search = index_search
        """False: leave out Pagefind's index (the live preview defers it)."""
        self.files: Files | None = None
        self.problems: list[Problem] = []
        """Problems found while rendering (site search), as values; the build reports them."""
        self.root: Path | None = None
        self.dates: dict[str, Any] = {}
        """Each repository file's last commit date, for the pages' "Last updated" (academy.last_updated)."""
        self._newest: dict[str, Any] = {}
        self._source_files: frozenset[str] = frozenset()
        self._prefixes: dict[str | None, str] = {}
        """The docs folder's path in the repository, by MkDocs' ``src_dir`` of a page (one per build)."""
        self.share_nav = share_nav
        """Render Material's sidebar navigation once for the pages that share it (:mod:`.shared_nav`)."""
        self.shared_nav: SharedNav | None = None
        self._workspace_views: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._workspace_targets: list[list[str] | None] | None = None
        """Where the workspace settings link to (learned from the first page), for :meth:`_workspace_view`."""
        self.plan_html = plan_html
        """Take the plan's HTML for the pages that have it (:mod:`.planned_page`) instead of converting them."""
        self.cache_templates = cache_templates
        """Keep compiled templates in ``.cache/templates/`` between builds (:mod:`.template_cache`)."""
        self.reduce_search_input = reduce_search_input
        """Pagefind reads each page reduced to what it indexes (:mod:`academy.search_input`), not the page."""
        self._search_source: SearchSource | None = None
        self.background_writes = background_writes
        """MkDocs writes its files on a second thread while it renders (:mod:`.background_writes`)."""
        self.writes: BackgroundWrites | None = None
        """That thread, during a build (set by :func:`.render.run_mkdocs`)."""

    @property
    def content(self) -> Content | None:
        return self.site.content if self.site else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.shared_nav is not None:  # a preview's update: the navigation may have changed
            self.shared_nav.clear()
        self._workspace_views, self._workspace_targets = {}, None
        root = Path(config.config_file_path).resolve().parent
        if self.site.site_url is not None:  # this version's address: sitemap, canonical links, the 404 page's links
            config.site_url = self.site.site_url
            config.extra["academy_canonical_base"] = self.site.canonical_base
        self._check_calendar_ledger()
        if not config.nav:
            config.nav = self.site.nav
        config.extra["academy_paths"] = urls.template_paths()  # what the theme's templates link to
        config.extra["academy_footer"] = footer_view(self.site.content)
        self.root = root
        self.dates = commit_dates(Path(os.environ.get(GIT_DIR_VARIABLE) or root),
                                  os.environ.get(GIT_REVISION_VARIABLE) or "HEAD")
        self._newest, self._source_files, self._prefixes = newest_dates(self.dates), frozenset(self.dates), {}
        return config

    def _check_calendar_ledger(self) -> None:
        """A build only reads calendar-sequence.yml; it says when the file is stale (see --update-ledger)."""
        program = self.content.program if self.content else None
        note = stale_ledger(program.resolution) if program is not None else None
        if note is not None:
            log.info(str(note), extra={"academy_problem": note})

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Hand MkDocs the plan's generated pages and files, in memory; leave out what the plan leaves out."""
        assert self.site is not None
        source = files.get_file_from_path(SELF_ASSESSMENT_FILE)
        if source is not None:
            files.remove(source)  # read by academy/self_assessment.py, not published as a file
        for item in self.site.generated():
            file = File.generated(config, item.src_uri, content=item.markdown if isinstance(item, PlannedPage)
                                  else item.content)
            files.append(file)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Every page exists now (with its navigation title): those whose HTML the plan made take it."""
        if self.plan_html:
            for planned in self.site.pages.values():
                file = files.get_file_from_path(planned.src_uri) if planned.html is not None else None
                if file is not None and file.page is not None and not self._changes_markdown(planned.src_uri):
                    take_planned_html(file.page, self._planned_page)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """This theme's page templates escape every value by default (see academy.templating); its
        navigation partial reuses one rendering per group of pages that share it (a new cache each build)."""
        custom_dir = Path(config.theme.custom_dir)
        env.autoescape = theme_autoescape(custom_dir)
        env.loader = material_loader(env.loader, [d for d in config.theme.dirs if Path(d) != custom_dir])
        self.shared_nav = SharedNav(enabled=self.share_nav)
        self.shared_nav.learn_files(file.dest_uri for file in files)
        note_link_targets(env, self.shared_nav)
        env.globals["academy_nav"] = self.shared_nav
        if self.cache_templates and self.root is not None:
            use_template_cache(env, self.root)
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Material prints front-matter text (title, description) as HTML, into elements and attributes:
        # escape it once here, as Markup so that autoescaping templates do not escape it twice.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = escape(page.meta[key])
        if self._module_for(page) is not None:
            page.meta.setdefault("template", "module.html")
        if self._changes_markdown(page.file.src_uri):
            markdown = with_next_session_panel(markdown)
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        html_text = wrap_tables(label_task_checkboxes(html_text))
        if self._module_for(page) is not None:
            html_text = place_workspace(html_text)
        return html_text

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.content is not None
        context.update(self.template_data(page, config))
        context["workspace"] = self._workspace_view(page, config)
        key = self._workspace_key(page)
        # The pages that share these settings (the same object), for theme/main.html's scripts block.
        context["academy_workspace_key"] = key if key is not None and key in self._workspace_views else None
        return context

    def _workspace_view(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """The workspace settings every page has: made once for all pages on which its links read the same."""
        assert self.content is not None
        targets: list[str] = []

        def url(src_uri: str) -> str:
            targets.append(src_uri)
            return self.url_for(src_uri, page)

        key = self._workspace_key(page)
        if key is not None and key in self._workspace_views:
            return self._workspace_views[key]
        view = workspace_view(self.content, url, config.site_name, config.extra.get("academy_version"))
        if self._workspace_targets is None and self.files is not None:
            found = [self.files.get_file_from_path(src) for src in targets]
            self._workspace_targets = [url_parts(f.url) if f is not None else None for f in found]
            key = self._workspace_key(page)
        if key is not None:
            self._workspace_views[key] = view
        return view

    def _workspace_key(self, page: Page) -> tuple[Any, ...] | None:
        if not self.share_nav or self._workspace_targets is None or not isinstance(page.url, str):
            return None
        return links_key(page.url, self._workspace_targets)

    def template_data(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """What this plugin gives ``page``'s template beyond MkDocs' own context and the workspace settings
        every page has (from academy.views)."""
        assert self.content is not None

        def url(src_uri: str) -> str:
            return self.url_for(src_uri, page)

        data: dict[str, Any] = {}
        updated = self._last_updated(page)
        data["academy_updated"] = short_day(updated) if updated else None
        if page.file.src_uri in (workspace.PLAN, workspace.ASSESSMENT):
            data["assessment"] = assessment_view(self.content, url)
            data["plan"] = plan_view(self.content, url)
        module = self._module_for(page)
        if module is not None:
            data["module"] = module_view(self.content, module, url)
            data["workspace_marker"] = MARKER
        if page.file.src_uri == CATALOG:
            data["library"] = library_view(self.content, url)
        return data

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Valid HTML; Pagefind indexes every page's main article, unless its front matter says
        ``search: {exclude: true}``."""
        output = valid_html(output)
        if not site_search_enabled(config):
            return output
        search = page.meta.get("search")
        if not (isinstance(search, dict) and search.get("exclude")):
            output = mark_searchable(output, page_kind(page.file.src_uri))
        if self._indexes_search(config) and self.reduce_search_input:
            if self._search_source is None:
                self._search_source = SearchSource()
            self._search_source.add(page.file.dest_uri, output)
        return output

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Theme pages that are not Markdown pages (the 404 page) get the same HTML corrections."""
        return valid_html(output) if template_name.endswith(".html") else output

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.writes is not None:  # every page is on disk before anything reads the site
            self.writes.drain()
        if not config.extra.get("academy_version"):  # an unversioned site is the whole site: give it its robots.txt
            site = config.site_url or None
            (Path(config.site_dir) / "robots.txt").write_text(robots_txt(site), encoding="utf-8")
        if not self._indexes_search(config):
            return
        site_dir = Path(config.site_dir)
        try:
            try:
                source = self._search_source.complete(site_dir) if self._search_source is not None else None
            except OSError:  # no room for the reduced pages: Pagefind reads the site itself
                source = None
            self.problems = build_index(site_dir, source=source)
        finally:
            self._remove_search_source()

    def on_shutdown(self) -> None:
        self._remove_search_source()

    def _indexes_search(self, config: MkDocsConfig) -> bool:
        """Whether this build runs Pagefind after the pages are written."""
        return site_search_enabled(config) and self.index_search and not indexing_skipped(os.environ)

    def _remove_search_source(self) -> None:
        if self._search_source is not None:
            self._search_source.remove()
            self._search_source = None

    def _last_updated(self, page: Page):
        """The date of the last commit that changed this page's sources (None without git history)."""
        if not self.dates or self.root is None:
            return None
        prefix = self._prefixes.get(page.file.src_dir)
        if prefix is None:
            docs_dir = Path(page.file.src_dir or self.root / "curriculum").resolve()
            prefix = docs_dir.relative_to(self.root).as_posix() if docs_dir.is_relative_to(self.root) else "curriculum"
            self._prefixes[page.file.src_dir] = prefix
        return last_updated(sources_of(page.file.src_uri, prefix, self._source_files), self.dates, self._newest)

    def url_for(self, src_uri: str, page: Page) -> str:
        """Relative URL from ``page`` to the page built from ``src_uri``."""
        assert self.files is not None
        target = self.files.get_file_from_path(src_uri)
        if target is None:
            raise PluginError(f"internal error: no page for {src_uri}")
        return get_relative_url(target.url, page.url)

    def _changes_markdown(self, src_uri: str) -> bool:
        """Whether :meth:`on_page_markdown` changes this page's Markdown (the home page's next-session panel):
        then the plan's HTML is not the page's."""
        return src_uri == HOME and self.content is not None and self.content.program is not None

    def _planned_page(self, src_uri: str) -> PlannedPage | None:
        """The page ``src_uri`` as the current plan has it (with its HTML when the plan made it)."""
        return self.site.pages.get(src_uri) if self.plan_html else None

    def _module_for(self, page: Page):
        if self.content is None:
            return None
        return next((m for m in self.content.modules if m.src_uri == page.file.src_uri), None)


def site_search_enabled(config: MkDocsConfig) -> bool:
    """Pagefind serves site search unless Material's own search plugin is switched on in mkdocs.yml."""
    return "material/search" not in config.plugins and "search" not in config.plugins
