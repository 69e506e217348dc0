from academy.contact_details import find_contact_details


def test_email_and_phone_are_reported_with_position() -> None:
    text = "Mayor's office\nWrite to jane.doe@city.example.gov or call (412) 555-0143.\n"
    assert [str(p) for p in find_contact_details(text, "cohorts.yml", [])] == [
        "cohorts.yml:2:10: 'jane.doe@city.example.gov' looks like an email address; personal contact details do not "
        "go on the site: remove it, or point readers to the help desk",
        "cohorts.yml:2:44: '(412) 555-0143' looks like a phone number; personal contact details do not go on the "
        "site: remove it, or point readers to the help desk",
    ]


def test_allow_listed_help_desk_contacts_pass_in_any_spelling() -> None:
    text = "Help desk: helpdesk@academy.example.org, +1 202-555-0100"
    assert find_contact_details(text, "x.md", ["HelpDesk@academy.example.org", "(202) 555-0100"]) == []


def test_dates_times_and_years_are_not_phone_numbers() -> None:
    text = "2024-11-13 from 09:00 to 17:30; 1,500 words; 2018-2022; ISBN 978-0-12-345678-9"
    assert find_contact_details(text, "x.md", []) == []


def found(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    return [f"{p.line}:{p.col} {p.message.split(' looks like')[0]}" for p in find_contact_details(text, "x", allowed)]


def test_contacts_are_found_however_they_are_written() -> None:
    assert found("Write to jane&#64;city.example.gov.") == ["1:10 'jane@city.example.gov'"]
    assert found("Write to jane&commat;city.example.gov.") == ["1:10 'jane@city.example.gov'"]
    assert found('<a href="mailto:jane%40city.example.gov">') == ["1:17 'jane@city.example.gov'"]
    assert found("[Call](tel:+14125550143)") == ["1:12 '+14125550143'"]
    assert found("Call +44 20 7946 0958 or +33 1 23 45 67 89.") == ["1:6 '+44 20 7946 0958'", "1:26 '+33 1 23 45 67 89'"]
    assert found("Call 412\u2013555\u20130143 or 412\u00a0555\u00a00143.") == ["1:6 '412-555-0143'", "1:22 '412 555 0143'"]


def test_public_lines_on_the_allow_list_pass() -> None:
    allowed = ("988", "1-800-985-5990")
    assert found("Call or text 988, or [call](tel:988); Disaster Distress Helpline 1 (800) 985-5990.", allowed) == []
    assert found("[call](tel:988)") == ["1:12 '988'"]


def test_numbers_that_are_not_phone_numbers_pass() -> None:
    assert found("50% of cities; $1,500,000; +2024-11-13; +1.5 million; version 2.0.1; 9:00-17:30") == []


def test_the_quick_checks_answer_as_the_plain_patterns_would() -> None:
    """find_contact_details skips a text in which no number can be (``_may_hold_a_number``) and leaves lines
    with no odd dash or space as they are (``readable``): both must answer as the plain versions do."""
    import random
    import re

    from academy.contact_details import _DASHES, _SPACES, _may_hold_a_number, readable

    plain = re.compile(r"\d{3}\D{0,2}\d{3}\D\d{4}|\+\d|tel:", re.I)
    rng = random.Random(17)
    pieces = ["1", "23", "456", "7890", "٣٤٥", "+", "+1", " ", "-", ".", "(", ")", "tel:", "TEL:", "Tel:", "te", "l:",
              "ſ", "K", "İ", "T", "E", "L", "\u2013", "\u00a0", "\u2009", "&#45;", "%2D", "a", "x\n"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 10)))
        assert _may_hold_a_number(text) == bool(plain.search(text)), text
        if "&" not in text and "%" not in text:
            assert readable(text) == text.translate(_DASHES).translate(_SPACES), text
