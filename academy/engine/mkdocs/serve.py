"""``python build_site.py serve``: a live preview of the working tree that renders again only what changed.

On every saved change the working tree is planned again (:func:`academy.plan.load_site`, keeping what
:mod:`academy.reuse` keeps between plans: a scanner that remembers every page's headings and links, so only
changed Markdown is parsed, and the results of the costliest per-file steps, reused when their input text is
the same) and the plan goes to
one :class:`~.preview.PreviewRenderer`, which renders again only the pages whose inputs changed and writes
byte for byte what a full build of the same tree writes.  MkDocs' live-reload server serves the folder and
reloads open pages.  A plan with problems does not leave the browser on the old page: every page then
answers with a page listing the problems as ``path:line:col: message`` lines (the same lines as the
terminal and ``build_site.py``), and reloads by itself once the site renders again.

Site search is deferred: Pagefind indexes the folder in the background once no change has come for two
seconds (:mod:`academy.deferred_search`); the terminal says when the index is stale and when it is ready.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from ...build_date import BuildDates
from ...deferred_search import DeferredIndex
from ...plan import load_site
from ...problems import ContentError, Problem
from ...reuse import Reuse
from ...site_config import CONFIG_FILE, load_site_config
from ...templating import render
from .preview import ALWAYS_RENDERED, PreviewRenderer, Update

WATCHED = ("curriculum", "library", "cohorts.yml", "calendar-sequence.yml", "public-contacts.yml", "mkdocs.yml",
           "theme")
"""What the preview watches, relative to the repository (the docs folder too)."""
CHANGES = frozenset({watchdog.events.EVENT_TYPE_CREATED, watchdog.events.EVENT_TYPE_DELETED,
                     watchdog.events.EVENT_TYPE_MODIFIED, watchdog.events.EVENT_TYPE_MOVED,
                     watchdog.events.EVENT_TYPE_CLOSED})
"""File events that change what the preview shows (not opening or reading a file, nor its access time)."""

_PROBLEMS_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: {{ problems | length }} problem{{ "" if problems | length == 1 else "s" }} to fix</title>
<style>
body { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 60rem;
       padding: 1rem; line-height: 1.5; }
h1 { color: #8a1c1c; font-size: 1.5rem; }
ol { padding-left: 1.5rem; }
li { margin: 0.5rem 0; }
code { font-family: ui-monospace, monospace; font-size: 0.95rem; overflow-wrap: break-word; }
</style>
</head>
<body>
<main>
<h1>The preview could not be built</h1>
<p>Fix {{ "this line" if problems | length == 1 else "these lines" }} and save: this page reloads by itself
when the site builds again.</p>
<ol>
{% for problem in problems %}<li><code>{{ problem }}</code></li>
{% endfor %}</ol>
</main>
</body>
</html>
"""


def problems_page(problems: Iterable[Problem]) -> str:
    """The page every address shows while the preview cannot be built (every value escaped)."""
    return render(_PROBLEMS_PAGE, problems=[str(p) for p in sorted(problems)])


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers every page with the problems page while the preview is failing.

    It is told of changes by the operating system (inotify) rather than by polling every half second, so a
    saved file is picked up at once.
    """

    problems: list[Problem] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = watchdog.observers.Observer()
        self.build_delay = 0.05  # wait this long for a burst of saves (an editor's) to end

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """Rebuild when a file under ``path`` is written, created, deleted or moved.  Unlike MkDocs' own
        (which polls, so sees only changes), not when one is opened or read: the rebuild reads them all."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1

        def changed(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in CHANGES:
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO", "")
        if self.problems and not path.startswith("/livereload/") and (path.endswith("/") or
                                                                     path.endswith(".html")):
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
            content = self._inject_js_into_html(problems_page(self.problems).encode("utf-8"), epoch)
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(content)))])
            return [content]
        return super()._serve_request(environ, start_response)


