"""HTML for generated pages: autoescaping Jinja templates and MarkupSafe fragments, nothing else.

Every value reaches the HTML escaped; a page generator never joins HTML from strings itself.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                  trim_blocks=True, lstrip_blocks=True)


def render(template: str, **values: object) -> str:
    """Render a template string, every value escaped; blank lines dropped (a blank line would end the
    raw HTML block inside the page's Markdown)."""
    html = _ENVIRONMENT.from_string(template).render(**values)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def fragment(template: str, *values: object) -> Markup:
    """``fragment('<span title="{}">{}</span>', a, b)``: an inline fragment whose values are escaped."""
    return Markup(template).format(*values)
