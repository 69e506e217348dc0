"""The curriculum: module files in ``curriculum/modules/`` and their front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from .problems import Problem
from .schema import Draft, Rule, Schema, check_rules, draft, invalid, validate
from .sources import MarkdownSource, SourceError, YamlDocument, read_text, split_front_matter

MODULES_DIR = "modules"
"""Folder inside ``curriculum/`` that holds one Markdown file per module."""

FORMAT_LABELS = {"in-person": "In person", "online": "Online"}
"""How each ``format`` value is shown to readers."""

MODULE_FILE = re.compile(r"^(?P<number>\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")


PREWORK_LENGTH = (3, 200)
"""Shortest and longest pre-work item, in characters."""


def _prework_item(item: str) -> str:
    shortest, longest = PREWORK_LENGTH
    if not shortest <= len(item) <= longest:
        raise invalid(f"is {len(item)} characters; write each pre-work item as one action of "
                      f"{shortest} to {longest} characters")
    return item


PreworkItem = Annotated[str, AfterValidator(_prework_item)]


class SessionStep(Schema):
    """One timed part of a module's session plan."""

    minutes: int = Field(ge=1, le=480, description="How long this part takes, in minutes.")
    activity: str = Field(min_length=1, description="What happens, in a few words.")
    guidance: str = Field(min_length=1, description="How the facilitator runs it.")


def _timings_add_up(notes: list[SessionStep], duration: int) -> str | None:
    """The session plan's minutes add up to the module's length."""
    total = sum(step.minutes for step in notes)
    if total == duration:
        return None
    return f"facilitator_notes add up to {total} minutes but duration_minutes is {duration}; make the timings match"


class ModuleMeta(Schema):
    """Front matter of a module file."""

    number: int = Field(ge=1, le=99, description="Position in the curriculum, 1 for the first module; at most "
                                                 "99, since module file names start with two digits.")
    title: str = Field(min_length=3, max_length=120, description="Short title shown in navigation.")
    summary: str = Field(min_length=10, max_length=400,
                         description="One sentence: what an official can do after the module.")
    format: Literal["in-person", "online"] = Field(
        description="How the module is taught by default; a cohort's schedule may say otherwise.")
    duration_minutes: int = Field(ge=15, le=600, description="Length of the session in minutes.")
    objectives: list[str] = Field(min_length=1, description="Learning objectives, each starting with a verb.")
    key_questions: list[str] = Field(min_length=1, description="Questions the module answers.")
    resources: list[str] = Field(default_factory=list, description="Ids of related library resources.")
    related_modules: list[int] = Field(default_factory=list, description="Numbers of closely related modules.")
    facilitator_notes: list[SessionStep] = Field(
        min_length=1, description="The timed session plan; the minutes add up to duration_minutes.")
    prework: list[PreworkItem] = Field(
        default_factory=list,
        description="Optional pre-work checklist: short actions (3 to 200 characters each) to do before the session.")

    @field_validator("objectives", "key_questions")
    @classmethod
    def _no_blank_items(cls, items: list[str]) -> list[str]:
        if any(not item.strip() for item in items):
            raise invalid("has an empty item; remove it or write it out")
        return items

    rules = (Rule(("facilitator_notes", "duration_minutes"), "facilitator_notes", _timings_add_up),)


@dataclass(frozen=True)
class Module:
    """A module: its validated front matter, where it came from, and its Markdown body."""

    meta: ModuleMeta
    src_uri: str
    """Path inside ``curriculum/``, as MkDocs names the page (``modules/01-....md``)."""
    document: YamlDocument
    body: str
    body_line: int

    @property
    def number(self) -> int:
        return self.meta.number

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS[self.meta.format]

    def timeline(self) -> list[tuple[int, int, SessionStep]]:
        """The session plan as (start minute, end minute, step)."""
        start, steps = 0, []
        for step in self.meta.facilitator_notes:
            steps.append((start, start + step.minutes, step))
            start += step.minutes
        return steps

    @property
    def word_count(self) -> int:
        return len(re.findall(r"[A-Za-z0-9][\w'’-]*", self.body))


def load_markdown(path: Path, root: Path) -> MarkdownSource:
    """Read and split a Markdown file; raises :class:`SourceError` with the file's line when it cannot be read,
    and keeps going past a refused front-matter value (in ``meta.problems``: the caller reports them)."""
    return split_front_matter(read_text(path, root), _display(path, root), keep_going=True)


def load_module(path: Path, root: Path, curriculum_dir: Path) -> tuple[Module | None, Draft | None, list[Problem]]:
    """Load one module file: the module when it is valid, what can be checked of its front matter (its draft,
    also when the module has mistakes; None without front matter) and every problem found, none raised."""
    display = _display(path, root)
    try:
        source = load_markdown(path, root)
    except SourceError as exc:
        return None, None, [Problem(display, exc.line, exc.col, exc.message)]
    if source.meta.data is None:
        return None, None, [Problem(display, 1, 1, "has no front matter; start the file with '---', the module's "
                                                    "fields (number, title, summary, ...) and another '---'")]
    meta, problems = validate(ModuleMeta, source.meta)
    found = Draft.of(meta, source.meta) if meta is not None else draft(ModuleMeta, source.meta)
    problems += check_rules(ModuleMeta, found) + _check_file_name(path.name, found)
    if meta is None:
        return None, found, problems
    src_uri = path.relative_to(curriculum_dir).as_posix()
    return Module(meta, src_uri, source.meta, source.body, source.body_line), found, problems


def _check_file_name(name: str, module: Draft) -> list[Problem]:
    """The file name has the module's form and starts with its number (when the number is right on its own)."""
    match = MODULE_FILE.match(name)
    if match is None:
        return [Problem(module.document.path, 1, 1, "module file names look like '03-short-title.md' "
                                                    "(two digits, a hyphen, lowercase words); rename the file")]
    number = module.get("number")
    if number is None or int(match["number"]) == number:
        return []
    line, col = module.document.locate(("number",))
    return [Problem(module.document.path, line, col,
                    f"number {number} does not match the file name '{name}'; "
                    f"rename the file to start with {number:02d}- or fix the number")]


def file_number(path: str) -> int | None:
    """The number a module's file name starts with ('02-data.md' -> 2), or None."""
    match = MODULE_FILE.match(Path(path).name)
    return int(match["number"]) if match else None


def module_number(module: Draft) -> int | None:
    """A module's number: its front matter's when that is right, else the one its file name starts with."""
    number = module.get("number")
    if number is not None:
        return number
    return file_number(module.document.path)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
