"""The cohorts index: every cohort with its status, dates and workshops."""

from __future__ import annotations

from typing import Iterable

from ..cohorts.model import Workshop
from ..content import Content
from ..provenance import Provenance
from . import GeneratedPage, cohort_links
from .live_marks import state
from .markdown import front_matter, link, relative, sample_label, table, text
from .when import day_range


def generate(content: Content) -> Iterable[GeneratedPage]:
    program = content.program
    cohorts = program.cohorts if program else []
    assert program is not None or not cohorts
    here = cohort_links.INDEX
    lines = [front_matter(title="Cohorts", description="Every cohort of the Prevention Academy."),
             "# Cohorts\n",
             "Each cohort brings eight cities through ten modules over ten months: an opening workshop, "
             "eight modules in between with standing office hours every two weeks, and a closing workshop.\n"]
    if not cohorts:
        lines.append("No cohorts are scheduled yet.\n")
    rows = []
    for cohort in sorted(cohorts, key=lambda c: c.start, reverse=True):
        samples = program.cohort_provenance(cohort) if program else None
        rows.append([
            link(cohort.name, relative(here, cohort_links.overview(cohort)))
            + sample_label(bool(samples and samples.is_sample("name"))),
            str(state(cohort, program.build_date)),
            day_range(cohort.start, cohort.end) + sample_label(bool(samples and samples.any_sample("start", "end"))),
            *(_workshop_cell(getattr(cohort.workshops, key), samples.at("workshops", key) if samples else None)
              for key in ("opening", "closing")),
        ])
    if rows:
        lines.append(table(["Cohort", "Status", "Dates", "Opening workshop", "Closing workshop"], rows))
    yield GeneratedPage(here, "\n".join(lines))


def _workshop_cell(workshop: Workshop, samples: Provenance | None) -> str:
    sample = bool(samples and samples.any_sample("city", "state", "host_event"))
    return f"{text(workshop.city)}, {text(workshop.state)} ({text(workshop.host_event)}){sample_label(sample)}"
