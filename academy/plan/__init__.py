"""The site as a value, planned before any engine runs.

:func:`plan_site` takes validated :class:`~academy.content.Content` and the settings of ``mkdocs.yml``
and returns a :class:`Site`: every page (source, URL, title, headings and anchors, outgoing links, its
Markdown), every other file (author files copied as they are, generated files as bytes), the navigation,
and the problems found by checking every link and anchor.  ``--check`` reports those problems; the build
reports the same ones and hands the plan to the engine adapter, which only renders it.

- :mod:`.scan`: headings, anchors and links of one page's Markdown, located in its file;
- :mod:`.links`: the link and anchor checker.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .. import urls
from ..markdown_safety import check_body
from ..build_date import BuildDates
from ..catalog import browse_data
from ..content import Content, read_content
from ..feed import DECOY_SITEMAP, build_feed
from ..pages import GeneratedFile, GeneratedPage, generate_pages, hand_written_collisions
from ..problems import ERROR, WARNING, ContentError, Problem
from ..reuse import Same, kept, reused
from ..self_assessment import SELF_ASSESSMENT_FILE
from ..site_address import SiteAddressError, canonical_base, site_address, version_address
from ..site_config import CONFIG_FILE, SiteConfig, load_site_config
from ..sources import SourceError, content_files, front_matter_parts, read_text, split_front_matter
from ..views import navigation
from .links import check_page_links
from ..pages.direct_html import DirectHtml, direct_html_fits
from .scan import Heading, Link, Scanner, direct_scan

EXCLUDED_FOLDERS = ("templates/",)
"""Folders of the docs folder that are not part of the site (MkDocs' default exclusions, with dotfiles)."""
NOT_PUBLISHED = (SELF_ASSESSMENT_FILE,)
"""Files of the docs folder that are read as content, not published as files."""


@dataclass(frozen=True)
class Page:
    """One page of the site."""

    src_uri: str
    """Its path as if in the docs folder: ``modules/01-x.md``; generated pages have one too."""
    url: str
    """Its URL relative to the version's root: ``modules/01-x/``."""
    title: str
    markdown: str
    """The Markdown the engine renders, front matter included."""
    source: str | None
    """The repository file it is written in (``curriculum/about.md``); None for a generated page."""
    headings: tuple[Heading, ...]
    anchors: frozenset[str]
    links: tuple[Link, ...]
    readable: bool = True
    """False for a file that could not be read (reported as such): its anchors are unknown."""
    html: str | None = field(default=None, compare=False, repr=False)
    """Its HTML, when the plan's own parse is it (a generated page that asks for it, whose links are all
    sound): the engine converts no Markdown for it.  None for every other page."""
    toc: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)
    """Its headings as Python-Markdown's ``toc_tokens`` tree (with ``html``)."""


@dataclass(frozen=True)
class File:
    """A file of the site that is not a page: copied from the docs folder, or generated."""

    src_uri: str
    content: bytes | None
    """The bytes of a generated file; None for an author's file, copied from ``source``."""
    source: str | None


@dataclass
class Site:
    """Everything one version of the site consists of, and what is wrong with it."""

    root: Path
    config: SiteConfig
    content: Content
    pages: dict[str, Page] = field(default_factory=dict)
    files: dict[str, File] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    site_url: str | None = None
    """This version's public address, ending in '/' (None when the site's address is not set)."""
    canonical_base: str | None = None
    """Where canonical links of this version point (the newest version's address for every version)."""
    complete: bool = True
    """False when some content files had errors: their pages are missing, so links to them are not judged."""

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity == ERROR)

    @property
    def dates(self) -> BuildDates:
        """The run's dates; ``dates.epoch`` is the moment this version's files are dated by."""
        return self.content.dates

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in set(self.problems) if p.severity == WARNING)

    def url_from(self, from_src: str, to_src: str) -> str:
        """The URL of page or file ``to_src`` as written on page ``from_src``."""
        return urls.link(from_src, to_src, self.config.use_directory_urls)

    def generated(self) -> Iterable[Page | File]:
        """Pages and files that exist only in the plan (the engine receives them in memory)."""
        yield from (page for page in self.pages.values() if page.source is None)
        yield from (file for file in self.files.values() if file.source is None)


