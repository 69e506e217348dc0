"""Rules for ``cohorts.yml`` beyond types: dates in order, rooms not double-booked, zones that exist.

Every rule reports ``cohorts.yml:line:col: message`` at the value it is about,
with the field, the bad value and a fix; warnings do not stop the build.

The rules also run on a file with field mistakes (:func:`academy.schema.readable`): reading a value with a
mistake of its own raises :class:`~academy.schema.Broken`, and each rule (and each cohort, workshop, session or
module run a rule checks one by one) runs inside ``suppress(Broken)``, so it reports what it finds among the
right values and nothing it would conclude from a broken one.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from typing import Any, Iterable, Iterator

from ..curriculum import Module
from ..problems import ERROR, WARNING, Problem
from ..schema import Broken, Partial, field_label
from ..sources import KeyPath, YamlDocument
from . import timezones
from .model import RESERVED_IDS, Cohort, CohortsFile, OfficeHours, Session, Workshop
from .schedule import office_hour_dates, session_key, weekday_name, workshop_days, workshop_on
from .state import STATE_LABELS, STATUS_FOR_STATE, state_on

CITIES_PER_COHORT = 8


class Checker:
    """Collects problems located in one YAML document."""

    def __init__(self, document: YamlDocument):
        self.document = document
        self.problems: list[Problem] = []

    def at(self, key_path: KeyPath, message: str, severity: str = ERROR, key: bool = False) -> None:
        line, col = self.document.locate_key(key_path) if key else self.document.locate(key_path)
        self.problems.append(Problem(self.document.path, line, col, message, severity))


def check_cohorts(data: CohortsFile | Partial, document: YamlDocument, modules: list[Module],
                  unreadable_modules: Iterable[int] = (), today: dt.date | None = None) -> list[Problem]:
    """Every rule over every cohort; ``today`` (default: the clock) is what a typed ``status`` must agree with.

    ``data`` is the valid file, or what is readable of a file with field mistakes (:func:`academy.schema.readable`):
    then each rule checks the values that are right on their own, with the lines a valid file gets."""
    today = today or dt.date.today()
    checker = Checker(document)
    numbers = {m.number for m in modules}
    try:
        cohorts = data.cohorts
    except Broken:
        return []
    for rule in (check_unique_ids, check_reserved_ids, check_pins, check_single_active):
        with suppress(Broken):
            rule(checker, cohorts)
    for index, cohort in enumerate(cohorts):
        at = ("cohorts", index)
        with suppress(Broken):
            check_cohort_dates(checker, cohort, at)
        with suppress(Broken):
            check_status(checker, cohort, at, today)
        with suppress(Broken):
            if check_time_zones(checker, cohort, at):
                check_local_times(checker, cohort, at)
        with suppress(Broken):
            check_city_count(checker, cohort, at)
        with suppress(Broken):
            check_workshops(checker, cohort, at, numbers | set(unreadable_modules))
        with suppress(Broken):
            check_module_runs(checker, cohort, at, numbers, set(unreadable_modules), today)
        with suppress(Broken):
            check_office_hours(checker, cohort, at)
    return checker.problems


def can_read(read: Any) -> bool:
    """Whether a value of a file with mistakes can be checked: ``read()`` (which reads it) raises no
    :class:`Broken`."""
    try:
        read()
    except Broken:
        return False
    return True


class Unread:
    """For a rule that compares each item of a list with the first earlier one like it (a repeated id, a
    second active cohort, an overlapping session): where the first item whose value has a mistake stands. A
    line naming an earlier item is given only when that item comes before it, so it is the line a valid file
    gets (the broken item might be the first like it once fixed)."""

    def __init__(self) -> None:
        self.first: int | None = None

    def check(self, index: int, read: Any) -> bool:
        """Whether the item at ``index`` can be read (``read()`` raises no :class:`Broken`); records it if not."""
        if can_read(read):
            return True
        self.first = index if self.first is None else self.first
        return False

    def before(self, index: int) -> bool:
        """Whether every item up to ``index`` could be read."""
        return self.first is None or index < self.first


def label(key_path: KeyPath) -> str:
    return field_label(key_path)


def hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def check_unique_ids(checker: Checker, cohorts: list[Cohort]) -> None:
    first: dict[str, int] = {}
    unread = Unread()
    for index, cohort in enumerate(cohorts):
        if not unread.check(index, lambda: cohort.id):
            continue  # a cohort whose id has a mistake of its own is compared once it is fixed
        if cohort.id in first and unread.before(first[cohort.id]):
            checker.at(("cohorts", index, "id"),
                       f"cohorts[{index}].id '{cohort.id}' is already used by cohorts[{first[cohort.id]}]; "
                       "give each cohort its own id (it is part of the cohort's URLs and calendar UIDs)")
        first.setdefault(cohort.id, index)


def check_reserved_ids(checker: Checker, cohorts: list[Cohort]) -> None:
    for index, cohort in enumerate(cohorts):
        if can_read(lambda: cohort.id) and cohort.id in RESERVED_IDS:
            checker.at(("cohorts", index, "id"),
                       f"cohorts[{index}].id '{cohort.id}' is a reserved folder name of the site; "
                       f"choose another id (not {', '.join(sorted(RESERVED_IDS))})")


def newest_first(cohorts: list[Cohort]) -> list[tuple[int, Cohort]]:
    """Cohorts with their index, the one that starts last first (of two on one day, the later listed)."""
    return sorted(enumerate(cohorts), key=lambda item: (item[1].start, item[0]), reverse=True)


def check_pins(checker: Checker, cohorts: list[Cohort]) -> None:
    """Only the newest cohort's version is built from the working tree; every other needs its pin."""
    ordered = newest_first(cohorts)
    if not ordered:
        return
    newest = ordered[0][1]
    for index, cohort in ordered[1:]:
        if can_read(lambda: (cohort.published_from, cohort.id, newest.id)) and cohort.published_from is None \
                and cohort.id != newest.id:
            checker.at(("cohorts", index, "id"),
                       f"cohort '{cohort.id}' has no published_from, but only the newest cohort "
                       f"('{newest.id}') is built from the working tree; record the commit or tag its "
                       f"version was published from with 'python build_site.py pin {cohort.id} --at <commit>'")


