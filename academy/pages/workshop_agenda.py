"""One agenda page per workshop: day by day, each session with its local times, type, speakers,
module and room.  Prints on Letter paper as a handout (print.css hides the site's navigation)."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Iterable

from ..cohorts.events import SESSION_TYPES, WORKSHOP_NAMES, uid
from ..cohorts.model import Cohort, Session, Workshop
from ..cohorts.schedule import session_key, sessions_in_order
from ..content import Content
from . import GeneratedPage, cohort_links
from ..provenance import Provenance
from .calendar_links import add_to_calendar
from .cohort_schedule import Item, google_link, items
from .live_marks import ends, local_time
from ..templating import fragment
from .markdown import front_matter, link, relative, sample_label, sample_notice, text
from .when import at, clock_range, day, day_range, zone_name


def generate(content: Content) -> Iterable[GeneratedPage]:
    if content.program is None:
        return
    for cohort in content.program.cohorts:
        for key in ("opening", "closing"):
            yield agenda_page(content, cohort, key)


def agenda_page(content: Content, cohort: Cohort, key: str) -> GeneratedPage:
    workshop: Workshop = getattr(cohort.workshops, key)
    here = cohort_links.agenda(cohort, key)
    title = f"{WORKSHOP_NAMES[key]} agenda: {cohort.name}"
    samples = content.program.cohort_provenance(cohort).at("workshops", key) if content.program else Provenance("")
    parts = [
        front_matter(title=title, description=f"{WORKSHOP_NAMES[key]} of {cohort.name} at {workshop.host_event}."),
        f"# {text(title)}\n",
        sample_notice(samples.has_sample()),
        f"**{text(workshop.host_event)}**{sample_label(samples.has_sample('host_event'))} · {text(workshop.venue)}, "
        + (f"{text(workshop.address)}, " if workshop.address else "")
        + f"{text(workshop.city)}, {text(workshop.state)}"
        + sample_label(samples.any_sample("venue", "address", "city", "state"))
        + f" · {day_range(workshop.start, workshop.end)}{sample_label(samples.any_sample('start', 'end'))}\n",
        f"All times are local to the venue: **{text(zone_name(workshop.timezone, workshop.start))}**. "
        f"{link('Cohort overview', relative(here, cohort_links.overview(cohort)))}.\n",
        add_to_calendar(content, here, cohort_links.workshop_calendar(cohort, key), "every session of this workshop",
                        f"Prevention Academy: {cohort.name}, {WORKSHOP_NAMES[key].lower()}"),
    ]
    assert content.program is not None
    build_date = content.program.build_date
    by_uid = {item.event.uid: item for item in items(content, cohort) if item.page == here}
    index_of = {id(session): index for index, session in enumerate(workshop.agenda)}
    for session_day, sessions in groupby(sessions_in_order(workshop), key=lambda s: s.day):
        parts.append(f"## {day(session_day)}\n")
        parts += [session_block(content, session, here, by_uid[uid(cohort, f"{key}.{session_key(session)}")],
                                build_date, samples.has_sample("agenda", index_of[id(session)]))
                  for session in sessions]
    return GeneratedPage(here, "\n".join(parts))


def session_block(content: Content, session: Session, here: str, item: Item, build_date: dt.date,
                  sample: bool = False) -> str:
    when = local_time(item.start, at(session.start, item.event.zone_name, session.day))
    facts = [f"- **When:** {ends(day(session.day), item.end, item.ended_before(build_date))}, {when}",
             f"- **Type:** {SESSION_TYPES[session.type]}"]
    if session.speakers:
        facts.append(f"- **Speakers:** {', '.join(text(name) for name in session.speakers)}")
    module = content.module(session.module) if session.module is not None else None
    if module is not None:
        facts.append(f"- **Module:** {link(f'Module {module.number}: {module.title}', relative(here, module.src_uri))}")
    facts.append(f"- **Room:** {text(session.room)}")
    facts.append(f"- **Add to calendar:** {link('this session (.ics)', relative(here, item.calendar))} · "
                 f"{link('Google Calendar', google_link(item))}")
    lines = [
        fragment('<div class="academy-session academy-session--{}" markdown="1">', session.type),
        "",
        f"### {clock_range(session.start, session.end)}: {text(session.title)}",
        "",
        *([sample_label(True).strip(), ""] if sample else []),
        *facts,
        "",
    ]
    if session.description:
        lines += [text(session.description), ""]
    lines += ["</div>", ""]
    return "\n".join(lines)
