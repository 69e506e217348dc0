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
