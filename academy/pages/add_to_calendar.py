"""The 'Add to calendar' box shown on cohort overview and agenda pages."""

from __future__ import annotations

from .markdown import link, relative


def add_to_calendar(from_src_uri: str, ics_src_uri: str, what: str) -> str:
    """A box with a download link to an .ics file and how to subscribe instead (webcal)."""
    href = relative(from_src_uri, ics_src_uri)
    return "\n".join([
        '<div class="academy-calendar academy-no-print" markdown="1">',
        "",
        '**Add to calendar:** ' + link(f"download {what} (.ics)", href) + " and open it with your calendar app.",
        "To **subscribe** instead, so changes of time or place reach your calendar by themselves, copy the link "
        "and add it as a calendar from a URL (Outlook: *Add calendar → Subscribe from web*; Google Calendar: "
        "*Other calendars → From URL*; Apple Calendar: *File → New Calendar Subscription*). Some apps want the "
        "address to start with `webcal://` instead of `https://`.",
        "",
        "</div>",
        "",
    ])
