"""A generated page's HTML written directly, byte for byte what Python-Markdown makes of its Markdown.

A library entry page is data laid out the same way each time: its Markdown (kept, for export-docs and as
the reference) goes through Python-Markdown only to come out as a known shape of HTML.  For values that
Markdown shows exactly as typed (no list marker at the start, no character Markdown's escaping and
Python-Markdown's serializer treat differently), :class:`DirectHtml` is that HTML, made by an autoescaping
template, with the headings' ids and table of contents as the toc extension makes them.  For any other
value the generator gives no direct HTML and the page's Markdown is parsed as before.
tests/test_render_shortcuts.py compares the two for every entry of the sample library.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable

from markdown.extensions.toc import nest_toc_tokens, slugify, unique

from ..templating import Markup, fragment

PERMALINK_TITLE = "Link to this section"
TOC_SETTINGS = {"permalink": True, "permalink_title": PERMALINK_TITLE}
"""The toc extension's settings the direct HTML is written for (mkdocs.yml); other settings: no direct HTML."""

_LIST_START = re.compile(r"^\d+\.\s")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)
_URL = re.compile(r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+$")


@dataclass(frozen=True)
class DirectHtml:
    """A page's HTML as Python-Markdown would write it, its headings' toc tokens and its links' targets."""

    html: str
    toc: tuple[dict[str, Any], ...]
    links: tuple[str, ...]
    """Every link target, in the order written, as in the page's Markdown (``../modules/01-x.md``)."""


def plain_text(value: object) -> bool:
    """Whether Python-Markdown shows ``value`` (escaped by pages.markdown.text) exactly as typed, and leaves it
    as it is in a raw HTML block (the entry's search metadata): no list or definition marker at the start, no
    character it escapes differently (``#``, ``~``, ``"``), no tab or line break (it expands and splits those)."""
    raw = str(value)
    text = " ".join(raw.split())
    return bool(text) and not _LIST_START.match(text) and not text.startswith(":") \
        and not any(char in raw for char in '#~"\t\r\n\x02\x03')


def plain_url(url: str) -> bool:
    """Whether Python-Markdown writes ``url`` (a link target between ``<>``) as it is, but for ``&``."""
    return bool(_URL.match(url)) and not _ENTITY.search(url)


def text(value: object) -> Markup:
    """What Python-Markdown writes for ``pages.markdown.text(value)``: whitespace collapsed, ``&<>`` escaped."""
    return Markup(html.escape(" ".join(str(value).split()), quote=False))


def url(value: str) -> Markup:
    """What Python-Markdown writes in an ``href`` for a :func:`plain_url`: only ``&`` escaped."""
    return Markup(value.replace("&", "&amp;"))


class Headings:
    """Heading ids and toc tokens as the toc extension makes them (its slugify, ``_1`` for repeats)."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._counters: dict[str, int] = {}
        self.tokens: list[dict[str, Any]] = []

    def heading(self, level: int, title: object) -> Markup:
        """``<hN id=...>title<a class="headerlink" ...>&para;</a></hN>`` for a :func:`plain_text` title."""
        name = text(title)
        anchor = unique(slugify(html.unescape(str(name)), "-"), self._used, self._counters)
        self.tokens.append({"level": level, "id": anchor, "name": str(name), "html": str(name),
                            "data-toc-label": ""})
        return fragment('<h{0} id="{1}">{2}<a class="headerlink" href="#{1}" title="{3}">&para;</a></h{0}>',
                        level, Markup(anchor), name, PERMALINK_TITLE)

    def toc(self) -> tuple[dict[str, Any], ...]:
        return tuple(nest_toc_tokens(self.tokens))


def direct_html_fits(config: Any) -> bool:
    """Whether the site's Markdown settings (a :class:`~academy.site_config.SiteConfig`) are those the direct
    HTML is written for: the toc extension with exactly :data:`TOC_SETTINGS`, links as directory URLs."""
    return "toc" in config.extensions and dict(config.extension_configs.get("toc", {})) == TOC_SETTINGS \
        and config.use_directory_urls


def all_plain(texts: Iterable[object], urls: Iterable[str]) -> bool:
    return all(plain_text(t) for t in texts) and all(plain_url(u) for u in urls)
