"""Calendar files of each cohort, built by ``academy.cohorts.calendar``: the whole cohort, each workshop,
and each event on its own (for a one-click add); the earlier file names too, for existing subscribers."""

from __future__ import annotations

from typing import Iterable

from ..content import Content
from . import GeneratedFile, cohort_links
from .cohort_schedule import event_urls


def generate(content: Content) -> Iterable[GeneratedFile]:
    programme = content.programme
    if programme is None:
        return
    for cohort in programme.cohorts:
        urls = event_urls(content, cohort)
        files = {cohort_links.cohort_calendar(cohort): programme.cohort_calendar(cohort, urls)}
        for key in ("opening", "closing"):
            files[cohort_links.workshop_calendar(cohort, key)] = programme.workshop_calendar(cohort, key, urls)
        for old, new in cohort_links.legacy_calendars(cohort).items():
            files[old] = files[new]
        for event in programme.cohort_events(cohort):
            files[cohort_links.event_calendar(cohort, event)] = programme.event_calendar(cohort, event, urls)
        for path, data in files.items():
            yield GeneratedFile(path, data)
