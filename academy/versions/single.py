"""One version on its own: the working tree (or a pinned tree's own code) built as ``/<id>/``.

This is what ``python build_site.py --single-version ID --site-dir D`` runs;
the orchestration (:mod:`.publish`) calls it in-process for the working tree
and through each pinned commit's own ``build_site.py`` for older versions.
"""

from __future__ import annotations

from pathlib import Path

from ..build import build_site
from ..build_date import BuildDates
from ..plan import Site
from ..problems import Problem
from .model import LATEST_ALIAS


def version_extra(version_id: str) -> dict[str, object]:
    """The ``extra:`` values that turn on Material's version selector and outdated banner."""
    return {
        "version": {"provider": "mike", "default": LATEST_ALIAS, "alias": True},
        "academy_version": version_id,
    }


def build_single_version(root: Path, site_dir: Path, version_id: str, dates: BuildDates,
                         site: Site | None = None) -> list[Problem]:
    """Build ``root`` into ``site_dir`` as the version ``version_id``, its files dated by ``dates.epoch``;
    returns the warnings.

    ``site`` is the version's plan when the caller made it already (with the same ``dates``).
    """
    return build_site(root, site_dir, extra_values=version_extra(version_id), site=site, dates=dates)
