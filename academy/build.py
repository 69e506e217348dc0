"""One site build: MkDocs in strict mode into a fresh folder, then an atomic swap into place.

A build that fails for any reason leaves the previous ``site/`` exactly as it
was; problems come back as :class:`~academy.problems.ContentError`.  Where the
site may be written, and how it is swapped, is :mod:`academy.site_folder`'s job.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any, Iterator

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .mkdocs_log import ProblemCollector
from .problems import ContentError, Problem
from .site_folder import replace_dir, staging_dir

CONFIG_FILE = "mkdocs.yml"


def build_into(root: Path, out_dir: Path, extra_values: dict[str, Any] | None = None,
               **overrides: Any) -> list[Problem]:
    """Build the site of the repository at ``root`` into ``out_dir`` (which it may wipe).

    ``extra_values`` are merged into mkdocs.yml's ``extra:`` (overrides replace whole options).
    Returns the warnings that did not stop the build; raises ContentError on any error.
    """
    root = root.resolve()
    with _collect_mkdocs_logs(root) as collector:
        try:
            config = load_config(str(root / CONFIG_FILE), site_dir=str(out_dir), strict=True, **overrides)
        except (ConfigurationError, Abort) as exc:
            raise ContentError(collector.problems or [Problem(CONFIG_FILE, 1, 1, str(exc))]) from None
        collector.docs_dir = Path(config.docs_dir)
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
    return [p for p in collector.problems if p.severity == "warning"]


def build_site(root: Path, site_dir: Path, extra_values: dict[str, Any] | None = None,
               **overrides: Any) -> list[Problem]:
    """Build into a temporary sibling of ``site_dir`` and swap it in only on success."""
    with staging_dir(site_dir) as staging:
        warnings = build_into(root, staging, extra_values, **overrides)
        replace_dir(staging, site_dir)
    return warnings


@contextlib.contextmanager
def _collect_mkdocs_logs(root: Path) -> Iterator[ProblemCollector]:
    """Route MkDocs' log records to a collector instead of the terminal."""
    logger = logging.getLogger("mkdocs")
    collector = ProblemCollector(root / "curriculum", root)
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
