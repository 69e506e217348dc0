"""What Pagefind reads: each page reduced to the parts that can change the search index.

Every page MkDocs writes carries the whole site's navigation, header and footer (about 25 KB of a
library entry's 29 KB), and Pagefind parses all of it only to find the article marked
``data-pagefind-body`` (:func:`academy.search_index.mark_searchable`).  Once any page of a site has that
mark, Pagefind (1.5, ``fossick/parser.rs``) takes from a page only:

- the ``lang`` of its ``<html>`` element;
- the text of the marked element(s);
- ``data-pagefind-*`` attributes (meta, filters, sort, ignore) wherever they are;
- as title when no ``title`` meta is given, the first ``<h1>`` anywhere, else the ``<title>``; as image the
  first ``<img>`` after that title.

:func:`search_input` keeps the page's head and ``<body>`` tag and the marked article, and drops what lies
between and after, unless the dropped part holds one of the things above (then the page is kept whole).
:class:`SearchSource` is a folder of those reduced pages at the pages' own paths, listed in the site's
order, which Pagefind indexes in place of the site: the bundle is the same, byte for byte
(``tests/test_render_shortcuts.py`` builds the sample both ways), and Pagefind parses about a sixth of the
bytes of a library entry.

Pure Python and files; nothing here knows MkDocs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

_ARTICLE = b'<article class="md-content__inner md-typeset" data-pagefind-body'
"""The marked article's start tag, as :func:`academy.search_index.mark_searchable` writes it."""
_ARTICLE_END = b"</article>"
_READ_BEFORE = (b"data-pagefind", b"<h1", b"<title", b"<html", b"<body", b"<article")
"""What Pagefind would read between the ``<body>`` tag and the article (the header, the sidebars), in lower
case: then the page is kept whole.  An ``<img>`` there (the logo) comes before any title, so Pagefind does
not take it for the page's image."""
_READ_AFTER = _READ_BEFORE + (b"<img", b"</article")
"""What Pagefind would read after the article (the footer, scripts), in lower case; and a second end tag (the
first one was then inside the article, in a comment or a script), so the article is never cut short."""
_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
MEMORY_FOLDER = Path("/dev/shm")
"""Where the reduced pages go when the system has a memory-backed folder (writing them costs little there)."""


def search_input(page: bytes) -> bytes:
    """The page (its bytes as written) as Pagefind needs it: its head, its ``<body>`` tag and the marked
    article; or the page itself when the article is missing or anything else in it could change the index."""
    start = page.find(_ARTICLE)
    if start < 0:
        return page
    end = page.find(_ARTICLE_END, start)
    body = _BODY_TAG.search(page, 0, start)
    if end < 0 or body is None or b"<article" in page[start + 1:end]:
        return page
    end += len(_ARTICLE_END)
    if _holds(page[body.end():start], _READ_BEFORE) or _holds(page[end:], _READ_AFTER):
        return page
    return page[:body.end()] + page[start:end] + b"</body></html>\n"


class _Needles:
    """Whether lower-cased bytes hold any of ``needles``: one pass of a pattern for those that start with ``<``
    (the tags; looking for each in turn meant a pass per tag over 20 KB of navigation, with ``<`` everywhere),
    one ``in`` for each of the others."""

    def __init__(self, needles: tuple[bytes, ...]) -> None:
        tags = [needle[1:] for needle in needles if needle.startswith(b"<")]
        self._tags = re.compile(b"<(?:" + b"|".join(re.escape(tag) for tag in tags) + b")")
        self._others = tuple(needle for needle in needles if not needle.startswith(b"<"))

    def found_in(self, lowered: bytes) -> bool:
        return any(needle in lowered for needle in self._others) or self._tags.search(lowered) is not None


_NEEDLES = {_READ_BEFORE: _Needles(_READ_BEFORE), _READ_AFTER: _Needles(_READ_AFTER)}


def _holds(part: bytes, needles: tuple[bytes, ...]) -> bool:
    lowered = part.lower()  # ASCII letters only, as HTML's tag and attribute names
    return _NEEDLES[needles].found_in(lowered)


class SearchSource:
    """The site's HTML files as Pagefind reads them (:func:`search_input`), in a temporary folder, at the
    paths they have in the site and listed in the same order.

    Pagefind numbers the pages in the order it walks the folder (the file system's listing order, which it
    does not sort), and the numbers are in the bundle; so the folder is made to list every directory's
    entries in the order the site's directory lists them, checked after it is made.  Where that cannot be
    done, :meth:`complete` returns None and Pagefind reads the site itself.
    """

    def __init__(self) -> None:
        self._pages: dict[str, bytes] = {}
        self.folder: Path | None = None

    def add(self, path: str, page_html: str) -> None:
        """Keep the reduced page written at ``path`` (relative to the site, ``/``-separated), encoded as MkDocs
        encodes the page it writes."""
        self._pages[path] = search_input(page_html.encode("utf-8", errors="xmlcharrefreplace"))

    def complete(self, site_dir: Path) -> Path | None:
        """Write the folder: every HTML file of ``site_dir``, reduced where a page was added (the others, such
        as the 404 page, copied); None when the folder cannot list its entries as the site does."""
        site = _html_tree(site_dir)
        if site is None:
            return None
        parent = MEMORY_FOLDER if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK) else None
        self.folder = Path(tempfile.mkdtemp(prefix="academy-search-", dir=parent))
        newest_first = _lists_newest_first(self.folder)
        if newest_first is None:
            return None
        for relative, names in site.items():
            for name in (reversed(names) if newest_first else names):
                path = f"{relative}/{name}" if relative else name
                target = self.folder / path
                if path in site:
                    target.mkdir()
                elif path in self._pages:
                    target.write_bytes(self._pages[path])
                else:
                    shutil.copyfile(site_dir / path, target)
        self._pages.clear()
        return self.folder if _html_tree(self.folder) == site else None

    def remove(self) -> None:
        self._pages.clear()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _html_tree(root: Path) -> dict[str, list[str]] | None:
    """Every directory below ``root`` that holds an HTML file at some depth (``""`` for ``root``), parents
    before children, with the names of its entries that are or hold HTML files in the order the directory
    lists them; None when a symbolic link or a directory named ``*.html`` could make Pagefind's walk differ."""
    tree: dict[str, list[str]] = {}

    def walk(directory: Path, relative: str) -> bool | None:
        names: list[str] = []
        tree[relative] = names
        with os.scandir(directory) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_symlink():
                    return None
                if entry.is_dir():
                    if entry.name.endswith(".html"):
                        return None
                    found = walk(Path(entry.path), path)
                    if found is None:
                        return None
                    if found:
                        names.append(entry.name)
                elif entry.name.endswith(".html"):
                    names.append(entry.name)
        if not names:
            del tree[relative]
        return bool(names)

    return tree if walk(root, "") is not None else None


def _lists_newest_first(folder: Path) -> bool | None:
    """Whether the file system of ``folder`` lists a directory's entries newest first (tmpfs) or oldest first;
    None when it lists them in neither order (then the order cannot be made)."""
    probe = folder / ".probe"
    probe.mkdir()
    try:
        names = ["b", "c", "a"]
        for name in names:
            (probe / name).touch()
        listed = [entry.name for entry in os.scandir(probe)]
    finally:
        shutil.rmtree(probe)
    return True if listed == names[::-1] else False if listed == names else None
