"""Site search: Pagefind indexes the built HTML after MkDocs has written it.

Pagefind comes from the pinned ``pagefind`` / ``pagefind_bin`` packages and runs
offline.  This module knows nothing of MkDocs: give it a folder, get problems back.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .problems import Problem

BUNDLE_DIR = "pagefind"
"""Where Pagefind writes its index and UI inside the site (``site/pagefind/``)."""

BODY_ATTRIBUTE = "data-pagefind-body"
EXCLUDED = ".headerlink"
"""Parts of the main article that are not content: the heading permalinks (the "¶" signs)."""
PAGEFIND_VERSION = "1.5.2"
TIMEOUT_SECONDS = 900


def pagefind_command(site_dir: Path) -> list[str]:
    """The command that indexes ``site_dir``: the bundled binary of the pinned Python package."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
            "--exclude-selectors", EXCLUDED, "--quiet"]


def mark_searchable(html: str) -> str:
    """Mark Material's main article as the part Pagefind indexes (not the nav, header or footer)."""
    return html.replace('<article class="md-content__inner md-typeset">',
                        f'<article class="md-content__inner md-typeset" {BODY_ATTRIBUTE}>', 1)


def build_index(site_dir: Path, config_file: str = "mkdocs.yml") -> list[Problem]:
    """Run Pagefind over ``site_dir``; any failure comes back as one-line problems."""
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
        result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Problem(config_file, 1, 1, f"site search: pagefind could not run: {exc}")]
    if result.returncode != 0:
        output = " ".join((result.stderr or result.stdout).split())[:500] or f"exit status {result.returncode}"
        return [Problem(config_file, 1, 1, f"site search: pagefind failed: {output}")]
    if not (site_dir / BUNDLE_DIR / "pagefind.js").exists():
        return [Problem(config_file, 1, 1, "site search: pagefind wrote no index (no page is marked "
                                           f"{BODY_ATTRIBUTE})")]
    return []


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        raise ImportError("pagefind_bin") from None