def check_single_active(checker: Checker, cohorts: list[Cohort]) -> None:
    unread = Unread()
    active = [index for index, cohort in enumerate(cohorts)
              if unread.check(index, lambda: cohort.status) and cohort.status == "active"]
    for index in active[1:] if active and unread.before(active[0]) else []:
        checker.at(("cohorts", index, "status"),
                   f"cohorts[{index}].status 'active': cohorts[{active[0]}] is active too; only one cohort "
                   "runs at a time, mark the other 'completed' or 'upcoming'")


def check_cohort_dates(checker: Checker, cohort: Cohort, at: KeyPath) -> None:
    if cohort.end < cohort.start:
        checker.at(at + ("end",), f"{label(at + ('end',))} {cohort.end} is before start {cohort.start}; "
                                  "the cohort must end after it starts")


STATUS_DISAGREES = "disagrees with the dates"
"""In every message of :func:`check_status`: a warning, an error for a release (``--release``)."""


def is_status_disagreement(problem: Problem) -> bool:
    return problem.path == "cohorts.yml" and f"].status '" in problem.message and STATUS_DISAGREES in problem.message


def check_status(checker: Checker, cohort: Cohort, at: KeyPath, today: dt.date) -> None:
    """A hand-typed ``status`` must agree with the dates: the site shows the state the dates give."""
    if cohort.status is None or cohort.end < cohort.start:
        return
    state = state_on(cohort, today)
    if STATUS_FOR_STATE[state] == cohort.status:
        return
    when = {"upcoming": f"it starts on {cohort.start}", "running": f"it runs from {cohort.start} to {cohort.end}",
            "completed": f"it ended on {cohort.end}"}[state]
    checker.at(at + ("status",), f"{label(at + ('status',))} '{cohort.status}' {STATUS_DISAGREES}: {when}, "
                                 f"so on {today} it is {STATE_LABELS[state].lower()}; remove 'status' (the site "
                                 "derives it from start and end) or correct it", WARNING)


