"""Which cohorts get a version of the site, and what each version is built from.

Derived from the validated ``cohorts.yml`` (:class:`academy.cohorts.model.Cohort`, the file's one
schema, read once per run); this module adds no rules of its own:

- ``id``: the version's folder, ``/<id>/``;
- ``name``: the title in the version selector;
- ``start``: the newest cohort is the one that starts last;
- ``published_from`` (optional): the git commit or tag the version is built
  from.  Absent means the working tree, which only the newest cohort may use
  (:func:`academy.cohorts.validation.check_pins`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..cohorts.model import PIN_PATTERN, RESERVED_IDS, Cohort
from ..cohorts.validation import newest_first
from ..problems import Problem, did_you_mean
from ..sources import Location, YamlDocument

if TYPE_CHECKING:
    from ..content import Content

COHORTS_FILE = "cohorts.yml"
__all__ = ["COHORTS_FILE", "PIN_PATTERN", "RESERVED_IDS", "PlannedVersion", "VersionPlan", "plan_for",
           "plan_from_cohorts", "cohort_ids", "unknown_cohort"]


@dataclass(frozen=True)
class PlannedVersion:
    """One cohort's version: where it is published and what it is built from."""

    id: str
    title: str
    start: datetime.date
    pin: str | None
    """Git commit or tag; None builds the working tree."""
    pin_at: Location
    """Where to point an error about this version: its ``published_from`` value, else its ``id``."""


@dataclass(frozen=True)
class VersionPlan:
    """Every version to build, newest first.  Empty when ``cohorts.yml`` lists no cohorts."""

    versions: tuple[PlannedVersion, ...]
    document: YamlDocument | None = None

    @property
    def newest(self) -> PlannedVersion:
        return self.versions[0]

    def problem(self, version: PlannedVersion, message: str) -> Problem:
        return Problem(COHORTS_FILE, version.pin_at[0], version.pin_at[1], message)


def plan_for(content: Content) -> VersionPlan:
    """The plan of validated content (no cohorts, no versions)."""
    if content.program is None:
        return VersionPlan(())
    return plan_from_cohorts(content.program.cohorts, content.program.document)


def plan_from_cohorts(cohorts: Sequence[Cohort], document: YamlDocument) -> VersionPlan:
    """The plan from validated cohorts (pure: no files, no git); ``document`` locates each pin."""
    versions = tuple(PlannedVersion(cohort.id, cohort.name, cohort.start, cohort.published_from,
                                    _pin_location(document, index, cohort))
                     for index, cohort in newest_first(list(cohorts)))
    return VersionPlan(versions, document)


def _pin_location(document: YamlDocument, index: int, cohort: Cohort) -> Location:
    key = "published_from" if cohort.published_from is not None else "id"
    return document.locate(("cohorts", index, key))


def cohort_ids(document: YamlDocument) -> list[str]:
    """Every cohort id in the file, for did-you-mean suggestions."""
    entries = document.data.get("cohorts") if isinstance(document.data, dict) else None
    return [e["id"] for e in entries or [] if isinstance(e, dict) and isinstance(e.get("id"), str)]


def unknown_cohort(document: YamlDocument, cohort_id: str) -> str:
    ids = cohort_ids(document)
    listed = f"; the cohorts are: {', '.join(ids)}" if ids else "; cohorts.yml lists no cohorts yet"
    return f"{COHORTS_FILE}: no cohort has id '{cohort_id}'{did_you_mean(cohort_id, ids)}{listed}"
