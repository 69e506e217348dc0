"""Where a module page's workspace goes: at the end of its "What to do in your city next month" section.

The template (theme/module.html) splits the rendered body at :data:`MARKER` and puts the workspace
there; a module without that section gets the workspace after its body.
"""

from __future__ import annotations

import re

MARKER = "<!-- academy-workspace -->"
NEXT_MONTH_ID = "what-to-do-in-your-city-next-month"
_SECTION = re.compile(r'<h2 id="' + NEXT_MONTH_ID + r'"[^>]*>.*?(?=<h2[\s>]|\Z)', re.S)


def place_workspace(page_html: str) -> str:
    """Put the marker after the next-month section (or after the whole body when there is none)."""
    match = _SECTION.search(page_html)
    if match is None:
        return page_html + MARKER
    return page_html[:match.end()] + MARKER + page_html[match.end():]
