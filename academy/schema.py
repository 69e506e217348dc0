"""Schema plumbing shared by every kind of content.

Each kind of content declares its fields once, as a pydantic model whose
``Field(description=...)`` is the help text.  :func:`validate` runs a model
over a :class:`~academy.sources.YamlDocument` and turns pydantic's errors into
:class:`~academy.problems.Problem` lines that point at the file and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Callable, ClassVar, TypeVar
from urllib.parse import urlsplit

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, TypeAdapter, model_validator
from pydantic_core import PydanticCustomError

from .problems import Problem, closest, did_you_mean
from .sources import DATE_RANGE, KeyPath, YamlDocument

M = TypeVar("M", bound=BaseModel)

EMAIL_ADDRESS = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,}$"
"""An email address as a schema field accepts it."""


@dataclass(frozen=True)
class Rule:
    """A rule that compares fields of one file: ``check`` gets their values (in the order of ``fields``) and
    says what is wrong, or None; the problem stands at the field ``at``. Declared as data (``Schema.rules``) so
    it also checks a file with mistakes in its other fields (:func:`check_rules`)."""

    fields: tuple[str, ...]
    at: str
    check: Callable[..., str | None]


class Schema(BaseModel):
    """Base for content models: unknown fields are errors, models are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    renamed_fields: ClassVar[dict[str, tuple[str, str]]] = {}
    """Old key -> (the field it became, why): a key files may still use from before a rename, reported as that
    rename."""

    rules: ClassVar[tuple[Rule, ...]] = ()
    """The rules that compare this model's fields, run once every field is valid (the first broken one is the
    model's error)."""

    @model_validator(mode="after")
    def _follow_rules(self) -> Schema:
        for rule in self.rules:
            message = rule.check(*(getattr(self, name) for name in rule.fields))
            if message is not None:
                raise invalid(message, at=rule.at)
        return self


URL_UNSAFE = ' <>"\'`\\'
"""Characters a web address in content never needs and an attacker would."""


def _web_address(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or any(c in url for c in URL_UNSAFE) \
            or not url.isprintable():
        raise invalid("expected a full web address starting with https://")
    return url


WebAddress = Annotated[str, AfterValidator(_web_address)]
"""A link to a public page: ``https:`` or ``http:`` only (never ``javascript:`` or ``data:``)."""

MARKUP_CHARACTERS = '<>&"`'


def _plain_name(value: str) -> str:
    found = sorted({c for c in value if c in MARKUP_CHARACTERS})
    if found:
        raise invalid(f"contains {' '.join(found)}; a name is plain text (write 'and' for '&')")
    return value


PlainName = Annotated[str, AfterValidator(_plain_name)]
"""A name shown in every version's navigation and version selector: no markup characters."""

TIME_FORM = "expected a time written as HH:MM (24-hour)"


def _time_as_text(value: Any) -> Any:
    if not isinstance(value, (str, dt.time)):
        raise invalid(TIME_FORM)  # pydantic would read 9 as nine seconds past midnight, UTC
    return value


def _local(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise invalid(f"{TIME_FORM}, without a time zone or offset (the field 'timezone' gives the zone)")
    return value


ClockTime = Annotated[dt.time, BeforeValidator(_time_as_text), AfterValidator(_local)]
"""A time of day as written in a schedule, local to a time zone given elsewhere: 'HH:MM' text only (never a
number, which pydantic would read as seconds past midnight in UTC, never with an offset)."""


def patterned(pattern: str, form: str, **field: Any) -> Any:
    """A text field that must match ``pattern``. ``form`` says in words what such a value looks like ("a
    two-letter state code in capitals, such as 'FL'"): a value that does not match is told ``expected <form>``,
    and the field reference shows it."""
    return pydantic.Field(pattern=pattern, json_schema_extra={"form": form}, **field)


def field_form(info: Any) -> str:
    """The ``form`` a :func:`patterned` field was given, or ''."""
    extra = getattr(info, "json_schema_extra", None)
    return extra.get("form", "") if isinstance(extra, dict) else ""


def field_help(info: Any) -> str:
    """A field's help text (its description), then the form a :func:`patterned` field's value is written in."""
    form = field_form(info)
    description = getattr(info, "description", None) or ""
    return " ".join(part for part in (description, f"Written as {form}." if form else "") if part)


def invalid(message: str, at: str | None = None) -> PydanticCustomError:
    """An error for a validator, reported as ``<field> <value>: message``.

    A model-level validator names the field the problem is about with ``at``,
    so the error points at that field's line and the message stands alone.
    """
    return PydanticCustomError("academy", message, {"at": at} if at else None)


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


def _field_help(model: type[BaseModel], loc: KeyPath) -> str:
    """The help a missing field's line gives: its description and, for a patterned field, how it is written."""
    info = _field_info(model, loc)
    description, form = (getattr(info, "description", None) or ""), field_form(info)
    if not form:
        return description
    return f"{description.rstrip('.')}; written as {form}" if description else f"written as {form}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _location(error: dict[str, Any]) -> KeyPath:
    """Where a pydantic error is, as a key path (validator names such as ``function-after[...]`` left out)."""
    return tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))