def plan_site(content: Content, config: SiteConfig, site_url: str | None = None, canonical: str | None = None,
              complete: bool = True) -> Site:
    """Plan every page and file of the version ``content.version``; ``site_url`` is its public address,
    ``canonical`` the address its pages name as canonical (see :mod:`academy.site_address`).

    ``complete`` is False when ``content`` lacks files that had errors (see :attr:`Site.complete`).
    A preview's plan (:func:`academy.reuse.kept`) uses the Markdown scanner it kept from its last plan with the
    same settings, so pages whose Markdown did not change are not parsed again; any other plan makes its own.
    """
    content.site_url = canonical
    site = Site(content.root, config, content, site_url=site_url, canonical_base=canonical, complete=complete)
    scanner = kept("scanner", lambda kept_scanner: kept_scanner.config == config, lambda: Scanner(config))
    scanner.new_plan()
    docs = content.root / config.docs_dir
    for src_uri, path in _author_files(docs, content.root):
        if src_uri.endswith(".md"):
            site.pages[src_uri] = _author_page(scanner, config, src_uri, path, content.root)
        else:
            site.files[src_uri] = File(src_uri, None, path.relative_to(content.root).as_posix())
    generated = generate_pages(content)
    site.problems += hand_written_collisions(content, generated)
    for item in generated:
        if isinstance(item, GeneratedPage):
            key = (item.src_uri, item.markdown, item.plan_renders, scanner)  # the scanner stands for its settings
            site.pages[item.src_uri] = reused("generated page", key,
                                              lambda: _page(scanner, config, item.src_uri, item.markdown, None,
                                                            render=item.plan_renders, direct=item.direct,
                                                            meta=item.meta))
        elif isinstance(item, GeneratedFile):
            site.files[item.src_uri] = File(item.src_uri, item.content, None)
    for path, data in _library_files(site, site_url).items():
        site.files[path] = File(path, data, None)
    site.nav = config.nav or navigation(content)
    site.problems += _check_links(site) + _check_nav(site)
    return site


def _author_files(docs: Path, root: Path) -> list[tuple[str, Path]]:
    found = []
    for path in sorted(p for p in docs.rglob("*") if p.is_file() or p.is_symlink()):
        src_uri = path.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in src_uri.split("/")) or src_uri.startswith(EXCLUDED_FOLDERS) \
                or src_uri in NOT_PUBLISHED:
            continue
        found.append((src_uri, path))
    pages, _ = content_files(docs, root, (".md",))
    readable = set(pages)
    return [(src, path) for src, path in found if not src.endswith(".md") or path in readable]


def _author_page(scanner: Scanner, config: SiteConfig, src_uri: str, path: Path, root: Path) -> Page:
    display = path.relative_to(root).as_posix()
    try:
        text = read_text(path, root)
        source = split_front_matter(text, display, keep_going=True)  # a refused value: reported by the loader
    except SourceError:  # reported by the content loader already; the page's anchors stay unknown
        return Page(src_uri, urls.page_url(src_uri, config.use_directory_urls), src_uri, "", display, (),
                    frozenset(), (), readable=False)
    if check_body(source.body, display, source.body_line):
        # Refused (and reported) by the content loader: too large or hostile to hand to Markdown's parser,
        # whose time grows with the square of some inputs. Its anchors stay unknown.
        return Page(src_uri, urls.page_url(src_uri, config.use_directory_urls), src_uri, "", display, (),
                    frozenset(), (), readable=False)
    meta = source.meta.data if isinstance(source.meta.data, dict) else {}
    return _page(scanner, config, src_uri, text, display, source.body, source.body_line, meta.get("title"),
                 render=True)


def _page(scanner: Scanner, config: SiteConfig, src_uri: str, markdown: str, source: str | None,
          body: str | None = None, body_line: int = 1, title: object = None, render: bool = False,
          direct: DirectHtml | None = None, meta: Mapping[str, object] | None = None) -> Page:
    """``meta``: a generated page's front-matter values as its generator wrote them (its YAML is then not parsed)."""
    if body is None and meta is not None:
        _, body, body_line = front_matter_parts(markdown)
        title = meta.get("title")
    elif body is None:
        parsed = split_front_matter(markdown, src_uri)
        body, body_line = parsed.body, parsed.body_line
        values = parsed.meta.data if isinstance(parsed.meta.data, dict) else {}
        title = values.get("title")
    if direct is not None and render and isinstance(title, str) and direct_html_fits(config):
        scan = direct_scan(direct, body, body_line)
    else:
        scan = scanner.scan(body, body_line, render_as=src_uri if render and isinstance(title, str) else None)
    name = title if isinstance(title, str) and title.strip() else scan.title or _title_from_path(src_uri)
    return Page(src_uri, urls.page_url(src_uri, config.use_directory_urls), name, markdown, source,
                scan.headings, scan.anchors, scan.links, html=scan.html, toc=scan.toc)


def _title_from_path(src_uri: str) -> str:
    stem = posixpath.splitext(posixpath.basename(src_uri))[0]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(src_uri)) or "Home"
    return stem.replace("-", " ").replace("_", " ").capitalize()


