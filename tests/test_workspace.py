"""The reader's workspace in real headless Chromium: notes, commitments, progress, the action plan,
the self-assessment, export / import / forget, the storage format, and what happens without storage or
JavaScript. Everything runs against the minimal fixture built once per session (conftest.built_minimal).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import FIXTURES, axe_violations, newest_version, pa11y_errors, serve_directory

KEY = "academy-workspace:prevention-academy:test-1"
MODULE = "modules/01-leading/"
PLAN = "action-plan/"
ASSESSMENT = "self-assessment/"
CLOCK = "fixed clock"
"""The ``reused_tab`` group of the tests that set the browser's clock: it stays set in their tabs."""
FORMATS = sorted((FIXTURES / "workspace").glob("format-*.json"), key=lambda p: int(p.stem.split("-")[1]))


@pytest.fixture(scope="module")
def site(built_minimal: Path):
    with serve_directory(built_minimal / "site") as url:
        yield url + newest_version(built_minimal) + "/"


class Requests:
    """Every request a page makes: method and URL."""

    def __init__(self, page):
        self.seen: list[tuple[str, str]] = []
        page.on("request", lambda request: self.seen.append((request.method, request.url)))

    def not_get(self) -> list[tuple[str, str]]:
        return [r for r in self.seen if r[0] != "GET"]

    def other_hosts(self, base: str) -> list[str]:
        own = urlsplit(base).netloc
        return [url for _, url in self.seen if urlsplit(url).scheme not in ("data", "blob")
                and urlsplit(url).netloc != own]


def stored(page):
    text = page.evaluate("key => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)


def seed(page, record) -> None:
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [KEY, json.dumps(record)])
    page.reload()


def opened_with(reused_tab, site: str, path: str, record, key: str = KEY, clock: datetime | None = None):
    """``path`` loaded with ``record`` already stored under ``key`` (and the clock set to ``clock``): the page as
    ``seed`` leaves it, without first loading it empty."""
    def before(page) -> None:
        if clock:
            page.clock.set_system_time(clock)
        page.evaluate("([key, text]) => localStorage.setItem(key, text)", [key, json.dumps(record)])

    return reused_tab(site, path, before=before, group=CLOCK if clock else "")


def saved(page) -> None:
    page.wait_for_function("document.querySelector('[data-ws-status]').textContent.startsWith('Saved')")


def format_1() -> dict:
    return json.loads((FIXTURES / "workspace" / "format-1.json").read_text(encoding="utf-8"))


def test_typed_work_survives_reload_reaches_the_plan_and_never_leaves_the_browser(reused_tab, site: str) -> None:
    page, watch = reused_tab(site, MODULE)
    requests = Requests(page)
    page.fill("#ws-answer-1", "Because residents look to city hall <first>")
    page.fill("#ws-notes", "Call the rabbi.\nAsk the attorney.")
    page.click("[data-ws-add]")
    row = page.locator(".academy-ws-commitment").first
    row.locator("[data-field=what]").fill("Name an interim lead")
    row.locator("[data-field=owner]").fill("Chief of staff")
    row.locator("[data-field=due]").fill("2030-01-15")
    page.check("#prework-1")
    page.check("input[name=ws-progress][value=done]")
    saved(page)
    page.reload()
    assert page.input_value("#ws-answer-1") == "Because residents look to city hall <first>"
    assert page.input_value("#ws-notes") == "Call the rabbi.\nAsk the attorney."
    assert page.locator(".academy-ws-commitment [data-field=owner]").input_value() == "Chief of staff"
    assert page.is_checked("#prework-1") and not page.is_checked("#prework-2")
    assert page.locator(".md-nav--primary a[href='./'] .academy-ws-badge").text_content() == "Done"
    page.goto(site + PLAN)
    module = page.locator("[data-plan-module='1']")
    assert "Because residents look to city hall <first>" in module.text_content()
    assert "Name an interim lead" in module.text_content()
    assert "Tuesday, January 15, 2030" in module.text_content()
    assert module.locator("td.academy-plan__status").text_content() == "Open"
    page.goto(site + "curriculum/")
    assert page.locator(".md-content table .academy-ws-badge").all_text_contents() == ["Done"]
    assert requests.not_get() == []
    assert requests.other_hosts(site) == [] and watch.foreign_requests == []
    assert watch.console_errors == []


