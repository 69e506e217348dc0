"""One site build: plan the working tree, render it into a fresh folder, then swap it into place.

A build that fails for any reason leaves the previous ``site/`` exactly as it
was; problems come back as :class:`~academy.problems.ContentError`.  Where the
site may be written, and how it is swapped, is :mod:`academy.site_folder`'s job;
rendering is the engine adapter's (:mod:`academy.engine.mkdocs`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .build_date import BuildDates
from .plan import Site, load_site
from .problems import Problem
from .site_folder import replace_dir, staging_dir

__all__ = ["build_into", "build_site", "replace_dir", "staging_dir"]


def build_into(root: Path, out_dir: Path, extra_values: dict[str, Any] | None = None,
               site: Site | None = None, dates: BuildDates | None = None, **overrides: Any) -> list[Problem]:
    """Render the site of the repository at ``root`` into ``out_dir`` (which it may wipe).

    ``site`` is its plan when the caller made it; else the working tree is planned here, on ``dates``, as
    the version ``extra_values['academy_version']``.  Returns the warnings; raises ContentError on any error.
    """
    from .engine.mkdocs import render  # loaded only when a site is rendered: `--check` never loads the engine

    if site is None:
        version = (extra_values or {}).get("academy_version")
        site = load_site(root, version if isinstance(version, str) else None, dates=dates)
    return render(site, out_dir, extra_values, **overrides)


def build_site(root: Path, site_dir: Path, extra_values: dict[str, Any] | None = None,
               site: Site | None = None, dates: BuildDates | None = None, **overrides: Any) -> list[Problem]:
    """Build into a temporary sibling of ``site_dir`` and swap it in only on success."""
    with staging_dir(site_dir) as staging:
        warnings = build_into(root, staging, extra_values, site, dates, **overrides)
        replace_dir(staging, site_dir)
    return warnings
