"""The schema of ``cohorts.yml``, declared once: each field's type, whether it is required, and its help text.

Types only; rules that compare fields (dates in order, rooms double-booked,
time zones that exist) live in :mod:`academy.cohorts.validation`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from ..schema import EMAIL_ADDRESS, ClockTime, PlainName, Schema, WebAddress, invalid, patterned
from ..versions.model import LATEST_ALIAS

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COHORT_ID_PATTERN = SLUG
"""A cohort id: lowercase letters and digits in hyphen-separated groups; it is a folder name of the site."""
COHORT_ID_MAX = 63
STATE = r"^[A-Z]{2}$"
STATE_FORM = "a two-letter state code in capitals, such as 'FL'"
"""How a state is written: its two-letter postal code."""
PIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/+-]{0,199}$"
"""A git commit id or tag name, as ``published_from`` holds it."""
RESERVED_IDS = frozenset({LATEST_ALIAS, "changes", "assets", "search"})
"""Folder names at the site root that a cohort's version may not take."""

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]

SessionType = Literal["plenary", "roundtable", "breakout", "site-visit", "meal"]
WorkshopKey = Literal["opening", "closing"]


class Partner(Schema):
    """An organization that runs the program."""

    name: str = Field(min_length=2, description="The organization's name.")
    role: str = Field(min_length=2, description="What it does in the program, in a few words.")
    url: WebAddress | None = Field(default=None, description="Its public web address, https://...")


class Advisor(Schema):
    """A senior advisor; no personal contact details (people reach advisors through the help desk)."""

    name: str = Field(min_length=2, description="Full name as it should appear on the site.")
    role: str = Field(min_length=2, description="Role in the program and public title.")
    bio: str = Field(min_length=10, max_length=600, description="Two or three sentences about them.")


class HelpDesk(Schema):
    """How cities reach the program: the only contact details the site publishes."""

    name: str = Field(min_length=2, description="Name of the help desk.")
    how_to_reach: str = Field(min_length=10, description="One or two sentences: how and when to reach it.")
    email: str | None = patterned(EMAIL_ADDRESS, "an email address such as 'help@example.org'", default=None,
                                  description="The help desk's shared email address (never a person's).")
    url: WebAddress | None = Field(default=None, description="The help desk's web page, https://...")


class Program(Schema):
    """The ``program:`` section: who runs the Academy and how to reach them."""

    partners: list[Partner] = Field(min_length=1, description="Organizations running the program.")
    advisors: list[Advisor] = Field(default_factory=list, description="Senior advisors (name, role, short bio).")
    help_desk: HelpDesk = Field(description="The help desk: how cities reach the program.")


class Official(Schema):
    """A participating official; name and role only."""

    name: str = Field(min_length=2, description="Full name.")
    role: str = Field(min_length=2, description="Role, such as 'Mayor' or 'Chief Resilience Officer'.")


class City(Schema):
    """A participating city."""

    city: str = Field(min_length=2, description="City name.")
    state: str | None = patterned(STATE, STATE_FORM, default=None, description=(
        "The city's state (left out only while the city is to be announced)."))
    timezone: str = Field(description="IANA time zone of the city, such as 'America/New_York'.")
    officials: list[Official] = Field(default_factory=list, description="Participating officials.")


class Session(Schema):
    """One agenda session of a workshop."""

    day: dt.date = Field(description="Date of the session, YYYY-MM-DD; one of the workshop's days.")
    start: ClockTime = Field(description="Start time, HH:MM (24-hour), in the venue's local time.")
    end: ClockTime = Field(description="End time, HH:MM (24-hour), in the venue's local time.")
    title: str = Field(min_length=2, max_length=160, description="Session title.")
    type: SessionType = Field(description="Kind of session.")
    speakers: list[str] = Field(default_factory=list, description="Speakers or advisors, by name.")
    module: int | None = Field(default=None, description="Number of the curriculum module this session teaches.")
    room: str = Field(min_length=1, description="Room or place, as shown on the venue's signs.")
    description: str | None = Field(default=None, max_length=800, description="One or two sentences.")
    id: str | None = patterned(
        SLUG, "lowercase letters and digits in words joined by hyphens, such as 'opening-plenary'", default=None,
        description="Calendar identity of the session. Defaults to the title; set it before renaming a session so "
                    "subscribed calendars update the event instead of replacing it.")


class Workshop(Schema):
    """An in-person workshop, held at or beside an event officials already attend."""

    host_event: str = Field(min_length=2, description="The event the workshop is held at or beside.")
    venue: str = Field(min_length=2, description="Venue name.")
    address: str | None = Field(default=None, description="Street address of the venue.")
    city: str = Field(min_length=2, description="City of the venue.")
    state: str = patterned(STATE, STATE_FORM, description="The venue's state.")
    timezone: str = Field(description="IANA time zone of the venue; agenda times are local to it.")
    start: dt.date = Field(description="First day, YYYY-MM-DD.")
    end: dt.date = Field(description="Last day, YYYY-MM-DD.")
    agenda: list[Session] = Field(min_length=1, description="The sessions, in any order.")


