"""Site search: Pagefind indexes the built HTML after MkDocs has written it.

Pagefind comes from the pinned ``pagefind`` / ``pagefind_bin`` packages and runs
offline.  This module knows nothing of MkDocs: give it a folder, get problems back.
After indexing it lists which Pagefind page each library entry became
(:func:`academy.catalog.search_pages`), so the catalog needs no Pagefind filters.
"""

from __future__ import annotations

import functools
import gzip
import json
import subprocess
from pathlib import Path
from typing import Mapping

from .catalog import BROWSE_DIR, SEARCH_PAGES, search_pages
from .problems import Problem

BUNDLE_DIR = "pagefind"
"""Where Pagefind writes its index and UI inside the site (``site/pagefind/``)."""

BODY_ATTRIBUTE = "data-pagefind-body"
EXCLUDED = ".headerlink"
"""Parts of the main article that are not content: the heading permalinks (the "¶" signs)."""
PAGEFIND_VERSION = "1.5.2"
FRAGMENT_SIGNATURE = b"pagefind_dcd"
"""What a Pagefind fragment (one page's URL, text and metadata; gzip-compressed) starts with."""
TIMEOUT_SECONDS = 900
SKIP_VARIABLE = "ACADEMY_SKIP_SEARCH_INDEX"
"""For measurement only (tests/benchmarks/site_performance.py): set to ``1``, the build runs no Pagefind, so
the site has no working search.  Never set it for a site that is published."""


def indexing_skipped(environ: Mapping[str, str]) -> bool:
    """Whether this build leaves out Pagefind's indexing (``ACADEMY_SKIP_SEARCH_INDEX=1``, benchmarks only)."""
    return environ.get(SKIP_VARIABLE, "").strip() == "1"


def pagefind_command(site_dir: Path, output_subdir: str = BUNDLE_DIR, source: Path | None = None) -> list[str]:
    """The command that indexes ``site_dir``: the binary the pinned ``pagefind_bin`` package ships, run
    directly (``python -m pagefind`` would start a second interpreter, and import asyncio, only to exec it).

    With ``source``, Pagefind reads the pages from that folder instead (the site's pages reduced to what it
    reads, :mod:`academy.search_input`) and writes the bundle into ``site_dir`` all the same."""
    from pagefind_bin import get_executable

    if source is None:
        where = ["--site", str(site_dir), "--output-subdir", output_subdir]
    else:
        where = ["--site", str(source), "--output-path", str(site_dir.resolve() / output_subdir)]
    return [str(get_executable()), *where, "--exclude-selectors", EXCLUDED, "--quiet"]


def mark_searchable(html: str, kind: str = "Page") -> str:
    """Mark Material's main article as the part Pagefind indexes (not the nav, header or footer),
    with the kind of page as Pagefind metadata, so search results can say what each one is."""
    return html.replace('<article class="md-content__inner md-typeset">', _marked_article(kind), 1)


@functools.lru_cache(maxsize=64)
def _marked_article(kind: str) -> str:
    from .templating import Markup, fragment

    return fragment('<article class="md-content__inner md-typeset" {} data-pagefind-meta="kind:{}">',
                    Markup(BODY_ATTRIBUTE), kind)


def page_kind(src_uri: str) -> str:
    """What a reader would call the page built from ``src_uri``: Module, Library resource, Workshop agenda..."""
    parts = src_uri.split("/")
    if parts[0] == "modules" and len(parts) == 2:
        return "Module"
    if parts[0] == "library":
        return "Library" if parts[-1] == "index.md" else "Library resource"
    if parts[0] == "cohorts":
        name = parts[-1].removesuffix(".md")
        if name in ("opening", "closing"):
            return "Workshop agenda"
        if name == "office-hours":
            return "Office hours"
        return "Cohort"
    return "Page"


def build_index(site_dir: Path, config_file: str = "mkdocs.yml", source: Path | None = None) -> list[Problem]:
    """Run Pagefind over ``site_dir`` (its pages read from ``source`` when given, see :func:`pagefind_command`);
    any failure comes back as one-line problems."""
    try:
        installed = _installed_version()
    except ImportError:
        return [Problem(config_file, 1, 1, f"site search needs the 'pagefind=={PAGEFIND_VERSION}' and "
                                           f"'pagefind_bin=={PAGEFIND_VERSION}' packages; run "
                                           "pip install -r requirements.txt")]
    if installed != PAGEFIND_VERSION:
        return [Problem(config_file, 1, 1, f"site search needs pagefind {PAGEFIND_VERSION} but {installed} is "
                                           "installed; run pip install -r requirements.txt")]
    try:
        result = subprocess.run(pagefind_command(site_dir, source=source), capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Problem(config_file, 1, 1, f"site search: pagefind could not run: {exc}")]
    if result.returncode != 0:
        output = " ".join((result.stderr or result.stdout).split())[:500] or f"exit status {result.returncode}"
        return [Problem(config_file, 1, 1, f"site search: pagefind failed: {output}")]
    if not (site_dir / BUNDLE_DIR / "pagefind.js").exists():
        return [Problem(config_file, 1, 1, "site search: pagefind wrote no index (no page is marked "
                                           f"{BODY_ATTRIBUTE})")]
    return link_catalog(site_dir, config_file)


def page_metadata(site_dir: Path) -> dict[str, dict[str, str]]:
    """Every page Pagefind indexed: its page id (the fragment's name, which search results carry) -> metadata."""
    pages = {}
    for fragment in sorted((site_dir / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(FRAGMENT_SIGNATURE):
            raise ValueError(f"{fragment.name} is not a Pagefind fragment")
        pages[fragment.name.removesuffix(".pf_fragment")] = json.loads(data[len(FRAGMENT_SIGNATURE):]).get("meta", {})
    return pages


def link_catalog(site_dir: Path, config_file: str = "mkdocs.yml") -> list[Problem]:
    """Write the catalog's entry -> Pagefind page list next to its browse index (when the site has one)."""
    if not (site_dir / BROWSE_DIR).is_dir():
        return []
    try:
        data = search_pages(page_metadata(site_dir))
    except (OSError, ValueError) as exc:
        return [Problem(config_file, 1, 1, f"site search: could not read pagefind's index: {exc}")]
    (site_dir / SEARCH_PAGES).write_bytes(data)
    return []


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        raise ImportError("pagefind_bin") from None
