"""Validating a whole document against its model: :func:`validate`.

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
from .partial import dates_outside_range, readable_at

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], document: YamlDocument, data: Any = None, prefix: KeyPath = (),
             context: dict[str, Any] | None = None) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (default: the whole document) against ``model``.

    The values the reader refused (``document.problems``, parsed with ``keep_going``) are reported first, and
    the schema says nothing more about them (a refused date is not also 'expected a date'); a document with
    such a value gives no model, whatever else is right in it."""
    payload = document.data if data is None else data
    refused = list(document.problems)
    if payload is None:
        return None, [Problem(document.path, 1, 1, "is empty; it needs the fields listed in docs/reference.md")]
    if not isinstance(payload, dict):
        line, col = document.locate(prefix)
        return None, refused + [Problem(document.path, line, col, "expected a mapping of 'field: value' lines, "
                                                                  f"found {type(payload).__name__}")]
    try:
        validated = model.model_validate(payload, context=context)
    except pydantic.ValidationError as exc:
        errors = [error for error in merge_misspelt_fields(model, exc.errors())
                  if not document.is_refused(prefix + error_location(error))]
        # A date outside the range among the values that are right otherwise: in the same run (every mistake)
        odd: list[tuple[KeyPath, dt.date]] = []
        readable_at(model, payload, (),
                    [error_location(error) for error in exc.errors()] + _refused_below(document, prefix), odd)
        return None, refused + [problem_from_error(model, document, error, prefix) for error in errors] + \
            _out_of_range(document, prefix, odd)
    odd = _out_of_range(document, prefix, dates_outside_range(validated, ()))
    if refused:
        odd = []
        readable_at(model, payload, (), _refused_below(document, prefix), odd)
        return None, refused + _out_of_range(document, prefix, odd)
    return (None, odd) if odd else (validated, [])


def _out_of_range(document: YamlDocument, prefix: KeyPath, dates: list[tuple[KeyPath, dt.date]]) -> list[Problem]:
    return [Problem(document.path, *document.locate(prefix + loc), f"date {value} is outside "
                    f"{DATE_RANGE[0]}–{DATE_RANGE[1]}; check the year") for loc, value in dates]


def _refused_below(document: YamlDocument, prefix: KeyPath) -> list[KeyPath]:
    """The values refused while reading that stand below ``prefix``, relative to it."""
    return [path[len(prefix):] for path in sorted(document.refused) if path[:len(prefix)] == prefix]
