"""What a page holds that other pages depend on: its headings and anchors, its links, each where written.

The page's Markdown is parsed by Python-Markdown with the site's own extensions (from ``mkdocs.yml``),
so heading ids are the toc extension's (its ``slugify``, ``{#id}`` attribute lists, ``_1`` suffixes for
repeats) and links are exactly those the rendered page will have.  Nothing is rendered to a file.

Asked to (``scan(..., render_as=src_uri)``), the scan also keeps the page's HTML, with each relative link
made the URL the engine would make it (``../02-x.md`` -> ``../02-x/``), and its table of contents: the
engine then uses them instead of converting the same Markdown a second time.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .. import urls
from ..site_config import SiteConfig


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    id: str


@dataclass(frozen=True)
class Link:
    """A link (``<a href>``) or image (``<img src>``) of a page, at the 1-based line and column of its target."""

    target: str
    line: int
    col: int


@dataclass(frozen=True)
class PageScan:
    title: str | None
    """The first level-1 heading, if any."""
    headings: tuple[Heading, ...]
    anchors: frozenset[str]
    """Every id a link may point to: headings, ``{#id}`` attributes, footnotes, ids in raw HTML."""
    links: tuple[Link, ...]
    html: str | None = None
    """The page's HTML, its links made URLs (only when asked for, see :meth:`Scanner.scan`)."""
    toc: tuple[dict[str, Any], ...] = field(default=())
    """Python-Markdown's ``toc_tokens``: the headings as a tree (only with ``html``)."""


class _Collector(Treeprocessor):
    """Runs last: records every element id and every link target, in document order."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                self.ids.add(element.get("id", ""))
            if element.tag == "a":
                if element.get("name"):
                    self.ids.add(element.get("name", ""))
                if element.get("href") is not None and element.get("class") != "headerlink":
                    self.targets.append(element.get("href", ""))
            elif element.tag == "img" and element.get("src") is not None:
                self.targets.append(element.get("src", ""))


class _RawHtmlIds(Preprocessor):
    """Ids written in raw HTML blocks (``<div id="x">``, ``<a name="x">``), which the tree never sees."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        parser = _IdParser()
        parser.feed("\n".join(lines))
        parser.close()
        self.ids = parser.ids
        return lines


class _IdParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


class _LinksToUrls(Treeprocessor):
    """Runs after the collector, only for a page whose HTML is kept: each link to a page or file of the site
    becomes its URL relative to this page, as the engine writes it (MkDocs' ``path_to_url``)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.page: str | None = None
        self.use_directory_urls = True

    def run(self, root: etree.Element) -> None:
        if self.page is None:
            return
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            value = element.get(key) if key else None
            if key and value is not None:
                element.set(key, url_of_link(self.page, value, self.use_directory_urls))


def url_of_link(page: str, link: str, use_directory_urls: bool = True) -> str:
    """The URL the engine writes for ``link`` on the page built from ``page`` (its source path), when the link
    leads to a page or file of the site; full addresses, ``/`` paths and ``#anchor`` links stay as written."""
    scheme, netloc, path, query, anchor = urlsplit(link)
    if scheme or netloc or link.startswith(("/", "\\")) or "\x02amp\x03" in link or not path:
        return link
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)).lstrip("/"))
    return urlunsplit(("", "", urls.link(page, target, use_directory_urls), query, anchor))


class _ScanExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        self.collector = _Collector(md)
        self.raw_html = _RawHtmlIds(md)
        self.to_urls = _LinksToUrls(md)
        md.treeprocessors.register(self.collector, "academy_scan", -100)
        md.treeprocessors.register(self.to_urls, "academy_urls", -200)
        md.preprocessors.register(self.raw_html, "academy_raw_ids", 21)


class Scanner:
    """One Markdown parser, configured like the site's, reused for every page of a plan.

    It remembers what it found for each body it scanned, so a scanner kept between plans (the live
    preview plans the working tree on every change) parses only the pages whose Markdown changed.
    """

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self._use_directory_urls = config.use_directory_urls
        self._extension = _ScanExtension()
        self._md = markdown.Markdown(extensions=[*config.extensions, self._extension],
                                     extension_configs=_configs(config))
        self._previous: dict[tuple[str, int, str | None], PageScan] = {}
        self._current: dict[tuple[str, int, str | None], PageScan] = {}

    def new_plan(self) -> None:
        """Start scanning the pages of another plan: keep only what the last plan's pages found."""
        self._previous, self._current = self._current, {}

    def scan(self, body: str, body_line: int = 1, render_as: str | None = None) -> PageScan:
        """``body`` is the page's Markdown after its front matter; ``body_line`` is the file's line it starts on.

        With ``render_as``, the page's source path, the scan keeps its HTML and table of contents too.
        """
        key = (body, body_line, render_as)
        found = self._current.get(key) or self._previous.get(key) or self._scan(body, body_line, render_as)
        self._current[key] = found
        return found

    def _scan(self, body: str, body_line: int, render_as: str | None) -> PageScan:
        self._md.reset()
        self._extension.to_urls.page = render_as
        self._extension.to_urls.use_directory_urls = self._use_directory_urls
        try:
            html = self._md.convert(body)
        finally:
            self._extension.to_urls.page = None
        tokens: list[dict[str, Any]] = getattr(self._md, "toc_tokens", [])
        headings = tuple(_flatten(tokens))
        title = next((h.title for h in headings if h.level == 1), None)
        collector, raw = self._extension.collector, self._extension.raw_html
        anchors = frozenset(collector.ids | raw.ids)
        links = tuple(_locate(body, body_line, collector.targets))
        collector.ids, collector.targets = set(), []
        if render_as is None:
            return PageScan(title, headings, anchors, links)
        return PageScan(title, headings, anchors, links, html, tuple(tokens))


def direct_scan(direct: Any, body: str, body_line: int = 1) -> PageScan:
    """What :meth:`Scanner.scan` finds on a page whose HTML its generator wrote directly
    (:class:`academy.pages.direct_html.DirectHtml`): its headings, their ids, its links where written."""
    headings = tuple(_flatten(direct.toc))
    title = next((h.title for h in headings if h.level == 1), None)
    return PageScan(title, headings, frozenset(h.id for h in headings), tuple(_locate(body, body_line, list(direct.links))),
                    direct.html, tuple(direct.toc))


def _configs(config: SiteConfig) -> dict[str, dict[str, Any]]:
    configs = {name: dict(options) for name, options in config.extension_configs.items()}
    return configs


def _flatten(tokens: Iterable[dict[str, Any]]) -> Iterable[Heading]:
    for token in tokens:
        yield Heading(int(token["level"]), str(token.get("name", "")), str(token["id"]))
        yield from _flatten(token.get("children", []))


def _locate(body: str, body_line: int, targets: list[str]) -> Iterable[Link]:
    """Each target at the place it is written; a target written twice is found at each place in turn."""
    searched_from: dict[str, int] = {}
    for target in targets:
        index = _find(body, target, searched_from.get(target, 0))
        if index < 0:
            index = _find(body, target, 0)
        if index < 0:
            yield Link(target, body_line, 1)
            continue
        searched_from[target] = index + 1
        line = body.count("\n", 0, index) + body_line
        col = index - (body.rfind("\n", 0, index) + 1) + 1
        yield Link(target, line, col)


def _find(body: str, target: str, start: int) -> int:
    for needle in (f"]({target}", f"](<{target}>", f"]: {target}", f'"{target}"', f"'{target}'", target):
        index = body.find(needle, start)
        if index >= 0:
            return index + needle.find(target)
    return -1