class Preview:
    """Plans the working tree and renders it into the served folder, keeping what it can between changes."""

    def __init__(self, root: Path, site_dir: Path, dates: BuildDates | None = None, debug: bool = False) -> None:
        self.root = root
        self.dates = dates
        self.renderer = PreviewRenderer(root, site_dir)
        self.reuse = Reuse()
        self.debug = debug
        self.problems: list[Problem] = []

    def rebuild(self) -> Update | None:
        """Plan and render the working tree; problems are kept (and printed) rather than raised."""
        started = time.monotonic()
        try:
            with self.reuse.plan():
                site = load_site(self.root, dates=self.dates)
            update = self.renderer.update(site)
        except ContentError as exc:
            self._fail([p for p in exc.problems if p.severity == "error"] or exc.problems)
            return None
        except Exception as exc:  # a bug, not a content problem: keep serving, say what happened
            if self.debug:
                traceback.print_exc()
            self._fail([Problem(CONFIG_FILE, 1, 1, f"internal error: {type(exc).__name__}: {exc} "
                                                   "(run serve with --debug to see the traceback, and report it)")])
            return None
        self.problems = []
        for warning in site.warnings:
            print(warning, file=sys.stderr)
        seconds = time.monotonic() - started
        if update.full:
            print(f"Rendered the whole preview ({len(update.pages)} pages) in {seconds:.1f} s", file=sys.stderr)
        else:
            count = len(update.pages)
            print(f"Rendered {count} page{'' if count == 1 else 's'} again in {seconds:.2f} s", file=sys.stderr)
        return update

    def _fail(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        for problem in self.problems:
            print(problem, file=sys.stderr)
        count = len(self.problems)
        print(f"error: {count} problem{'s' if count != 1 else ''} found; the preview shows them until they are "
              "fixed", file=sys.stderr)


@contextlib.contextmanager
def _stopped_like_ctrl_c(signals: Iterable[int] = (signal.SIGTERM, signal.SIGHUP)) -> Iterator[None]:
    """``kill``, a closed terminal or an editor stopping its task end the preview as Ctrl+C does, so it removes
    its folder (without this, Python's default for SIGTERM ends the process before any ``finally`` runs)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, interrupt) for number in signals}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def serve(root: Path, dev_addr: str, dates: BuildDates | None = None, debug: bool = False) -> None:
    """Serve a live preview of the repository at ``root`` until interrupted (Ctrl+C, SIGTERM or SIGHUP)."""
    with _stopped_like_ctrl_c():
        _serve(root.resolve(), dev_addr, dates, debug)


def _serve(root: Path, dev_addr: str, dates: BuildDates | None, debug: bool) -> None:
    host, _, port = dev_addr.rpartition(":")
    site_url = load_site_config(root).site_url if (root / CONFIG_FILE).is_file() else None
    mount_path = urlsplit(site_url or "/").path
    site_dir = Path(tempfile.mkdtemp(prefix="academy-preview-"))
    preview = Preview(root, site_dir, dates, debug)
    server = PreviewServer(builder=lambda: None, host=host or "127.0.0.1", port=int(port), root=str(site_dir),
                           mount_path=mount_path)
    lock = threading.Lock()
    search = DeferredIndex(site_dir, lock)

    def builder() -> None:
        print("Rendering the preview...", file=sys.stderr)
        search.interrupt()
        with lock:
            update = preview.rebuild()
        server.problems = preview.problems
        if update is not None and (update.full or update.pages != list(ALWAYS_RENDERED) or update.files):
            if search.indexed.is_set() or update.full:
                print(f"Site search is stale until the preview has been idle for {search.idle_seconds:.0f} s",
                      file=sys.stderr)
            search.stale()

    server.builder = builder
    try:
        builder()
        docs_dir = load_site_config(root).docs_dir if (root / CONFIG_FILE).is_file() else "curriculum"
        for name in dict.fromkeys((docs_dir, *WATCHED)):
            if (root / name).exists():
                server.watch(str(root / name))
        print(f"Serving the preview at {server.url} (Ctrl+C stops it)", file=sys.stderr)
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Shutting down...", file=sys.stderr)
        finally:
            server.shutdown()
    finally:
        search.stop()
        with lock:
            shutil.rmtree(site_dir, ignore_errors=True)