def test_export_forget_import_restores_exactly(reused_tab, site: str, tmp_path: Path) -> None:
    page, watch = reused_tab(site, PLAN)
    requests = Requests(page)
    seed(page, format_1())
    before = stored(page)
    with page.expect_download() as download:
        page.click("[data-data-export]")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name.startswith("academy-workspace-test-1-")
    assert json.loads(exported.read_text())["modules"] == before["modules"]

    page.click("[data-data-forget]")
    assert page.locator("[data-forget-confirm]").is_visible()
    assert stored(page) == before, "nothing is erased before the reader confirms"
    page.click("[data-forget-yes]")
    assert stored(page) is None
    assert page.locator("[data-plan-empty]").is_visible()
    assert "Erased" in page.text_content("[data-data-status]")

    page.set_input_files("[data-data-import]", str(exported))
    review = page.locator("[data-data-review]")
    review.wait_for(state="visible")
    changes = review.locator("li").all_text_contents()
    assert "Module 1 (Leading prevention): progress not started becomes done, notes are added, answers to key " \
           "questions change, pre-work ticks change, 3 commitments are added." in changes
    assert stored(page) is None, "nothing is written before the reader confirms"
    page.click("[data-review-confirm]")
    assert stored(page) == before
    assert "Call the rabbi and the imam" in page.text_content("[data-plan-module='1']")
    assert watch.console_errors == []
    assert requests.not_get() == [] and requests.other_hosts(site) == [] and watch.foreign_requests == []


@pytest.mark.parametrize("content,message", [
    ("{not json", "Not imported: This file is not a workspace export: it is not valid JSON. Nothing was changed."),
    ('{"hello": "world"}', "Not imported: This is not a Prevention Academy workspace file. Nothing was changed."),
    ('{"format": "prevention-academy-workspace", "version": 99, "site": "x", "cohort": "", "modules": {}, '
     '"assessment": {"start": {}, "end": {}}}',
     "Not imported: This workspace was saved by a newer version of the site (format 99); this page reads formats "
     "up to 1. Nothing was changed."),
    ('{"format": "prevention-academy-workspace", "version": 1, "site": "x", "cohort": "", '
     '"modules": {"1": {"progress": "finished", "notes": "", "answers": {}, "prework": [], '
     '"commitments": [{"id": "a", "what": "", "owner": "", "due": "next week", "status": "open"}]}}, '
     '"assessment": {"start": {"named-lead": 7}, "end": {}}}',
     "Not imported: This workspace file is damaged: module 1 progress must be empty, read or done; module 1 "
     "commitment 1 due date must be empty or a date written YYYY-MM-DD; assessment start must map statements to "
     "scores 1, 2 or 3. Nothing was changed."),
])
def test_a_bad_or_foreign_file_is_refused_with_a_message(reused_tab, site: str, content: str, message: str) -> None:
    page, _ = opened_with(reused_tab, site, PLAN, format_1())
    before = stored(page)
    page.set_input_files("[data-data-import]", files=[{"name": "bad.json", "mimeType": "application/json",
                                                        "buffer": content.encode()}])
    page.wait_for_function("document.querySelector('[data-data-status]').textContent.length > 0")
    assert page.text_content("[data-data-status]") == message
    assert not page.locator("[data-data-review]").is_visible()
    assert stored(page) == before


