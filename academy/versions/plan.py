"""Which cohorts get a version of the site, and what each version is built from.

Reads only the keys versions need from each entry of ``cohorts.yml``'s
``cohorts:`` list and ignores every other key, so it works alongside the full
cohorts schema (:mod:`academy.cohorts`) without depending on it:

- ``id``: the version's folder, ``/<id>/``;
- ``name``: the title in the version selector;
- ``start``: the newest cohort is the one that starts last;
- ``published_from`` (optional): the git commit or tag the version is built
  from.  Absent means the working tree, which only the newest cohort may use.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..problems import ContentError, Problem, Problems, did_you_mean
from ..schema import invalid, validate
from ..sources import Location, SourceError, YamlDocument, parse_yaml, read_text
from .model import LATEST_ALIAS

COHORTS_FILE = "cohorts.yml"
VERSION_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
PIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}$"
RESERVED_IDS = frozenset({LATEST_ALIAS, "changes", "assets", "search"})
"""Folder names at the site root that a version may not take."""


class CohortVersionFields(BaseModel):
    """The keys of one ``cohorts:`` entry that versions use; other keys belong to the cohorts schema."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    id: str = Field(description="Short lowercase id such as 'cohort-3'; the cohort's site is at /<id>/.")
    name: str = Field(min_length=1, max_length=80, description="The cohort's name, shown in the version selector.")
    start: datetime.date = Field(description="First day of the cohort (YYYY-MM-DD); the newest cohort starts last.")
    published_from: str | None = Field(
        default=None,
        description="Git commit or tag this cohort's version is built from; leave out only for the newest cohort.")

    @field_validator("id")
    @classmethod
    def _id_is_a_folder_name(cls, value: str) -> str:
        if not re.match(VERSION_ID_PATTERN, value):
            raise invalid("is not a usable id; use lowercase letters, digits and hyphens, such as 'cohort-3' "
                          "(it becomes the folder /<id>/ of the cohort's version)")
        return value

    @field_validator("published_from", mode="before")
    @classmethod
    def _pin_is_text(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise invalid(f"must be written in quotes, such as published_from: \"{value}\"")
        if isinstance(value, str) and not re.match(PIN_PATTERN, value.strip()):
            raise invalid("is not a git commit id or tag name; write the commit or tag the version is built from")
        return value


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


def load_plan(root: Path) -> VersionPlan:
    """Read the version plan from ``root/cohorts.yml``; raise ContentError listing every problem.

    A missing file or a ``cohorts:`` that is not a list gives an empty plan:
    the cohorts schema reports those.
    """
    path = root / COHORTS_FILE
    if not path.exists():
        return VersionPlan(())
    try:
        document = parse_yaml(read_text(path, root), COHORTS_FILE, allow_sample=True)
    except SourceError as exc:
        raise ContentError([Problem(COHORTS_FILE, exc.line, exc.col, exc.message)]) from None
    return plan_from_document(document)


def plan_from_document(document: YamlDocument) -> VersionPlan:
    """The plan from a parsed ``cohorts.yml`` (pure: no files, no git)."""
    entries = document.data.get("cohorts") if isinstance(document.data, dict) else None
    if not isinstance(entries, list):
        return VersionPlan((), document)
    problems = Problems()
    found: list[tuple[int, CohortVersionFields]] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue  # the cohorts schema reports entries that are not mappings
        fields, errors = validate(CohortVersionFields, document, entry, prefix=("cohorts", index))
        problems.extend(errors)
        if fields is not None:
            found.append((index, fields))
    _check_ids(document, found, problems)
    ordered = sorted(found, key=lambda item: (item[1].start, item[0]), reverse=True)
    _check_pins(document, ordered, problems)
    if problems:
        raise ContentError(problems.errors)
    versions = tuple(PlannedVersion(fields.id, fields.name, fields.start, fields.published_from,
                                    _pin_location(document, index, fields))
                     for index, fields in ordered)
    return VersionPlan(versions, document)


def _pin_location(document: YamlDocument, index: int, fields: CohortVersionFields) -> Location:
    key = "published_from" if fields.published_from is not None else "id"
    return document.locate(("cohorts", index, key))


def _check_ids(document: YamlDocument, found: list[tuple[int, CohortVersionFields]], problems: Problems) -> None:
    seen: dict[str, int] = {}
    for index, fields in found:
        line, col = document.locate(("cohorts", index, "id"))
        if fields.id in RESERVED_IDS:
            problems.add(COHORTS_FILE, line, col,
                         f"cohorts[{index}].id '{fields.id}' is a reserved folder name of the site; "
                         f"choose another id (not {', '.join(sorted(RESERVED_IDS))})")
        if fields.id in seen:
            problems.add(COHORTS_FILE, line, col,
                         f"cohorts[{index}].id '{fields.id}' is already used by cohorts[{seen[fields.id]}]; "
                         "every cohort needs its own id")
        seen.setdefault(fields.id, index)


def _check_pins(document: YamlDocument, newest_first: list[tuple[int, CohortVersionFields]],
                problems: Problems) -> None:
    if not newest_first:
        return
    newest = newest_first[0][1]
    for index, fields in newest_first[1:]:
        if fields.published_from is None and fields.id != newest.id:
            line, col = document.locate(("cohorts", index, "id"))
            problems.add(COHORTS_FILE, line, col,
                         f"cohort '{fields.id}' has no published_from, but only the newest cohort "
                         f"('{newest.id}') is built from the working tree; record the commit or tag its "
                         f"version was published from with 'python build_site.py pin {fields.id} --at <commit>'")


def cohort_ids(document: YamlDocument) -> list[str]:
    """Every cohort id in the file, for did-you-mean suggestions."""
    entries = document.data.get("cohorts") if isinstance(document.data, dict) else None
    return [e["id"] for e in entries or [] if isinstance(e, dict) and isinstance(e.get("id"), str)]


def unknown_cohort(document: YamlDocument, cohort_id: str) -> str:
    ids = cohort_ids(document)
    listed = f"; the cohorts are: {', '.join(ids)}" if ids else "; cohorts.yml lists no cohorts yet"
    return f"{COHORTS_FILE}: no cohort has id '{cohort_id}'{did_you_mean(cohort_id, ids)}{listed}"
