"""The readiness self-assessment: ``curriculum/self-assessment.yml``, one short form for the whole curriculum.

Statements are grouped by module and scored on one scale (1 not in place, 2 partly, 3 fully in place).
Readers take it at the start and at the end; their answers stay in their browser, keyed by statement id.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from .problems import Problem
from .schema import Schema, invalid, validate
from .sources import SourceError, YamlDocument, parse_yaml, read_text

SELF_ASSESSMENT_FILE = "self-assessment.yml"
"""File name inside ``curriculum/``; optional: without it the site has no self-assessment."""

STATEMENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

SCALE = (1, 2, 3)
"""The one scoring scale used across the curriculum."""


class ScaleStep(Schema):
    """One point of the scoring scale."""

    score: int = Field(description="The score, 1 to 3.")
    label: str = Field(min_length=3, max_length=40, description="What the score means, such as 'Partly in place'.")


class Statement(Schema):
    """One statement a city team scores."""

    id: str = Field(max_length=60,
                    description="Lowercase words joined by hyphens; names the statement in readers' saved answers.")
    text: str = Field(min_length=10, max_length=200, description="The statement, true when the city is ready.")

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not STATEMENT_ID.match(value):
            raise invalid("is not lowercase words joined by hyphens, such as 'named-lead'")
        return value


class ModuleStatements(Schema):
    """The statements drawn from one module."""

    module: int = Field(ge=1, le=99, description="The number of the module the statements come from.")
    statements: list[Statement] = Field(min_length=1, max_length=5,
                                        description="One to five statements (two or three keep the form short).")


class SelfAssessment(Schema):
    """The whole self-assessment file."""

    title: str = Field(min_length=3, max_length=120, description="The form's title.")
    introduction: str = Field(min_length=10, max_length=600, description="One or two sentences on how to take it.")
    scale: list[ScaleStep] = Field(description="The scores 1, 2 and 3 with their labels, in that order.")
    modules: list[ModuleStatements] = Field(min_length=1, description="Statements grouped by module.")

    @model_validator(mode="after")
    def _scale_is_one_to_three(self) -> "SelfAssessment":
        scores = tuple(step.score for step in self.scale)
        if scores != SCALE:
            raise invalid(f"scale has the scores {', '.join(map(str, scores)) or 'none'}; the curriculum uses one "
                          "scale: list the scores 1, 2 and 3 in that order, each with its label", at="scale")
        return self

    def statement_count(self) -> int:
        return sum(len(group.statements) for group in self.modules)


def load_self_assessment(curriculum_dir: Path, root: Path,
                         module_numbers: set[int]) -> tuple[SelfAssessment | None, list[Problem]]:
    """Load and check the file; a missing file is no problem (the site then has no self-assessment)."""
    path = curriculum_dir / SELF_ASSESSMENT_FILE
    if not path.exists():
        return None, []
    display = path.relative_to(root).as_posix()
    try:
        document = parse_yaml(read_text(path, root), display, keep_going=True)
    except SourceError as exc:
        return None, [Problem(display, exc.line, exc.col, exc.message)]
    assessment, problems = validate(SelfAssessment, document)
    if assessment is None:
        return None, problems
    problems += _check_modules_and_ids(assessment, document, module_numbers)
    return (assessment if not problems else None), problems


def _check_modules_and_ids(assessment: SelfAssessment, document: YamlDocument,
                           module_numbers: set[int]) -> list[Problem]:
    problems: list[Problem] = []
    seen_modules: set[int] = set()
    seen_ids: dict[str, str] = {}
    for index, group in enumerate(assessment.modules):
        if group.module not in module_numbers:
            line, col = document.locate(("modules", index, "module"))
            known = ", ".join(str(n) for n in sorted(module_numbers))
            problems.append(Problem(document.path, line, col,
                                    f"modules[{index}].module {group.module} is not a module number; use one of {known}"))
        elif group.module in seen_modules:
            line, col = document.locate(("modules", index, "module"))
            problems.append(Problem(document.path, line, col,
                                    f"modules[{index}].module {group.module} is listed twice; put all of its "
                                    "statements under one entry"))
        seen_modules.add(group.module)
        for position, statement in enumerate(group.statements):
            where = f"modules[{index}].statements[{position}]"
            if statement.id in seen_ids:
                line, col = document.locate(("modules", index, "statements", position, "id"))
                problems.append(Problem(document.path, line, col,
                                        f"{where}.id '{statement.id}' is already used by {seen_ids[statement.id]}; "
                                        "give each statement its own id"))
            seen_ids.setdefault(statement.id, where)
    numbers = [group.module for group in assessment.modules]
    if numbers != sorted(numbers) and not problems:
        line, col = document.locate(("modules",))
        problems.append(Problem(document.path, line, col,
                                "modules are not in curriculum order; list them by module number"))
    return problems
