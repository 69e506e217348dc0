"""The two readers of a file with mistakes, so the rules that compare values find its other mistakes in the same
run: each gives the values that are right on their own, as the valid model would hold them.

- :func:`draft` reads a document's top-level fields (modules, library entries), whose rules compare a field
  with other files: a :class:`Draft` is a plain mapping of the fields that are right on their own; a field with
  a mistake anywhere inside it, or left out of the file (even one with a default), is not in it, and a rule
  reads it with ``found.get(name)``. A mistake of the model's own rules across fields (reported at the model)
  leaves every field in it. :func:`check_rules` runs ``Schema.rules`` on a draft whose model did not run them.
- :func:`readable_at`, under :func:`academy.schema.validation.readable` (cohorts.yml, whose rules compare values
  deep inside it), reads the whole tree: a model without a mistake below it is the model itself, one with
  mistakes below it a :class:`Partial` whose nested models and list items are read the same way, a field left
  out has its default (unless an unknown key beside it may be it misspelt), and a model with a model-level
  error is :data:`UNREADABLE`. Reading a broken value raises :class:`Broken`, so its rules run inside
  ``suppress(Broken)``.

They stay two: a draft as a tree would hand the module and library rules :class:`Partial` values and defaults
they do not expect, and a tree read like a draft would lose what is right inside a broken nested model.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import pydantic
from pydantic import BaseModel, ConfigDict, TypeAdapter

from ..problems import Problem
from ..sources import DATE_RANGE, KeyPath, YamlDocument
from .errors import error_location
from .fields import Schema


@dataclass(frozen=True)
class Draft:
    """A file's fields that are each right on their own, and where they stand: what the rules that compare a
    field with other files (a vocabulary, the module numbers, the other entries) check. A valid file's draft
    holds every field of its model; the draft of a file with mistakes holds those of its fields that have none,
    so the file's other mistakes are reported in the same run, with the lines a valid file would get."""

    document: YamlDocument
    fields: Mapping[str, Any]
    rules_ran: bool = True
    """Whether the model's own rules across fields (``Schema.rules``, model validators) ran, so their problems are
    reported already: they run only when every field is valid."""

    @classmethod
    def of(cls, validated: BaseModel, document: YamlDocument) -> Draft:
        """The draft of a valid file: all its fields."""
        return cls(document, dict(validated))

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)


def draft(model: type[BaseModel], document: YamlDocument) -> Draft:
    """The fields of a whole document that are right on their own (present, without an error of their own,
    no value refused while reading, no date outside the range), each as ``model`` would hold it.

    Rules across fields (``model_validator``) are not run: they need every field they compare."""
    payload = document.data
    if not isinstance(payload, dict):
        return Draft(document, {}, rules_ran=False)
    try:
        model.model_validate(payload)
        broken: set[Any] = set()
    except pydantic.ValidationError as exc:
        broken = {loc[0] for error in exc.errors() if (loc := error_location(error))}
    # pydantic runs a model's rules when no field has an error (a refused value is one: it fails its type)
    fields = {}
    for name in model.model_fields:
        if name not in payload or name in broken or any(path[:1] == (name,) for path in document.refused):
            continue
        try:
            value = _field_adapter(model, name).validate_python(payload[name])
        except pydantic.ValidationError:
            continue  # not expected (the model found no mistake in this field); then it is not checked
        if not dates_outside_range(value, ()):
            fields[name] = value
    return Draft(document, fields, rules_ran=not broken)


def check_rules(model: type[Schema], found: Draft) -> list[Problem]:
    """The problems of ``model``'s rules across fields (``Schema.rules``) in a file with mistakes elsewhere: each
    rule whose fields are all right on their own, with the line the model itself would give."""
    if found.rules_ran:
        return []
    problems = []
    for rule in model.rules:
        if all(name in found.fields for name in rule.fields):
            message = rule.check(*(found.fields[name] for name in rule.fields))
            if message is not None:
                problems.append(Problem(found.document.path, *found.document.locate((rule.at,)), message))
    return problems


class Broken(Exception):
    """A rule reached a value of a :class:`Partial` that has a mistake of its own (the schema reported it)."""


