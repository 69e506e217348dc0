"""The dates a run works with, decided once at the command line and passed down as a value.

Two different days matter, and neither is read from the environment anywhere else:

- ``today``: the day *checks* are about (is the newest cohort current, does a typed ``status`` agree with
  the dates): the clock, or ``ACADEMY_TODAY`` to see what a check would say on another day;
- ``epoch``: the moment the *built files* describe (reproducible-builds.org's ``SOURCE_DATE_EPOCH``): a
  cohort's state "as of" that day, past rows, calendar DTSTAMPs, sitemap dates and ``.gz`` headers. The
  working tree is dated by HEAD's commit time and a pinned version by its pin's, so two builds of the same
  commit are byte-identical whatever the clock says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Mapping

from .problems import Problem

TODAY_VARIABLE = "ACADEMY_TODAY"
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


@dataclass(frozen=True)
class BuildDates:
    today: dt.date
    """The day checks are about."""
    epoch: int | None = None
    """Seconds since 1970 (UTC) that the built files are dated by; None when not fixed yet."""

    @classmethod
    def now(cls) -> BuildDates:
        """The clock's day and no fixed build moment (what a library caller gets unless it says otherwise)."""
        return cls(dt.date.today())

    def dated(self, epoch: int) -> BuildDates:
        """The same run, building files dated by ``epoch`` (a commit's time)."""
        return replace(self, epoch=epoch)

    @property
    def build_date(self) -> dt.date:
        """The day pages describe: the epoch's UTC date when set and not 0, else ``today``."""
        if self.epoch:
            return dt.datetime.fromtimestamp(self.epoch, tz=dt.timezone.utc).date()
        return self.today


def dates_from_environment(environ: Mapping[str, str],
                           clock: dt.date | None = None) -> tuple[BuildDates, list[Problem]]:
    """The command line's dates: ``ACADEMY_TODAY`` (YYYY-MM-DD) or the clock, and ``SOURCE_DATE_EPOCH`` when
    set; a malformed value is a problem (located at the variable's name) and is ignored."""
    problems: list[Problem] = []
    today = clock or dt.date.today()
    if value := environ.get(TODAY_VARIABLE, "").strip():
        try:
            today = dt.date.fromisoformat(value)
        except ValueError:
            problems.append(Problem(TODAY_VARIABLE, 1, 1, f"environment variable '{value}' is not a date in the "
                                                          "form YYYY-MM-DD; fix or unset it"))
    epoch = None
    if value := environ.get(EPOCH_VARIABLE, "").strip():
        if value.isdigit():
            epoch = int(value)
        else:
            problems.append(Problem(EPOCH_VARIABLE, 1, 1, f"environment variable '{value}' is not a whole number "
                                                          "of seconds since 1970-01-01; fix or unset it"))
    return BuildDates(today, epoch), problems
