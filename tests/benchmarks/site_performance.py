#!/usr/bin/env python3
"""Benchmark: one table of what this generator costs against plain MkDocs + Material on the same pages, per
library entry, to publish a cohort, in page weight and in preview latency.

Run by hand (pytest does not collect it), from the repository root:

    .venv/bin/python tests/benchmarks/site_performance.py [--sizes sample 1000 5000] [--repeat 3]
        [--parts builds weight publishing preview] [--page-only 10000] [--versions 2 5 10]
        [--preview-sizes sample 1000] [--quick]

It prints one Markdown table; tests/benchmarks/RESULTS.md records a run.  Timings on a shared machine are
noisy: read the ratios, which compare runs taken seconds apart.

- **builds**: for each size (the sample's own library, or topped up with synthetic entries to N in all; see
  synthetic_library.py), a git clone is built four ways: ours (``build_site.py --single-version bench
  --site-dir DIR``), plain ``mkdocs build`` of the tree ``build_site.py export-docs`` writes (the very same
  pages, Material, our theme overrides, no hooks) with Material's search plugin switched on, ours without
  search indexing (``ACADEMY_SKIP_SEARCH_INDEX=1``: no Pagefind), and plain without search (the export's own
  mkdocs.yml, ``plugins: []``).  Each round builds every size four ways in turn, and there are ``--repeat``
  rounds.  Reported: median seconds; the median of the per-round ratios ours / plain + search and ours
  without search / plain without search; each command's own peak memory (measured.py), the largest of its
  runs; ms per library entry as the marginal cost from the smallest size within each round, ``(t_N -
  t_small) / (entries_N - entries_small)``, median over rounds, in wall and in CPU seconds; and linearity
  between the two largest sizes.  One untimed round at the smallest size warms the disk cache and the
  bytecode first.
- **weight**: at each size, the module page with the most bytes, loaded in headless Chromium from the
  ours build: the gzip-compressed bytes of everything it requests (page, CSS, JavaScript, images; gzip -6,
  what a compressing server sends), and the page alone; at each ``--page-only`` size (10,000 by default),
  the page alone, from a build without search indexing (target: under 150 KB gzip at 10,000 entries).
- **publishing**: a clone of the sample gets new cohorts as staff add them (``new-cohort NEXT --from
  NEWEST``, ``publish NEWEST``, commit); when it holds 2, 5 and 10 versions one more cohort is added and a
  copy of the repository taken, whose whole site is built once (it unpacks the version just kept; reported
  as the first build) and then once more, untimed, with one version's build: copying the repository broke
  the hard links between ``site/`` and the build cache, so the first build places every older version again
  and the second reads every file of every older version once more (the links changed the files' change
  times); from the third build on, a build whose older versions are unchanged moves them over without
  reading them, which is the build measured.  Then ``--repeat`` rounds build each copy: one version's build
  of its working tree and the whole site, one version first in odd rounds and the whole site first in even
  ones, and the counts in a rotated order (2, 5, 10, then 5, 10, 2, ...), so no build always runs in the same
  place of a round or after the same build.  One version's build writes into a folder of the copy beside its
  ``site/`` and replaces the version its previous build wrote there, as the whole build replaces its newest
  version (see ``one_version``), and it writes exactly the files of the whole site's newest version (checked
  once at the end, byte for byte).  Reported: the whole build's median
  seconds, the median of its per-round ratios to one version, the keeping step's seconds, and per round the
  quotient of those ratios at each count against the lowest count.
- **preview**: from saving a module or a library entry to the served page changing, with
  ``build_site.py serve`` on a clone of the sample and of 1,000 entries (``--preview-sizes``), 7 edits of each
  kind (2 with ``--quick``): preview_latency.py's ``latency_rows``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.measured import Run, cpu_model, load_average, run, software  # noqa: E402
from tests.benchmarks.synthetic_library import SAMPLE, commit, entry_count, sized_clone  # noqa: E402

PYTHON = sys.executable
SKIP_SEARCH_INDEX = "ACADEMY_SKIP_SEARCH_INDEX"
"""academy.search_index.SKIP_VARIABLE: the build runs no Pagefind (for measurement only)."""
ENV = {key: value for key, value in os.environ.items() if key != SKIP_SEARCH_INDEX}
VERSION = "bench"
SEARCH_CONFIG = "mkdocs-search.yml"
"""The export's mkdocs.yml with Material's search plugin switched on, written beside it."""

OURS, PLAIN_SEARCH, OURS_NO_SEARCH, PLAIN = "ours", "plain + search", "ours, no search indexing", "plain, no search"
ROUND = (OURS, PLAIN_SEARCH, OURS_NO_SEARCH, PLAIN)
"""The order of the builds within one round: each pair compared is taken back to back."""
PAIRS = ((OURS, PLAIN_SEARCH), (OURS_NO_SEARCH, PLAIN))
PARTS = ("builds", "weight", "publishing", "preview")

Rows = list[tuple[str, str]]


def parse_size(text: str) -> int:
    return SAMPLE if text == "sample" else int(text.replace(",", "").replace("_", ""))


def size_name(size: int, entries: int) -> str:
    return f"sample ({entries:,} entries)" if size == SAMPLE else f"{entries:,} entries"


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], digits: int = 2) -> str:
    """The median and, when there are several, every value in the order measured."""
    shown = f"{median(values):.{digits}f}"
    return shown if len(values) == 1 else f"{shown} ({', '.join(f'{v:.{digits}f}' for v in values)})"


# ---------------------------------------------------------------------------------------------- builds


@dataclass
class Sized:
    """One size's repository, its export, and every build's measurements."""

    size: int
    root: Path
    export: Path
    out: Path
    entries: int
    pages: int
    runs: dict[str, list[Run]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return size_name(self.size, self.entries)

    def seconds(self, variant: str) -> float:
        return median([r.seconds for r in self.runs[variant]])

    def ratios(self, ours: str, plain: str) -> list[float]:
        return [a.seconds / b.seconds for a, b in zip(self.runs[ours], self.runs[plain])]

    def peak(self, variant: str) -> float:
        return max(r.peak_mib for r in self.runs[variant])

    def site(self, variant: str) -> Path:
        return self.out / variant.replace(" ", "").replace(",", "-").replace("+", "-")


def prepare(work: Path, size: int) -> Sized:
    """A clone at ``size`` entries, its export for plain MkDocs (with and without search), its bytecode."""
    label = "sample" if size == SAMPLE else str(size)
    root = sized_clone(work / f"repo-{label}", size)
    export = work / f"export-{label}"
    run([PYTHON, "build_site.py", "export-docs", str(export)], root, ENV)
    settings = yaml.safe_load((export / "mkdocs.yml").read_text(encoding="utf-8"))
    if settings.get("plugins"):
        raise SystemExit(f"{export / 'mkdocs.yml'}: expected no plugins (plain MkDocs without search), "
                         f"found {settings['plugins']}")
    (export / SEARCH_CONFIG).write_text(yaml.safe_dump({**settings, "plugins": ["search"]}, sort_keys=False,
                                                       allow_unicode=True), encoding="utf-8")
    run([PYTHON, "-m", "compileall", "-q", "academy"], root, ENV)  # as after a user's first build
    pages = sum(1 for _ in (export / "docs").rglob("*.md"))
    return Sized(size, root, export, work / f"out-{label}", entry_count(root), pages)


def command(sized: Sized, variant: str) -> tuple[list[str], Path, dict[str, str]]:
    out = str(sized.site(variant))
    if variant in (OURS, OURS_NO_SEARCH):
        env = {**ENV, SKIP_SEARCH_INDEX: "1"} if variant == OURS_NO_SEARCH else ENV
        return [PYTHON, "build_site.py", "--single-version", VERSION, "--site-dir", out], sized.root, env
    config = SEARCH_CONFIG if variant == PLAIN_SEARCH else "mkdocs.yml"
    return [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(sized.export / config), "-d", out], sized.export, ENV


def build(sized: Sized, variant: str) -> Run:
    """One timed build into an emptied folder (removing the previous output is not timed)."""
    shutil.rmtree(sized.site(variant), ignore_errors=True)
    return run(*command(sized, variant))


def check_outputs(sized: Sized) -> None:
    """Each variant built what it says: search indexes where they belong and nowhere else."""
    expected = {OURS: ("pagefind/pagefind.js", True), OURS_NO_SEARCH: ("pagefind", False),
                PLAIN_SEARCH: ("search/search_index.json", True), PLAIN: ("search/search_index.json", False)}
    for variant, (path, present) in expected.items():
        if (sized.site(variant) / path).exists() != present:
            raise SystemExit(f"{sized.site(variant)}: {path} {'missing' if present else 'present'}; "
                             f"the '{variant}' build is not what it claims to be")


def measure_builds(work: Path, sizes: list[int], repeat: int) -> list[Sized]:
    """Every size's builds, the sizes taken in turn within each round: a round builds each size four ways, so a
    marginal cost per entry compares builds minutes apart, not the first size's rounds with the last's."""
    measured = [prepare(work, size) for size in sizes]
    for sized in measured:
        print(f"builds: {sized.name}, {sized.pages} pages", file=sys.stderr, flush=True)
        sized.runs = {variant: [] for variant in ROUND}
    for variant in ROUND:  # untimed: disk cache, Pagefind's binary, interpreter files
        build(measured[0], variant)
    for number in range(repeat):
        for sized in measured:
            for variant in ROUND:
                sized.runs[variant].append(build(sized, variant))
            print(f"  round {number + 1}, {sized.name}: " + " · ".join(
                f"{variant} {sized.runs[variant][-1].seconds:.2f} s" for variant in ROUND), file=sys.stderr, flush=True)
    for sized in measured:
        check_outputs(sized)
    return measured


def per_entry(sized: Sized, base: Sized, variant: str, cpu: bool = False) -> list[float]:
    """Each round's marginal cost of a library entry in ms: (this size's build - the base size's build in the
    same round) / entries added; wall seconds, or the builds' CPU seconds with ``cpu``."""
    added = sized.entries - base.entries
    value = (lambda r: r.cpu_seconds) if cpu else (lambda r: r.seconds)
    return [1000 * (value(a) - value(b)) / added for a, b in zip(sized.runs[variant], base.runs[variant])]