class Partial:
    """A model's fields in a file with mistakes below it (:func:`readable`): those right on their own read as the
    valid model would hold them; reading one with a mistake of its own raises :class:`Broken`."""

    __slots__ = ("_model", "_fields")

    def __init__(self, model: type[BaseModel], fields: Mapping[str, Any]):
        self._model = model
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._fields:
            return self._fields[name]
        if name in self._model.model_fields:
            raise Broken(name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"Partial({self._model.__name__}, {sorted(self._fields)})"


class _Unreadable:
    """A list item with a mistake of its own (not a mapping, a value of the wrong type): any use raises
    :class:`Broken`, so no rule compares it, counts it in or formats it."""

    __slots__ = ()

    def _broken(self, *args: Any, **kwargs: Any) -> Any:
        raise Broken("item")

    __getattr__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = __bool__ = _broken
    __str__ = __repr__ = __format__ = __iter__ = __len__ = __contains__ = __getitem__ = __call__ = _broken
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __index__ = __int__ = __float__ = _broken


UNREADABLE: Any = _Unreadable()


def _below(loc: KeyPath, broken: list[KeyPath]) -> bool:
    return any(tuple(where[:len(loc)]) == loc for where in broken)


def readable_at(model: type[BaseModel], raw: Any, loc: KeyPath, broken: list[KeyPath],
                odd: list[tuple[KeyPath, dt.date]] | None = None) -> Any:
    """What the rules read of ``raw``, a ``model`` at ``loc`` (see :func:`academy.schema.validation.readable`),
    given the places of the mistakes (``broken``); the dates outside the range among values otherwise right go
    to ``odd``."""
    if not isinstance(raw, dict) or loc in broken:
        return UNREADABLE
    if not _below(loc, broken):
        try:
            instance = model.model_validate(raw)
        except pydantic.ValidationError:
            instance = None  # not expected (no mistake below it); then it is read field by field
        if instance is not None:
            found = [(loc + where, value) for where, value in dates_outside_range(instance, ())]
            if not found:
                return instance
            broken = broken + [where for where, _ in found]
            if odd is not None:
                odd += found
    fields: dict[str, Any] = {}
    # An unknown key may be a field misspelt or renamed: then no field left out has its default for sure.
    unknown_key = any(key not in model.model_fields for key in raw)
    for name, info in model.model_fields.items():
        if name not in raw:
            if not info.is_required() and not unknown_key:
                fields[name] = info.get_default(call_default_factory=True)
            continue
        value = _readable_field(model, name, raw[name], loc + (name,), broken, odd)
        if value is not UNREADABLE:
            fields[name] = value
    return Partial(model, fields)


def _readable_field(model: type[BaseModel], name: str, raw: Any, loc: KeyPath, broken: list[KeyPath],
                    odd: list[tuple[KeyPath, dt.date]] | None) -> Any:
    annotation = model.model_fields[name].annotation
    item = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return readable_at(annotation, raw, loc, broken, odd)
    if isinstance(item, type) and issubclass(item, BaseModel) and isinstance(raw, list) and loc not in broken:
        return [readable_at(item, value, loc + (index,), broken, odd) for index, value in enumerate(raw)]
    if _below(loc, broken):
        return UNREADABLE
    try:
        value = _field_adapter(model, name).validate_python(raw)
    except pydantic.ValidationError:
        return UNREADABLE
    found = [(loc + where, day) for where, day in dates_outside_range(value, ())]
    if found and odd is not None:
        odd += found
    return UNREADABLE if found else value


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator of one field of ``model`` as the model validates it (its type, constraints and settings)."""
    info = model.model_fields[name]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
        return TypeAdapter(annotation)  # a model brings its own settings
    return TypeAdapter(annotation, config=ConfigDict(str_strip_whitespace=bool(
        model.model_config.get("str_strip_whitespace"))))


def dates_outside_range(value: Any, loc: KeyPath) -> list[tuple[KeyPath, dt.date]]:
    """Every date outside the range in a validated value (dates written in quotes are not caught by the YAML
    reader)."""
    if isinstance(value, BaseModel):
        return [found for name in type(value).model_fields
                for found in dates_outside_range(getattr(value, name), loc + (name,))]
    if isinstance(value, (list, tuple)):
        return [found for index, item in enumerate(value) for found in dates_outside_range(item, loc + (index,))]
    if isinstance(value, dt.date) and not DATE_RANGE[0] <= value.year <= DATE_RANGE[1]:
        return [(loc, value)]
    return []