def problem_from_error(model: type[BaseModel], document: YamlDocument, error: dict[str, Any],
                       prefix: KeyPath = ()) -> Problem:
    """Turn one pydantic error into a located, human-readable problem."""
    loc = _location(error)
    label = field_label(loc)
    kind = error["type"]
    where = prefix + loc
    if kind == "missing":
        line, col = document.locate(where[:-1])
        help_text = _field_help(model, loc)
        hint = f" ({help_text[0].lower()}{help_text[1:]})" if help_text else ""
        return Problem(document.path, line, col, f"{label} is missing; add it{hint}")
    if kind == "extra_forbidden":
        line, col = document.locate_key(where)
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
        line, col = document.locate(where + ((at,) if at else ()))
        return Problem(document.path, line, col, error["msg"])
    line, col = document.locate(where)
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
        errors = [error for error in _merge_misspelt_fields(model, exc.errors())
                  if not document.is_refused(prefix + _location(error))]
        # A date outside the range among the values that are right otherwise: in the same run (every mistake)
        odd: list[tuple[KeyPath, dt.date]] = []
        _readable(model, payload, (), [_location(error) for error in exc.errors()] + _refused_below(document, prefix),
                  odd)
        return None, refused + [problem_from_error(model, document, error, prefix) for error in errors] + \
            _out_of_range(document, prefix, odd)
    odd = _out_of_range(document, prefix, _dates(validated, ()))
    if refused:
        odd = []
        _readable(model, payload, (), _refused_below(document, prefix), odd)
        return None, refused + _out_of_range(document, prefix, odd)
    return (None, odd) if odd else (validated, [])


def _out_of_range(document: YamlDocument, prefix: KeyPath, dates: list[tuple[KeyPath, dt.date]]) -> list[Problem]:
    return [Problem(document.path, *document.locate(prefix + loc), f"date {value} is outside "
                    f"{DATE_RANGE[0]}–{DATE_RANGE[1]}; check the year") for loc, value in dates]


def _refused_below(document: YamlDocument, prefix: KeyPath) -> list[KeyPath]:
    """The values refused while reading that stand below ``prefix``, relative to it."""
    return [path[len(prefix):] for path in sorted(document.refused) if path[:len(prefix)] == prefix]


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
        broken = {loc[0] for error in exc.errors() if (loc := _location(error))}
    # pydantic runs a model's rules when no field has an error (a refused value is one: it fails its type)
    fields = {}
    for name in model.model_fields:
        if name not in payload or name in broken or any(path[:1] == (name,) for path in document.refused):
            continue
        try:
            value = _field_adapter(model, name).validate_python(payload[name])
        except pydantic.ValidationError:
            continue  # not expected (the model found no mistake in this field); then it is not checked
        if not _dates(value, ()):
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


def readable(model: type[M], document: YamlDocument) -> M | Partial | Any:
    """The whole document as the rules that compare its values read it, also when it has mistakes: a model
    (at any depth) without a mistake below it is the model itself; one with mistakes below it is a
    :class:`Partial`, whose nested models and lists of models are read the same way, item by item; a value with
    a mistake of its own (an error, a refused value, a date outside the range, a required field missing, a field
    left out beside an unknown key, which may be that field misspelt) is not there (reading it raises
    :class:`Broken`). A rule run on it inside ``suppress(Broken)`` gives the lines it
    gives a valid file for the values it reads, and nothing it would conclude from a broken one."""
    try:
        model.model_validate(document.data)
        broken: list[KeyPath] = []
    except pydantic.ValidationError as exc:
        broken = [_location(error) for error in exc.errors()]
    return _readable(model, document.data, (), broken + sorted(document.refused))


def _below(loc: KeyPath, broken: list[KeyPath]) -> bool:
    return any(tuple(where[:len(loc)]) == loc for where in broken)


def _readable(model: type[BaseModel], raw: Any, loc: KeyPath, broken: list[KeyPath],
              odd: list[tuple[KeyPath, dt.date]] | None = None) -> Any:
    """``readable`` below ``loc``; the dates outside the range among values otherwise right go to ``odd``."""
    if not isinstance(raw, dict) or loc in broken:
        return UNREADABLE
    if not _below(loc, broken):
        try:
            instance = model.model_validate(raw)
        except pydantic.ValidationError:
            instance = None  # not expected (no mistake below it); then it is read field by field
        if instance is not None:
            found = [(loc + where, value) for where, value in _dates(instance, ())]
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
        return _readable(annotation, raw, loc, broken, odd)
    if isinstance(item, type) and issubclass(item, BaseModel) and isinstance(raw, list) and loc not in broken:
        return [_readable(item, value, loc + (index,), broken, odd) for index, value in enumerate(raw)]
    if _below(loc, broken):
        return UNREADABLE
    try:
        value = _field_adapter(model, name).validate_python(raw)
    except pydantic.ValidationError:
        return UNREADABLE
    found = [(loc + where, day) for where, day in _dates(value, ())]
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


def _dates(value: Any, loc: KeyPath) -> list[tuple[KeyPath, dt.date]]:
    """Every date in a validated model (dates written in quotes are not caught by the YAML reader)."""
    if isinstance(value, BaseModel):
        return [found for name in type(value).model_fields for found in _dates(getattr(value, name), loc + (name,))]
    if isinstance(value, (list, tuple)):
        return [found for index, item in enumerate(value) for found in _dates(item, loc + (index,))]
    if isinstance(value, dt.date) and not DATE_RANGE[0] <= value.year <= DATE_RANGE[1]:
        return [(loc, value)]
    return []


def _rename(owner: type[BaseModel] | None, key: Any) -> tuple[str, str] | None:
    """The field an old key was renamed to and why, if ``owner`` declares that rename."""
    renamed = getattr(owner, "renamed_fields", None) or {}
    return renamed.get(key) if isinstance(key, str) else None


def _merge_misspelt_fields(model: type[BaseModel], errors: list[Any]) -> list[Any]:
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
