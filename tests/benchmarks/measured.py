"""One command's wall-clock time, CPU time and its own peak memory; the machine a benchmark ran on.

Peak memory is ``ru_maxrss`` of the one child, read by ``os.wait4`` when it ends: the largest resident set
of that process and of the processes it waited for (for a build, the Python process or Pagefind, whichever
peaked higher), never a figure carried over from earlier commands as ``getrusage(RUSAGE_CHILDREN)`` is.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    cpu_seconds: float = 0.0
    """User + system CPU seconds of the command and of the processes it waited for (Pagefind's included)."""


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` (which must succeed) and measure it; its output is kept only to report a failure."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        if process.returncode != 0:
            output.seek(0)
            tail = output.read().decode("utf-8", "replace")[-3000:]
            raise SystemExit(f"{' '.join(map(str, command))} (in {cwd}) failed with {process.returncode}:\n{tail}")
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)  # Linux reports KiB


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def software() -> str:
    return (f"Python {sys.version.split()[0]}, MkDocs {package_version('mkdocs')}, "
            f"Material {package_version('mkdocs-material')}, Pagefind {package_version('pagefind_bin')}")
