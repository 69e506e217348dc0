"""The reader's workspace pages: "My city's action plan" and the self-assessment form.

Both are shells: what the reader wrote stays in their browser and the workspace scripts fill it in
(docs/workspace.md).  The self-assessment page exists only when ``curriculum/self-assessment.yml`` does.
"""

from __future__ import annotations

from typing import Iterable

from .. import urls
from ..content import Content
from . import GeneratedPage
from .markdown import front_matter, text

PLAN = urls.ACTION_PLAN
ASSESSMENT = urls.SELF_ASSESSMENT


def generate(content: Content) -> Iterable[GeneratedPage]:
    yield GeneratedPage(PLAN, front_matter(
        title="My city's action plan", template="action-plan.html", search={"exclude": True},
        description="Your city's notes, commitments and self-assessment from every module, kept in this browser.")
        + "Everything your city team wrote on the module pages, in curriculum order: notes, answers to the key "
          "questions and commitments, with the self-assessment at the start and at the end side by side. "
          "Print it as a handout for a council or team meeting, or copy it as text.\n")
    assessment = content.self_assessment
    if assessment is not None:
        yield GeneratedPage(ASSESSMENT, front_matter(
            title=assessment.title, template="self-assessment.html", search={"exclude": True},
            description="Score your city's readiness at the start of the Academy and again at the end.")
            + text(assessment.introduction) + "\n")
