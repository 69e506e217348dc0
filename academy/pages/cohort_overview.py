"""One overview page per cohort: cities, a timeline of workshops, modules and office hours, contacts."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..cohorts import Program
from ..cohorts import timezones
from ..cohorts.events import WORKSHOP_NAMES
from ..cohorts.model import Cohort
from ..cohorts.schedule import office_hours_held, workshop_on
from ..content import Content
from ..provenance import Provenance
from . import GeneratedPage, cohort_links
from .calendar_links import add_to_calendar
from .cohort_schedule import Item, items
from .live_marks import ends, local_time, panel, state
from .markdown import front_matter, link, minutes, relative, sample_label, sample_notice, table, text
from .office_hours import has_ended, office_hours_purpose
from .when import at, clock, day, day_range, short_day, with_zone, zone_name


def generate(content: Content) -> Iterable[GeneratedPage]:
    if content.program is None:
        return
    for cohort in content.program.cohorts:
        yield overview_page(content, content.program, cohort)


def overview_page(content: Content, program: Program, cohort: Cohort) -> GeneratedPage:
    here = cohort_links.overview(cohort)
    samples = program.cohort_provenance(cohort)
    help_desk = program.provenance.at("program", "help_desk")
    parts = [
        front_matter(title=cohort.name, description=f"Cities, workshops, modules and office hours of {cohort.name}."),
        f"# {text(cohort.name)}{sample_label(samples.is_sample('name'))}\n",
        sample_notice(samples.has_sample() or help_desk.has_sample()),
        f"**{state(cohort, program.build_date)}** · "
        f"{day_range(cohort.start, cohort.end)}{sample_label(samples.any_sample('start', 'end'))} · "
        f"{len(cohort.cities)} cities{sample_label(samples.is_sample('cities'))} · "
        f"{link('All cohorts', relative(here, cohort_links.INDEX))}\n",
        panel(cohort.id, "#timeline", "in the timeline below"),
        add_to_calendar(content, here, cohort_links.cohort_calendar(cohort), "the cohort calendar, with every "
                        "workshop session, online module and office hours", f"Prevention Academy: {cohort.name}"),
        "## Cities\n",
        cities_table(cohort, samples),
        "## Timeline\n",
        "Both workshops, all modules and the office hours, in date order. "
        "Workshop times are local to the venue; online sessions give their time zone.\n",
        timeline_table(content, cohort, here, samples),
        "## Local times in the cohort's cities\n",
        local_times(content, cohort, samples),
        "## Office hours\n",
        office_hours_summary(cohort, here, samples, program.build_date),
        "## Who to contact\n",
        contacts(program),
    ]
    return GeneratedPage(here, "\n".join(parts))


def cities_table(cohort: Cohort, samples: Provenance) -> str:
    rows = []
    for index, city in enumerate(cohort.cities):
        here = ("cities", index)
        officials = "<br>".join(f"{text(o.name)}, {text(o.role)}{sample_label(samples.has_sample(*here, 'officials', i))}"
                                for i, o in enumerate(city.officials)) or "To be confirmed"
        place = f"{text(city.city)}, {text(city.state)}" if city.state else text(city.city)
        rows.append([f"{place}{sample_label(samples.any_sample((*here, 'city'), (*here, 'state')))}",
                     text(zone_name(city.timezone)) + sample_label(samples.has_sample(*here, "timezone")),
                     officials])
    return table(["City", "Time zone", "Participating officials"], rows)


def timeline_table(content: Content, cohort: Cohort, here: str, samples: Provenance) -> str:
    """Workshops, modules and office hours in date order; rows already over on the build's date are marked
    past (the browser marks the rest as their time passes), times carry their instant for 'your time'."""
    assert content.program is not None
    sessions = items(content, cohort)
    build_date = content.program.build_date
    entries: list[tuple[dt.date, int, list[str]]] = []
    for key in ("opening", "closing"):
        workshop = getattr(cohort.workshops, key)
        marks = samples.at("workshops", key)
        own = [i for i in sessions if i.page == cohort_links.agenda(cohort, key)]
        entries.append((workshop.start, 0, [
            _when(day_range(workshop.start, workshop.end), own, build_date)
            + sample_label(marks.any_sample("start", "end")),
            f"**{link(WORKSHOP_NAMES[key], relative(here, cohort_links.agenda(cohort, key)))}** at "
            f"{text(workshop.host_event)}{sample_label(marks.has_sample('host_event'))}",
            "In person",
            f"{text(workshop.venue)}, {text(workshop.city)}, {text(workshop.state)}"
            f"{sample_label(marks.any_sample('venue', 'address', 'city', 'state'))}",
        ]))
    for index, run in enumerate(cohort.modules):
        module = content.module(run.module)
        if module is None:
            continue
        label = link(f"Module {module.number}: {module.title}", relative(here, module.src_uri))
        sample = sample_label(samples.has_sample("modules", index))
        if run.format == "online" and run.start is not None:
            own = [i for i in sessions if i.kind == "module" and i.page == module.src_uri]
            time = local_time(own[0].start, at(run.start, cohort.timezone, run.date)) if own else \
                text(at(run.start, cohort.timezone, run.date))
            entries.append((run.date, 1, [_when(day(run.date), own, build_date) + sample, label, "Online",
                                          f"{time}, {minutes(module.meta.duration_minutes)}"]))
        else:
            key = workshop_on(cohort, run.date) or "opening"
            own = [i for i in sessions if i.page == cohort_links.agenda(cohort, key) and i.start.date() == run.date]
            agenda = link(f"{WORKSHOP_NAMES[key].lower()} agenda", relative(here, cohort_links.agenda(cohort, key)))
            entries.append((run.date, 1, [_when(day(run.date), own, build_date) + sample, label, "In person",
                                          f"See the {agenda}"]))
    hours = cohort.office_hours
    held = [i for i in sessions if i.kind == "office-hours"]
    entries.append((hours.first, 2, [
        _when(f"{short_day(hours.first)} – {short_day(hours.last)}", held, build_date)
        + sample_label(samples.any_sample(("office_hours", "first"), ("office_hours", "last"))),
        link("Office hours", relative(here, cohort_links.office_hours(cohort))),
        "Online",
        text(f"Every {_every(hours.every_weeks)} {hours.weekday.capitalize()}, "
             f"{with_zone(hours.time, hours.timezone)}")
        + sample_label(samples.at("office_hours").any_sample("weekday", "time", "timezone", "every_weeks")),
    ]))
    rows = [cells for _, _, cells in sorted(entries, key=lambda e: (e[0], e[1]))]
    return table(["When", "What", "Format", "Time and place"], rows)


def local_times(content: Content, cohort: Cohort, samples: Provenance) -> str:
    """When the online sessions start in each city's own zone, east to west (the browser adds the reader's own
    time too); cities and times that come from sample data say so."""
    sessions = [i for i in items(content, cohort) if i.kind in ("module", "office-hours")]
    groups: dict[tuple[str, str, str], list[str]] = {}
    offsets: dict[tuple[str, str, str], dt.timedelta] = {}
    sample_cities: set[tuple[str, str, str]] = set()
    for index, city in enumerate(cohort.cities):
        key = (zone_name(city.timezone), _starts([i for i in sessions if i.kind == "module"], city.timezone),
               _starts([i for i in sessions if i.kind == "office-hours"], city.timezone))
        groups.setdefault(key, []).append(city.city)
        if samples.has_sample("cities", index):
            sample_cities.add(key)
        offsets.setdefault(key, timezones.local(cohort.start, dt.time(12), city.timezone).utcoffset()
                           or dt.timedelta(0))
    module_times = sample_label(samples.has_sample("modules") or samples.any_sample("start", "end"))
    hour_times = sample_label(samples.has_sample("office_hours"))
    rows = [[text(label), text(", ".join(groups[(label, modules, hours)]))
             + sample_label((label, modules, hours) in sample_cities), text(modules) + module_times,
             text(hours) + hour_times]
            for label, modules, hours in sorted(groups, key=lambda key: -offsets[key])]
    return table(["Time zone", "Cities", "Online modules start at", "Office hours start at"], rows)


def _starts(sessions: list[Item], zone: str) -> str:
    """'11:00 a.m.', or '12:00 p.m. (December 11, 2025 – March 5, 2026); 11:00 a.m. (March 12 – July 9, 2026)'."""
    if not sessions:
        return "—"
    runs: list[tuple[str, dt.date, dt.date]] = []
    for item in sessions:
        local = item.start.astimezone(timezones.zone(zone))
        shown = clock(local.time()) + ("" if local.date() == item.start.date() else " (the day before)"
                                       if local.date() < item.start.date() else " (the next day)")
        if runs and runs[-1][0] == shown:
            runs[-1] = (shown, runs[-1][1], local.date())
        else:
            runs.append((shown, local.date(), local.date()))
    if len(runs) == 1:
        return runs[0][0]
    return "; ".join(f"{shown} ({day_range(first, last)})" for shown, first, last in runs)


def _when(label: str, sessions: list[Item], build_date: dt.date) -> str:
    """The row's date, marked with the end of its last session (past on the build's date, or later)."""
    if not sessions:
        return text(label)
    last = max(sessions, key=lambda i: i.end)
    return str(ends(label, last.end, last.ended_before(build_date)))


def _every(weeks: int) -> str:
    return {1: "", 2: "other", 3: "third", 4: "fourth"}[weeks].strip() or "week on"


def office_hours_summary(cohort: Cohort, here: str, samples: Provenance, build_date: dt.date) -> str:
    hours = cohort.office_hours
    held = office_hours_held(hours)
    sample = sample_label(samples.at("office_hours").any_sample("weekday", "time", "timezone", "minutes",
                                                                "every_weeks", "first", "last", "skip"))
    return (f"{office_hours_purpose(has_ended(cohort, build_date), 'cities', 'issues')} and with longer-term work: "
            f"every {_every(hours.every_weeks)} {hours.weekday.capitalize()} at "
            f"{text(with_zone(hours.time, hours.timezone))} for {minutes(hours.minutes)}, "
            f"{len(held)} sessions from {short_day(hours.first)} to {short_day(hours.last)}"
            f"{' (' + str(len(hours.skip)) + ' skipped for holidays)' if hours.skip else ''}.{sample} "
            f"{link('See every date', relative(here, cohort_links.office_hours(cohort)))}.\n")


def contacts(program: Program) -> str:
    desk = program.data.program.help_desk
    samples = program.provenance.at("program", "help_desk")
    lines = [f"**{text(desk.name)}**: {text(desk.how_to_reach)}{sample_label(samples.has_sample('how_to_reach'))}"]
    if desk.email:
        lines[0] += f" Email: {link(desk.email, 'mailto:' + desk.email)}{sample_label(samples.has_sample('email'))}."
    if desk.url:
        lines[0] += f" Web: {link(desk.url, desk.url)}{sample_label(samples.has_sample('url'))}."
    lines.append("")
    advisors = program.data.program.advisors
    if advisors:
        lines.append("Senior advisors (reach them through the help desk):\n")
        lines += [f"- **{text(a.name)}**, {text(a.role)}. {text(a.bio)}"
                  f"{sample_label(program.provenance.has_sample('program', 'advisors', i))}"
                  for i, a in enumerate(advisors)]
        lines.append("")
    partners = program.data.program.partners
    lines.append("Run by " + ", ".join((link(p.name, p.url) if p.url else text(p.name))
                                       + sample_label(program.provenance.has_sample("program", "partners", i))
                                       for i, p in enumerate(partners)) + ".\n")
    return "\n".join(lines)
