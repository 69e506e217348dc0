#!/usr/bin/env python3
"""Benchmark: site search and the library catalog at 100, 1,000 and 5,000 entries.

Run by hand (pytest does not collect it):

    /work/main/.venv/bin/python tests/benchmarks/library_search.py [--sizes 100 1000 5000] [--throttle 4]

For each size it writes a synthetic library into a temporary repository (the real generator, curriculum and
library, topped up with generated entries to N in all: synthetic_library.py), then builds it (one version,
``build_site.py --single-version bench``, so the figures are per version and comparable across runs) twice:
with Pagefind (this repository's set-up) and with Material's built-in search (the
``search`` plugin switched on instead).  It reports

- build time and peak memory of the build command (its own, read by ``os.wait4``; see measured.py),
- for one query, the bytes the browser downloads for search (raw and gzip-compressed),
  measured in Chromium with Playwright, and the time until results appear with the
  CPU throttled (CDP ``Emulation.setCPUThrottlingRate``),
- the same for the catalog: loading it, ticking a topic, then typing a word (Pagefind without filters,
  plus the entry -> Pagefind page list; the facets are counted from the static browse index).

Figures go to stdout as a Markdown table; tests/benchmarks/RESULTS.md records a run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.measured import run  # noqa: E402
from tests.benchmarks.synthetic_library import QUERY, make_repository  # noqa: E402
from tests.conftest import CHROMIUM, serve_directory  # noqa: E402

TOPIC = "youth"


VERSION = "bench"
"""Built with ``--single-version``: the site's pages are in site/ itself, as one version is published."""


def timed_build(root: Path) -> dict:
    """One version's build, its seconds and its own peak memory (the build or Pagefind, whichever is larger)."""
    measured = run([sys.executable, str(root / "build_site.py"), "--single-version", VERSION], root,
                   {**os.environ, "SOURCE_DATE_EPOCH": "0"})
    return {"seconds": measured.seconds, "peak_mib": measured.peak_mib}


@dataclass
class Downloads:
    """Responses whose URL contains one of ``parts``; sizes as sent and gzip-compressed."""

    parts: tuple[str, ...]
    raw: int = 0
    gzipped: int = 0
    urls: list[str] = field(default_factory=list)

    def record(self, response) -> None:
        if not any(part in response.url for part in self.parts):
            return
        try:
            body = response.body()
        except Exception:  # a redirect or aborted request has no body; it downloads nothing
            return
        self.raw += len(body)
        self.gzipped += len(gzip.compress(body, 6))
        self.urls.append(response.url)


