"""Where each cohort page and calendar lives in the site (source paths, as MkDocs names them).

Calendar files carry the cohort in their name (``prevention-academy-2024-25.ics``), so a downloaded
file says which cohort it is; the old ``calendar.ics`` name is still written for existing subscribers.
"""

from __future__ import annotations

from .. import urls
from ..cohorts.events import UID_DOMAIN, CalendarEvent
from ..cohorts.model import Cohort

INDEX = urls.COHORTS_INDEX
HOME = urls.HOME
SCHEDULE = urls.SCHEDULE
FILE_PREFIX = "prevention-academy"


def overview(cohort: Cohort) -> str:
    return urls.cohort_page(cohort.id)


def agenda(cohort: Cohort, workshop_key: str) -> str:
    return urls.cohort_page(cohort.id, workshop_key)


def office_hours(cohort: Cohort) -> str:
    return urls.cohort_page(cohort.id, "office-hours")


def cohort_calendar(cohort: Cohort) -> str:
    return urls.cohort_file(cohort.id, f"{FILE_PREFIX}-{cohort.id}.ics")


def workshop_calendar(cohort: Cohort, workshop_key: str) -> str:
    return urls.cohort_file(cohort.id, f"{FILE_PREFIX}-{cohort.id}-{workshop_key}.ics")


def legacy_calendars(cohort: Cohort) -> dict[str, str]:
    """Earlier names of the calendar files -> their current names (still written: subscriptions keep working)."""
    return {urls.cohort_file(cohort.id, "calendar.ics"): cohort_calendar(cohort),
            **{urls.cohort_file(cohort.id, f"{key}.ics"): workshop_calendar(cohort, key)
               for key in ("opening", "closing")}}


def event_calendar(cohort: Cohort, event: CalendarEvent) -> str:
    """One event on its own: ``cohorts/2024-25/events/prevention-academy-2024-25-module-3.ics``."""
    identity = event.uid.removesuffix(f"@{UID_DOMAIN}").removeprefix(f"{cohort.id}.").replace(".", "-")
    return urls.cohort_file(cohort.id, f"events/{FILE_PREFIX}-{cohort.id}-{identity}.ics")


def page_path(src_uri: str) -> str:
    """The address of a page relative to its version's root: 'cohorts/2024-25/opening/', '' for the home."""
    return urls.site_path(src_uri)
