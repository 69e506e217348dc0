#!/usr/bin/env python3
"""Benchmark: live preview latency, from saving a file to the served page changing.

Run by hand (pytest does not collect it), from the repository root:

    .venv/bin/python tests/benchmarks/preview_latency.py [--entries 1000] [--repeat 7]

It makes a git clone of this repository (synthetic_library.py's ``sized_clone``; ``--entries N`` tops the
library up to N entries), starts ``build_site.py serve`` on a free port and waits for the first render.
Then, ``--repeat`` times each, alternated:

- **module edit**: a sentence with a new marker word is written into a module's Markdown (one ``write``
  of the whole file, as an editor saves it);
- **entry edit**: a library entry's title gets a new marker word (its page, the catalog, the feed and
  the module pages that list it change);

and the clock runs from just after the write to the first HTTP answer for the edited page (the module's
page; the entry's page) that contains the marker, polled every 10 ms over one connection at a time.
The server reads the edit itself (inotify), plans the working tree and renders what changed.  Between
edits it waits until the preview has been idle for half a second.  Reported: median, fastest and slowest
of the runs, the first render's time, and the machine's load average before and after.

The benchmark harness (site_performance.py) can call :func:`latency_rows` (one row per size and edit) or
:func:`measure` (one clone).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.benchmarks.synthetic_library import SAMPLE, sized_clone  # noqa: E402

POLL_SECONDS = 0.01
STARTUP_TIMEOUT = 600.0
EDIT_TIMEOUT = 120.0


@dataclass
class Latency:
    """One clone's measurements, in seconds."""

    entries: int
    first_render: float
    module_edit: list[float] = field(default_factory=list)
    entry_edit: list[float] = field(default_factory=list)
    load_before: str = ""
    load_after: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=EDIT_TIMEOUT)
    try:
        connection.request("GET", path)
        return connection.getresponse().read().decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        connection.close()


def _wait_for(port: int, path: str, text: str, timeout: float) -> float:
    """Poll ``path`` until its body contains ``text``; returns the moment it did (time.monotonic())."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in _get(port, path):
            return time.monotonic()
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{path} never showed {text!r}")


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} / {five:.2f} (1 / 5 min, {os.cpu_count()} cores)"


def _url(src: Path, docs: Path) -> str:
    return "/" + src.relative_to(docs).with_suffix("").as_posix() + "/"


def _timed_edit(path: Path, port: int, page: str, old: str, new: str, marker: str) -> float:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    edited = text.replace(old, new, 1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(edited)
    saved = time.monotonic()
    return _wait_for(port, page, marker, EDIT_TIMEOUT) - saved


def _wait_idle(output: Path, seconds: float = 0.5) -> None:
    """Wait until the server's log has not grown for ``seconds`` (it is idle)."""
    size = -1
    while output.stat().st_size != size:
        size = output.stat().st_size
        time.sleep(seconds)


def measure(root: Path, repeat: int = 7) -> Latency:
    """Serve the repository at ``root`` and time ``repeat`` module edits and entry edits, alternated."""
    python = str(REPO / ".venv/bin/python") if (REPO / ".venv/bin/python").exists() else sys.executable
    port = _free_port()
    log = root.parent / f"serve-{port}.log"
    module = sorted((root / "curriculum/modules").glob("*.md"))[1]
    entry = sorted(p for p in (root / "library").glob("*.yml") if p.name != "vocabulary.yml")[0]
    module_page, entry_page = _url(module, root / "curriculum"), f"/library/{entry.stem}/"
    load_before = _load()
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen([python, "build_site.py", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        first = _wait_for(port, module_page, "</html>", STARTUP_TIMEOUT) - started
        result = Latency(_count_entries(root), first, load_before=load_before)
        for run in range(repeat):
            _wait_idle(log)
            marker = f"previewmarker{run}x{time.monotonic_ns()}"
            result.module_edit.append(_timed_edit(module, port, module_page, "\n## ", f"\nSaved {marker}.\n\n## ",
                                                  marker))
            _wait_idle(log)
            marker = f"entrymarker{run}x{time.monotonic_ns()}"
            result.entry_edit.append(_timed_edit(entry, port, entry_page, "title: ", f"title: {marker} ", marker))
        result.load_after = _load()
        return result
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _count_entries(root: Path) -> int:
    return sum(1 for p in (root / "library").glob("*.yml") if p.name != "vocabulary.yml")


def _summary(runs: list[float]) -> str:
    return (f"{statistics.median(runs):.2f} s median ({min(runs):.2f}-{max(runs):.2f} s over {len(runs)} runs)"
            if runs else "not measured")


def latency_rows(sizes: list[int], repeat: int = 7, work: Path | None = None) -> list[tuple[str, str]]:
    """One row per size and kind of edit: ``sizes`` as site_performance.py's (``SAMPLE`` or entries in all)."""
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="preview-latency-", dir=work) as folder:
        for size in sizes:
            root = sized_clone(Path(folder) / f"clone-{size}", size)
            result = measure(root, repeat)
            label = "sample" if size == SAMPLE else f"{result.entries:,} entries"
            rows += [(f"preview, module edit -> served page changed ({label})", _summary(result.module_edit)),
                     (f"preview, library entry edit -> served page changed ({label})", _summary(result.entry_edit)),
                     (f"preview, first render at start ({label})", f"{result.first_render:.1f} s"),
                     (f"preview, load average before / after ({label})", f"{result.load_before}; {result.load_after}")]
            shutil.rmtree(root, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=SAMPLE,
                        help="top the library up to this many entries (default: the sample as it is)")
    parser.add_argument("--repeat", type=int, default=7, help="edits of each kind (default 7)")
    args = parser.parse_args()
    for name, value in latency_rows([args.entries], args.repeat):
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
