#!/usr/bin/env python3
"""Ours against plain MkDocs + Material (with its search) in CPU seconds as well as wall seconds.

Run by hand (pytest does not collect it), from the repository root:

    .venv/bin/python tests/benchmarks/cpu_ratios.py [--sizes sample 1000 5000] [--repeat 3]

On a machine that other work shares, wall seconds swing by a factor of two from one build to the next; the
CPU seconds a build used (its own and its children's, Pagefind's included: ``os.wait4``) swing much less.
The same clones, exports and commands as site_performance.py's "builds" part (ours: ``build_site.py
--single-version``; plain: ``mkdocs build`` of the export-docs tree with Material's search plugin), the two
alternated in each round; per size: medians, the median of per-round ratios, and ms per entry as the
marginal cost from the first size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.site_performance import OURS, PLAIN_SEARCH, command, parse_size, prepare  # noqa: E402


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process and the children it waited for, peak MiB of the largest)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_size, nargs="+", default=[parse_size("sample"), 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", default=None, metavar="REVISION",
                        help="build with the generator as of this commit (same content): a before/after figure")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cpu-ratios-"))
    rows, first = [], None
    try:
        for size in args.sizes:
            sized = prepare(work, size)
            if args.code:
                for name in ("academy", "theme"):
                    shutil.rmtree(sized.root / name)
                subprocess.run(["git", "checkout", "-q", args.code, "--", "academy", "theme", "build_site.py",
                                "mkdocs.yml"], cwd=sized.root, check=True)
            runs: dict[str, list[tuple[float, float, float]]] = {OURS: [], PLAIN_SEARCH: []}
            for variant in runs:  # untimed: disk cache and bytecode
                shutil.rmtree(sized.site(variant), ignore_errors=True)
                timed(*command(sized, variant))
            for _ in range(args.repeat):
                for variant in runs:
                    shutil.rmtree(sized.site(variant), ignore_errors=True)
                    runs[variant].append(timed(*command(sized, variant)))
            median = {v: (statistics.median(r[0] for r in runs[v]), statistics.median(r[1] for r in runs[v]))
                      for v in runs}
            ratio_wall = statistics.median(a[0] / b[0] for a, b in zip(runs[OURS], runs[PLAIN_SEARCH]))
            ratio_cpu = statistics.median(a[1] / b[1] for a, b in zip(runs[OURS], runs[PLAIN_SEARCH]))
            per_entry = ""
            if first is None:
                first = (sized.entries, median)
            else:
                added = sized.entries - first[0]
                per_entry = " · ".join(
                    f"{v} {1000 * (median[v][i] - first[1][v][i]) / added:.1f} ms {kind}"
                    for v in runs for i, kind in ((0, "wall"), (1, "CPU")))
            rows.append(f"| {args.code or 'HEAD'}: {sized.entries} entries, {sized.pages} pages | ours {median[OURS][0]:.2f} s wall, "
                        f"{median[OURS][1]:.2f} s CPU · plain + search {median[PLAIN_SEARCH][0]:.2f} s wall, "
                        f"{median[PLAIN_SEARCH][1]:.2f} s CPU | wall {ratio_wall:.2f} · CPU {ratio_cpu:.2f} "
                        f"| {per_entry} | ours {max(r[2] for r in runs[OURS]):.0f} · plain + search "
                        f"{max(r[2] for r in runs[PLAIN_SEARCH]):.0f} |")
            print(rows[-1], file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {os.getloadavg()}")
    print("| size | medians of " + str(args.repeat) + " | ours / plain + search (median of per-round ratios) "
          "| per entry (marginal from the first size) | peak MiB |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
