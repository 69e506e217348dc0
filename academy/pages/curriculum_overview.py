"""The curriculum overview: every module with its summary, format and duration."""

from __future__ import annotations

from typing import Iterable

from .. import urls
from ..content import Content
from . import GeneratedPage
from .markdown import front_matter, link, minutes, relative, table, text

SRC_URI = urls.CURRICULUM


def generate(content: Content) -> Iterable[GeneratedPage]:
    rows = []
    for module in content.modules:
        rows.append([
            str(module.number),
            link(module.title, relative(SRC_URI, module.src_uri)) + "<br>" + text(module.meta.summary),
            module.format_label,
            minutes(module.meta.duration_minutes),
        ])
    total = sum(m.meta.duration_minutes for m in content.modules)
    in_person = sum(1 for m in content.modules if m.meta.format == "in-person")
    body = [
        front_matter(title="Curriculum overview", description="All modules of the Prevention Academy."),
        "# Curriculum overview\n",
        f"The Academy has {len(content.modules)} modules: {in_person} taught in person at the workshops "
        f"and {len(content.modules) - in_person} online in between, {minutes(total)} of sessions in all. "
        "Each cohort's schedule gives the dates.\n",
        table(["No.", "Module", "Format", "Length"], rows),
    ]
    yield GeneratedPage(SRC_URI, "\n".join(body))