def _throttled_page(browser, base: str, throttle: float):
    context = browser.new_context(viewport={"width": 412, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return context, page


TIMER = """(selector) => {
  window.__timing = {};
  document.addEventListener("input", () => { window.__timing.start ??= performance.now(); }, true);
  new MutationObserver(() => {
    if (window.__timing.start !== undefined && window.__timing.end === undefined && document.querySelector(selector)) {
      window.__timing.end = performance.now();
    }
  }).observe(document.body, { childList: true, subtree: true });
}"""
"""Times in the page itself, from the query's input event to the first result in the DOM."""


def timed_query(page, field: str, result: str, then_press: str | None = None) -> float:
    page.evaluate(TIMER, result)
    page.fill(field, QUERY)
    if then_press:
        page.press(field, then_press)
    page.wait_for_selector(result, timeout=120000)
    page.wait_for_function("() => window.__timing.end !== undefined")
    timing = page.evaluate("window.__timing")
    return (timing["end"] - timing["start"]) / 1000


def measure_pagefind(browser, base: str, throttle: float) -> dict:
    context, page = _throttled_page(browser, base, throttle)
    search = Downloads(("/pagefind/",))
    page.on("response", search.record)
    page.goto(base + "search/")
    page.wait_for_load_state("networkidle")  # the page starts Pagefind as it loads
    site_seconds = timed_query(page, "#site-search-q", "#site-search-results li a")
    page.wait_for_load_state("networkidle")
    context.close()

    context, page = _throttled_page(browser, base, throttle)
    catalog = Downloads(("/pagefind/", "/library/catalogue/"))
    page.on("response", catalog.record)
    started = time.monotonic()
    page.goto(base + "library/")
    page.wait_for_selector(".academy-catalog[data-ready]", state="attached", timeout=60000)
    load_seconds = time.monotonic() - started
    page.wait_for_load_state("networkidle")
    page_bytes = len(page.content().encode())
    loaded = (catalog.raw, catalog.gzipped)
    before = page.inner_text("#catalog-status")
    started = time.monotonic()
    page.check(f"input[name=topic][value={TOPIC}]")
    page.wait_for_function("(before) => document.getElementById('catalog-status').textContent !== before",
                           arg=before, timeout=60000)
    filter_seconds = time.monotonic() - started
    page.fill("#catalog-q", QUERY)
    page.press("#catalog-q", "Enter")
    page.wait_for_function("() => document.getElementById('catalog-status').textContent.includes('matching')",
                           timeout=60000)
    page.wait_for_load_state("networkidle")
    context.close()
    return {"site_raw": search.raw, "site_gz": search.gzipped, "site_s": site_seconds,
            "cat_load_raw": loaded[0], "cat_load_gz": loaded[1],
            "cat_query_raw": catalog.raw - loaded[0], "cat_query_gz": catalog.gzipped - loaded[1],
            "cat_load_s": load_seconds, "cat_filter_s": filter_seconds, "cat_page_bytes": page_bytes}


def measure_material(browser, base: str, throttle: float) -> dict:
    context, page = _throttled_page(browser, base, throttle)
    search = Downloads(("/search/", "/workers/", "lunr"))
    page.on("response", search.record)
    page.goto(base)
    page.wait_for_load_state("networkidle")  # Material fetches and builds its index as the page loads
    page.click("label.md-header__button[for=__search]")
    # Material searches on keyup, so press a key that does not change the query.
    seconds = timed_query(page, "input.md-search__input", ".md-search-result__item", then_press="End")
    page.wait_for_load_state("networkidle")
    context.close()
    return {"site_raw": search.raw, "site_gz": search.gzipped, "site_s": seconds}


def kib(value: int) -> str:
    return f"{value / 1024:,.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--throttle", type=float, default=4.0, help="CDP CPU throttling rate (default 4)")
    parser.add_argument("--engines", nargs="+", choices=["pagefind", "material"], default=["pagefind", "material"])
    parser.add_argument("--keep", action="store_true", help="keep the temporary repositories")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="library-bench-"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for size in args.sizes:
                for engine in args.engines:
                    root = make_repository(workdir / f"{engine}-{size}", size, engine)
                    build = timed_build(root)
                    with serve_directory(root / "site") as base:
                        measured = (measure_pagefind if engine == "pagefind" else measure_material)(
                            browser, base, args.throttle)
                    row = {"size": size, "engine": engine, **build, **measured}
                    rows.append(row)
                    print(json.dumps(row), file=sys.stderr, flush=True)
                    if not args.keep:
                        shutil.rmtree(root)
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(rows, args.throttle))
    return 0


def table(rows: list[dict], throttle: float) -> str:
    lines = [
        f"| Entries | Search | Build | Peak memory | One site query downloads (gzip / raw) | "
        f"Results after (CPU ÷{throttle:g}) | Catalog: opening it downloads / then topic + word (gzip) | "
        "Catalog ready / topic counts updated | Catalog page HTML |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        catalog = ("—", "—", "—")
        if row["engine"] == "pagefind":
            catalog = (f"{kib(row['cat_load_gz'])} / {kib(row['cat_query_gz'])}",
                       f"{row['cat_load_s']:.2f} s / {row['cat_filter_s']:.2f} s", kib(row["cat_page_bytes"]))
        lines.append(
            f"| {row['size']:,} | {row['engine']} | {row['seconds']:.1f} s | {row['peak_mib']:.0f} MB | "
            f"{kib(row['site_gz'])} / {kib(row['site_raw'])} | {row['site_s']:.2f} s | "
            f"{catalog[0]} | {catalog[1]} | {catalog[2]} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
