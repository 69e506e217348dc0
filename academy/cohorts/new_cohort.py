"""``python build_site.py new-cohort ID --from PREVIOUS --start YYYY-MM-DD``: the next cohort, drafted.

The new cohort is PREVIOUS moved by whole weeks (every session keeps its weekday): workshops, agendas,
module dates and office hours shifted; cities and officials emptied to placeholders.  Everything copied
or left to decide is marked ``!sample``, so the site labels it "Sample data" and ``--check --release``
lists each value still to fill in.  Pure text: the caller checks the request and writes the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from ..problems import Problem, did_you_mean
from ..sources import YamlDocument
from .model import COHORT_ID_PATTERN, Cohort, CohortsFile, Workshop
from .schedule import weekday_name

COHORTS_FILE = "cohorts.yml"
PLACEHOLDER_CITY = "To be announced"


@dataclass(frozen=True)
class Draft:
    cohort_id: str
    name: str
    weeks: int
    text: str
    """The new cohort's YAML, to append to the ``cohorts:`` list."""
    to_fill: tuple[str, ...]


def check_request(data: CohortsFile, document: YamlDocument, cohort_id: str, source: str,
                  start: dt.date | str) -> list[Problem]:
    """Every reason the request cannot be carried out, each located in cohorts.yml with a suggestion."""
    problems: list[Problem] = []
    ids = [c.id for c in data.cohorts]
    listing = document.locate_key(("cohorts",)) if ("cohorts",) in document.positions else (1, 1)

    def at(where: tuple[int, int], message: str) -> None:
        problems.append(Problem(COHORTS_FILE, where[0], where[1], message))

    if not re.match(COHORT_ID_PATTERN, cohort_id):
        at(listing, f"new cohort id '{cohort_id}' is not a folder name; use lowercase letters, digits and "
                    "hyphens, such as '2026-27'")
    elif cohort_id in ids:
        at(document.locate(("cohorts", ids.index(cohort_id), "id")),
           f"new cohort id '{cohort_id}' is already used by this cohort; choose another, such as "
           f"'{_next_id(cohort_id, ids)}'")
    previous = data.cohort(source)
    if previous is None:
        listed = ", ".join(ids) if ids else "none yet"
        at(listing, f"--from '{source}' is not a cohort in cohorts.yml{did_you_mean(source, ids)}; the cohorts "
                    f"are: {listed}")
        return problems
    where = document.locate(("cohorts", ids.index(source), "start"))
    if isinstance(start, str):
        at(where, f"--start '{start}' is not a date; write it as YYYY-MM-DD, such as "
                  f"'{_same_weekday_after(previous.start, previous.end)}'")
        return problems
    days = (start - previous.start).days
    if days % 7:
        earlier = start - dt.timedelta(days=days % 7)
        later = earlier + dt.timedelta(weeks=1)
        at(where, f"--start {start} is a {weekday_name(start).capitalize()}, but cohort '{source}' starts on a "
                  f"{weekday_name(previous.start).capitalize()} and its schedule moves by whole weeks so every "
                  f"session keeps its weekday; use {earlier} or {later}")
    elif start <= previous.end:
        at(where, f"--start {start} is not after cohort '{source}' ends ({previous.end}); cohorts follow each "
                  f"other, use {_same_weekday_after(previous.start, previous.end)} or later")
    return problems


def _same_weekday_after(first: dt.date, after: dt.date) -> dt.date:
    return first + dt.timedelta(weeks=(after - first).days // 7 + 1)


def _next_id(cohort_id: str, ids: list[str]) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})", cohort_id)
    if match:
        candidate = f"{int(match[1]) + 1}-{int(match[2]) % 100 + 1:02d}"
        if candidate not in ids:
            return candidate
    return f"{cohort_id}-2"


