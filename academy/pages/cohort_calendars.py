"""Calendar files of each cohort, built by ``academy.cohorts.calendar``: the whole cohort, each workshop,
and each event on its own (for a one-click add); the earlier file names too, for existing subscribers."""

from __future__ import annotations

from typing import Iterable

from ..content import Content
from . import GeneratedFile, cohort_links
from .cohort_schedule import event_urls


def generate(content: Content) -> Iterable[GeneratedFile]:
    program = content.program
    if program is None:
        return
    for cohort in program.cohorts:
        urls = event_urls(content, cohort)
        files = {cohort_links.cohort_calendar(cohort): program.cohort_calendar(cohort, urls)}
        for key in ("opening", "closing"):
            files[cohort_links.workshop_calendar(cohort, key)] = program.workshop_calendar(cohort, key, urls)
        for old, new in cohort_links.legacy_calendars(cohort).items():
            files[old] = files[new]
        for event in program.cohort_events(cohort):
            files[cohort_links.event_calendar(cohort, event)] = program.event_calendar(cohort, event, urls)
        for path, data in files.items():
            yield GeneratedFile(path, data)