def check_local_times(checker: Checker, cohort: Cohort, at: KeyPath) -> None:
    """Times that do not exist (daylight-saving gap) or happen twice (clocks go back) in their zone."""
    for key in ("opening", "closing"):
        with suppress(Broken):
            workshop: Workshop = getattr(cohort.workshops, key)
            for index, session in enumerate(workshop.agenda):
                for part in ("start", "end"):
                    with suppress(Broken):
                        _local_time(checker, at + ("workshops", key, "agenda", index, part), session.day,
                                    getattr(session, part), workshop.timezone)
    with suppress(Broken):
        for index, run in enumerate(cohort.modules):
            with suppress(Broken):
                if run.start is not None:
                    _local_time(checker, at + ("modules", index, "start"), run.date, run.start, cohort.timezone)
    hours = cohort.office_hours
    if weekday_name(hours.first) == hours.weekday:
        for occurrence in office_hour_dates(hours):
            if _local_time(checker, at + ("office_hours", "time"), occurrence.date, hours.time, hours.timezone):
                break


def _local_time(checker: Checker, key_path: KeyPath, day: dt.date, time: dt.time, zone_name: str) -> bool:
    problem = timezones.local_time_problem(day, time, zone_name)
    if problem is not None:
        checker.at(key_path, f"{label(key_path)} {hhmm(time)} {problem}")
    return problem is not None


def check_time_zones(checker: Checker, cohort: Cohort, at: KeyPath) -> bool:
    """Report every unknown zone; returns False if any zone of the cohort is unknown (or has a mistake of its
    own: the local times are checked once every zone is right)."""
    fields: list[tuple[KeyPath, Any]] = [(at + ("timezone",), lambda: cohort.timezone),
                                         (at + ("office_hours", "timezone"), lambda: cohort.office_hours.timezone)]
    ok = can_read(lambda: cohort.cities)
    if ok:
        fields += [(at + ("cities", i, "timezone"), lambda city=city: city.timezone)
                   for i, city in enumerate(cohort.cities)]
    fields += [(at + ("workshops", key, "timezone"), lambda key=key: getattr(cohort.workshops, key).timezone)
               for key in ("opening", "closing")]
    for key_path, read in fields:
        if not can_read(read):
            ok = False
            continue
        name = read()
        if not timezones.is_known(name):
            checker.at(key_path, timezones.unknown_zone_message(label(key_path), name))
            ok = False
    return ok


def check_city_count(checker: Checker, cohort: Cohort, at: KeyPath) -> None:
    count = len(cohort.cities)
    if count != CITIES_PER_COHORT:
        checker.at(at + ("cities",), f"{label(at + ('cities',))} lists {count} cit{'y' if count == 1 else 'ies'}; "
                                     f"a cohort has {CITIES_PER_COHORT} (check for a missing or extra city)",
                   WARNING, key=True)


def _inside(checker: Checker, key_path: KeyPath, day: dt.date, cohort: Cohort) -> None:
    if cohort.start <= cohort.end and not cohort.start <= day <= cohort.end:
        checker.at(key_path, f"{label(key_path)} {day} is outside the cohort's dates "
                             f"({cohort.start} to {cohort.end}); move it or change the cohort's start or end")


def check_workshops(checker: Checker, cohort: Cohort, at: KeyPath, module_numbers: set[int]) -> None:
    for key in ("opening", "closing"):
        with suppress(Broken):
            _check_workshop(checker, cohort, key, at, module_numbers)
    opening, closing = cohort.workshops.opening, cohort.workshops.closing
    if closing.start <= opening.end:
        where = at + ("workshops", "closing", "start")
        checker.at(where, f"{label(where)} {closing.start} is not after the opening workshop "
                          f"(which ends {opening.end}); the opening workshop comes first")


def _check_workshop(checker: Checker, cohort: Cohort, key: str, at: KeyPath, module_numbers: set[int]) -> None:
    workshop: Workshop = getattr(cohort.workshops, key)
    where = at + ("workshops", key)
    with suppress(Broken):
        if workshop.end < workshop.start:
            checker.at(where + ("end",), f"{label(where + ('end',))} {workshop.end} is before start "
                                         f"{workshop.start}; a workshop ends on or after its first day")
    for part in ("start", "end"):
        with suppress(Broken):
            _inside(checker, where + (part,), getattr(workshop, part), cohort)
    check_agenda(checker, workshop, where, module_numbers)


