"""One version on its own: the working tree (or a pinned tree's own code) built as ``/<id>/``.

This is what ``python build_site.py --single-version ID --site-dir D`` runs;
the orchestration (:mod:`.publish`) calls it in-process for the working tree
and through each pinned commit's own ``build_site.py`` for older versions.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

from ..build import build_site
from ..plan import Site
from ..problems import Problem
from .model import LATEST_ALIAS


def version_extra(version_id: str) -> dict[str, object]:
    """The ``extra:`` values that turn on Material's version selector and outdated banner."""
    return {
        "version": {"provider": "mike", "default": LATEST_ALIAS, "alias": True},
        "academy_version": version_id,
    }


@contextlib.contextmanager
def source_date_epoch(epoch: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (MkDocs' sitemap dates and .gz headers) for the duration of one build."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def build_single_version(root: Path, site_dir: Path, version_id: str, epoch: int,
                         site: Site | None = None) -> list[Problem]:
    """Build ``root`` into ``site_dir`` as the version ``version_id``; returns the warnings.

    ``site`` is the version's plan when the caller made it already (with the same ``epoch``).
    """
    with source_date_epoch(epoch):
        return build_site(root, site_dir, extra_values=version_extra(version_id), site=site)
