"""What a page holds that other pages depend on: its headings and anchors, its links, each where written.

The page's Markdown is parsed by Python-Markdown with the site's own extensions (from ``mkdocs.yml``),
so heading ids are the toc extension's (its ``slugify``, ``{#id}`` attribute lists, ``_1`` suffixes for
repeats) and links are exactly those the rendered page will have.  Nothing is rendered to a file.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Iterable

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

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


class _ScanExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        self.collector = _Collector(md)
        self.raw_html = _RawHtmlIds(md)
        md.treeprocessors.register(self.collector, "academy_scan", -100)
        md.preprocessors.register(self.raw_html, "academy_raw_ids", 21)


class Scanner:
    """One Markdown parser, configured like the site's, reused for every page of a plan.

    It remembers what it found for each body it scanned, so a scanner kept between plans (the live
    preview plans the working tree on every change) parses only the pages whose Markdown changed.
    """

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self._extension = _ScanExtension()
        self._md = markdown.Markdown(extensions=[*config.extensions, self._extension],
                                     extension_configs=_configs(config))
        self._previous: dict[tuple[str, int], PageScan] = {}
        self._current: dict[tuple[str, int], PageScan] = {}

    def new_plan(self) -> None:
        """Start scanning the pages of another plan: keep only what the last plan's pages found."""
        self._previous, self._current = self._current, {}

    def scan(self, body: str, body_line: int = 1) -> PageScan:
        """``body`` is the page's Markdown after its front matter; ``body_line`` is the file's line it starts on."""
        key = (body, body_line)
        found = self._current.get(key) or self._previous.get(key) or self._scan(body, body_line)
        self._current[key] = found
        return found

    def _scan(self, body: str, body_line: int) -> PageScan:
        self._md.reset()
        self._md.convert(body)
        tokens: list[dict[str, Any]] = getattr(self._md, "toc_tokens", [])
        headings = tuple(_flatten(tokens))
        title = next((h.title for h in headings if h.level == 1), None)
        collector, raw = self._extension.collector, self._extension.raw_html
        anchors = frozenset(collector.ids | raw.ids)
        links = tuple(_locate(body, body_line, collector.targets))
        collector.ids, collector.targets = set(), []
        return PageScan(title, headings, anchors, links)


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
