"""The facilitator guide: every module's session plan and timings on one printable page."""

from __future__ import annotations

from typing import Iterable

from .. import urls
from ..content import Content
from . import GeneratedPage
from .markdown import front_matter, link, minutes, relative, table, text

SRC_URI = urls.FACILITATOR_GUIDE


def generate(content: Content) -> Iterable[GeneratedPage]:
    parts = [
        front_matter(title="Facilitator guide", description="Session plans and timings for every module."),
        "# Facilitator guide\n",
        "Session plans for every module, gathered from the modules themselves. "
        "Print this page to run a session; edit a module's `facilitator_notes` to change it here.\n",
    ]
    for module in content.modules:
        parts.append(f"## Module {module.number}: {text(module.title)} {{ #module-{module.number} }}\n")
        parts.append(f"{module.format_label}, {minutes(module.meta.duration_minutes)}. "
                     f"{link('Read the module', relative(SRC_URI, module.src_uri))}.\n")
        rows = [[f"{start}–{end}", text(step.activity), text(step.guidance)]
                for start, end, step in module.timeline()]
        parts.append(table(["Minutes", "Activity", "How to run it"], rows))
    yield GeneratedPage(SRC_URI, "\n".join(parts))
