"""The one way values reach HTML outside MkDocs' theme: autoescaping Jinja templates and MarkupSafe.

Theme templates (``theme/*.html``) are autoescaped by :func:`theme_autoescape`; pages written outside the
theme (redirect pages) are rendered by :func:`render` from an autoescaping environment; small fragments
added to rendered HTML use :func:`fragment` (``Markup.format`` escapes every value).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup, escape

_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)

__all__ = ["Markup", "escape", "fragment", "render", "theme_autoescape"]


def render(template: str, **values: object) -> str:
    """Render a template string with every value escaped for HTML."""
    return _compiled(template).render(**values)


@functools.lru_cache(maxsize=64)
def _compiled(template: str) -> jinja2.Template:
    """Each template string compiled once per process (a redirect page is written for every page)."""
    return _ENVIRONMENT.from_string(template)


def fragment(template: str, *values: object) -> Markup:
    """``fragment('<span title="{}">{}</span>', a, b)``: an HTML fragment whose values are escaped.

    The same as ``Markup(template).format(*values)``; for a template whose fields are all plain (``{}`` or
    ``{0}``: no format spec, no conversion, no attribute) it escapes each value and formats once, about twice
    as fast as MarkupSafe's formatter (pages write a few of these each, thousands of pages a build)."""
    if _plain_fields(template):
        return Markup(template.format(*[escape(value) for value in values]))
    return Markup(template).format(*values)


@functools.lru_cache(maxsize=256)
def _plain_fields(template: str) -> bool:
    import string

    return all(spec == "" and conversion is None and (field == "" or field.isdigit())
               for _, field, spec, conversion in string.Formatter().parse(template) if field is not None)


def theme_autoescape(theme_dir: Path, shared: tuple[str, ...] = ("main.html",)) -> Callable[[str | None], bool]:
    """The Jinja ``autoescape`` setting for MkDocs: on for this theme's own page templates.

    ``shared`` templates are also extended by Material's own pages (404.html), whose blocks are not
    escaped, so they keep explicit ``{% autoescape true %}`` sections around the data they print.
    """
    own = {path.relative_to(theme_dir).as_posix() for path in theme_dir.rglob("*.html")} - set(shared)

    def autoescape(name: str | None) -> bool:
        return name in own

    return autoescape
