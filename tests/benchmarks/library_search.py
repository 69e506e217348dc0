#!/usr/bin/env python3
"""Benchmark: site search and the library catalogue at 100, 1,000 and 5,000 entries.

Run by hand (pytest does not collect it):

    /work/main/.venv/bin/python tests/benchmarks/library_search.py [--sizes 100 1000 5000] [--throttle 4]

For each size it writes a synthetic library into a temporary repository (the real
generator, curriculum and library, topped up with generated entries to N in all), then builds it (one version,
``build_site.py --single-version bench``, so the figures are per version and comparable across runs) twice:
with Pagefind (this repository's set-up) and with Material's built-in search (the
``search`` plugin switched on instead).  It reports

- build time and peak memory of the build subprocess (``getrusage`` of its children),
- for one query, the bytes the browser downloads for search (raw and gzip-compressed),
  measured in Chromium with Playwright, and the time until results appear with the
  CPU throttled (CDP ``Emulation.setCPUThrottlingRate``),
- the same for the catalogue: loading it, ticking a topic, then typing a word (Pagefind without filters,
  plus the entry -> Pagefind page list; the facets are counted from the static browse index).

Figures go to stdout as a Markdown table; tests/benchmarks/RESULTS.md records a run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.conftest import CHROMIUM, copy_code, serve_directory  # noqa: E402

QUERY = "resilience"
"""A word that occurs in roughly one synthetic summary in twenty (see ``synthetic_entry``)."""

TOPIC = "youth"


def _lexicon(rng: random.Random, size: int = 3000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "sa", "tor", "vi", "del", "mar", "nu", "pe", "qua", "ri", "sol", "tan"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_entry(index: int, rng: random.Random, lexicon: list[str], vocabulary: dict) -> str:
    def words(count: int) -> str:
        return " ".join(rng.choice(lexicon) for _ in range(count))

    summary = words(45)
    if index % 20 == 0:
        summary += f" {QUERY}"
    topics = rng.sample(vocabulary["topics"], rng.randint(1, 3))
    audiences = rng.sample(vocabulary["audiences"], rng.randint(1, 2))
    modules = sorted(rng.sample(range(1, 11), rng.randint(1, 3)))
    added = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return "\n".join([
        f"title: {json.dumps(words(6).capitalize() + f' {index}')}",
        f"publisher: {json.dumps(words(2).title())}",
        f"year: {rng.randint(1995, 2025)}",
        f"type: {rng.choice(vocabulary['types'])}",
        f"topics: [{', '.join(topics)}]",
        f"audiences: [{', '.join(audiences)}]",
        f"modules: [{', '.join(map(str, modules))}]",
        f"url: https://example.org/resource/{index}",
        f"summary: {json.dumps(summary.capitalize() + '.')}",
        "language: en",
        f"added: {added}",
        "checked: 2025-01-15",
        "",
    ])


def make_repository(target: Path, size: int, engine: str) -> Path:
    import yaml

    target.mkdir(parents=True)
    copy_code(target)
    shutil.copytree(REPO / "curriculum", target / "curriculum")
    shutil.copy2(REPO / "cohorts.yml", target / "cohorts.yml")
    # The real entries too (the curriculum links to them), topped up with synthetic ones to ``size`` in all.
    shutil.copytree(REPO / "library", target / "library")
    real = len(list((target / "library").glob("*.yml"))) - 1
    raw = yaml.safe_load((REPO / "library" / "vocabulary.yml").read_text(encoding="utf-8"))
    vocabulary = {facet: [term["id"] for term in raw[facet]] for facet in ("types", "topics", "audiences")}
    rng = random.Random(size)
    lexicon = _lexicon(rng)
    for index in range(max(size - real, 0)):
        (target / "library" / f"entry-{index:05d}.yml").write_text(
            synthetic_entry(index, rng, lexicon, vocabulary), encoding="utf-8")
    if engine == "material":
        config = (target / "mkdocs.yml").read_text(encoding="utf-8")
        (target / "mkdocs.yml").write_text(config.replace("plugins: []", "plugins:\n  - search"), encoding="utf-8")
    return target


VERSION = "bench"
"""Built with ``--single-version``: the site's pages are in site/ itself, as one version is published."""

MEASURE_BUILD = """
import os, resource, subprocess, sys, time, json
started = time.monotonic()
result = subprocess.run([sys.executable, sys.argv[1], "--single-version", sys.argv[3]], cwd=sys.argv[2],
                        capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
elapsed = time.monotonic() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": result.returncode, "seconds": elapsed, "peak_mib": peak_kib / 1024,
                  "stderr": result.stderr[-2000:]}))
"""


def timed_build(root: Path) -> dict:
    """Build in a fresh process so getrusage(RUSAGE_CHILDREN) sees this build (and pagefind) only."""
    output = subprocess.run([sys.executable, "-c", MEASURE_BUILD, str(root / "build_site.py"), str(root), VERSION],
                            capture_output=True, text=True, check=True).stdout
    measured = json.loads(output)
    if measured["rc"] != 0:
        raise SystemExit(f"build of {root} failed:\n{measured['stderr']}")
    return measured


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
    catalogue = Downloads(("/pagefind/", "/library/catalogue/"))
    page.on("response", catalogue.record)
    started = time.monotonic()
    page.goto(base + "library/")
    page.wait_for_selector(".academy-catalogue[data-ready]", state="attached", timeout=60000)
    load_seconds = time.monotonic() - started
    page.wait_for_load_state("networkidle")
    page_bytes = len(page.content().encode())
    loaded = (catalogue.raw, catalogue.gzipped)
    before = page.inner_text("#catalogue-status")
    started = time.monotonic()
    page.check(f"input[name=topic][value={TOPIC}]")
    page.wait_for_function("(before) => document.getElementById('catalogue-status').textContent !== before",
                           arg=before, timeout=60000)
    filter_seconds = time.monotonic() - started
    page.fill("#catalogue-q", QUERY)
    page.press("#catalogue-q", "Enter")
    page.wait_for_function("() => document.getElementById('catalogue-status').textContent.includes('matching')",
                           timeout=60000)
    page.wait_for_load_state("networkidle")
    context.close()
    return {"site_raw": search.raw, "site_gz": search.gzipped, "site_s": site_seconds,
            "cat_load_raw": loaded[0], "cat_load_gz": loaded[1],
            "cat_query_raw": catalogue.raw - loaded[0], "cat_query_gz": catalogue.gzipped - loaded[1],
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
                    row.pop("stderr")
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
        f"Results after (CPU ÷{throttle:g}) | Catalogue: opening it downloads / then topic + word (gzip) | "
        "Catalogue ready / topic counts updated | Catalogue page HTML |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        catalogue = ("—", "—", "—")
        if row["engine"] == "pagefind":
            catalogue = (f"{kib(row['cat_load_gz'])} / {kib(row['cat_query_gz'])}", f"{row['cat_load_s']:.2f} s / {row['cat_filter_s']:.2f} s",
                         kib(row["cat_page_bytes"]))
        lines.append(
            f"| {row['size']:,} | {row['engine']} | {row['seconds']:.1f} s | {row['peak_mib']:.0f} MB | "
            f"{kib(row['site_gz'])} / {kib(row['site_raw'])} | {row['site_s']:.2f} s | "
            f"{catalogue[0]} | {catalogue[1]} | {catalogue[2]} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
