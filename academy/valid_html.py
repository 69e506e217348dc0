"""Corrections to markup that Material writes outside any template block, so no override can reach it."""

from __future__ import annotations

import re

_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')


def drop_checkbox_autocomplete(page_html: str) -> str:
    """Material's drawer and search toggles are checkboxes with ``autocomplete="off"``, which HTML allows only
    on text-like inputs (the Nu HTML checker reports it); the attribute is dropped from those two inputs."""
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", page_html)

_TOC_TITLE_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.S)


def unlabel_missing_toc_toggle(page_html: str) -> str:
    """Material titles the table of contents with a label for its ``__toc`` toggle, but writes the toggle only
    for pages that are leaves of the navigation; elsewhere (library entries, section index pages) that label
    points at no control, which is invalid, so it becomes a plain title."""
    if 'id="__toc"' in page_html:
        return page_html
    return _TOC_TITLE_LABEL.sub(r'<div class="md-nav__title">\1</div>', page_html)


_UNLABELLED_TOGGLE_NAMES = {"__search": "Search", "__toc": "Table of contents"}
_TOGGLE = re.compile(r'<input class="[^"]*\bmd-toggle\b[^"]*"[^>]*\bid="(?P<id>__[a-z]+)"')


def name_unlabelled_toggles(page_html: str) -> str:
    """Material's search toggle is labeled only by its header search box (which this site replaces with its
    own search form) and the ``__toc`` toggle only when the page has headings; such a toggle (never shown or
    focused) is then marked ``hidden`` and named, so no checker takes it for an unlabelled form control."""

    def name(match: re.Match[str]) -> str:
        toggle = match["id"]
        if toggle not in _UNLABELLED_TOGGLE_NAMES or f'for="{toggle}"' in page_html:
            return match.group(0)
        return f'{match.group(0)} aria-label="{_UNLABELLED_TOGGLE_NAMES[toggle]}" hidden'

    return _TOGGLE.sub(name, page_html)


def valid_html(page_html: str) -> str:
    """Every correction of this module."""
    return name_unlabelled_toggles(unlabel_missing_toc_toggle(drop_checkbox_autocomplete(page_html)))
