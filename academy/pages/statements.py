"""The accessibility statement and the privacy statement, linked from every page's footer.

Generated, so every site has them; the help desk is named from cohorts.yml.  What they promise is what
the test suite checks: WCAG 2.1 AA with axe and pa11y, valid HTML, no cookies, no request to another host.
"""

from __future__ import annotations

from typing import Iterable

from ..content import Content
from . import GeneratedPage
from .markdown import front_matter, text

ACCESSIBILITY = "accessibility.md"
PRIVACY = "privacy.md"


def _help_desk(content: Content) -> str:
    program = content.program.data.program if content.program else None
    if program is None:
        return "the program's help desk"
    desk = program.help_desk
    email = f" ({text(desk.email)})" if desk.email else ""
    return f"the {text(desk.name)}{email}" if not desk.name.lower().startswith("the ") else \
        f"{text(desk.name)}{email}"


def accessibility(content: Content) -> GeneratedPage:
    markdown = front_matter(title="Accessibility statement",
                            description="How the Prevention Academy site meets WCAG 2.1 AA, how it is "
                                        "checked, and how to report a problem.")
    markdown += f"""This site is built for officials who read it on a phone, on a desktop, with a screen reader,
or on paper. It aims to meet the [Web Content Accessibility Guidelines (WCAG) 2.1](https://www.w3.org/TR/WCAG21/),
Level AA.

## What you can expect

- Every page works with a keyboard alone, shows where the focus is, and has a "Skip to content" link.
- Pages reflow to a 320-pixel-wide screen without scrolling sideways; a wide table scrolls inside its own
  labeled box instead, and its cells wrap only between words.
- Text and controls have enough contrast; controls are named with the words they show.
- Pages print on US Letter paper without the navigation, with tables that fit the page.
- Nothing is loaded from another website, so pages work on city networks that block other hosts.

## How we check

Every change to the site is tested before it is published: every kind of page is checked with two
independent accessibility engines (axe-core and pa11y with HTML_CodeSniffer) at desktop and phone
widths, its HTML with the W3C Nu HTML Checker, its links with LinkChecker, and its keyboard path and
reflow in a real browser.

## Known limitations

- The pages of earlier cohorts are kept exactly as they were published; improvements made since then
  appear in the current version.
- Documents on other websites that the living library links to are not under our control.

## Report a problem

If something on this site is hard to use, tell {_help_desk(content)}. Say which page and what
happened; we will reply and fix it.
"""
    return GeneratedPage(ACCESSIBILITY, markdown)


def privacy(content: Content) -> GeneratedPage:
    markdown = front_matter(title="Privacy statement",
                            description="This site sets no cookies and calls no other host.")
    markdown += f"""**This site sets no cookies and calls no other host.**

- Every page, style sheet, script and the search index come from this site itself. No page loads fonts,
  scripts, images or analytics from another website, so no other company learns that you visited.
- The site has no accounts, no forms that send data, no tracking and no analytics.
- Site search and the library's filters run in your browser, on files from this site; your search words
  appear only in this site's own addresses.
- The module workspace keeps your notes and checklists in your own browser's storage on your device
  only. They are never sent to us or anyone else; clearing your browser's site data removes them.
- Links to documents on other websites take you to those websites, whose own privacy policies apply.

The web server that hosts this site may keep the usual access logs (such as addresses and the pages
requested) for security. Questions: {_help_desk(content)}.
"""
    return GeneratedPage(PRIVACY, markdown)


def generate(content: Content) -> Iterable[GeneratedPage]:
    yield accessibility(content)
    yield privacy(content)
