"""``public-contacts.yml``: the contact details the site may publish besides the help desk's.

Public lines a city would rightly print (the 988 Suicide & Crisis Lifeline, the Disaster Distress
Helpline) are listed here with the public page that names them, so library entries and modules may
state them; the personal-data scan (:mod:`academy.contact_details`) accepts exactly these and the help
desk's address from ``cohorts.yml``.  Never list a person's own address or number here.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from .problems import Problem
from .schema import EMAIL_ADDRESS, Schema, WebAddress, invalid, patterned, validate
from .sources import SourceError, parse_yaml, read_text

PUBLIC_CONTACTS_FILE = "public-contacts.yml"


class PublicContact(Schema):
    """One public line or shared address; give ``phone`` or ``email``, not both."""

    name: str = Field(min_length=2, description="Who answers, as the public knows it, such as "
                                                "'988 Suicide & Crisis Lifeline'.")
    phone: str | None = patterned(r"^\+?[0-9][0-9 ().-]{1,24}$", "a phone number such as '988' or '1-800-985-5990'",
                                  default=None, description="The number as callers dial it.")
    email: str | None = patterned(EMAIL_ADDRESS, "an email address such as 'info@example.org'", default=None,
                                  description="A shared, public address (an organization's, never a person's).")
    source: WebAddress = Field(description="The public web page that publishes it, https://...")

    @model_validator(mode="after")
    def _one_contact(self) -> "PublicContact":
        if (self.phone is None) == (self.email is None):
            raise invalid("give either phone or email", at="name")
        return self


class PublicContacts(Schema):
    """The whole of ``public-contacts.yml``."""

    contacts: list[PublicContact] = Field(default_factory=list, description="Every public line or address.")


def load_public_contacts(root: Path) -> tuple[list[str], list[Problem]]:
    """The allowed contacts of ``public-contacts.yml`` (none when there is no such file), and its problems."""
    path = root / PUBLIC_CONTACTS_FILE
    if not path.exists() and not path.is_symlink():
        return [], []
    try:
        document = parse_yaml(read_text(path, root), PUBLIC_CONTACTS_FILE, keep_going=True)
    except SourceError as exc:
        return [], [Problem(PUBLIC_CONTACTS_FILE, exc.line, exc.col, exc.message)]
    contacts, problems = validate(PublicContacts, document)
    if contacts is None:
        return [], problems
    return [c.phone or c.email or "" for c in contacts.contacts], problems