def build_rows(measured: list[Sized], repeat: int) -> Rows:
    rows: Rows = []
    for sized in measured:
        rows.append((f"{sized.name}, {sized.pages:,} pages: seconds (median of {repeat})",
                     " · ".join(f"{variant} {sized.seconds(variant):.2f}" for variant in ROUND)))
        for ours, plain in PAIRS:
            rows.append((f"{sized.name}: {ours} / {plain} (median of per-round ratios; each round)",
                         spread(sized.ratios(ours, plain))))
        rows.append((f"{sized.name}: peak memory, each command's own (MiB, largest of its runs)",
                     " · ".join(f"{variant} {sized.peak(variant):.0f}" for variant in ROUND)))
    if len(measured) < 2:
        return rows
    base, *larger = sorted(measured, key=lambda s: s.entries)
    for sized in larger:
        added = sized.entries - base.entries
        rows.append((f"ms per library entry, {base.name} to {sized.entries:,} ({added:,} added; median of per-round "
                     "differences; ours each round)",
                     " · ".join(f"{variant} {median(per_entry(sized, base, variant)):.1f}" for variant in ROUND)
                     + f"; ours each round: {', '.join(f'{v:.1f}' for v in per_entry(sized, base, OURS))}"))
        rows.append((f"CPU ms per library entry, {base.name} to {sized.entries:,} (the builds' and their "
                     "children's CPU time, same rounds)",
                     " · ".join(f"{variant} {median(per_entry(sized, base, variant, cpu=True)):.1f}"
                                for variant in ROUND)))
    if len(larger) >= 2:
        middle, top = larger[-2], larger[-1]
        before = median(per_entry(middle, base, OURS))
        after = median([1000 * (t.seconds - m.seconds) / (top.entries - middle.entries)
                        for t, m in zip(top.runs[OURS], middle.runs[OURS])])
        rows.append((f"linearity, ours: {middle.entries:,} to {top.entries:,} entries",
                     f"time x{top.seconds(OURS) / middle.seconds(OURS):.2f} for entries "
                     f"x{top.entries / middle.entries:.2f} and pages x{top.pages / middle.pages:.2f}; "
                     f"ms per added entry {after:.1f} against {before:.1f} below {middle.entries:,}; peak memory "
                     f"x{top.peak(OURS) / middle.peak(OURS):.2f}"))
    return rows


