"""One build at a time per repository: an advisory lock on ``.cache/build.lock``.

The commands that write ``site/``, the build cache or a tracked file (build, --single-version, publish,
republish, pin, new-cohort, --update-ledger) hold the lock while they work.  A second command started meanwhile says once that it
is waiting, then waits for the first to finish: builds never share a half-written cache entry or site
folder.  The lock is released by the operating system when the process ends, so a killed build never
leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import Callable, Iterator

LOCK_FILE = Path(".cache") / "build.lock"


@contextlib.contextmanager
def repository_lock(root: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the repository's build lock for the duration of the block; ``say`` tells the person waiting."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            say(f"waiting: another build of this repository is running ({_holder(path)}); "
                "this one starts when it ends")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "process id unknown"
