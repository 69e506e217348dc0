"""Quality gates over every kind of page of the sample site, in real Chromium.

WCAG 2.0/2.1 A and AA rules with two engines, axe-core and pa11y (HTML_CodeSniffer), at desktop and phone
width on the same page load; no horizontal scrolling on a phone or at 320 CSS pixels (WCAG 1.4.10: the phone
page narrowed, as zooming a desktop window to 400% narrows it); a keyboard path with visible focus; no
request to any other host; and no personal contact details anywhere in the built site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from academy.contact_details import EMAIL, PHONE, normalize

from .conftest import axe_violations, pa11y_errors, serve_directory

WIDTHS = [1280, 390]

# Every kind of page: (name, path under site/, what to do before the audit).
PAGE_KINDS = [
    ("home", "latest-version/", None),
    ("module", "latest-version/modules/07-referral-and-threat-assessment/", None),
    ("curriculum overview", "latest-version/curriculum/", None),
    ("facilitator guide", "latest-version/facilitator-guide/", None),
    ("about", "latest-version/about/", None),
    ("resource", "latest-version/library/strong-cities-network/", None),
    ("library catalog with filters applied", "latest-version/library/?topic=hate-crime-data&type=data-source",
     lambda page: page.wait_for_selector("#catalog-results li", timeout=10000)),
    ("library catalog with a search word", "latest-version/library/?q=threat",
     lambda page: page.wait_for_selector("#catalog-results li", timeout=10000)),
    ("adding a resource", "latest-version/library-contributing/", None),
    ("search results", "latest-version/search/?q=mayor",
     lambda page: page.wait_for_selector("#site-search-results li", timeout=10000)),
    ("cohorts index", "latest-version/cohorts/", None),
    ("cohort overview", "latest-version/cohorts/2025-26/", None),
    ("workshop agenda", "latest-version/cohorts/2025-26/opening/", None),
    ("office hours", "latest-version/cohorts/2025-26/office-hours/", None),
    ("action plan", "latest-version/action-plan/", None),
    ("self-assessment", "latest-version/self-assessment/", None),
    ("older cohort's version with its banner", "2024-25/modules/03-government-roles-public-health/", None),
    ("older cohort's workshop agenda", "2024-25/cohorts/2024-25/opening/", None),
    ("page not found", "404.html", None),
]
# The "what changed" page needs a module that changed between two versions: tests/test_versions.py audits it.


@pytest.fixture(scope="module")
def sample_url(built_sample: Path):
    with serve_directory(built_sample / "site") as url:
        yield url


def resolve(path: str, built_sample: Path) -> str:
    import json

    newest = json.loads((built_sample / "site/versions.json").read_text())[0]["version"]
    return path.replace("latest-version", newest)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name,path,action", PAGE_KINDS, ids=[kind[0] for kind in PAGE_KINDS])
def test_page_kind_meets_wcag_reflows_and_stays_on_this_host(reused_tab, sample_url: str, built_sample: Path,
                                                             name: str, path: str, action, width: int) -> None:
    page, watch = reused_tab(sample_url, resolve(path, built_sample), width=width)
    watch.settle()
    if action:
        action(page)
    assert axe_violations(page) == []
    assert pa11y_errors(page) == []
    assert watch.foreign_requests == []
    assert watch.console_errors == []
    if width < 500:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name}: scrolls sideways by {overflow}px on a phone"
        # WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling sideways (data tables excepted).
        page.set_viewport_size({"width": 320, "height": 640})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.set_viewport_size({"width": width, "height": 900})
        assert overflow <= 0, f"{name}: scrolls sideways by {overflow}px at 320px"
        assert watch.console_errors == []


def test_keyboard_reaches_controls_in_order_with_visible_focus(reused_tab, sample_url: str,
                                                               built_sample: Path) -> None:
    page, _ = reused_tab(sample_url, resolve("latest-version/modules/07-referral-and-threat-assessment/",
                                            built_sample))
    assert page.evaluate("[...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length") == 0
    seen = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            const r = e.getBoundingClientRect();
            return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    shadow: s.boxShadow !== 'none', visible: r.width > 0 && r.height > 0};
        }""")
        seen.append(focused)
    assert seen[0]["text"].lower().startswith("skip to content"), seen[0]
    for element in seen:
        if element["visible"]:
            assert element["outline"] or element["shadow"], f"no visible focus on {element}"


def test_built_site_has_no_personal_contact_details(built_sample: Path) -> None:
    from academy.sources import parse_yaml

    cohorts = parse_yaml((built_sample / "cohorts.yml").read_text(encoding="utf-8"), "cohorts.yml", allow_sample=True)
    help_desk = cohorts.data["program"]["help_desk"]
    allowed = {normalize(help_desk["email"])}
    found = []
    for path in (built_sample / "site").rglob("*"):
        if path.suffix not in (".html", ".ics", ".xml", ".json", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (EMAIL, PHONE):
            found += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)
                      if normalize(m.group(0)) not in allowed]
    assert found == []


def test_pages_load_no_resource_from_another_host(built_sample: Path) -> None:
    # A canonical link names the page's address; it loads nothing.
    loads = re.compile(r'<(?:script|link(?![^>]*\brel="canonical")|img|iframe|source|video|audio)\b[^>]*\b'
                       r'(?:src|href)="(https?:)?//', re.I)
    offenders = [str(p.relative_to(built_sample)) for p in (built_sample / "site").rglob("*.html")
                 if loads.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
