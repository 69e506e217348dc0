"""Where each cohort page and calendar lives in the site (source paths, as MkDocs names them)."""

from __future__ import annotations

from ..cohorts.model import Cohort

INDEX = "cohorts/index.md"


def overview(cohort: Cohort) -> str:
    return f"cohorts/{cohort.id}/index.md"


def agenda(cohort: Cohort, workshop_key: str) -> str:
    return f"cohorts/{cohort.id}/{workshop_key}.md"


def office_hours(cohort: Cohort) -> str:
    return f"cohorts/{cohort.id}/office-hours.md"


def cohort_calendar(cohort: Cohort) -> str:
    return f"cohorts/{cohort.id}/calendar.ics"


def workshop_calendar(cohort: Cohort, workshop_key: str) -> str:
    return f"cohorts/{cohort.id}/{workshop_key}.ics"
