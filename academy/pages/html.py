"""Raw HTML blocks inside generated pages' Markdown, through the one escaping path (:mod:`academy.templating`)."""

from __future__ import annotations

from ..templating import fragment, render as render_html

__all__ = ["fragment", "render"]


def render(template: str, **values: object) -> str:
    """Render an autoescaping template; blank lines dropped (a blank line would end the raw HTML block
    inside the page's Markdown)."""
    html = render_html(template, **values)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"
