"""Validating a whole document against its model, once: :func:`validate`, and what the rules that compare its
values read of it (:func:`readable`) from that same validation (:func:`validate_and_read`).

pydantic's errors become located problems (:mod:`academy.schema.errors`), after the values the reader refused
and before the dates outside the range among the values that are right otherwise, so a file's every mistake is
reported in one run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import pydantic
from pydantic import BaseModel

from ..problems import Problem
from ..sources import DATE_RANGE, KeyPath, YamlDocument
from .errors import error_location, merge_misspelt_fields, problem_from_error
from .partial import UNREADABLE, Partial, dates_outside_range, readable_at

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], document: YamlDocument) -> tuple[M | None, list[Problem]]:
    """Validate the whole document against ``model``: the model, or None and the problems.

    The values the reader refused (``document.problems``, parsed with ``keep_going``) are reported first, and
    the schema says nothing more about them (a refused date is not also 'expected a date'); a document with
    such a value gives no model, whatever else is right in it."""
    valid, _, problems = validate_and_read(model, document)
    return valid, problems


def readable(model: type[M], document: YamlDocument) -> M | Partial | Any:
    """The whole document as the rules that compare its values read it, also when it has mistakes: a model
    (at any depth) without a mistake below it is the model itself; one with mistakes below it is a
    :class:`Partial`, whose nested models and lists of models are read the same way, item by item; a value with
    a mistake of its own (an error, a refused value, a date outside the range, a required field missing, a field
    left out beside an unknown key, which may be that field misspelt) is not there (reading it raises
    :class:`Broken`). A rule run on it inside ``suppress(Broken)`` gives the lines it
    gives a valid file for the values it reads, and nothing it would conclude from a broken one."""
    return validate_and_read(model, document)[1]


def validate_and_read(model: type[M], document: YamlDocument) -> tuple[M | None, M | Partial | Any, list[Problem]]:
    """:func:`validate` and :func:`readable` from one validation: the model (or None), what the rules read of the
    document (the model itself when it is valid) and the problems."""
    payload = document.data
    refused = list(document.problems)
    if payload is None:
        return None, UNREADABLE, [Problem(document.path, 1, 1,
                                          "is empty; it needs the fields listed in docs/reference.md")]
    if not isinstance(payload, dict):
        line, col = document.locate(())
        return None, UNREADABLE, refused + [Problem(document.path, line, col, "expected a mapping of "
                                                    f"'field: value' lines, found {type(payload).__name__}")]
    # The dates outside the range among the values that are right otherwise, found while reading what is right:
    # reported in the same run as the other mistakes.
    odd: list[tuple[KeyPath, dt.date]] = []
    try:
        validated = model.model_validate(payload)
    except pydantic.ValidationError as exc:
        errors = [error for error in merge_misspelt_fields(model, exc.errors())
                  if not document.is_refused(error_location(error))]
        tree = readable_at(model, payload, (),
                           [error_location(error) for error in exc.errors()] + sorted(document.refused), odd)
        return None, tree, refused + [problem_from_error(model, document, error) for error in errors] + \
            _out_of_range(document, odd)
    if refused or dates_outside_range(validated, ()):
        tree = readable_at(model, payload, (), sorted(document.refused), odd)
        return None, tree, refused + _out_of_range(document, odd)
    return validated, validated, []


def _out_of_range(document: YamlDocument, dates: list[tuple[KeyPath, dt.date]]) -> list[Problem]:
    return [Problem(document.path, *document.locate(loc), f"date {value} is outside "
                    f"{DATE_RANGE[0]}–{DATE_RANGE[1]}; check the year") for loc, value in dates]