def test_fixed_clock_marks_an_overdue_commitment_and_the_filters_work(reused_tab, site: str) -> None:
    page, _ = opened_with(reused_tab, site, PLAN, format_1(), clock=datetime(2025, 4, 10, 9, 0))
    module = page.locator("[data-plan-module='1']")
    statuses = dict(zip(module.locator("tbody tr td:first-child").all_text_contents(),
                        module.locator("td.academy-plan__status").all_text_contents()))
    assert statuses == {"Name an interim prevention lead": "Overdue", "Draft a statement template": "Done",
                        "Meet three community leaders": "Open"}
    page.check("input[name=plan-filter][value=overdue]")
    assert module.locator("tbody tr td:first-child").all_text_contents() == ["Name an interim prevention lead"]
    page.check("input[name=plan-filter][value=done]")
    assert module.locator("tbody tr td:first-child").all_text_contents() == ["Draft a statement template"]
    page.check("input[name=plan-filter][value=open]")
    assert module.locator("tbody tr td:first-child").all_text_contents() == [
        "Name an interim prevention lead", "Meet three community leaders"]
    page.clock.set_system_time(datetime(2025, 3, 15, 9, 0))
    page.reload()
    page.check("input[name=plan-filter][value=overdue]")
    assert module.locator("tbody tr").count() == 0
    assert "No commitments match this filter." in module.text_content()


@pytest.mark.parametrize("fixture", FORMATS, ids=[p.stem for p in FORMATS])
def test_every_stored_format_stays_readable(reused_tab, site: str, fixture: Path) -> None:
    """Records written by every format version (tests/fixtures/workspace/format-N.json) read as the newest one."""
    page, _ = reused_tab(site, PLAN)
    record = json.loads(fixture.read_text(encoding="utf-8"))
    newest = json.loads(FORMATS[-1].read_text(encoding="utf-8"))
    assert page.evaluate("AcademyWorkspace.VERSION") == newest["version"], "add a fixture for the new format"
    assert page.evaluate("record => AcademyWorkspace.upgrade(record)", record) == newest
    seed(page, record)
    assert "Call the rabbi and the imam" in page.text_content("[data-plan-module='1']")
    assert page.locator("tr[data-statement=named-lead] td").all_text_contents() == ["1", "3"]


def test_a_record_from_a_newer_format_is_left_untouched(reused_tab, site: str) -> None:
    newer = dict(format_1(), version=2)
    page, _ = opened_with(reused_tab, site, MODULE, newer)
    assert "saved by a newer version of the site" in page.text_content("[data-ws-problem]")
    page.fill("#ws-notes", "typed anyway")
    page.wait_for_timeout(700)
    assert stored(page) == newer
    assert page.input_value("#ws-notes") == "typed anyway"


def test_a_workspace_saved_under_another_cohort_can_be_brought_into_this_one(reused_tab, site: str) -> None:
    older = dict(format_1(), cohort="test-0")
    page, _ = opened_with(reused_tab, site, PLAN, older, key="academy-workspace:prevention-academy:test-0")
    page.click("text=Review the one from cohort test-0")
    assert "It was saved under cohort test-0" in page.text_content("[data-review-summary]")
    page.click("[data-review-confirm]")
    assert stored(page) == dict(format_1(), cohort="test-1")


def test_self_assessment_rounds_show_side_by_side_on_the_plan(reused_tab, site: str) -> None:
    page, watch = reused_tab(site, ASSESSMENT)
    page.check("[data-statement=named-lead] input[value='1']")
    page.check("[data-statement=data-map] input[value='2']")
    saved(page)
    page.check("input[name=round][value=end]")
    assert page.is_checked("[data-statement=named-lead] input[value='']")
    page.check("[data-statement=named-lead] input[value='3']")
    saved(page)
    page.check("input[name=round][value=start]")
    assert page.is_checked("[data-statement=named-lead] input[value='1']")
    page.goto(site + PLAN)
    assert page.locator("tr[data-statement=named-lead] td").all_text_contents() == ["1", "3"]
    assert page.locator("tr[data-statement=data-map] td").all_text_contents() == ["2", "–"]
    assert watch.console_errors == []


def test_the_save_button_saves_the_scores_at_once_and_says_so(reused_tab, site: str) -> None:
    page, watch = reused_tab(site, ASSESSMENT)
    page.evaluate("() => { window.pageStays = true; }")
    page.check("[data-statement=named-lead] input[value='2']")
    page.get_by_role("button", name="Save my scores").click()  # before the 400 ms pause ends
    assert stored(page)["assessment"]["start"] == {"named-lead": 2}
    assert page.text_content("[data-ws-status]").startswith("Saved in this browser at ")
    assert page.evaluate("() => window.pageStays")  # the form was not submitted to a new page
    assert watch.console_errors == []


