"""What the reader's browser brings up to date on the day a page is read (theme/.../cohort-hub.js):
a cohort's state, past rows, the reader's own time, and the next-session panel.

Each mark is correct as of the build's date without JavaScript (a past row stays past), and carries the
instants the browser needs to recompute it.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..cohorts.model import Cohort
from ..cohorts.state import state_text
from .html import fragment, render
from .when import iso_instant, short_day

PAST_LABEL = "Past"

_PANEL = """
<section class="academy-next" aria-labelledby="academy-next-title" data-academy-next data-cohort="{{ cohort }}">
<h2 id="academy-next-title">Next session</h2>
<div class="academy-next__body" data-academy-next-body aria-live="polite">
<p>{{ fallback }} <a href="{{ schedule_href }}">{{ schedule_label }}</a>.</p>
</div>
</section>
"""


def state(cohort: Cohort, build_date: dt.date) -> Markup:
    """'Completed', or 'Running (as of ...)' until the browser says what it is today."""
    return fragment('<span class="academy-state" data-academy-state data-start="{}" data-end="{}">{}</span>',
                    cohort.start.isoformat(), cohort.end.isoformat(),
                    state_text(cohort, build_date, short_day(build_date)))


def ends(text: str, end: dt.datetime, past: bool) -> Markup:
    """A row's date, marked with its end: the browser marks the row past once that instant has gone."""
    mark = fragment('<span data-academy-end="{}">{}</span>', iso_instant(end), text)
    return mark + fragment(' <span class="academy-past-label">{}</span>', PAST_LABEL) if past else mark


def local_time(moment: dt.datetime, text: str) -> Markup:
    """An official time; the browser adds the reader's own time beside it when their zone differs."""
    return fragment('<time datetime="{}" data-academy-local data-zone="{}">{}</time>', iso_instant(moment),
                    str(moment.tzinfo), text)


def panel(cohort_id: str, schedule_href: str, schedule_label: str) -> str:
    """The next-session panel; without JavaScript it points to the full schedule."""
    fallback = ("The next session is shown here when JavaScript is on; every session is listed"
                if cohort_id else "The next session is shown here when JavaScript is on; every cohort's sessions "
                                  "are on its page:")
    return render(_PANEL, cohort=cohort_id, fallback=fallback, schedule_href=schedule_href,
                  schedule_label=schedule_label)