def check_agenda(checker: Checker, workshop: Workshop, where: KeyPath, module_numbers: set[int]) -> None:
    days: set[dt.date] | None = None
    with suppress(Broken):
        days = set(workshop_days(workshop))
    seen_keys: dict[str, int] = {}
    unread = Unread()
    for index, session in enumerate(workshop.agenda):
        here = where + ("agenda", index)
        with suppress(Broken):
            if days and session.day not in days:
                checker.at(here + ("day",), f"{label(here + ('day',))} {session.day} is not a day of this "
                                            f"workshop ({workshop.start} to {workshop.end}); use one of its days")
        with suppress(Broken):
            if session.end <= session.start:
                checker.at(here + ("end",), f"{label(here + ('end',))} {hhmm(session.end)} is not after start "
                                            f"{hhmm(session.start)}; a session ends after it starts")
        with suppress(Broken):
            if session.module is not None and session.module not in module_numbers:
                checker.at(here + ("module",), f"{label(here + ('module',))} {session.module} is not a module "
                                               f"number; use one of {_numbers(module_numbers)}")
        if not unread.check(index, lambda: (session_key(session), session.id)):
            continue
        key = session_key(session)
        if key in seen_keys and unread.before(seen_keys[key]):
            checker.at(here + ("title",) if session.id is None else here + ("id",),
                       f"{label(here)} has the same calendar identity '{key}' as "
                       f"{label(where + ('agenda', seen_keys[key]))}; give one of them an 'id:'")
        seen_keys.setdefault(key, index)
    for (i, first), (j, second) in _overlaps(workshop.agenda):
        here = where + ("agenda", j, "start")
        checker.at(here, f"{label(where + ('agenda', j))} '{second.title}' {hhmm(second.start)}–{hhmm(second.end)} "
                         f"overlaps {label(where + ('agenda', i))} '{first.title}' {hhmm(first.start)}–"
                         f"{hhmm(first.end)} in room '{second.room}' on {second.day}; move one or use another room")


def _overlaps(agenda: list[Session]) -> Iterator[tuple[tuple[int, Session], tuple[int, Session]]]:
    """Each session with the first earlier one it overlaps in the same room (a session with a mistake in what
    this compares is left out, and so are the sessions after it it might be the first overlap of)."""
    sessions = [can_read(lambda: (s.room, s.day, s.start, s.end, s.title)) for s in agenda]
    for j, second in enumerate(agenda):
        if not sessions[j]:
            continue
        for i, first in enumerate(agenda[:j]):
            if not sessions[i]:
                break
            same_room = first.room.casefold().strip() == second.room.casefold().strip()
            if (same_room and first.day == second.day and first.start < second.end and second.start < first.end
                    and first.start < first.end and second.start < second.end):
                yield (i, first), (j, second)
                break