def test_copy_as_markdown_and_plain_text(reused_tab, site: str) -> None:
    page, _ = opened_with(reused_tab, site, PLAN, format_1(), clock=datetime(2025, 4, 10, 9, 0))
    page.click("[data-plan-copy=markdown]")
    markdown = page.input_value("#plan-copy-text")
    assert markdown.startswith("# My city's action plan\n\n## Module 1: Leading prevention\nProgress: Done\n")
    assert ("- [ ] Name an interim prevention lead (owner: Chief of staff), due Thursday, March 20, 2025: Overdue"
            in markdown)
    assert "- [x] Draft a statement template (owner: Communications director), due Saturday, March 1, 2025: Done" \
           in markdown
    page.click("[data-plan-copy=text]")
    text = page.input_value("#plan-copy-text")
    assert text.startswith("MY CITY'S ACTION PLAN\n\nModule 1: Leading prevention\n")
    assert "**" not in text and "Residents look to city hall first <always>." in text


def test_leaving_the_page_right_after_typing_keeps_the_text(reused_tab, site: str) -> None:
    page, _ = reused_tab(site, MODULE)
    page.fill("#ws-notes", "typed just before leaving")
    page.goto(site + PLAN)
    assert "typed just before leaving" in page.text_content("[data-plan-module='1']")


def test_without_storage_the_page_says_so_and_keeps_the_text(browser, site: str) -> None:
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', "
                            "{get() { throw new DOMException('denied', 'SecurityError'); }});")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(site + MODULE)
        problem = page.locator("[data-ws-problem]")
        assert problem.is_visible()
        assert "does not let the site keep data" in problem.text_content()
        page.fill("#ws-notes", "still here")
        page.wait_for_timeout(600)
        assert page.input_value("#ws-notes") == "still here"
        assert errors == []
    finally:
        context.close()


def test_when_storage_is_full_the_page_says_so(reused_tab, site: str) -> None:
    page, _ = reused_tab(site, MODULE)
    page.evaluate("() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }")
    page.fill("#ws-notes", "a long note")
    page.wait_for_function("!document.querySelector('[data-ws-problem]').hidden")
    assert "full or blocked" in page.text_content("[data-ws-problem]")
    assert page.input_value("#ws-notes") == "a long note"


def test_without_javascript_the_module_reads_as_before_and_says_the_workspace_needs_it(reused_tab, site: str) -> None:
    page, _ = reused_tab(site, MODULE, java_script_enabled=False)
    note = page.locator(".academy-ws-note")
    assert note.is_visible() and "needs JavaScript" in note.text_content()
    assert not page.locator("#ws-notes").is_visible()
    assert not page.locator("#prework-1").is_visible()
    assert page.locator("label[for=prework-1]").is_visible(), "the pre-work list still reads as a list"
    assert page.locator("text=Who convenes in your city?").is_visible()
    plan, _ = reused_tab(site, PLAN, java_script_enabled=False)  # the same tab, on to the plan
    assert "needs JavaScript" in plan.locator(".academy-ws-note").text_content()
    assert plan.locator(".academy-ws-note").is_visible() and not plan.locator("[data-data-export]").is_visible()


def test_no_layout_jump_when_the_workspace_starts(reused_tab, site: str) -> None:
    """The workspace's controls are laid out before the first paint: its script moves nothing."""
    page, _ = opened_with(reused_tab, site, MODULE, format_1())
    shift = page.evaluate("""() => new Promise(resolve => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
            .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => resolve(total), 500);
    })""")
    assert shift < 0.1, f"cumulative layout shift {shift}"


