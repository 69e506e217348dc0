"""One office-hours page per cohort: every date and time, with the time zone spelled out."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..cohorts.model import Cohort
from ..cohorts.schedule import office_hour_dates
from ..cohorts.state import state_on
from ..content import Content
from ..provenance import NO_SAMPLES, Provenance
from . import GeneratedPage, cohort_links
from .calendar_links import add_to_calendar
from .cohort_schedule import items
from .live_marks import ends, local_time
from .markdown import front_matter, link, minutes, relative, sample_label, sample_notice, text
from .when import at, day


def generate(content: Content) -> Iterable[GeneratedPage]:
    if content.program is None:
        return
    for cohort in content.program.cohorts:
        yield office_hours_page(content, cohort, content.program.cohort_provenance(cohort).at("office_hours"))


def has_ended(cohort: Cohort, build_date: dt.date) -> bool:
    """Whether the cohort has ended on the day the pages describe: its office hours are then told in the past."""
    return state_on(cohort, build_date) == "completed"


def office_hours_purpose(ended: bool, whom: str, issues: str) -> str:
    """What the office hours are for (helped, once the cohort has ended)."""
    if ended:
        return f"Standing virtual office hours helped {whom} with {issues} as they arose"
    return f"Standing virtual office hours help {whom} with {issues} as they arise"


def office_hours_page(content: Content, cohort: Cohort, samples: Provenance = NO_SAMPLES) -> GeneratedPage:
    assert content.program is not None
    build_date = content.program.build_date
    ended = has_ended(cohort, build_date)
    hours = cohort.office_hours
    here = cohort_links.office_hours(cohort)
    dates_sample = sample_label(samples.any_sample("weekday", "time", "timezone", "minutes", "every_weeks",
                                                   "first", "last", "skip"))
    lines = [
        front_matter(title=f"Office hours: {cohort.name}", description=f"Every office-hours date of {cohort.name}."),
        f"# Office hours: {text(cohort.name)}\n",
        sample_notice(samples.has_sample()),
        office_hours_purpose(ended, "the cohort's cities", "issues related to hate and extremism")
        + ", and with longer-term work on a comprehensive approach. "
        f"Each session {'lasted' if ended else 'lasts'} "
        f"{minutes(hours.minutes)}{sample_label(samples.has_sample('minutes'))}. "
        f"{link('Cohort overview', relative(here, cohort_links.overview(cohort)))}.\n",
        f"**Join:** {text(hours.join_link)}{sample_label(samples.has_sample('join_link'))}\n",
        add_to_calendar(content, here, cohort_links.cohort_calendar(cohort),
                        "the cohort calendar (office hours are one repeating event in it)",
                        f"Prevention Academy: {cohort.name}"),
        "## Every date\n",
    ]
    if dates_sample:
        lines.append(f"The day, time and dates below are{dates_sample}.\n")
    held = {item.start.date(): item for item in items(content, cohort) if item.kind == "office-hours"}
    for occurrence in office_hour_dates(hours):
        item = held.get(occurrence.date)
        if occurrence.skipped or item is None:
            lines.append(f"- {day(occurrence.date)}: **no office hours** (skipped for a holiday)")
        else:
            time = local_time(item.start, at(hours.time, hours.timezone, occurrence.date))
            lines.append(f"- {ends(day(occurrence.date), item.end, item.ended_before(build_date))}, {time}")
    lines.append("")
    return GeneratedPage(here, "\n".join(lines))