# ---------------------------------------------------------------------------------------------- weight


def gzip_bytes(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def heaviest_module_page(site: Path) -> Path:
    pages = sorted(site.glob("modules/*/index.html"))
    if not pages:
        raise SystemExit(f"{site}: no module pages")
    return max(pages, key=lambda page: gzip_bytes(page.read_bytes()))


def transferred(browser, site: Path, page: Path) -> tuple[int, int, int]:
    """gzip bytes, raw bytes and requests for everything the page loads (files of the site itself)."""
    from tests.conftest import serve_directory

    requested: list[str] = []
    with serve_directory(site) as url:
        tab = browser.new_page()
        tab.on("request", lambda request: requested.append(request.url))
        tab.goto(url + page.parent.relative_to(site).as_posix() + "/")
        tab.wait_for_load_state("networkidle")
        tab.close()
    total_gzip = total_raw = 0
    for address in dict.fromkeys(requested):
        path = site / urlsplit(address).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            data = path.read_bytes()
            total_raw += len(data)
            total_gzip += gzip_bytes(data)
    return total_gzip, total_raw, len(set(requested))


def kb(value: float) -> str:
    return f"{value / 1024:,.0f} KB"


def page_alone(page: Path) -> str:
    data = page.read_bytes()
    return f"{kb(gzip_bytes(data))} gzip ({kb(len(data))} raw)"


def measure_weight(work: Path, measured: list[Sized], sizes: list[int], page_only: list[int]) -> Rows:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM

    rows: Rows = []
    by_size = {s.size: s for s in measured}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for size in sizes:
            sized = by_size.get(size) or prepare(work, size)
            if not (sized.site(OURS) / "index.html").exists():
                build(sized, OURS)
            page = heaviest_module_page(sized.site(OURS))
            gz, raw, requests = transferred(browser, sized.site(OURS), page)
            rows.append((f"{sized.name}: module page transferred ({page.parent.name}, the heaviest; page + CSS "
                         "+ JS + images)", f"{kb(gz)} gzip ({kb(raw)} raw, {requests} requests); page alone "
                                           f"{page_alone(page)}"))
        browser.close()
    for size in page_only:
        sized = prepare(work, size)
        print(f"weight: {sized.name}, one build without search indexing", file=sys.stderr, flush=True)
        seconds = build(sized, OURS_NO_SEARCH).seconds
        page = heaviest_module_page(sized.site(OURS_NO_SEARCH))
        rows.append((f"{sized.name}: module page alone ({page.parent.name}; target under 150 KB gzip)",
                     f"{page_alone(page)}; built in {seconds:.0f} s without search indexing"))
    return rows


# ---------------------------------------------------------------------------------------------- publishing


def cohorts(root: Path) -> list[dict]:
    """cohorts.yml's cohorts as data (values marked !sample read as plain values)."""
    from academy.sources import parse_yaml

    text = (root / "cohorts.yml").read_text(encoding="utf-8")
    return parse_yaml(text, "cohorts.yml", allow_sample=True).data["cohorts"]


def next_cohort(root: Path) -> tuple[str, str, str]:
    """(newest cohort's id, the next cohort's id, its start): whole weeks after the newest, once it ended."""
    newest = max(cohorts(root), key=lambda cohort: cohort["start"])
    start: dt.date = newest["start"] + dt.timedelta(weeks=52)
    while start <= newest["end"]:
        start += dt.timedelta(weeks=1)
    taken = {cohort["id"] for cohort in cohorts(root)}
    new_id = f"{start.year}-{(start.year + 1) % 100:02d}"
    while new_id in taken:
        new_id += "-next"
    return newest["id"], new_id, start.isoformat()


def add_cohort(root: Path) -> tuple[str, Run]:
    """What staff do: add the next cohort (which pins the newest), keep the newest's bytes, commit.
    Returns the new cohort's id and the keeping step's run."""
    newest, new_id, start = next_cohort(root)
    run([PYTHON, "build_site.py", "new-cohort", new_id, "--from", newest, "--start", start], root, ENV)
    kept = run([PYTHON, "build_site.py", "publish", newest], root, ENV)
    commit(root, f"cohort {new_id}; {newest} kept")
    return new_id, kept


@dataclass
class Publishing:
    existing: int
    root: Path
    newest: str
    keep: Run
    first: Run
    whole: list[Run] = field(default_factory=list)
    one: list[Run] = field(default_factory=list)

    def ratios(self, cpu: bool = False) -> list[float]:
        if cpu:
            return [w.cpu_seconds / o.cpu_seconds for w, o in zip(self.whole, self.one)]
        return [w.seconds / o.seconds for w, o in zip(self.whole, self.one)]


ONE_VERSION = "one-version"
"""Where one version's build writes, inside each copy beside its ``site/``: see :func:`one_version`."""


def one_version(result: Publishing) -> Run:
    """One version's build of the copy's working tree (its newest cohort) into the folder ``ONE_VERSION`` of the
    copy, replacing the version its previous build wrote there.

    Beside ``site/``, so both builds write their files into new folders of the same folder: on this machine's
    ext4 disk the kernel time of creating the same files differed by up to 2x from one folder of the disk to
    another (0.36 s against 0.67 s CPU for 750 files and folders, alternated), so a denominator written
    elsewhere gave each count's ratio another bias.  Replacing, not into an emptied folder: the whole build
    deletes the previous build's newest version within its time, and a deletion can wait on the disk (up to
    1.6 s was seen), so one version's build deletes its previous version within its time too."""
    out = result.root / ONE_VERSION
    return run([PYTHON, "build_site.py", "--single-version", result.newest, "--site-dir", str(out)], result.root, ENV)


def round_order(results: list[Publishing], number: int) -> list[tuple[Publishing, str]]:
    """Round ``number``'s builds: the counts rotated by the round number, and within each count one version's
    build first in odd rounds (1, 3, ...) and the whole site first in even ones."""
    shift = number % len(results)
    kinds = ("one", "whole") if number % 2 == 0 else ("whole", "one")
    return [(result, kind) for result in results[shift:] + results[:shift] for kind in kinds]


def same_files(one: Path, newest: Path) -> str | None:
    """What differs between one version's build and the whole site's newest version (None: nothing)."""
    from filecmp import cmp

    from academy.versions.tree import tree_files

    files, expected = tree_files(one), tree_files(newest)
    if files != expected:
        return f"{len(set(files) ^ set(expected))} files differ in name, e.g. {sorted(set(files) ^ set(expected))[:3]}"
    changed = [name for name in files if not cmp(one / name, newest / name, shallow=False)]
    return f"{len(changed)} files differ in content, e.g. {changed[:3]}" if changed else None


def measure_publishing(work: Path, versions: list[int], repeat: int) -> list[Publishing]:
    """One repository per count of versions, each a copy taken as staff reach that count and add one more
    cohort; then rounds that build each of them (one version's build and the whole site; order alternated and
    rotated: :func:`round_order`), so the counts are compared within a round."""
    root = sized_clone(work / "publishing")
    run([PYTHON, "-m", "compileall", "-q", "academy"], root, ENV)
    results = []
    for existing in sorted(set(versions)):
        while len(cohorts(root)) < existing:
            add_cohort(root)
        if len(cohorts(root)) > existing:
            raise SystemExit(f"publishing: the sample already has {len(cohorts(root))} versions, more than "
                             f"{existing}; ask for at least that many")
        print(f"publishing: {existing} versions exist; adding one", file=sys.stderr, flush=True)
        run([PYTHON, "build_site.py"], root, ENV)  # the site as published so far (untimed)
        new_id, kept = add_cohort(root)
        copy = work / f"publishing-{existing}"
        shutil.copytree(root, copy, symlinks=True)  # site/ and .cache/ too: as staff's working copy is
        first = run([PYTHON, "build_site.py"], copy, ENV)
        result = Publishing(existing, copy, new_id, kept, first)
        results.append(result)
        # Untimed: the build after the first reads every placed file once more (see the module's docstring), and
        # the copy's first one-version build.
        run([PYTHON, "build_site.py"], copy, ENV)
        one_version(result)
    for number in range(repeat):
        for result, kind in round_order(results, number):
            if kind == "one":
                result.one.append(one_version(result))
            else:
                result.whole.append(run([PYTHON, "build_site.py"], result.root, ENV))
        for result in results:
            print(f"  round {number + 1}, {result.existing} versions: one version {result.one[-1].seconds:.2f} s, "
                  f"whole site {result.whole[-1].seconds:.2f} s", file=sys.stderr, flush=True)
    for result in results:  # untimed: the denominator builds the very version the whole build builds
        one_version(result)
        problem = same_files(result.root / ONE_VERSION, result.root / "site" / result.newest)
        if problem:
            raise SystemExit(f"publishing, {result.existing} versions: one version's build is not the whole "
                             f"site's newest version: {problem}")
    return results


def publishing_rows(results: list[Publishing], repeat: int) -> Rows:
    rows: Rows = []
    for result in results:
        rows.append((f"publish one new cohort when {result.existing} versions exist: the whole build",
                     f"{median([r.seconds for r in result.whole]):.2f} s (median of {repeat}); "
                     f"x{spread(result.ratios())} one version's build "
                     f"({median([r.seconds for r in result.one]):.2f} s; in CPU seconds "
                     f"x{median(result.ratios(cpu=True)):.2f}); first build "
                     f"{result.first.seconds:.2f} s (unpacks the version just kept); keeping the previous "
                     f"cohort (`publish`) {result.keep.seconds:.1f} s; peak "
                     f"{max(r.peak_mib for r in result.whole):.0f} MiB"))
    if len(results) >= 2:
        low = results[0]
        for high in results[1:]:
            # Per round: the whole build's ratio to one version's build at this count against the same at the
            # lowest count, all four builds from one round.
            relative = [h / l for h, l in zip(high.ratios(), low.ratios())]
            relative_cpu = [h / l for h, l in zip(high.ratios(cpu=True), low.ratios(cpu=True))]
            growth = [h.seconds / l.seconds for h, l in zip(high.whole, low.whole)]
            rows.append((f"publishing, {high.existing} versions against {low.existing}: ratio to one version's "
                         "build (median of per-round quotients; target within 10%)",
                         f"x{spread(relative)}; in CPU seconds x{spread(relative_cpu)}; whole build "
                         f"x{spread(growth)} (the newest version has {high.existing - low.existing} more "
                         "cohorts' pages too)"))
    return rows


# ---------------------------------------------------------------------------------------------- preview


PREVIEW_ROW = "preview latency (save to served page changed)"


def preview_rows(work: Path, sizes: list[int], edits: int) -> Rows:
    """Preview latency from tests/benchmarks/preview_latency.py (``latency_rows``: one clone per size,
    ``edits`` module edits and entry edits, alternated); a row saying so when that script is missing."""
    try:
        from tests.benchmarks.preview_latency import latency_rows
    except ImportError as exc:
        return [(PREVIEW_ROW, f"not measured: tests/benchmarks/preview_latency.py has no latency_rows ({exc})")]
    return latency_rows(sizes, edits, work)


# ---------------------------------------------------------------------------------------------- the table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=parse_size, nargs="+", default=None, metavar="SIZE",
                        help="library sizes: 'sample' or a number of entries (default: sample 1000 5000)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds of alternated builds (default 3)")
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS), help="default: all")
    parser.add_argument("--page-only", type=parse_size, nargs="*", default=None, metavar="SIZE",
                        help="sizes at which only the module page is weighed (default 10000; none: --page-only)")
    parser.add_argument("--preview-sizes", type=parse_size, nargs="+", default=None, metavar="SIZE",
                        help="library sizes the preview is timed at (default: sample 1000)")
    parser.add_argument("--versions", type=int, nargs="+", default=None,
                        help="publishing: versions existing when one is added (default 2 5 10)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: sizes sample 150, page only at 300, versions 2 3, one round, "
                             "preview at the sample size with 2 edits of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    quick = args.quick
    sizes = args.sizes or ([SAMPLE, 150] if quick else [SAMPLE, 1000, 5000])
    repeat = args.repeat or (1 if quick else 3)
    page_only = args.page_only if args.page_only is not None else ([300] if quick else [10000])
    versions = args.versions or ([2, 3] if quick else [2, 5, 10])
    preview_sizes = args.preview_sizes or ([SAMPLE] if quick else [SAMPLE, 1000])

    started, load_at_start = dt.datetime.now(dt.timezone.utc), load_average()
    rows: Rows = []
    work = Path(tempfile.mkdtemp(prefix="academy-bench-"))
    try:
        measured = measure_builds(work, sizes, repeat) if "builds" in args.parts else []
        rows += build_rows(measured, repeat)
        if "weight" in args.parts:
            rows += measure_weight(work, measured, sizes, page_only)
        if "publishing" in args.parts:
            rows += publishing_rows(measure_publishing(work, versions, repeat), repeat)
        if "preview" in args.parts:
            rows += preview_rows(work, preview_sizes, 2 if quick else 7)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    minutes = (dt.datetime.now(dt.timezone.utc) - started).total_seconds() / 60
    invocation = " ".join(["site_performance.py", *(argv if argv is not None else sys.argv[1:])])
    header: Rows = [
        ("date, command", f"{started:%Y-%m-%d %H:%M} UTC, `{invocation}`, {minutes:.0f} min"),
        ("machine", f"{os.cpu_count()} cores, {cpu_model()}; load average (1 / 5 / 15 min) {load_at_start} at "
                    f"start, {load_average()} at end"),
        ("software", software()),
    ]
    print("| measure | result |\n|---|---|")
    for name, value in header + rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
