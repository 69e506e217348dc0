"""academy.schema.readable: what the rules that compare values read of a file with mistakes (pure, no fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.cohorts.model import OfficeHours, Workshop
from academy.schema import UNREADABLE, Broken, Partial, readable
from academy.sources import parse_yaml

WORKSHOP = """\
host_event: Summit
venue: Hall
city: Tampa
state: FL
timezone: America/New_York
start: 2025-03-05
end: {end}
agenda:
  - {{day: 2025-03-05, start: "09:00", end: "10:00", title: Plenary, type: plenary, room: A}}
  - {{day: 2025-03-05, start: "{start}", end: "12:00", title: Lunch, type: meal, room: B}}
  - 3
"""


def read(model, text):
    return readable(model, parse_yaml(text, "test.yml", keep_going=True))


def test_a_valid_file_is_the_model_itself() -> None:
    valid = WORKSHOP.format(end="2025-03-06", start="11:00").replace("  - 3\n", "")
    assert isinstance(read(Workshop, valid), Workshop)


def test_a_file_with_mistakes_keeps_what_is_right_and_breaks_on_the_rest() -> None:
    workshop = read(Workshop, WORKSHOP.format(end="2025-02-30", start="11h"))
    assert isinstance(workshop, Partial)
    assert workshop.start == dt.date(2025, 3, 5) and workshop.timezone == "America/New_York"
    with pytest.raises(Broken):
        workshop.end  # refused while reading: it does not exist
    first, second, third = workshop.agenda
    assert first.title == "Plenary"  # a session without a mistake is the model itself
    assert isinstance(second, Partial) and second.end == dt.time(12) and second.title == "Lunch"
    with pytest.raises(Broken):
        second.start
    assert third is UNREADABLE
    with pytest.raises(AttributeError):
        second.not_a_field  # a name the model does not have is a programming error, not a broken value


@pytest.mark.parametrize("use", [
    lambda item: item.day, lambda item: item == dt.date(2025, 1, 1), lambda item: dt.date(2025, 1, 1) < item,
    lambda item: f"{item}", lambda item: str(item), lambda item: hash(item), lambda item: bool(item),
    lambda item: dt.date(2025, 1, 1) - item, lambda item: item in [dt.date(2025, 1, 1)], lambda item: len(item),
    lambda item: {item}, lambda item: repr(item),
])
def test_an_unreadable_item_is_never_compared_counted_or_shown(use) -> None:
    with pytest.raises(Broken):
        use(UNREADABLE)


def test_a_date_outside_the_range_is_not_read_and_defaults_stand_for_absent_fields() -> None:
    hours = read(OfficeHours, 'weekday: tuesday\ntime: "14:00"\ntimezone: America/New_York\n'
                              'first: 2025-03-11\nlast: "2150-01-01"\nskip: [2025-04-08]\njoin_link: x\n')
    assert isinstance(hours, Partial) and hours.every_weeks == 2 and hours.skip == [dt.date(2025, 4, 8)]
    with pytest.raises(Broken):
        hours.last


def test_a_field_left_out_beside_an_unknown_key_has_no_default() -> None:
    """'modul: 1' may be the session's module misspelt: the session does not read as having no module."""
    session = read(Workshop, WORKSHOP.format(end="2025-03-06", start="11:00").replace("room: A}", "room: A, modul: 1}")
                   ).agenda[0]
    assert isinstance(session, Partial) and session.title == "Plenary"
    with pytest.raises(Broken):
        session.module