class Workshops(Schema):
    """The two in-person workshops of a cohort."""

    opening: Workshop = Field(description="The opening workshop, at the start of the cohort.")
    closing: Workshop = Field(description="The closing workshop, at the end of the cohort.")


class ModuleRun(Schema):
    """When and how one module runs for a cohort."""

    module: int = Field(description="Module number (curriculum/modules/NN-*.md).")
    date: dt.date = Field(description="Date of the session, YYYY-MM-DD.")
    format: Literal["online", "in-person"] = Field(
        description="online, or in-person at a workshop (times then come from its agenda).")
    start: ClockTime | None = Field(default=None, description=(
        "Online only: start time, HH:MM (24-hour), in the cohort's time zone; "
        "the session lasts the module's duration_minutes."))
    join_link: str | None = Field(default=None, description="Online only: join link or a placeholder.")


class OfficeHours(Schema):
    """Standing virtual office hours, every two weeks."""

    weekday: Weekday = Field(description="Day of the week, such as 'tuesday'.")
    time: ClockTime = Field(description="Start time, HH:MM (24-hour), in ``timezone``.")
    minutes: int = Field(default=60, ge=15, le=240, description="Length of each session in minutes.")
    timezone: str = Field(description="IANA time zone of ``time``, such as 'America/New_York'.")
    every_weeks: int = Field(default=2, ge=1, le=4, description="Weeks between sessions (2: every two weeks).")
    first: dt.date = Field(description="Date of the first session; falls on ``weekday``.")
    last: dt.date = Field(description="No session after this date.")
    skip: list[dt.date] = Field(default_factory=list, description="Session dates skipped (holidays).")
    join_link: str = Field(min_length=1, description="Join link, or a placeholder until it is known.")


class Cohort(Schema):
    """One round of the Academy: eight cities, two workshops, ten modules, office hours."""

    id: str = Field(description="Short lowercase id such as '2024-25'; the cohort's version of the site is "
                                "at /<id>/, and its pages and calendar UIDs use it.")
    name: PlainName = Field(min_length=2, max_length=80, description=(
        "Name shown on the site and in the version selector, such as 'Cohort 1 (2024–25)'."))
    status: Literal["upcoming", "active", "completed"] | None = Field(default=None, description=(
        "Optional, and best left out: the site derives whether a cohort is upcoming, running or completed "
        "from start and end. When given, it is checked against the dates (a warning when they disagree)."))
    start: dt.date = Field(description="First day of the cohort, YYYY-MM-DD.")
    end: dt.date = Field(description="Last day of the cohort, YYYY-MM-DD.")
    timezone: str = Field(description="IANA time zone of the online module sessions.")
    cities: list[City] = Field(min_length=1, description="The participating cities (eight per cohort).")
    workshops: Workshops = Field(description="The opening and closing workshops.")
    modules: list[ModuleRun] = Field(min_length=1, description="Every module's date and format.")
    office_hours: OfficeHours = Field(description="The standing office hours.")
    published_from: str | None = Field(
        default=None,
        description="Git commit or tag this cohort's version of the site is built from; "
                    "required on every cohort but the newest (see `python build_site.py pin`).")

    @field_validator("id")
    @classmethod
    def _id_is_a_folder_name(cls, value: str) -> str:
        if len(value) > COHORT_ID_MAX or not re.match(COHORT_ID_PATTERN, value):
            raise invalid("is not a usable id; use lowercase letters, digits and hyphens, such as 'cohort-3' "
                          "(it becomes the folder /<id>/ of the cohort's version)")
        return value

    @field_validator("published_from", mode="before")
    @classmethod
    def _pin_is_text(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, str):
            raise invalid(f"must be written in quotes, such as published_from: \"{value}\"")
        if isinstance(value, str) and not re.match(PIN_PATTERN, value.strip()):
            raise invalid("is not a git commit id or tag name; write the commit or tag the version is built from")
        return value


class CohortsFile(Schema):
    """The whole of ``cohorts.yml``."""

    program: Program = Field(description="Who runs the Academy and how to reach them.")
    cohorts: list[Cohort] = Field(default_factory=list, description="Every cohort, oldest first.")

    renamed_fields: ClassVar[dict[str, tuple[str, str]]] = {"programme": ("program", "US English")}

    def cohort(self, cohort_id: str) -> Cohort | None:
        return next((c for c in self.cohorts if c.id == cohort_id), None)
