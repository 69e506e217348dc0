"""The live preview's renderer: after a change, render again only the pages whose inputs changed.

:class:`PreviewRenderer` keeps MkDocs' configuration, files, navigation, pages and Jinja environment
between plans.  Each new plan of the working tree is compared with the last one rendered:

- when anything that every page shows changed (``mkdocs.yml``, the theme's files, the set of pages and
  files, their URLs, the navigation's titles, the site's address, the footer, the workspace settings),
  the plan is rendered in
  full, exactly as :func:`~.render.render` renders it (MkDocs' own build, with the same plugin);
- otherwise only the pages whose Markdown or template data (``AcademyPlugin.template_data``: the
  module and library views, the "last updated" date) changed go through MkDocs' page
  population and page build again, and only the generated or author files whose bytes changed are written.

Either way the folder holds byte for byte what a full render of the same plan writes
(``tests/test_preview_incremental.py``), except site search: the renderer never runs Pagefind (``pagefind/``
and the catalog's ``search-pages.json``); the preview indexes in the background once editing pauses
(:mod:`academy.deferred_search`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ... import urls
from ...catalog import SEARCH_PAGES
from ...deferred_search import NEXT_DIR
from ...pages.cohort_links import HOME
from ...plan import Site
from ...problems import ContentError, Problem
from ...search_index import BUNDLE_DIR
from ...views import footer_view, workspace_view
from .plugin import AcademyPlugin
from .render import CONFIG_FILE, _collect_mkdocs_logs, _mkdocs_build_moment, run_mkdocs

DEFERRED = (f"{BUNDLE_DIR}/", f"{NEXT_DIR}/", SEARCH_PAGES)
"""What the renderer does not write: Pagefind's index (and the folder it is made in) and the catalog's list
of Pagefind pages (paths in the folder; a trailing '/' stands for a whole folder)."""

ALWAYS_RENDERED = (HOME,)
"""Pages rendered on every update: the home page's next-session panel depends on today's date."""


@dataclass
class Update:
    """What one update did."""

    full: bool
    """True when the whole site was rendered."""
    pages: list[str] = field(default_factory=list)
    """The pages rendered again (every page after a full render)."""
    files: list[str] = field(default_factory=list)
    """The files other than pages written again (after a partial update)."""


class _Recorder:
    """Keeps what MkDocs' build made (its files, navigation and environment) for later partial updates."""

    files: Files | None = None
    nav: Navigation | None = None
    env: Any = None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        return env


@dataclass
class _Rendered:
    """The state of the folder after the last successful render."""

    config: MkDocsConfig
    plugin: AcademyPlugin
    files: Files
    nav: Navigation
    env: Any
    site_key: str
    page_keys: dict[str, str]
    file_keys: dict[str, str]