def _library_files(site: Site, site_url: str | None) -> dict[str, bytes]:
    """The library's feed, the empty sitemap beside it, and the catalog's browse index."""
    content = site.content
    resources = list(content.resources.values())
    types = content.vocabulary.labels("types") if content.vocabulary else {}
    modules = {r.id: [m.number for m in content.modules_for(r)] for r in resources}
    # Every input of these files (the live preview reuses them while they stay the same: academy.reuse).
    key = (tuple(Same(r) for r in resources), repr(modules), repr(types), site_url, site.config.site_name,
           site.config.use_directory_urls)
    return reused("library files", key, lambda: _make_library_files(site, site_url, resources, types, modules))


def _make_library_files(site: Site, site_url: str | None, resources: list[Any], types: dict[str, str],
                        modules: dict[str, list[int]]) -> dict[str, bytes]:
    files: dict[str, bytes] = {urls.DECOY_SITEMAP: DECOY_SITEMAP}
    base = f"{site_url.rstrip('/')}/library/" if site_url else ""
    slash = "/" if site.config.use_directory_urls else ".html"
    files[urls.FEED] = build_feed(resources, title=f"{site.config.site_name}: new in the library",
                                  page_url=lambda resource: f"{base}{resource.id}{slash}",
                                  catalog_url=base or "./", feed_url=f"{base}feed.xml", type_labels=types)
    page_urls = {r.id: site.url_from(urls.CATALOG, r.src_uri) for r in resources}
    files.update(browse_data(resources, modules, page_urls, types))
    return files


def _check_links(site: Site) -> list[Problem]:
    """Every page's links; a page whose HTML the plan made keeps it only if all its links are sound (the
    engine then writes the same URLs), else the engine converts its Markdown and reports as it does."""
    known = set(site.pages) | set(site.files)
    anchors = {src: page.anchors for src, page in site.pages.items() if page.readable}
    problems = []
    for page in list(site.pages.values()):
        if page.source is None and not site.complete:
            if page.html is not None:
                site.pages[page.src_uri] = replace(page, html=None, toc=())
            continue  # generated from incomplete content: its links are judged once the content is fixed
        display = page.source or f"{site.config.docs_dir}/{page.src_uri} (generated page)"
        found = check_page_links(page.src_uri, display, page.links, known, anchors,
                                 site.config.use_directory_urls, _left_out(site))
        if found and page.html is not None:
            site.pages[page.src_uri] = replace(page, html=None, toc=())
        problems += found
    return problems


def _left_out(site: Site) -> Callable[[str], bool]:
    """Whether a page would exist but for content errors (an entry with errors; any cohort page when
    cohorts.yml has errors): links to such pages are not judged until the content is fixed."""
    if site.complete:
        return lambda target: False
    entries = {urls.library_entry(rid) for rid in site.content.unreadable_resources}
    cohorts_missing = site.content.program is None
    return lambda target: target in entries or (cohorts_missing and target.startswith("cohorts/"))


def _check_nav(site: Site) -> list[Problem]:
    """Every page the navigation names must exist."""
    problems = []
    for title, target in _nav_targets(site.nav):
        if "://" not in target and target not in site.pages:
            problems.append(Problem(CONFIG_FILE, 1, 1, f"nav: '{title}' points to '{target}', which is not a page "
                                                       f"of {site.config.docs_dir}/"))
    return problems


def _nav_targets(items: Any) -> Iterable[tuple[str, str]]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            yield item, item
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield str(title), value
                else:
                    yield from _nav_targets(value)


def load_site(root: Path, version: str | None = None, environ: Mapping[str, str] | None = None,
              newest_version: bool = False, dates: BuildDates | None = None) -> Site:
    """Read, validate and plan the working tree at ``root`` as the version ``version`` (with
    ``newest_version``: as the newest cohort's version, if cohorts.yml lists any), on the run's ``dates``
    (:mod:`academy.build_date`; the clock's day and no fixed build moment when not given).

    Raises one ContentError carrying every problem of every kind (settings, content, links, anchors,
    navigation); when content has errors, the pages that could be read are still planned and checked.
    """
    from ..versions.plan import plan_for

    root = root.resolve()
    config = load_site_config(root)
    content, problems = read_content(root, dates)
    if newest_version:
        versions = plan_for(content).versions
        version = versions[0].id if versions else None
    content.version = version
    address = canonical = None
    try:
        site = site_address(config.site_url, dict(os.environ if environ is None else environ))
    except SiteAddressError as exc:
        problems.append(Problem(CONFIG_FILE, _setting_line(root, "site_url"), 1, str(exc)))
        site = None
    if site is not None:
        address, canonical = version_address(site, version), canonical_base(site, version)
    planned = plan_site(content, config, address, canonical,
                        complete=not any(p.severity == ERROR for p in problems))
    planned.problems = sorted(set(problems + planned.problems))
    if planned.errors:
        raise ContentError(planned.problems)
    return planned


def _setting_line(root: Path, key: str) -> int:
    """The line of a top-level setting in mkdocs.yml (1 when it is not there)."""
    try:
        lines = read_text(root / CONFIG_FILE, root).splitlines()
    except SourceError:
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
