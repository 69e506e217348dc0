"""Keeping personal contact details off the site.

Officials' names and roles belong on cohort pages; their email addresses and
phone numbers do not.  Every content file is scanned for anything that looks
like an email address or a phone number; only the allow-listed help-desk
contacts may appear.
"""

from __future__ import annotations

import re
from typing import Iterable

from .problems import Problem

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
_HAS_DIGIT_RUN = re.compile(r"\d{3}\D{0,2}\d{3}\D\d{4}")
PHONE = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")


def normalise(contact: str) -> str:
    """Compare contacts by their letters and digits: ``(412) 555-0100`` = ``412.555.0100``."""
    if "@" in contact:
        return contact.strip().lower()
    digits = re.sub(r"\D", "", contact)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def find_contact_details(text: str, path: str, allowed: Iterable[str]) -> list[Problem]:
    """Problems for each email address or phone number in ``text`` that is not allowed."""
    allowed_set = {normalise(a) for a in allowed}
    problems = []
    searches = (("an email address", EMAIL, "@" in text), ("a phone number", PHONE, _HAS_DIGIT_RUN.search(text)))
    for kind, pattern, worth_searching in searches:
        if not worth_searching:
            continue
        for match in pattern.finditer(text):
            if normalise(match.group(0)) in allowed_set:
                continue
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            problems.append(Problem(path, line, col,
                                    f"'{match.group(0)}' looks like {kind}; personal contact details do not go "
                                    "on the site: remove it, or point readers to the help desk"))
    return problems
