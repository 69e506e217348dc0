"""The cohorts index: every cohort with its status, dates and workshops."""

from __future__ import annotations

from typing import Iterable

from ..content import Content
from . import GeneratedPage, cohort_links
from ..cohorts.state import state_text
from .markdown import front_matter, link, relative, table, text
from .when import day_range, short_day


def generate(content: Content) -> Iterable[GeneratedPage]:
    programme = content.programme
    cohorts = programme.cohorts if programme else []
    assert programme is not None or not cohorts
    here = cohort_links.INDEX
    lines = [front_matter(title="Cohorts", description="Every cohort of the Prevention Academy."),
             "# Cohorts\n",
             "Each cohort brings eight cities through ten modules over ten months: an opening workshop, "
             "eight online modules with standing office hours every two weeks, and a closing workshop.\n"]
    if not cohorts:
        lines.append("No cohorts are scheduled yet.\n")
    rows = []
    for cohort in sorted(cohorts, key=lambda c: c.start, reverse=True):
        opening, closing = cohort.workshops.opening, cohort.workshops.closing
        rows.append([
            link(cohort.name, relative(here, cohort_links.overview(cohort))),
            state_text(cohort, programme.build_date, short_day(programme.build_date)),
            day_range(cohort.start, cohort.end),
            f"{text(opening.city)}, {text(opening.state)} ({text(opening.host_event)})",
            f"{text(closing.city)}, {text(closing.state)} ({text(closing.host_event)})",
        ])
    if rows:
        lines.append(table(["Cohort", "Status", "Dates", "Opening workshop", "Closing workshop"], rows))
    yield GeneratedPage(here, "\n".join(lines))
