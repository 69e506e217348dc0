"""The law page and the templates page: in the navigation, with the disclaimer, the leading cases and rules,
and every template in full with a small-city version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import pages_dir
from .test_us_english import visible_text

CASES = ["R.A.V. v. City of St. Paul", "Virginia v. Black", "Counterman v. Colorado",
         "Forsyth County v. Nationalist Movement", "Lindke v. Freed", "Kennedy v. Bremerton School District",
         "Carson v. Makin"]
TEMPLATES = ["First public statement after an incident", "Council resolution", "Data-sharing agreement outline",
             "Indicator set"]


def article(built_sample: Path, page: str) -> str:
    html = (pages_dir(built_sample) / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_both_pages_are_in_the_navigation(built_sample: Path) -> None:
    home = (pages_dir(built_sample) / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    for title, href in (("Templates", "templates/"), ("What the law lets a city do", "law/")):
        assert re.search(rf'href="(?:\./)?{re.escape(href)}"[^>]*>\s*(?:<[^>]+>\s*)*{re.escape(title)}', nav), title


def test_law_page_says_it_is_not_legal_advice_first(built_sample: Path) -> None:
    text = visible_text(article(built_sample, "law"))
    warning = text.index("This is not legal advice")
    assert warning < text.index("The city's own voice")
    assert "ask your city attorney" in text[warning:warning + 400]


@pytest.mark.parametrize("case", CASES)
def test_law_page_explains_each_leading_case_with_its_year(built_sample: Path, case: str) -> None:
    text = " ".join(visible_text(article(built_sample, "law")).split())
    assert re.search(re.escape(case) + r",? \d{3} U\.S\. \d+ \((19|20)\d\d\)", text), f"{case}: no citation"
    assert text.count(case) >= 2, f"{case}: cited but not explained"


def test_law_page_covers_privacy_exceptions_and_extreme_risk_orders(built_sample: Path) -> None:
    text = " ".join(visible_text(article(built_sample, "law")).split())
    assert "45 CFR 164.512(j)" in text and "serious and imminent threat" in text
    assert "34 CFR 99.31(a)(10) and 99.36" in text and "articulable and significant threat" in text
    assert re.search(r"21 states and the District of Columbia had extreme risk laws by the end of 2023", text)
    assert "time, place and manner" in text


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_template_is_written_out_with_a_small_city_version(built_sample: Path, template: str) -> None:
    html = article(built_sample, "templates")
    sections = re.split(r"<h2 ", html)
    section = next(s for s in sections if re.search(rf">{re.escape(template)}<", s))
    assert ">Full version<" in section and ">Small-city version<" in section
    full = section[section.index(">Full version<"):section.index(">Small-city version<")]
    assert len(visible_text(full).split()) > 150, f"{template}: the full version is too short to use"


def test_templates_link_to_the_modules_that_use_them(built_sample: Path) -> None:
    html = article(built_sample, "templates")
    linked = set(re.findall(r'href="\.\./modules/(\d\d)-', html))
    assert {"01", "02", "05", "07", "09", "10"} <= linked
