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

The same goes for the blocks of Material's page template that read nothing of the page but its place
(the styles, the footer, the settings script, the scripts...): ``theme/main.html`` asks
:meth:`SharedNav.block_key` for a block's key.  A page outside the navigation (no previous or next page)
whose folder holds no other file of the site shares them with every page of a sibling folder: a relative
link made from ``base_url`` reads the same at one depth, and one made by the ``url`` or ``script_tag``
filters reads the same from both folders unless it points inside one of them.  So while a block renders,
the adapter's filters report their targets (:meth:`SharedNav.note`); a rendering that links inside its
own page's folder is not kept, and a kept one is not used for a page whose folder one of its links points
into (the footer's link to the privacy statement, on the privacy statement's page and its siblings).  Values
a block reads from the page (its "last updated" date, its template) are part of the key.
"""

from __future__ import annotations

from collections import Counter
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
        self._keys: dict[tuple[Any, ...], tuple[Any, ...] | None] = {}
        self._files_below: Counter[str] | None = None
        self._folder: list[str] = []
        """The folder of the page whose block key was asked last (pages render one at a time)."""
        self._recording: list[list[str] | None] | None = None
        self._block_targets: dict[tuple[Any, ...], list[list[str] | None]] = {}
        self.hits = 0

    def note(self, target: str) -> None:
        """A filter made a link to ``target`` (a path in the site, or an address): kept with the rendering."""
        if self._recording is not None:
            self._recording.append(_parts(target))

    def learn_files(self, dest_uris: Iterable[str]) -> None:
        """Count the site's files below every folder (from their paths in the site), for :meth:`block_key`."""
        counts: Counter[str] = Counter()
        for uri in dest_uris:
            parts = uri.split("/")[:-1]
            for end in range(1, len(parts) + 1):
                counts["/".join(parts[:end])] += 1
        self._files_below = counts

    def block_key(self, name: str, page: Page | None, nav: Navigation | None,
                  *values: Any) -> tuple[Any, ...] | None:
        """The key of the pages on which the template block ``name`` renders alike (given ``values``, what
        the block reads of the page), or None to render it for this page alone."""
        if not self.enabled or page is None or nav is None or self._files_below is None:
            return None
        if nav is not self._nav:
            self._learn(nav)
        if page.file.src_uri in self._in_nav or page.previous_page is not None or page.next_page is not None:
            return None
        folder = page.file.dest_uri.rpartition("/")[0]
        if not folder or self._files_below.get(folder) != 1:
            return None  # the page's own file is not alone in its folder
        self._folder = folder.split("/")
        return ("block", name, folder.rpartition("/")[0], *values)

    def _inside(self, targets: list[list[str] | None]) -> bool:
        """Whether a link to one of ``targets`` points inside the current page's folder (or cannot be judged)."""
        folder = self._folder
        return any(t is None or t[:len(folder)] == folder for t in targets)

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
        extra = tuple(str(t) for t in extra_targets if t)
        folder = (tuple(_folder(page.url)), extra)
        if folder not in self._keys:  # the same for every page in one folder
            self._keys[folder] = links_key(page.url, self._targets + [_parts(t) for t in extra])
        return self._keys[folder]

    def get(self, key: tuple[Any, ...] | None) -> Markup | None:
        """The rendering kept for ``key``, or None (the template then renders it and calls :meth:`keep`)."""
        if key is None:
            return None
        found = self._rendered.get(key)
        if found is not None and self._inside(self._block_targets.get(key, [])):
            found = None
        if found is None:
            self._recording = [] if key[0] == "block" else None
            return None
        self.hits += 1
        return found

    def keep(self, key: tuple[Any, ...] | None, rendered: str) -> Markup:
        """Keep ``rendered`` (the partial's output, already HTML) for ``key``; return it to print."""
        html = Markup(rendered)
        targets, self._recording = self._recording, None
        if key is not None and key[0] == "block":
            if targets is None or self._inside(targets):
                return html
            self._block_targets[key] = targets
        if key is not None:
            self._rendered[key] = html
        return html

    def clear(self) -> None:
        """Forget every rendering (the pages' titles or the navigation may have changed)."""
        self._nav = None
        self._rendered.clear()
        self._keys.clear()
        self._block_targets.clear()

    def _learn(self, nav: Navigation) -> None:
        self._nav = nav
        self._rendered.clear()
        self._keys.clear()
        self._block_targets.clear()
        self._in_nav = {page.file.src_uri for page in nav.pages}
        urls = [page.url for page in nav.pages] + list(_link_urls(nav.items))
        if nav.homepage is not None:
            urls.append(nav.homepage.url)
        self._targets = [_parts(url) for url in urls]


def note_link_targets(env: jinja2.Environment, shared: SharedNav) -> None:
    """Make MkDocs' ``url`` and ``script_tag`` filters tell ``shared`` what they link to (the same output)."""
    url, script_tag = env.filters["url"], env.filters["script_tag"]

    @jinja2.pass_context
    def noted_url(context: Any, value: Any) -> Any:
        shared.note(str(value))
        return url(context, value)

    @jinja2.pass_context
    def noted_script_tag(context: Any, extra_script: Any) -> Any:
        shared.note(str(extra_script))
        return script_tag(context, extra_script)

    env.filters["url"], env.filters["script_tag"] = noted_url, noted_script_tag


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
