"""The plan's link and anchor checker: every link of every page, resolved the way the site's URLs work.

A link is written relative to its page's source file (``../library/x.md#section``).  It must lead to a
page or file of the plan, and its ``#anchor`` to an id of that page.  Links with a scheme or host
(``https://``, ``mailto:``) are left to ``check-links``.  Rules and suggestions follow MkDocs' link
validation, so a plan without problems is a build without link warnings.
"""

from __future__ import annotations

import posixpath
from typing import Callable, Iterable, Iterator, Mapping
from urllib.parse import unquote, urlsplit, urlunsplit

from ..problems import Problem
from .. import urls
from .scan import Link

AMP_SUBSTITUTE = "\x02amp\x03"
"""Python-Markdown's placeholder in obfuscated email links."""


def check_page_links(src_uri: str, display: str, links: Iterable[Link], files: set[str],
                     anchors: Mapping[str, frozenset[str]], use_directory_urls: bool = True,
                     left_out: Callable[[str], bool] = lambda target: False) -> list[Problem]:
    """Problems with the links of the page built from ``src_uri`` (reported in ``display``, its file).

    ``files`` holds every source path of the plan (pages and other files); ``anchors`` the ids of each page;
    ``left_out`` tells pages that may exist but are not planned (content with errors): links to them are
    not judged.
    """
    problems = []
    for link in links:
        message = _link_problem(src_uri, link.target, files, anchors, use_directory_urls, left_out)
        if message:
            problems.append(Problem(display, link.line, link.col, message))
    return problems


def _link_problem(src_uri: str, url: str, files: set[str], anchors: Mapping[str, frozenset[str]],
                  use_directory_urls: bool, left_out: Callable[[str], bool]) -> str | None:
    scheme, netloc, path, query, anchor = urlsplit(url)
    if scheme or netloc or AMP_SUBSTITUTE in url:
        return None
    if url.startswith(("/", "\\")):
        return f"link '{url}' starts with '/'; use a path relative to this file, such as '../about.md'"
    if not path:
        if anchor and anchor not in anchors.get(src_uri, frozenset()):
            return f"link '{url}' points to a heading that does not exist (there is no such anchor on this " \
                   "page); fix the '#...' part"
        return None
    path = unquote(path)
    guesses = _possible_targets(src_uri, path, use_directory_urls)
    target = next(guesses)
    if left_out(target):
        return None
    if target not in files:
        suggestion = next((guess for guess in guesses if guess in files), None)
        hint = ""
        if suggestion is not None:
            suggested = "" if anchor and suggestion == src_uri else urls.relative_url(suggestion, src_uri)
            hint = f" (did you mean '{urlunsplit(('', '', suggested, query, anchor))}'?)"
        return f"link '{url}' points to a page that does not exist{hint}; link to a .md file in curriculum/"
    if anchor and target in anchors and anchor not in anchors[target]:
        where = "there is no such anchor on this page" if target == src_uri else \
            f"the doc '{target}' does not contain an anchor '#{anchor}'"
        return f"link '{url}' points to a heading that does not exist ({where}); fix the '#...' part"
    return None


def _target(src_uri: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def _possible_targets(src_uri: str, path: str, use_directory_urls: bool) -> Iterator[str]:
    """The source path a link leads to, then guesses at what a broken link meant (as MkDocs guesses)."""
    target = _target(src_uri, path)
    yield target
    if posixpath.normpath(path) == ".":
        yield src_uri
        return
    tried = {target}
    prefixes = list(dict.fromkeys([target, _target(urls.page_url(src_uri, use_directory_urls), path)]))
    suffixes = []
    if use_directory_urls:
        suffixes.append(lambda p: p)
    if not posixpath.splitext(target)[-1]:
        suffixes.append(lambda p: posixpath.join(p, "index.md"))
        suffixes.append(lambda p: posixpath.join(p, "README.md"))
    if not target.endswith(".") and not path.endswith(".md") and (use_directory_urls or not path.endswith("/")):
        suffixes.append(lambda p: p.removesuffix(".html") + ".md")
    for prefix in prefixes:
        for suffix in suffixes:
            guess = posixpath.normpath(suffix(prefix))
            if guess not in tried and not guess.startswith("../"):
                tried.add(guess)
                yield guess
