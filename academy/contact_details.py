"""Keeping personal contact details off the site.

Officials' names and roles belong on cohort pages; their email addresses and
phone numbers do not.  Every file that will be published is scanned for
anything that looks like an email address or a phone number, however it is
written: HTML entities (``&#64;``), ``mailto:`` and ``tel:`` links, percent
escapes, international numbers (``+44 20 7946 0958``) and dash or space
variants (``412–555–0143``).  Only the allow-listed contacts may appear: the
help desk's and the public lines in ``public-contacts.yml``.
"""

from __future__ import annotations

import html
import re
from typing import Iterable
from urllib.parse import unquote

from .problems import Problem

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_DIGIT_RUN = re.compile(r"\d\d\d\D{0,2}\d{3}\D\d{4}")
_PLUS_DIGIT = re.compile(r"\+\d")
PHONE = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")
INTERNATIONAL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?![\w-])")
TEL_LINK = re.compile(r"(?<![\w])tel:\s*(\+?[\d().\s-]{2,}\d)", re.I)
_DATE = re.compile(r"^\+\d{4}[.-]\d{1,2}[.-]\d{1,2}$")

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                                 "\u202f\u205f\u3000"), " ")
_ESCAPED = re.compile(r"&#?\w+;|%[0-9A-Fa-f]{2}")


def normalize(contact: str) -> str:
    """Compare contacts by their letters and digits: ``(412) 555-0100`` = ``412.555.0100``."""
    if "@" in contact:
        return contact.strip().lower()
    digits = re.sub(r"\D", "", contact)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def readable(line: str) -> str:
    """A line as a reader (or a browser) shows it: entities and %-escapes decoded, dashes and spaces plain."""
    if _ESCAPED.search(line):
        line = html.unescape(unquote(line))
    return line.translate(_DASHES).translate(_SPACES) if _ODD_SIGN.search(line) else line


_ODD_SIGN = re.compile("[" + "".join(map(chr, _DASHES)) + "".join(map(chr, _SPACES)) + "]")
"""A dash or space that :func:`readable` makes plain (without one, the line is as it reads)."""


def _may_hold_a_number(text: str) -> bool:
    r"""Whether ``text`` holds what any number the patterns above find holds: three digits, up to two other
    characters, three digits, one other, four digits; ``+`` and a digit; or ``tel:`` in any case.  (The same
    as searching for ``\d{3}\D{0,2}\d{3}\D\d{4}|\+\d|tel:`` ignoring case, in a third of the time: no
    letter but ASCII ``t``, ``e`` and ``l`` lowers to them or matches them ignoring case.)"""
    return bool(_DIGIT_RUN.search(text) or ("+" in text and _PLUS_DIGIT.search(text)) or "tel:" in text.lower())


def find_contact_details(text: str, path: str, allowed: Iterable[str]) -> list[Problem]:
    """Problems for each email address or phone number in ``text`` that is not allowed."""
    allowed_set = {normalize(a) for a in allowed}
    problems = []
    if not ("@" in text or "&" in text or "%" in text or _may_hold_a_number(readable(text))):
        return problems
    for number, line in enumerate(text.split("\n"), start=1):
        shown = readable(line)
        for kind, found, start in _contacts(shown):
            if normalize(found) in allowed_set:
                continue
            col = _column(line, shown, found, start)
            problems.append(Problem(path, number, col,
                                    f"'{found}' looks like {kind}; personal contact details do not go "
                                    "on the site: remove it, or point readers to the help desk"))
    return problems


def _contacts(line: str) -> list[tuple[str, str, int]]:
    """Every (kind, text, start) in one readable line; a number found by two patterns counts once."""
    found: list[tuple[str, str, int]] = []
    if "@" in line:
        found += [("an email address", m.group(0), m.start()) for m in EMAIL.finditer(line)]
    taken: list[range] = []
    for pattern, group in ((TEL_LINK, 1), (INTERNATIONAL, 0), (PHONE, 0)):
        for match in pattern.finditer(line):
            span = range(match.start(group), match.end(group))
            if any(span.start < other.stop and other.start < span.stop for other in taken):
                continue
            if pattern is INTERNATIONAL and (not 8 <= len(re.sub(r"\D", "", match.group(0))) <= 15
                                             or _DATE.match(match.group(0))):
                continue
            taken.append(span)
            found.append(("a phone number", match.group(group).strip(), match.start(group)))
    return sorted(found, key=lambda f: f[2])


def _column(line: str, shown: str, found: str, start: int) -> int:
    """The 1-based column in the file's own line: exact when nothing was decoded, else where the text
    (or its first characters) appears, else the first escape of the line."""
    if shown == line or len(shown) == len(line):
        return start + 1
    for probe in (found, found[:3]):
        at = line.find(probe)
        if at >= 0:
            return at + 1
    escape = _ESCAPED.search(line)
    return escape.start() + 1 if escape else 1
