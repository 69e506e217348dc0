"""MkDocs glue: load the content, hand generated pages to MkDocs, give templates their data.

Everything that knows about MkDocs lives here; the content model and page
generators do not import MkDocs.  Loaded through ``hooks:`` in mkdocs.yml
(see ``academy/mkdocs_hooks.py``).
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
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .accessibility import label_task_checkboxes, wrap_tables
from .cohorts.ledger import stale_ledger
from .catalogue import browse_data
from .content import Content, load_content
from .feed import DECOY_SITEMAP, DECOY_SITEMAP_PATH, FEED_PATH, build_feed
from .last_updated import GIT_DIR_VARIABLE, GIT_REVISION_VARIABLE, commit_dates, last_updated, sources_of, us_date
from .library import Resource
from .pages import generate_pages, hand_written_collisions
from .pages.cohort_links import HOME
from .pages.library_pages import CATALOGUE
from .pages import workspace
from .pages.next_session import with_next_session_panel
from .search_index import build_index, mark_searchable, page_kind
from .self_assessment import SELF_ASSESSMENT_FILE
from .site_address import SiteAddressError, canonical_base, site_address, version_address
from .site_root import robots_txt
from .templating import Markup, escape, theme_autoescape
from .valid_html import valid_html
from .views import assessment_view, footer_view, library_view, module_view, navigation, plan_view, workspace_view
from .workspace_marker import MARKER, place_workspace

log = logging.getLogger("mkdocs.plugins.academy")


class ContentPluginError(PluginError):
    """Bad content: the message is one ``path:line:col: message`` line per problem."""


class AcademyPlugin:
    """The Academy's MkDocs event handlers."""

    def __init__(self) -> None:
        self.content: Content | None = None
        self.files: Files | None = None
        self.root: Path | None = None
        self.dates: dict[str, Any] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from .problems import ContentError

        root = Path(config.config_file_path).resolve().parent
        self._set_site_url(config, root)
        try:
            self.content = load_content(root)
        except ContentError as exc:
            raise ContentPluginError(str(exc)) from None
        version = config.extra.get("academy_version")
        self.content.version = version if isinstance(version, str) else None
        stable = config.extra.get("academy_canonical_base")
        self.content.site_url = stable if isinstance(stable, str) else None
        for warning in self.content.warnings:
            log.info(str(warning), extra={"academy_problem": warning})
        self._check_calendar_ledger()
        if not config.nav:
            config.nav = navigation(self.content)
        config.extra["academy_footer"] = footer_view(self.content)
        self.root = root
        self.dates = commit_dates(Path(os.environ.get(GIT_DIR_VARIABLE) or root),
                                  os.environ.get(GIT_REVISION_VARIABLE) or "HEAD")
        return config

    def _set_site_url(self, config: MkDocsConfig, root: Path) -> None:
        """Give MkDocs this version's address (sitemap, canonical links, the 404 page's links)."""
        try:
            site = site_address(config.site_url, dict(os.environ))
        except SiteAddressError as exc:
            raise ContentPluginError(f"mkdocs.yml:{_setting_line(root, 'site_url')}:1: {exc}") from None
        if site is not None:
            version = config.extra.get("academy_version")
            config.site_url = version_address(site, version)
            config.extra["academy_canonical_base"] = canonical_base(site, version)

    def _check_calendar_ledger(self) -> None:
        """A build only reads calendar-sequence.yml; it says when the file is stale (see --update-ledger)."""
        programme = self.content.programme if self.content else None
        note = stale_ledger(programme.resolution) if programme is not None else None
        if note is not None:
            log.info(str(note), extra={"academy_problem": note})

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.content is not None
        source = files.get_file_from_path(SELF_ASSESSMENT_FILE)
        if source is not None:
            files.remove(source)  # read by academy/self_assessment.py, not published as a file
        generated = generate_pages(self.content)
        collisions = hand_written_collisions(self.content, generated)
        if collisions:
            raise ContentPluginError("\n".join(str(problem) for problem in collisions))
        for page in generated:
            files.append(File.generated(config, page.src_uri, content=page.content))
        files.append(File.generated(config, FEED_PATH, content=self._feed(config)))
        files.append(File.generated(config, DECOY_SITEMAP_PATH, content=DECOY_SITEMAP))
        for path, data in self._browse_data(files).items():
            files.append(File.generated(config, path, content=data))
        self.files = files
        return files

    def _browse_data(self, files: Files) -> dict[str, bytes]:
        """The catalogue's static facet index and result records (see academy.catalogue.browse_data)."""
        assert self.content is not None
        catalogue = files.get_file_from_path(CATALOGUE)
        assert catalogue is not None
        resources = list(self.content.resources.values())
        urls = {}
        for resource in resources:
            target = files.get_file_from_path(resource.src_uri)
            assert target is not None
            urls[resource.id] = get_relative_url(target.url, catalogue.url)
        modules = {r.id: [m.number for m in self.content.modules_for(r)] for r in resources}
        types = self.content.vocabulary.labels("types") if self.content.vocabulary else {}
        return browse_data(resources, modules, urls, types)

    def _feed(self, config: MkDocsConfig) -> bytes:
        """The Atom feed; links are absolute when mkdocs.yml sets site_url, else relative to the feed."""
        assert self.content is not None
        site_url = (config.site_url or "").rstrip("/")
        base = f"{site_url}/library/" if site_url else ""
        slash = "/" if config.use_directory_urls else ".html"

        def page_url(resource: Resource) -> str:
            return f"{base}{resource.id}{slash}"

        types = self.content.vocabulary.labels("types") if self.content.vocabulary else {}
        return build_feed(self.content.resources.values(), title=f"{config.site_name}: new in the library",
                          page_url=page_url, catalogue_url=base or "./", feed_url=f"{base}feed.xml",
                          type_labels=types)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """This theme's page templates escape every value by default (see academy.templating)."""
        env.autoescape = theme_autoescape(Path(config.theme.custom_dir))
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Material prints front-matter text (title, description) as HTML, into elements and attributes:
        # escape it once here, as Markup so that autoescaping templates do not escape it twice.
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
                page.meta[key] = escape(page.meta[key])
        if self._module_for(page) is not None:
            page.meta.setdefault("template", "module.html")
        if page.file.src_uri == HOME and self.content is not None and self.content.programme is not None:
            markdown = with_next_session_panel(markdown)
        return markdown

    def on_page_content(self, html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        html_text = wrap_tables(label_task_checkboxes(html_text))
        if self._module_for(page) is not None:
            html_text = place_workspace(html_text)
        return html_text

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        assert self.content is not None

        def url(src_uri: str) -> str:
            return self.url_for(src_uri, page)

        updated = self._last_updated(page)
        context["academy_updated"] = us_date(updated) if updated else None
        context["workspace"] = workspace_view(self.content, url, config.site_name, config.extra.get("academy_version"))
        if page.file.src_uri in (workspace.PLAN, workspace.ASSESSMENT):
            context["assessment"] = assessment_view(self.content, url)
            context["plan"] = plan_view(self.content, url)
        module = self._module_for(page)
        if module is not None:
            assert self.content is not None
            context["module"] = module_view(self.content, module, url)
            context["workspace_marker"] = MARKER
        if page.file.src_uri == CATALOGUE:
            assert self.content is not None
            context["library"] = library_view(self.content, url)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Valid HTML; Pagefind indexes every page's main article, unless its front matter says
        ``search: {exclude: true}``."""
        output = valid_html(output)
        if not site_search_enabled(config):
            return output
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            return output
        return mark_searchable(output, page_kind(page.file.src_uri))

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Theme pages that are not Markdown pages (the 404 page) get the same HTML corrections."""
        return valid_html(output) if template_name.endswith(".html") else output

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not config.extra.get("academy_version"):  # an unversioned site is the whole site: give it its robots.txt
            site = config.site_url or None
            (Path(config.site_dir) / "robots.txt").write_text(robots_txt(site), encoding="utf-8")
        if not site_search_enabled(config):
            return
        problems = build_index(Path(config.site_dir))
        if problems:
            raise ContentPluginError("\n".join(str(p) for p in problems))

    def _last_updated(self, page: Page):
        """The date of the last commit that changed this page's sources (None without git history)."""
        if not self.dates or self.root is None:
            return None
        docs_dir = Path(config_docs_dir(page)).resolve()
        prefix = docs_dir.relative_to(self.root).as_posix() if docs_dir.is_relative_to(self.root) else "curriculum"
        return last_updated(sources_of(page.file.src_uri, prefix, set(self.dates)), self.dates)

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


def config_docs_dir(page: Page) -> str:
    """The docs folder a page's file belongs to."""
    return page.file.src_dir or "curriculum"


def _setting_line(root: Path, key: str) -> int:
    """The line of a top-level setting in mkdocs.yml (1 when it is not there)."""
    try:
        lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


def site_search_enabled(config: MkDocsConfig) -> bool:
    """Pagefind serves site search unless Material's own search plugin is switched on in mkdocs.yml."""
    return "material/search" not in config.plugins and "search" not in config.plugins
