"""Schema plumbing shared by every kind of content, one module a concern:

- :mod:`.fields`: the :class:`Schema` base, its rules across fields and the field types every schema shares;
- :mod:`.errors`: pydantic's errors as located :class:`~academy.problems.Problem` lines;
- :mod:`.validation`: :func:`validate`, a whole document against its model, and from that same validation
  :func:`readable`, what the rules read of a file with mistakes as a tree (:func:`validate_and_read` gives both);
- :mod:`.partial`: the two readers of a file with mistakes: field by field (:func:`draft`) and as a tree (the
  :class:`Partial` that :func:`readable` gives).

The names other code uses are re-exported here: ``from academy.schema import validate``.
"""

from .errors import field_label
from .fields import (EMAIL_ADDRESS, ClockTime, PlainName, Rule, Schema, WebAddress, field_form, field_help,
                     invalid, patterned)
from .partial import UNREADABLE, Broken, Draft, Partial, check_rules, draft
from .validation import readable, validate, validate_and_read

__all__ = [
    "EMAIL_ADDRESS", "UNREADABLE", "Broken", "ClockTime", "Draft", "Partial", "PlainName", "Rule", "Schema",
    "WebAddress", "check_rules", "draft", "field_form", "field_help", "field_label", "invalid", "patterned",
    "readable", "validate", "validate_and_read",
]
