#!/usr/bin/env python3
"""Benchmark: whole-site build cost, generator overhead, publishing cost and page weight.

Run by hand (pytest does not collect it), from the repository root:

    .venv/bin/python tests/benchmarks/site_performance.py [--versions 2 5 10] [--repeat 3]

It prints a Markdown table; tests/benchmarks/RESULTS.md records a run. Measured:

1. a full build of the sample site (`python build_site.py` in a fresh clone: every cohort's version);
2. the generator's overhead: one version built by `build_site.py --single-version` against a plain
   `mkdocs build` (Material, same Markdown extensions, no hooks) of the very same pages written out as files;
3. publishing one new cohort when 2, 5 and 10 versions already exist: every older cohort is kept as bytes
   (`build_site.py publish`), the previous newest is published, then the site is built with the new cohort;
4. the bytes a browser transfers, gzip-compressed, to show a module page.

Library scale (100 / 1,000 / 5,000 entries) and search-query bytes are measured by library_search.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.conftest import CHROMIUM, make_site, serve_directory  # noqa: E402

PYTHON = sys.executable
ENV = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall-clock seconds and peak memory (MiB) of one command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def sample_clone(work: Path, name: str) -> Path:
    root = make_site(work / name, fixture=None)
    git(root, "add", "-A")
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "-q", "--allow-empty",
        "-m", "benchmark state")
    return root


def full_build(work: Path, repeat: int) -> dict[str, str]:
    root = sample_clone(work, "full")
    runs = []
    for _ in range(repeat):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        runs.append(timed([PYTHON, "build_site.py"], root))
    cached = timed([PYTHON, "build_site.py"], root)
    return {"full build of the sample site, cold cache": f"{statistics.median(r[0] for r in runs):.1f} s, "
                                                          f"{max(r[1] for r in runs)} MiB peak",
            "full build of the sample site, older versions cached": f"{cached[0]:.1f} s"}


def overhead(work: Path, repeat: int, entries: int = 0) -> dict[str, str]:
    """Our one-version build against plain MkDocs + Material over the same pages.

    With ``entries``, the library is topped up with synthetic entries to that many (library_search.py's).
    """
    if entries:
        from tests.benchmarks.library_search import make_repository

        root = make_repository(work / f"overhead-{entries}", entries, "pagefind")
        work = work / f"overhead-{entries}-work"
        work.mkdir()
    else:
        root = sample_clone(work, "overhead")
    label = f" ({entries:,} library entries)" if entries else ""
    from academy.content import load_content
    from academy.pages import generate_pages
    from academy.views import navigation

    content = load_content(root)
    plain = work / "plain"
    shutil.copytree(root / "curriculum", plain / "docs")
    for page in generate_pages(content):
        target = plain / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        data = page.content
        if isinstance(data, str):  # plain Material has none of our page templates
            data = re.sub(r"^template: .*\n", "", data, count=1, flags=re.M).encode("utf-8")
        target.write_bytes(data)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch", "docs_dir", "site_dir"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["nav"] = json.loads(json.dumps(navigation(content)))  # plain strings (titles are Markup)
    config["docs_dir"] = "docs"
    config["strict"] = False
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
    ours = [timed([PYTHON, "build_site.py", "--single-version", "bench", "--site-dir", str(work / "ours-site")],
                  root)[0] for _ in range(repeat)]
    theirs = [timed([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "plain-site")], plain)[0]
              for _ in range(repeat)]
    indexing = [timed([PYTHON, "-m", "pagefind", "--site", str(work / "ours-site"), "--output-subdir",
                       "pagefind-again"], root)[0] for _ in range(repeat)]
    ours_s, theirs_s, search_s = statistics.median(ours), statistics.median(theirs), statistics.median(indexing)
    return {f"pages in one version{label}": str(pages),
            f"one version, this generator{label}": f"{ours_s:.2f} s ({1000 * ours_s / pages:.1f} ms a page)",
            f"one version, plain mkdocs build of the same pages{label}": f"{theirs_s:.2f} s "
                                                                         f"({1000 * theirs_s / pages:.1f} ms a page)",
            f"of which Pagefind search indexing (plain MkDocs has no search here){label}": f"{search_s:.2f} s",
            f"generator overhead (ratio; target < 1.15){label}": f"{ours_s / theirs_s:.2f}, "
                                                                 f"{(ours_s - search_s) / theirs_s:.2f} without search indexing"}


def with_cohorts(root: Path, count: int) -> None:
    """Rewrite cohorts.yml with ``count`` cohorts copied from the newest, each 52 weeks after the last.

    Cohorts already in the file keep their pins, as they would in real use.
    """
    data = read_cohorts(root)
    pins = {c["id"]: c["published_from"] for c in data["cohorts"] if c.get("published_from")}
    template = dict(next((c for c in data["cohorts"] if c["id"] == "c01"), data["cohorts"][-1]))
    template.pop("published_from", None)
    cohorts = []
    for index in range(count):
        cohort = shift(template, dt.timedelta(weeks=52 * index))
        cohort["id"], cohort["name"] = f"c{index + 1:02d}", f"Cohort {index + 1}"
        cohort.pop("status", None)  # upcoming, running or completed comes from the dates
        if cohort["id"] in pins:
            cohort["published_from"] = pins[cohort["id"]]
        cohorts.append(cohort)
    data["cohorts"] = cohorts
    (root / "cohorts.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def read_cohorts(root: Path) -> dict:
    """cohorts.yml as data (values marked !sample read as plain values)."""
    from academy.sources import parse_yaml

    return parse_yaml((root / "cohorts.yml").read_text(encoding="utf-8"), "cohorts.yml", allow_sample=True).data


def shift(value, delta: dt.timedelta):
    if isinstance(value, dt.date):
        return value + delta
    if isinstance(value, dict):
        return {key: shift(item, delta) for key, item in value.items()}
    if isinstance(value, list):
        return [shift(item, delta) for item in value]
    return value


def keep(root: Path, cohort: str) -> float:
    """``build_site.py publish COHORT`` (kept as bytes in published/), committed; returns its seconds."""
    seconds, _ = timed([PYTHON, "build_site.py", "publish", cohort], root)
    git(root, "add", "-A")
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "-qm", f"keep {cohort}")
    return seconds


def publishing_cost(work: Path, existing: int, repeat: int) -> tuple[float, float, int]:
    """Seconds of the build that adds a cohort when ``existing`` versions are kept (median of ``repeat``; the
    first also unpacks the newly kept version), of publishing the previous newest, and the build's peak MiB."""
    root = sample_clone(work, f"publish-{existing}")
    for count in range(1, existing + 1):   # each cohort is added, then kept once it is final
        with_cohorts(root, count)
        git(root, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "-qam", f"cohort {count}")
        if count < existing:
            keep(root, f"c{count:02d}")
    timed([PYTHON, "build_site.py"], root)  # the site as published so far
    kept = keep(root, f"c{existing:02d}")  # the newest's material is final: pin it to HEAD and keep it
    with_cohorts(root, existing + 1)       # one edit: the new cohort
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@invalid", "commit", "-qam", "new cohort")
    runs = [timed([PYTHON, "build_site.py"], root) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), kept, max(r[1] for r in runs)


def module_page_bytes(work: Path) -> str:
    from playwright.sync_api import sync_playwright

    root = sample_clone(work, "weight")
    timed([PYTHON, "build_site.py"], root)
    site = root / "site"
    newest = yaml.safe_load((site / "versions.json").read_text())[0]["version"]
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{url}{newest}/modules/07-referral-and-threat-assessment/")
        page.wait_for_load_state("networkidle")
        browser.close()
    total_raw = total_gzip = 0
    for address in dict.fromkeys(requested):
        path = site / urlsplit(address).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            data = path.read_bytes()
            total_raw += len(data)
            total_gzip += len(gzip.compress(data, compresslevel=6))
    return f"{total_gzip / 1024:.0f} KB gzip ({total_raw / 1024:.0f} KB raw, {len(set(requested))} requests)"


PARTS = ("full", "overhead", "library", "publishing", "weight")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--versions", type=int, nargs="+", default=[2, 5, 10])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS),
                        help="what to measure (default: everything; 'publishing' also measures one version)")
    args = parser.parse_args()
    rows: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="academy-bench-") as tmp:
        work = Path(tmp)
        if "full" in args.parts:
            rows.update(full_build(work, args.repeat))
        if {"overhead", "publishing"} & set(args.parts):
            rows.update(overhead(work, args.repeat))
        if "library" in args.parts:
            rows.update(overhead(work, 1, entries=1000))
        if "publishing" in args.parts:
            one_version = float(rows["one version, this generator"].split(" s")[0])
            for existing in args.versions:
                seconds, kept, peak = publishing_cost(work, existing, args.repeat)
                rows[f"publish one new cohort when {existing} versions exist: the build"] = \
                    f"{seconds:.1f} s ({seconds / one_version:.2f}x one version), {peak} MiB peak"
                rows[f"publish one new cohort when {existing} versions exist: keeping the previous one"] = \
                    f"{kept:.1f} s (`build_site.py publish`, once per cohort)"
        if "weight" in args.parts:
            rows["module page transferred (target < 150 KB gzip)"] = module_page_bytes(work)
    print(f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| measure | result |\n|---|---|")
    for name, value in rows.items():
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
