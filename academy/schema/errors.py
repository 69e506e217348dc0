"""pydantic's errors as located, human-readable :class:`~academy.problems.Problem` lines.

One error becomes one ``path:line:col: message`` line at the file's line for its key path: the field, the value
and what is expected, a missing field's help, an unknown field's likely intended name (or its rename), the form
a :func:`~academy.schema.fields.patterned` field is written in.
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from ..problems import Problem, closest, did_you_mean
from ..sources import KeyPath, YamlDocument
from .fields import field_form

_EXPECTED = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines starting with '- ')",
    "tuple_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping of 'field: value' lines",
    "model_type": "expected a mapping of 'field: value' lines",
    "model_attributes_type": "expected a mapping of 'field: value' lines",
    "date_type": "expected a date written as YYYY-MM-DD",
    "date_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date written as YYYY-MM-DD, without a time",
    "time_type": "expected a time written as HH:MM (24-hour)",
    "time_parsing": "expected a time written as HH:MM (24-hour)",
    "url_parsing": "expected a full web address such as https://example.org/",
    "url_scheme": "expected a web address starting with https:// or http://",
    "url_type": "expected a web address such as https://example.org/",
    "string_pattern_mismatch": "does not have the expected form",
}


def field_label(loc: KeyPath) -> str:
    """``('cohorts', 0, 'office_hours', 'timezone')`` -> ``cohorts[0].office_hours.timezone``."""
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += f".{part}" if label else str(part)
    return label or "(file)"


def _unwrap(annotation: Any) -> list[Any]:
    """The types a value of ``annotation`` may hold, looking through Optional, list and dict."""
    origin = typing.get_origin(annotation)
    if origin is None:
        return [annotation]
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    args = typing.get_args(annotation)
    if origin in (list, tuple, set, frozenset):
        return _unwrap(args[0]) if args else []
    if origin is dict:
        return _unwrap(args[1]) if len(args) == 2 else []
    found: list[Any] = []
    for arg in args:
        found.extend(_unwrap(arg))
    return found


def _keyed_by_name(annotation: Any) -> bool:
    """Whether a field holds a mapping whose keys are names chosen in the file (``events: {uid: ...}``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _keyed_by_name(typing.get_args(annotation)[0])
    if origin is dict:
        return True
    return origin is not None and any(_keyed_by_name(arg) for arg in typing.get_args(annotation))


def _model_at(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """The model class whose fields apply at ``loc``, for suggesting field names. List positions and the
    keys of a mapping of names (a ledger's event UIDs) are stepped over."""
    current: Any = model
    parts = iter(loc)
    for part in parts:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        candidates = [t for t in _unwrap(info.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
        if not candidates:
            return None
        current = candidates[0]
        if _keyed_by_name(info.annotation):
            next(parts, None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_info(model: type[BaseModel], loc: KeyPath) -> Any:
    owner = _model_at(model, loc[:-1])
    if owner is None or not loc or not isinstance(loc[-1], str):
        return None
    return owner.model_fields.get(loc[-1])


def _missing_field_hint(model: type[BaseModel], loc: KeyPath) -> str:
    """The help a missing field's line gives: its description and, for a patterned field, how it is written."""
    info = _field_info(model, loc)
    description, form = (getattr(info, "description", None) or ""), field_form(info)
    if not form:
        return description
    return f"{description.rstrip('.')}; written as {form}" if description else f"written as {form}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def error_location(error: dict[str, Any]) -> KeyPath:
    """Where a pydantic error is, as a key path (validator names such as ``function-after[...]`` left out)."""
    return tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))


def problem_from_error(model: type[BaseModel], document: YamlDocument, error: dict[str, Any]) -> Problem:
    """Turn one pydantic error into a located, human-readable problem."""
    loc = error_location(error)
    label = field_label(loc)
    kind = error["type"]
    if kind == "missing":
        line, col = document.locate(loc[:-1])
        help_text = _missing_field_hint(model, loc)
        hint = f" ({help_text[0].lower()}{help_text[1:]})" if help_text else ""
        return Problem(document.path, line, col, f"{label} is missing; add it{hint}")
    if kind == "extra_forbidden":
        line, col = document.locate_key(loc)
        owner = _model_at(model, loc[:-1])
        renamed = _rename(owner, loc[-1])
        if renamed:
            new, reason = renamed
            return Problem(document.path, line, col, f"'{loc[-1]}' is now spelled '{new}' ({reason}); "
                                                     f"rename the key to '{new}:'")
        allowed = sorted(owner.model_fields) if owner else []
        suggestion = did_you_mean(loc[-1], allowed)
        allowed_text = f"; allowed fields: {', '.join(allowed)}" if allowed and not suggestion else ""
        return Problem(document.path, line, col, f"unknown field '{label}'{suggestion}{allowed_text}")
    at = (error.get("ctx") or {}).get("at")
    if kind == "academy" and (at or not loc):
        line, col = document.locate(loc + ((at,) if at else ()))
        return Problem(document.path, line, col, error["msg"])
    line, col = document.locate(loc)
    value = error.get("input")
    if kind in ("literal_error", "enum"):
        choices = error.get("ctx", {}).get("expected", "")
        options = [c.strip(" '") for c in choices.replace(" or ", ",").split(",") if c.strip(" '")]
        return Problem(document.path, line, col,
                       f"{label} {_show(value)} is not allowed{did_you_mean(value, options)}; expected one of: "
                       f"{', '.join(options)}")
    message = _EXPECTED.get(kind)
    if kind == "string_pattern_mismatch" and (form := field_form(_field_info(model, loc))):
        message = f"expected {form}"
    if message is None:
        message = error["msg"]
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        message = message[0].lower() + message[1:] if message else message
    return Problem(document.path, line, col, f"{label} {_show(value)}: {message}")


def _rename(owner: type[BaseModel] | None, key: Any) -> tuple[str, str] | None:
    """The field an old key was renamed to and why, if ``owner`` declares that rename."""
    renamed = getattr(owner, "renamed_fields", None) or {}
    return renamed.get(key) if isinstance(key, str) else None


def merge_misspelt_fields(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """A misspelt (or renamed) field is one mistake, not two: drop 'x is missing' when an unknown key looks like
    x or is x's old name."""
    merged = list(errors)
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["loc"])
        owner = _model_at(model, loc[:-1])
        if owner is None:
            continue
        renamed = _rename(owner, loc[-1])
        intended = renamed[0] if renamed else closest(loc[-1], owner.model_fields)
        for other in errors:
            if other["type"] == "missing" and tuple(other["loc"]) == loc[:-1] + (intended,):
                merged.remove(other)
    return merged
