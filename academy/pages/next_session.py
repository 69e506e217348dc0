"""The home page's next-session panel: placed right under the page's title."""

from __future__ import annotations

import re

from . import cohort_links
from .live_marks import panel

_TITLE = re.compile(r"^# .+$", re.M)


def with_next_session_panel(markdown: str) -> str:
    """The home page's Markdown with the panel after its first heading (or at the top)."""
    block = "\n" + panel("", cohort_links.page_path(cohort_links.INDEX), "All cohorts") + "\n"
    match = _TITLE.search(markdown)
    if match is None:
        return block + markdown
    return markdown[:match.end()] + "\n" + block + markdown[match.end():]
