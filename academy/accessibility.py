"""Fixes to rendered HTML that Markdown extensions leave inaccessible."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

_TASK_ITEM = re.compile(
    r'(<li class="task-list-item">\s*(?:<label[^>]*>\s*)?)<input type="checkbox"(?P<attrs>[^>]*?)/?>(?P<rest>.*?)(?=</li>|<ul|<ol)',
    re.S)
_TAG = re.compile(r"<[^>]+>")


def label_task_checkboxes(page_html: str) -> str:
    """Give each checklist checkbox the text of its item as its accessible name (WCAG 4.1.2)."""

    def add_label(match: re.Match[str]) -> str:
        if "aria-label" in match["attrs"]:
            return match.group(0)
        name = " ".join(html.unescape(_TAG.sub("", match["rest"])).split())[:150] or "Checklist item"
        checkbox = _LABELLED_CHECKBOX.format(attrs=Markup(match["attrs"]), name=name)
        return Markup(match.group(1)) + checkbox + Markup(match["rest"])

    return _TASK_ITEM.sub(add_label, page_html)


_LABELLED_CHECKBOX = Markup('<input type="checkbox"{attrs} aria-label="{name}"/>')
_TABLE_REGION = Markup('<div class="academy-table" role="region" tabindex="0" aria-label="{name}">{table}</div>')
_TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_HEADER_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)


def wrap_tables(page_html: str) -> str:
    """Put each table in a named, keyboard-focusable region that scrolls sideways on narrow screens.

    Wide data tables may scroll inside the page (WCAG 1.4.10 allows it for tables), but a
    scrolling region must be reachable by keyboard and named (axe: scrollable-region-focusable).
    """

    def wrap(match: re.Match[str]) -> str:
        caption = _CAPTION.search(match["body"])
        if caption:
            name = _plain(caption.group(1))
        else:
            headers = [_plain(cell) for cell in _HEADER_CELL.findall(match["body"])[:4]]
            name = "Table: " + ", ".join(h for h in headers if h) if any(headers) else "Table"
        return _TABLE_REGION.format(name=name[:150], table=Markup(match.group(0)))

    return _TABLE.sub(wrap, page_html)


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())