def draft(previous: Cohort, cohort_id: str, start: dt.date, number: int) -> Draft:
    """The new cohort's YAML: ``previous`` moved to ``start`` (a whole number of weeks later)."""
    shift = start - previous.start
    weeks = shift.days // 7
    end = previous.end + shift
    years_label = str(start.year) if start.year == end.year else f"{start.year}–{end.strftime('%y')}"
    name = f"Cohort {number} ({years_label})"
    years = (end.year - previous.end.year)
    lines = [
        f"  # ---------------------------------------------------------------- cohort {number}",
        f"  # Drafted by 'python build_site.py new-cohort' from '{previous.id}', {weeks} weeks later (weekdays",
        "  # kept). Values marked !sample are copies or placeholders: replace each, then remove its mark.",
        f"  - id: {cohort_id}",
        f"    name: {_q(name)}",
        f"    start: {start.isoformat()}",
        f"    end: {end.isoformat()}",
        f"    timezone: {previous.timezone}",
        "    cities: !sample                      # FILL IN: the cohort's cities and officials",
    ]
    for _ in previous.cities:
        lines.append(f"      - {{city: {PLACEHOLDER_CITY}, timezone: {previous.timezone}, officials: []}}")
    lines.append("    workshops:")
    for key in ("opening", "closing"):
        lines += _workshop(key, getattr(previous.workshops, key), shift, years)
    lines.append("    modules: !sample                       # FILL IN: confirm each date, time and join link")
    for run in previous.modules:
        fields = [f"module: {run.module}", f"date: {(run.date + shift).isoformat()}", f"format: {run.format}"]
        if run.start is not None:
            fields.append(f"start: {_q(run.start.strftime('%H:%M'))}")
        if run.join_link is not None:
            fields.append(f"join_link: {_q(run.join_link)}")
        lines.append("      - {" + ", ".join(fields) + "}")
    hours = previous.office_hours
    skip = ", ".join((day + shift).isoformat() for day in hours.skip)
    lines += [
        "    office_hours: !sample                  # FILL IN: confirm the day, time, dates and skipped holidays",
        f"      weekday: {hours.weekday}",
        f"      time: {_q(hours.time.strftime('%H:%M'))}",
        f"      minutes: {hours.minutes}",
        f"      timezone: {hours.timezone}",
        f"      every_weeks: {hours.every_weeks}",
        f"      first: {(hours.first + shift).isoformat()}",
        f"      last: {(hours.last + shift).isoformat()}",
        f"      skip: [{skip}]",
        f"      join_link: {_q(hours.join_link)}",
    ]
    to_fill = (
        f"cities: the {len(previous.cities)} cities, their states, time zones and officials "
        f"(now '{PLACEHOLDER_CITY}')",
        "workshops.opening and workshops.closing: host event, venue, city, days, rooms and sessions "
        "(copied, dates moved)",
        "modules: each module's date, start time and join link (copied, dates moved)",
        "office_hours: day, time, first and last dates, skipped holidays, join link (copied, dates moved)",
        f"name: '{name}', if the cohort is to be called otherwise",
    )
    return Draft(cohort_id, name, weeks, "\n".join(lines) + "\n", to_fill)


def _workshop(key: str, workshop: Workshop, shift: dt.timedelta, years: int) -> list[str]:
    lines = [
        f"      {key}: !sample                      # FILL IN: confirm the event, venue, days and agenda",
        f"        host_event: {_q(_later_years(workshop.host_event, years))}",
        f"        venue: {_q(workshop.venue)}",
    ]
    if workshop.address:
        lines.append(f"        address: {_q(workshop.address)}")
    lines += [
        f"        city: {_q(workshop.city)}",
        f"        state: {workshop.state}",
        f"        timezone: {workshop.timezone}",
        f"        start: {(workshop.start + shift).isoformat()}",
        f"        end: {(workshop.end + shift).isoformat()}",
        "        agenda:",
    ]
    for session in workshop.agenda:
        lines += [
            f"          - day: {(session.day + shift).isoformat()}",
            f"            start: {_q(session.start.strftime('%H:%M'))}",
            f"            end: {_q(session.end.strftime('%H:%M'))}",
            f"            title: {_q(session.title)}",
            f"            type: {session.type}",
        ]
        if session.speakers:
            lines.append(f"            speakers: [{', '.join(_q(s) for s in session.speakers)}]")
        if session.module is not None:
            lines.append(f"            module: {session.module}")
        lines.append(f"            room: {_q(session.room)}")
        if session.description:
            lines.append(f"            description: {_q(session.description)}")
        if session.id:
            lines.append(f"            id: {session.id}")
    return lines


def _later_years(text: str, years: int) -> str:
    """'NLC City Summit 2025' a year later is 'NLC City Summit 2026'."""
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m[1]) + years), text) if years else text


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def appended(text: str, block: str) -> str:
    """``cohorts.yml`` with the block added at the end of the ``cohorts:`` list (the file's last section)."""
    return text.rstrip("\n") + "\n\n" + block
