"""Site search for the live preview: Pagefind indexes the served folder in the background, once editing pauses.

Indexing every page takes Pagefind about 1.6 ms a page, too long to wait for on every save, so the preview
renders without it and a :class:`DeferredIndex` thread indexes the folder once no change has come for
:data:`IDLE_SECONDS`.  Pagefind writes into a hidden folder of the site (``.pagefind-next/``, the same bytes
as ``pagefind/``: the folder's name is not in the bundle) which then replaces ``pagefind/``; the catalog's
``search-pages.json`` follows (:func:`academy.search_index.link_catalog`).  A save while Pagefind runs
stops it (:meth:`DeferredIndex.interrupt`): the preview renders at once, and indexing starts again after
the next pause.  The ``lock`` is the preview's: the folder is never rendered and indexed at the same time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from .search_index import BUNDLE_DIR, link_catalog, pagefind_command

IDLE_SECONDS = 2.0
"""How long no change must come before the preview's search is indexed again."""
NEXT_DIR = ".pagefind-next"


class DeferredIndex:
    """Keeps the preview's ``pagefind/`` up to date in the background (one daemon thread)."""

    def __init__(self, site_dir: Path, lock: threading.Lock, idle_seconds: float = IDLE_SECONDS) -> None:
        self.site_dir = site_dir
        self.lock = lock
        self.idle_seconds = idle_seconds
        self._cond = threading.Condition()
        self._stale_since: float | None = None
        self._canceled = False
        self._process: subprocess.Popen[str] | None = None
        self._stopped = False
        self.indexed = threading.Event()
        """Set while ``pagefind/`` matches the pages (cleared by :meth:`stale`)."""
        self._thread = threading.Thread(target=self._run, name="preview-search", daemon=True)
        self._thread.start()

    def stale(self) -> None:
        """The pages changed: index them once no change has come for a while."""
        with self._cond:
            self.indexed.clear()
            self._stale_since, self._canceled = time.monotonic(), False
            self._cond.notify_all()

    def interrupt(self) -> None:
        """A change is about to be rendered: stop Pagefind if it runs (call before taking the lock)."""
        with self._cond:
            self._canceled = True
            self._stale_since = None
            if self._process is not None:
                self._process.kill()

    def stop(self) -> None:
        self.interrupt()
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and not self._due():
                    self._cond.wait(timeout=self._wait())
                if self._stopped:
                    return
                self._stale_since = None
            self._index()

    def _due(self) -> bool:
        return self._stale_since is not None and time.monotonic() - self._stale_since >= self.idle_seconds

    def _wait(self) -> float | None:
        if self._stale_since is None:
            return None
        return max(0.05, self.idle_seconds - (time.monotonic() - self._stale_since))

    def _index(self) -> None:
        started = time.monotonic()
        with self.lock:
            target, staging = self.site_dir / BUNDLE_DIR, self.site_dir / NEXT_DIR
            shutil.rmtree(staging, ignore_errors=True)
            command = pagefind_command(self.site_dir, NEXT_DIR)
            with self._cond:
                if self._canceled:
                    return
                try:
                    self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                     stdin=subprocess.DEVNULL, text=True)
                except OSError as exc:
                    print(f"Site search: pagefind could not run: {exc}", file=sys.stderr)
                    return
            output = self._process.communicate()[0]
            with self._cond:
                code, canceled, self._process = self._process.returncode, self._canceled, None
            if canceled or code != 0 or not (staging / "pagefind.js").exists():
                shutil.rmtree(staging, ignore_errors=True)
                if not canceled:
                    print(f"Site search: pagefind failed: {' '.join(output.split())[:300]}", file=sys.stderr)
                return
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
            problems = link_catalog(self.site_dir)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            self.indexed.set()
            print(f"Site search indexed again ({time.monotonic() - started:.1f} s)", file=sys.stderr)