@pytest.mark.parametrize("width", [1280, 390, 320])
@pytest.mark.parametrize("path", [MODULE, PLAN, ASSESSMENT])
def test_workspace_pages_meet_wcag_and_reflow(reused_tab, site: str, path: str, width: int) -> None:
    page, watch = reused_tab(site, path, width=width, group=CLOCK)
    # The day the seeded work belongs to, with the clock running on from it: a clock frozen for the whole
    # test starves the theme's animation scheduler (RxJS), which then logs "executing a cancelled action".
    page.clock.set_system_time(datetime(2025, 4, 10, 9, 0))
    seed(page, format_1())
    if path == PLAN:
        page.click("[data-data-forget]")  # the confirmation panel is audited too
    if width != 320:
        assert axe_violations(page) == []
        assert pa11y_errors(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    assert watch.console_errors == []
    assert watch.foreign_requests == []


def focus_walk(page, steps: int) -> list[dict]:
    seen = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
            return {id: e.id, field: e.dataset.field || '', tag: e.tagName, type: e.type || '',
                    text: (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 40),
                    focus: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
                    visible: r.width > 0 && r.height > 0};
        }"""))
    return seen


@pytest.mark.parametrize("width", [1280, 390])
def test_keyboard_alone_fills_the_workspace_with_visible_focus(reused_tab, site: str, width: int) -> None:
    page, _ = reused_tab(site, MODULE, width=width)
    page.focus("#ws-answer-1")
    page.keyboard.type("By keyboard")
    walk = focus_walk(page, 2)
    assert [w["id"] or w["text"] for w in walk] == ["ws-notes", "Add a commitment"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.field") == "what", "focus moves into the new commitment"
    page.keyboard.type("Keyboard commitment")
    walk = focus_walk(page, 7)  # a date field takes several stops (month, day, year, calendar)
    names = [w["field"] or w["text"] for w in walk]
    assert [n for i, n in enumerate(names) if i == 0 or n != names[i - 1]] == ["owner", "due", "status", "Remove"]
    page.keyboard.press("Enter")
    assert page.locator(".academy-ws-commitment").count() == 0
    assert page.evaluate("document.activeElement.dataset.wsAdd") == "", "focus returns to 'Add a commitment'"
    for element in walk:
        assert element["focus"] and element["visible"], f"no visible focus on {element}"
    page.focus("input[name=ws-progress][value='']")
    page.keyboard.press("ArrowRight")
    assert page.is_checked("input[name=ws-progress][value=read]")


def test_keyboard_reaches_every_plan_control(reused_tab, site: str) -> None:
    page, _ = opened_with(reused_tab, site, PLAN, format_1())
    page.focus("input[name=plan-filter][value=all]")
    walk = focus_walk(page, 6)
    assert [w["text"] for w in walk[:3]] == ["Print the plan", "Copy as plain text", "Copy as Markdown"]
    page.focus("[data-data-export]")
    walk = focus_walk(page, 2)
    assert walk[0]["id"] == "ws-import" and walk[1]["text"] == "Forget my data on this device"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.forgetConfirm") == ""
    walk = focus_walk(page, 2)
    assert [w["text"] for w in walk] == ["Erase my data", "Cancel"]
    page.keyboard.press("Enter")
    assert stored(page) is not None, "Cancel keeps the data"
    for element in walk:
        assert element["focus"] and element["visible"], f"no visible focus on {element}"


def test_the_plan_prints_as_a_clean_letter_handout(reused_tab, site: str) -> None:
    record = format_1()
    del record["modules"]["2"], record["assessment"]["start"]["data-map"]
    page, _ = opened_with(reused_tab, site, PLAN, record)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.academy-plan__tools', '.academy-plan__data', '.md-sidebar--primary',
                                      '.academy-sitesearch', '[data-plan-module="2"]',
                                      'tr[data-statement=data-map]',
                                      '.academy-plan__scores tbody:has(tr[data-statement=data-map])']
        .filter(sel => getComputedStyle(document.querySelector(sel)).display !== 'none')""")
    assert hidden == [], "controls, empty modules and unscored statements stay off the handout"
    assert page.locator("[data-plan-module='1'] table").is_visible()
    assert page.locator("tr[data-statement=named-lead]").is_visible()
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 612 792]" in pdf
