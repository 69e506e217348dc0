"""The field types and declarations every schema shares.

Each kind of content declares its fields once, as a pydantic model on :class:`Schema` whose
``Field(description=...)`` is the help text; its rules across fields are data (``Schema.rules``, a :class:`Rule`
each). The types here check a value where it is read (web addresses, plain names, clock times, patterned text);
:func:`invalid` is the error a validator raises, reported as a located problem by :mod:`academy.schema.errors`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Callable, ClassVar
from urllib.parse import urlsplit

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

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
