"""The 'Add to calendar' box of cohort, agenda and office-hours pages: subscribe in one tap, or download.

With the site's address (``site_url`` in mkdocs.yml, or ACADEMY_SITE_URL) the box offers Subscribe
(``webcal://``), Google Calendar and Outlook links to the file's stable address under ``latest/``;
without it, it says plainly what is missing and offers the download only.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ..content import Content
from .html import render
from .markdown import relative

_BOX = """
<div class="academy-calendar academy-no-print">
<p><strong>Add to calendar</strong>: {{ what }}.</p>
{% if links %}
<ul class="academy-calendar__links">
<li><a href="{{ links.webcal }}">Subscribe in your calendar app</a> (Apple Calendar, Outlook, Thunderbird)</li>
<li><a href="{{ links.google }}" rel="noopener">Subscribe in Google Calendar</a></li>
<li><a href="{{ links.outlook }}" rel="noopener">Subscribe in Outlook.com</a> or
<a href="{{ links.office }}" rel="noopener">Outlook for Microsoft 365</a></li>
<li><a href="{{ download }}" download="{{ file_name }}">Download {{ file_name }}</a> (one-time import; it does not update)</li>
</ul>
<p class="academy-muted">A subscribed calendar updates itself when a time or place changes. Address to add
by hand: <code>{{ links.https }}</code></p>
{% else %}
<p><a href="{{ download }}" download="{{ file_name }}">Download {{ file_name }}</a> and open it with your
calendar app (a one-time import; it does not update).</p>
<p class="academy-muted">Subscribe links need the site's public address, which this build was not given:
set <code>site_url</code> in mkdocs.yml, or the <code>ACADEMY_SITE_URL</code> environment variable, and
build again.</p>
{% endif %}
</div>
"""


def subscribe_links(content: Content, ics_src_uri: str, name: str) -> dict[str, str] | None:
    """Subscribe addresses for a calendar file, or None when the site's address is unknown."""
    if not content.site_url:
        return None
    https = content.site_url + ics_src_uri
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}, quote_via=quote),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": https, "name": name},
                                                                                  quote_via=quote),
        "office": "https://outlook.office.com/calendar/0/addfromweb?" + urlencode({"url": https, "name": name},
                                                                                   quote_via=quote),
    }


def add_to_calendar(content: Content, from_src_uri: str, ics_src_uri: str, what: str, name: str) -> str:
    """The box, as raw HTML for a page's Markdown (links relative to the page's address)."""
    return render(_BOX, what=what, links=subscribe_links(content, ics_src_uri, name),
                  download=_page_relative(from_src_uri, ics_src_uri), file_name=ics_src_uri.rsplit("/", 1)[-1])


def _page_relative(from_src_uri: str, to_file: str) -> str:
    """From a page's built address (``x/y/`` for ``x/y.md``) to a file: raw HTML is not rewritten by MkDocs."""
    from .cohort_links import page_path

    return relative(page_path(from_src_uri) + "index.html", to_file)
