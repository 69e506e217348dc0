"""Material's sidebar navigation, rendered once for all the pages that would render it alike.

Every page prints the whole site navigation (``partials/nav.html``).  For a page that is not in the
navigation, nothing in that partial depends on the page except the relative URLs of its links, and those
are the same for every page in the same folder (``library/a/`` and ``library/b/`` both link to
``../../modules/x/``), as long as no link of the navigation points inside the page's own folder.  The
library's entry pages are such pages: thousands of them, at one depth, outside the navigation.

``theme/partials/nav.html`` asks :meth:`SharedNav.key` for the page's key; with one, it prints the string
kept for that key, or renders Material's partial (``material/partials/nav.html``, see :func:`material_loader`)
and keeps it.  A page in the navigation (it shows itself as active, and its table of contents) gets no key
and is rendered as before.  One :class:`SharedNav` serves one build: the adapter makes a new one in
``on_env``, so a preview's rebuild never sees the last build's navigation.
"""

from __future__ import annotations

from typing import Any, Iterable

import jinja2
from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

MATERIAL_PREFIX = "material"
"""``{% include "material/partials/nav.html" %}`` names Material's own template, past this theme's override."""


def material_loader(loader: jinja2.BaseLoader | None, theme_dirs: list[str]) -> jinja2.BaseLoader:
    """The theme's loader, plus Material's (and MkDocs') templates under ``material/``, which this theme's
    override of a partial includes."""
    prefixed = jinja2.PrefixLoader({MATERIAL_PREFIX: jinja2.FileSystemLoader(theme_dirs)})
    return jinja2.ChoiceLoader([loader, prefixed] if loader is not None else [prefixed])


class SharedNav:
    """The rendered navigation of one build, one string per group of pages that render it alike."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        """False renders every page's navigation (the tests compare both ways)."""
        self._rendered: dict[tuple[Any, ...], Markup] = {}
        self._nav: Navigation | None = None
        self._in_nav: set[str] = set()
        self._targets: list[list[str]] = []
        self.hits = 0

    def key(self, page: Page | None, nav: Navigation | None, extra_targets: Iterable[Any] = ()) -> tuple[Any, ...] | None:
        """The key of the pages whose navigation is this page's, or None to render it for this page alone.

        ``extra_targets`` are the other addresses the partial links to (the home page, the logo).
        """
        if not self.enabled or page is None or nav is None or not isinstance(page.url, str):
            return None
        if nav is not self._nav:
            self._learn(nav)
        if page.file.src_uri in self._in_nav:
            return None
        return links_key(page.url, self._targets + [_parts(str(t)) for t in extra_targets if t])

    def get(self, key: tuple[Any, ...] | None) -> Markup | None:
        if key is None:
            return None
        found = self._rendered.get(key)
        if found is not None:
            self.hits += 1
        return found

    def keep(self, key: tuple[Any, ...] | None, rendered: str) -> Markup:
        """Keep ``rendered`` (the partial's output, already HTML) for ``key``; return it to print."""
        html = Markup(rendered)
        if key is not None:
            self._rendered[key] = html
        return html

    def clear(self) -> None:
        """Forget every rendering (the pages' titles or the navigation may have changed)."""
        self._nav = None
        self._rendered.clear()

    def _learn(self, nav: Navigation) -> None:
        self._nav = nav
        self._rendered.clear()
        self._in_nav = {page.file.src_uri for page in nav.pages}
        urls = [page.url for page in nav.pages] + list(_link_urls(nav.items))
        if nav.homepage is not None:
            urls.append(nav.homepage.url)
        self._targets = [_parts(url) for url in urls]


def links_key(page_url: str, targets: list[list[str] | None]) -> tuple[Any, ...] | None:
    """A key shared by every page on which links to ``targets`` (their URLs' parts, see :func:`url_parts`)
    read the same: pages in one folder, or beside each other when no target lies inside either's folder."""
    folder = _folder(page_url)
    if not folder:
        return None
    if any(t is None or t[:len(folder)] == folder for t in targets):
        return ("exactly", tuple(folder))  # some link points inside the page's folder: share with no sibling
    return ("beside", tuple(folder[:-1]))


def url_parts(url: str) -> list[str] | None:
    """A link target's path parts as :func:`links_key` compares them."""
    return _parts(url)


def _link_urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        if isinstance(item, Link):
            yield item.url
        elif isinstance(item, Section):
            yield from _link_urls(item.children)


def _folder(url: str) -> list[str]:
    """The folder MkDocs makes a page's links relative to (``get_relative_url``): its URL less a file name."""
    dirname, _, basename = url.rpartition("/")
    parts = _parts(dirname if "." in basename else url)
    return parts or []


def _parts(url: str) -> list[str] | None:
    """A target's path parts; None when it cannot be judged (a ``..`` in it), so the page is not shared."""
    if "://" in url or url.startswith(("mailto:", "#")):
        return []  # not made relative to the page
    path = url.split("#", 1)[0].split("?", 1)[0]
    parts = [part for part in path.split("/") if part and part != "."]
    return None if ".." in parts else parts
