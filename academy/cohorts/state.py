"""A cohort's state (upcoming, running, completed), derived from its dates on a given day.

Pages say what the state was on the build's date (``BuildDates.build_date``, so two builds of
the same commit agree); the reader's browser recomputes it from the schedule file, so a
site built months ago still says the right thing today.  Checks use today's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Literal

from .model import Cohort

State = Literal["upcoming", "running", "completed"]
STATE_LABELS: dict[str, str] = {"upcoming": "Upcoming", "running": "Running", "completed": "Completed"}
STATUS_FOR_STATE: dict[str, str] = {"upcoming": "upcoming", "running": "active", "completed": "completed"}
"""The hand-typed ``status`` value that agrees with each derived state."""


def state_on(cohort: Cohort, today: dt.date) -> State:
    if today < cohort.start:
        return "upcoming"
    if today > cohort.end:
        return "completed"
    return "running"


def current_cohort(cohorts: Iterable[Cohort], today: dt.date) -> Cohort | None:
    """The cohort running on ``today`` (the latest-starting if several), else the next to start, else None."""
    cohorts = list(cohorts)
    running = [c for c in cohorts if state_on(c, today) == "running"]
    if running:
        return max(running, key=lambda c: c.start)
    upcoming = [c for c in cohorts if state_on(c, today) == "upcoming"]
    return min(upcoming, key=lambda c: c.start) if upcoming else None


def newest_cohort(cohorts: Iterable[Cohort]) -> Cohort | None:
    """The cohort that starts last (it owns the newest version of the site)."""
    cohorts = list(cohorts)
    return max(cohorts, key=lambda c: c.start) if cohorts else None


def state_text(cohort: Cohort, today: dt.date, as_of: str) -> str:
    """'Completed'; 'Running (as of November 28, 2026)': a finished cohort is never called current."""
    state = state_on(cohort, today)
    if state == "completed":
        return STATE_LABELS[state]
    return f"{STATE_LABELS[state]} (as of {as_of})"


def newest_not_current(cohorts: Iterable[Cohort], today: dt.date) -> str | None:
    """Why the newest cohort (the site's newest version) is not the one running or next, or None."""
    cohorts = list(cohorts)
    newest, current = newest_cohort(cohorts), current_cohort(cohorts, today)
    if newest is None or current is newest:
        return None
    add = (f"add the next cohort with 'python build_site.py new-cohort ID --from {newest.id} --start YYYY-MM-DD'")
    if current is None:
        return (f"the newest cohort '{newest.id}' ended on {newest.end} and no cohort is running or upcoming on "
                f"{today}; {add}, or leave it so once the program has ended")
    return (f"the newest cohort '{newest.id}' is {state_on(newest, today)} on {today}, but '{current.id}' is the "
            f"one {'running' if state_on(current, today) == 'running' else 'next'}; check the dates of both")