def _numbers(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


def check_module_runs(checker: Checker, cohort: Cohort, at: KeyPath, numbers: set[int],
                      unreadable: set[int], today: dt.date) -> None:
    first_index: dict[int, int] = {}
    unread = Unread()
    for index, run in enumerate(cohort.modules):
        here = at + ("modules", index)
        if not unread.check(index, lambda: run.module):
            pass
        elif run.module not in numbers | unreadable:
            checker.at(here + ("module",), f"{label(here + ('module',))} {run.module} is not a module number; "
                                           f"use one of {_numbers(numbers)}")
        elif run.module in first_index and unread.before(first_index[run.module]):
            checker.at(here + ("module",), f"{label(here + ('module',))} {run.module} is already scheduled at "
                                           f"{label(at + ('modules', first_index[run.module]))}; schedule each "
                                           "module once per cohort")
        if unread.first is None:
            first_index.setdefault(run.module, index)
        with suppress(Broken):
            _inside(checker, here + ("date",), run.date, cohort)
        with suppress(Broken):
            if run.date.weekday() >= 5:
                checker.at(here + ("date",), f"{label(here + ('date',))} {run.date} is a "
                                             f"{weekday_name(run.date).capitalize()}; officials rarely attend at "
                                             "weekends, check the date", WARNING)
        with suppress(Broken):
            check_run_format(checker, cohort, index, at)
    with suppress(Broken):
        check_run_order(checker, cohort, at, numbers)
    if unread.first is not None:
        return  # which modules are missing is known once every run's module is right
    missing = numbers - set(first_index)
    if missing and state_on(cohort, today) == "completed":
        # A completed cohort ran before a newer module existed: its version keeps the curriculum it had.
        checker.at(at + ("modules",), f"{label(at + ('modules',))} of completed cohort '{cohort.id}' does not "
                                      f"schedule module{'s' if len(missing) > 1 else ''} {_numbers(missing)}; "
                                      "fine if the module was added after the cohort ran", WARNING, key=True)
    elif missing:
        checker.at(at + ("modules",), f"{label(at + ('modules',))} does not schedule module"
                                      f"{'s' if len(missing) > 1 else ''} {_numbers(missing)}; add an entry "
                                      "with its date and format for each", key=True)


def check_run_format(checker: Checker, cohort: Cohort, index: int, at: KeyPath) -> None:
    run = cohort.modules[index]
    here = at + ("modules", index)
    if run.format == "online":
        if run.start is None:
            checker.at(here, f"{label(here)} is online but has no start; add 'start: HH:MM' "
                             f"(in the cohort's time zone, {cohort.timezone})")
        return
    with suppress(Broken):
        if run.start is not None:
            checker.at(here + ("start",), f"{label(here + ('start',))} is only for online modules; in-person "
                                          "times come from the workshop agenda, remove it")
    module, day = run.module, run.date
    workshop_key = workshop_on(cohort, run.date)
    if workshop_key is None:
        checker.at(here + ("date",), f"{label(here + ('date',))} {run.date}: module {run.module} is in person but "
                                     "no workshop runs that day; move it to a workshop day or make it online")
        return
    workshop = getattr(cohort.workshops, workshop_key)
    linked = [can_read(lambda: (s.module, s.day)) and s.module == module and s.day == day for s in workshop.agenda]
    if not any(linked) and all(can_read(lambda: (s.module, s.day)) for s in workshop.agenda):
        checker.at(here + ("date",), f"{label(here + ('date',))} {run.date}: no session of the {workshop_key} "
                                     f"workshop's agenda on that day has 'module: {run.module}'; link a session "
                                     "to the module or fix the date")


def check_run_order(checker: Checker, cohort: Cohort, at: KeyPath, numbers: set[int]) -> None:
    runs = sorted(((run.module, index, run) for index, run in enumerate(cohort.modules) if run.module in numbers),
                  key=lambda item: (item[0], item[1]))
    latest: tuple[int, dt.date] | None = None
    for number, index, run in runs:
        if latest is not None and run.date < latest[1] and number != latest[0]:
            checker.at(at + ("modules", index, "date"),
                       f"{label(at + ('modules', index, 'date'))} {run.date}: module {number} comes before "
                       f"module {latest[0]} ({latest[1]}); modules run in order, fix one of the dates")
        if latest is None or run.date >= latest[1]:
            latest = (number, run.date)


def check_office_hours(checker: Checker, cohort: Cohort, at: KeyPath) -> None:
    hours = cohort.office_hours
    here = at + ("office_hours",)
    if weekday_name(hours.first) != hours.weekday:
        checker.at(here + ("first",), f"{label(here + ('first',))} {hours.first} is a "
                                      f"{weekday_name(hours.first).capitalize()}, not a {hours.weekday.capitalize()}; "
                                      "make it the date of the first session")
        return
    if hours.last < hours.first:
        checker.at(here + ("last",), f"{label(here + ('last',))} {hours.last} is before first {hours.first}; "
                                     "office hours would never occur")
        return
    with suppress(Broken):
        _check_skipped(checker, hours, here)
    for part in ("first", "last"):
        with suppress(Broken):
            _inside(checker, here + (part,), getattr(hours, part), cohort)


def _check_skipped(checker: Checker, hours: OfficeHours, here: KeyPath) -> None:
    occurrences = office_hour_dates(hours)
    dates = [o.date for o in occurrences]
    for index, day in enumerate(hours.skip):
        if day not in dates:
            nearest = min(dates, key=lambda d: abs((d - day).days))
            checker.at(here + ("skip", index), f"{label(here + ('skip', index))} {day} is not an office-hours date "
                                               f"(did you mean {nearest}?); skip only dates a session would fall on")
    if all(o.skipped for o in occurrences):
        checker.at(here, f"{label(here)} never occur: every date from {hours.first} to {hours.last} is skipped; "
                         "remove some skipped dates or change first and last")


