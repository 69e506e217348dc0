"""Rendering a planned site with MkDocs (and Material for MkDocs) in strict mode.

The plan (:mod:`academy.plan`) is complete before this runs; this module only hands it to MkDocs,
through :class:`~academy.engine.mkdocs.plugin.AcademyPlugin`, and keeps what MkDocs itself reports
as problems (:mod:`.log`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any, Iterator

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from ...build_date import EPOCH_VARIABLE
from ...plan import Site
from ...problems import ContentError, Problem
from .background_writes import writes_in_background
from .log import ProblemCollector
from .plugin import AcademyPlugin
from .theme_files import list_without_hidden_folders

CONFIG_FILE = "mkdocs.yml"


def render(site: Site, out_dir: Path, extra_values: dict[str, Any] | None = None, share_nav: bool = True,
           plan_html: bool = True, cache_templates: bool = True, reduce_search_input: bool = True,
           background_writes: bool = True, **overrides: Any) -> list[Problem]:
    """Render the planned ``site`` into ``out_dir`` (which it may wipe) with MkDocs in strict mode.

    ``extra_values`` are merged into mkdocs.yml's ``extra:`` (overrides replace whole options).
    ``share_nav=False`` renders the sidebar navigation (and the workspace settings) on every page, ``plan_html=False``
    converts every page's Markdown even where the plan holds its HTML, ``cache_templates=False`` compiles every
    template afresh, ``reduce_search_input=False`` has Pagefind read the pages as written,
    ``background_writes=False`` writes each page before the next renders (to prove that these shortcuts change
    no byte).
    Returns the warnings that did not stop the build; raises ContentError on any error.
    """
    plugin = AcademyPlugin(site, share_nav=share_nav, plan_html=plan_html, cache_templates=cache_templates,
                           reduce_search_input=reduce_search_input, background_writes=background_writes)
    _, warnings = run_mkdocs(site, out_dir, plugin, extra_values, **overrides)
    return warnings


def run_mkdocs(site: Site, out_dir: Path, plugin: AcademyPlugin, extra_values: dict[str, Any] | None = None,
               after: dict[str, Any] | None = None, **overrides: Any) -> tuple[MkDocsConfig, list[Problem]]:
    """One strict MkDocs build of the plan with the adapter's ``plugin`` (and ``after``: more plugins by name,
    which run after it); returns MkDocs' configuration and the warnings; raises ContentError on any error."""
    with _collect_mkdocs_logs() as collector, _mkdocs_build_moment(site.dates.epoch), \
            writes_in_background(plugin.background_writes) as writes:
        plugin.writes = writes
        try:
            # The plan is handed to the adapter directly; hooks=[] keeps any hooks: a mkdocs.yml may name out.
            config = load_config(str(site.root / CONFIG_FILE), site_dir=str(out_dir), strict=True, hooks=[],
                                 **overrides)
        except (ConfigurationError, Abort) as exc:
            raise ContentError(collector.problems or [Problem(CONFIG_FILE, 1, 1, str(exc))]) from None
        list_without_hidden_folders(config.theme)
        config.plugins["academy"] = plugin
        for name, other in (after or {}).items():
            config.plugins[name] = other
        for key, value in (extra_values or {}).items():
            config.extra[key] = value
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        except Abort:
            errors = [p for p in collector.problems if p.severity == "error"]
            raise ContentError(errors or [Problem(CONFIG_FILE, 1, 1, "the build stopped without a reason")]) from None
        finally:
            config.plugins.on_shutdown()
    plugin.writes = None
    if any(p.severity == "error" for p in plugin.problems):
        raise ContentError(plugin.problems)
    return config, sorted(set(site.warnings + [p for p in collector.problems if p.severity == "warning"]))


@contextlib.contextmanager
def _mkdocs_build_moment(epoch: int | None) -> Iterator[None]:
    """MkDocs reads the build's moment (sitemap dates, the ``.gz`` header) from SOURCE_DATE_EPOCH itself:
    give it the plan's, and only for the duration of the render."""
    saved = os.environ.pop(EPOCH_VARIABLE, None)
    if epoch is not None:
        os.environ[EPOCH_VARIABLE] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop(EPOCH_VARIABLE, None)
        if saved is not None:
            os.environ[EPOCH_VARIABLE] = saved


@contextlib.contextmanager
def _collect_mkdocs_logs() -> Iterator[ProblemCollector]:
    """Route MkDocs' log records to a collector instead of the terminal."""
    logger = logging.getLogger("mkdocs")
    collector = ProblemCollector()
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for handler in saved[2]:
        logger.removeHandler(handler)
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        for handler in saved[2]:
            logger.addHandler(handler)
