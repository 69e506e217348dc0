"""Where every page and file of a version lives: source paths (as if in ``curriculum/``) and their URLs.

One place spells each page path; generators, views, the plan and the engine adapter ask here.
URLs follow the directory-URL scheme (``about.md`` -> ``about/``, ``index.md`` -> ``./``), the same
rule MkDocs applies, so links computed here match the built site.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import quote

HOME = "index.md"
ABOUT = "about.md"
CURRICULUM = "curriculum.md"
FACILITATOR_GUIDE = "facilitator-guide.md"
SEARCH = "search.md"
CATALOG = "library/index.md"
LIBRARY_CONTRIBUTING = "library-contributing.md"
FEED = "library/feed.xml"
DECOY_SITEMAP = "library/sitemap.xml"
COHORTS_INDEX = "cohorts/index.md"
SCHEDULE = "schedule.json"
BROWSE_DIR = "library/catalogue"
"""The catalog's static browse index.  Published (every version's pages fetch it, and kept versions have it),
so the address keeps its British spelling; identifiers say ``catalog``."""
ACTION_PLAN = "action-plan.md"
SELF_ASSESSMENT = "self-assessment.md"
TEMPLATES = "templates.md"
LAW = "law.md"


def library_entry(resource_id: str) -> str:
    """A library entry's page."""
    return f"library/{resource_id}.md"


def cohort_page(cohort_id: str, name: str = "index") -> str:
    """A cohort's page: ``index`` (its overview), ``opening``/``closing`` (agendas), ``office-hours``."""
    return f"cohorts/{cohort_id}/{name}.md"


def cohort_file(cohort_id: str, name: str) -> str:
    """A file in a cohort's folder, such as its calendars."""
    return f"cohorts/{cohort_id}/{name}"


def site_path(src_uri: str) -> str:
    """A page's address after its version's root, without './': 'cohorts/2024-25/opening/', '' for the home."""
    url = page_url(src_uri)
    return "" if url == "./" else url


def dest_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The file a source path is written to: ``about.md`` -> ``about/index.html``; other files as they are."""
    if not src_uri.endswith(".md"):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    stem = filename[:-3]
    stem = "index" if stem == "README" else stem
    if not use_directory_urls or stem == "index":
        return posixpath.join(parent, f"{stem}.html")
    return posixpath.join(parent, stem, "index.html")


@functools.lru_cache(maxsize=65536)  # a pure function of its arguments, asked for the same pages again and again
def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL of a source path, relative to the version's root: ``about/``, ``./`` for the home page."""
    url = dest_path(src_uri, use_directory_urls)
    folder, filename = posixpath.split(url)
    if use_directory_urls and filename == "index.html":
        url = (folder or ".") + "/"
    return quote(url)


@functools.lru_cache(maxsize=65536)
def _parts(path: str) -> tuple[str, ...]:
    normal = posixpath.normpath("/" + path)[1:]
    return tuple(normal.split("/")) if normal else ()


def relative_url(url: str, from_url: str) -> str:
    """``url`` relative to the page at ``from_url`` (both relative to the root; a last part with a dot is a file)."""
    folder, _, last = from_url.rpartition("/")
    if "." in last:
        from_url = folder
    here, there = _parts(from_url), _parts(url)
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + list(there[common:])) or "."
    return relative + "/" if url.endswith("/") else relative


def template_paths() -> dict[str, str]:
    """The addresses the theme's templates link to, relative to the version's root (``{{ ... | url }}``)."""
    return {"curriculum": site_path(CURRICULUM), "library": site_path(CATALOG), "search": site_path(SEARCH),
            "feed": FEED, "schedule": SCHEDULE, "browse_index": f"{BROWSE_DIR}/facets.json"}


def link(from_src: str, to_src: str, use_directory_urls: bool = True) -> str:
    """The URL of ``to_src`` as written on the page built from ``from_src``."""
    return relative_url(page_url(to_src, use_directory_urls), page_url(from_src, use_directory_urls))