class PreviewRenderer:
    """Renders successive plans of one repository into ``out_dir``, each time as little as it can."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root = root
        self.out_dir = out_dir
        self._rendered: _Rendered | None = None

    def update(self, site: Site) -> Update:
        """Render ``site`` into the folder; raises ContentError (and renders in full next time) on any problem."""
        try:
            rendered = self._rendered
            if rendered is not None and rendered.site_key == self._site_key(site):
                return self._update_pages(rendered, site)
            self._rendered = None
            return self._render_all(site)
        except BaseException:
            self._rendered = None
            raise

    def _render_all(self, site: Site) -> Update:
        plugin = AcademyPlugin(site, index_search=False)  # deferred: academy.deferred_search
        recorder = _Recorder()  # runs after the academy plugin: sees what it made
        config, _ = run_mkdocs(site, self.out_dir, plugin, after={"academy-preview": recorder})
        assert recorder.files is not None and recorder.nav is not None
        self._rendered = _Rendered(config, plugin, recorder.files, recorder.nav, recorder.env, self._site_key(site),
                                   {}, self._file_keys(site))
        self._rendered.page_keys = {page.src_uri: self._page_key(self._rendered, site, page.src_uri)
                                    for page in site.pages.values()}
        return Update(True, sorted(site.pages))

    def _update_pages(self, rendered: _Rendered, site: Site) -> Update:
        config, plugin, files = rendered.config, rendered.plugin, rendered.files
        plugin.site = site
        with _collect_mkdocs_logs() as collector, _mkdocs_build_moment(site.dates.epoch):
            plugin.on_config(config)
            page_keys = {src: self._page_key(rendered, site, src) for src in site.pages}
            changed = sorted(src for src, key in page_keys.items()
                             if key != rendered.page_keys.get(src) or src in ALWAYS_RENDERED)
            file_keys = self._file_keys(site)
            changed_files = sorted(src for src, key in file_keys.items() if key != rendered.file_keys.get(src))
            try:
                for src_uri in changed_files:
                    self._write_file(files, site, src_uri)
                pages = [self._file_of(files, src) for src in changed]
                for file in pages:
                    planned = site.pages[file.src_uri]
                    if planned.source is None:
                        file.content_string = planned.markdown
                    assert file.page is not None
                    _populate_page(file.page, config, files)
                doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
                for file in pages:
                    assert file.page is not None
                    _build_page(file.page, config, doc_files, rendered.nav, rendered.env,
                                excluded=file.inclusion.is_excluded())
                for file in pages:
                    assert file.page is not None
                    file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            except BuildError as exc:
                raise ContentError([p for p in collector.problems if p.severity == "error"] or
                                   [Problem(CONFIG_FILE, 1, 1, str(exc))]) from None
        errors = [p for p in collector.problems if p.severity == "error"]
        if errors:  # strict mode: a warning of MkDocs' fails the update as it fails a build
            raise ContentError(errors)
        rendered.page_keys, rendered.file_keys = page_keys, file_keys
        return Update(False, changed, changed_files)

    def _site_key(self, site: Site) -> str:
        """A digest of everything every page shows; when it changes the whole site is rendered again.

        Titles count only for the pages in the navigation (in every page's sidebar and previous/next
        links); a page outside it, such as a library entry, shows its title only on itself.
        """
        theme = self.root / "theme"
        theme_files = sorted((p.relative_to(theme).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                             for p in theme.rglob("*") if p.is_file()) if theme.is_dir() else []
        parts = [
            (self.root / CONFIG_FILE).read_bytes(),
            theme_files,
            [(p.src_uri, p.url, p.source) for p in site.pages.values()],
            [(src, site.pages[src].title) for src in _nav_pages(site.nav) if src in site.pages],
            [(f.src_uri, f.source) for f in site.files.values()],
            site.nav,
            site.site_url,
            site.canonical_base,
            footer_view(site.content),
            # Every page's workspace settings: the same on every page but for relative addresses.
            workspace_view(site.content, lambda src_uri: urls.page_url(src_uri, site.config.use_directory_urls),
                           site.config.site_name, None),
            urls.template_paths(),
        ]
        return _digest(parts)

    def _page_key(self, rendered: _Rendered, site: Site, src_uri: str) -> str:
        """A digest of what one page's HTML is made from, beyond what every page shows."""
        file = self._file_of(rendered.files, src_uri)
        assert file.page is not None
        return _digest([site.pages[src_uri].markdown, rendered.plugin.template_data(file.page, rendered.config)])

    def _file_keys(self, site: Site) -> dict[str, str]:
        keys = {}
        for src_uri, item in site.files.items():
            if item.content is not None:
                keys[src_uri] = hashlib.sha256(item.content).hexdigest()
            else:
                source = site.root / (item.source or "")
                stat = source.stat()
                keys[src_uri] = f"{stat.st_mtime_ns}:{stat.st_size}"
        return keys

    def _write_file(self, files: Files, site: Site, src_uri: str) -> None:
        file = self._file_of(files, src_uri)
        planned = site.files[src_uri]
        if planned.content is not None:
            file.content_bytes = planned.content
        file.copy_file(dirty=False)

    @staticmethod
    def _file_of(files: Files, src_uri: str) -> File:
        file = files.get_file_from_path(src_uri)
        if file is None:
            raise ContentError([Problem(CONFIG_FILE, 1, 1, f"internal error: the preview has no file {src_uri}")])
        return file


def _nav_pages(items: Any) -> list[str]:
    """The pages the navigation names (its section and page entries, in order)."""
    found: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _nav_pages(value)
    return found


def deferred(path: str) -> bool:
    """Whether the file at ``path`` (relative to the folder) is one a partial update does not write."""
    return any(path.startswith(item) if item.endswith("/") else path == item for item in DEFERRED)


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


__all__ = ["DEFERRED", "PreviewRenderer", "Update", "deferred"]
