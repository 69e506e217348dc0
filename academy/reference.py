"""Field references for the content files, written from the schemas themselves.

``python build_site.py reference`` prints ``docs/reference.md``; a test checks that the committed file
matches, so the reference can never drift from the validation.  Each model's fields come with their
type, whether they are required, the default and the schema's own help text; nested models get their
own section, once.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .schema import field_help


@dataclass(frozen=True)
class Document:
    """One kind of content file and the model its top level is validated with."""

    title: str
    where: str
    model: type[BaseModel]


def documents() -> list[Document]:
    """Every kind of content file with a schema, in the order a facilitator meets them."""
    from .cohorts.model import CohortsFile
    from .curriculum import ModuleMeta
    from .library import ResourceMeta, Vocabulary
    from .public_contacts import PublicContacts
    from .self_assessment import SelfAssessment

    return [Document("Module front matter", "curriculum/modules/NN-short-title.md", ModuleMeta),
             Document("Library entry", "library/<id>.yml", ResourceMeta),
             Document("Library vocabulary", "library/vocabulary.yml", Vocabulary),
             Document("Cohorts and the program", "cohorts.yml", CohortsFile),
             Document("Self-assessment", "curriculum/self-assessment.yml", SelfAssessment),
             Document("Public contact details", "public-contacts.yml", PublicContacts)]


def markdown() -> str:
    """The whole reference as Markdown."""
    lines = ["# Field reference", "",
             "Generated from the schemas in `academy/` by `python build_site.py reference`; do not edit by hand.",
             "Every field not marked required may be left out. Unknown fields are errors.", ""]
    for document in documents():
        lines += [f"## {document.title}: `{document.where}`", ""]
        seen: set[type[BaseModel]] = set()
        for name, model in _models(document.model, document.model.__name__, seen):
            if model is not document.model:
                lines += [f"### `{name}`", ""]
            if model.__doc__:
                lines += [" ".join(model.__doc__.split()).replace("``", "`"), ""]
            lines += ["| Field | Type | Required | Meaning |", "|---|---|---|---|"]
            for field_name, info in model.model_fields.items():
                lines.append(f"| `{field_name}` | {_type_name(info.annotation)} | {_required(info)} | "
                             f"{_cell(field_help(info))} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _models(model: type[BaseModel], name: str, seen: set[type[BaseModel]]) -> Iterator[tuple[str, type[BaseModel]]]:
    """The model, then every model nested in its fields (depth first, each once)."""
    if model in seen:
        return
    seen.add(model)
    yield name, model
    for info in model.model_fields.values():
        for nested in _nested_models(info.annotation):
            yield from _models(nested, nested.__name__, seen)


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for argument in typing.get_args(annotation):
        found += _nested_models(argument)
    return found


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Literal:
        return " \\| ".join(f"`{value}`" for value in arguments)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in arguments if a is not type(None)]
        return " or ".join(names) + (" (optional)" if type(None) in arguments else "")
    if origin is typing.Annotated:
        return _type_name(arguments[0])
    if origin in (list, tuple, set):
        return f"list of {_type_name(arguments[0])}" if arguments else "list"
    if origin is dict:
        return f"mapping of {_type_name(arguments[0])} to {_type_name(arguments[1])}"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return f"`{annotation.__name__}`"
        return {str: "text", int: "whole number", float: "number", bool: "true or false",
                dt.date: "date (YYYY-MM-DD)", dt.time: "time (HH:MM)"}.get(annotation, annotation.__name__)
    return str(annotation).replace("typing.", "")


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "yes"
    default = info.default
    if default is PydanticUndefined or default is None or info.default_factory is not None:
        return "no"
    return f"no (default `{default}`)"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
