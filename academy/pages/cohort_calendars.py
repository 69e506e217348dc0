"""Calendar files: one .ics per cohort and one per workshop, built by ``academy.cohorts.calendar``."""

from __future__ import annotations

from typing import Iterable

from ..content import Content
from . import GeneratedFile, cohort_links


def generate(content: Content) -> Iterable[GeneratedFile]:
    programme = content.programme
    if programme is None:
        return
    for cohort in programme.cohorts:
        yield GeneratedFile(cohort_links.cohort_calendar(cohort), programme.cohort_calendar(cohort))
        for key in ("opening", "closing"):
            yield GeneratedFile(cohort_links.workshop_calendar(cohort, key), programme.workshop_calendar(cohort, key))
