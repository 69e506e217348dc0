"""A built page in real headless Chromium: desktop and phone, no console errors, nothing from other hosts."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import newest_version, serve_directory

WIDTHS = [1280, 390]


@pytest.fixture(scope="module")
def minimal_url(built_minimal: Path):
    with serve_directory(built_minimal / "site") as url:
        yield url + newest_version(built_minimal) + "/"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["", "modules/01-leading/", "curriculum/", "library/city-guide/"])
def test_page_loads_cleanly(reused_tab, minimal_url: str, path: str, width: int) -> None:
    page, watch = reused_tab(minimal_url, path, width=width)
    watch.settle()
    assert watch.console_errors == []
    assert watch.foreign_requests == []
    assert page.evaluate("document.documentElement.lang") == "en"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"horizontal scrolling of {overflow}px at {width}px"


def test_module_prints_without_navigation(reused_tab, minimal_url: str) -> None:
    page, _ = reused_tab(minimal_url, "modules/01-leading/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.academy-pager',
                                      '.academy-sitesearch']
        .map(sel => document.querySelector(sel))
        .filter(el => el && getComputedStyle(el).display !== 'none').map(el => el.className)""")
    assert hidden == []
    assert page.locator("h1").first.is_visible()
    assert page.locator(".academy-facilitator table").is_visible(), "facilitator notes print expanded"


def test_the_watch_sees_a_request_to_another_host_and_the_browser_reaches_no_host(open_page, tmp_path: Path) -> None:
    """The checks above can fail: a page that loads an image and a script from other hosts is caught, and
    neither request leaves the machine."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><img alt="" src="https://example.org/pixel.png">'
        '<script src="https://cdn.example.net/x.js"></script></html>', encoding="utf-8")
    with serve_directory(tmp_path) as url:
        page, watch = open_page(url, "")
        watch.settle()
        assert sorted(watch.foreign_requests) == ["https://cdn.example.net/x.js", "https://example.org/pixel.png"]
        assert page.evaluate("document.images[0].naturalWidth") == 0


def test_a_reused_tab_starts_each_test_with_the_storage_a_new_tab_has(reused_tab, tmp_path: Path) -> None:
    """The fixture itself: what the previous page stored, even while being left, is gone when the next test's
    page starts; what a test stores survives its own reloads."""
    (tmp_path / "left.html").write_text(
        '<!doctype html><html lang="en"><title>left</title><script>localStorage.setItem("kept", "1");'
        'sessionStorage.setItem("kept", "1"); addEventListener("pagehide", () => {'
        'localStorage.setItem("on-leaving", "1"); sessionStorage.setItem("on-leaving", "1"); });</script></html>',
        encoding="utf-8")
    (tmp_path / "next.html").write_text(
        '<!doctype html><html lang="en"><title>next</title><script>window.found = '
        '[localStorage.length, sessionStorage.length, window.name];</script></html>', encoding="utf-8")
    with serve_directory(tmp_path) as url:
        page, _ = reused_tab(url, "left.html")
        assert page.evaluate("localStorage.length") == 1
        page, _ = reused_tab(url, "next.html")
        assert page.evaluate("window.found") == [0, 0, ""]
        page.evaluate("localStorage.setItem('mine', '1')")
        page.reload()
        assert page.evaluate("window.found") == [1, 0, ""]
