"""``python build_site.py serve``: MkDocs' live-reload server over the working tree, mistakes shown in the browser.

Like ``mkdocs serve``, it rebuilds into a temporary folder when a watched file changes and reloads open
pages.  Unlike it, a rebuild that fails does not leave the browser on the old page waiting: every page
then answers with a page listing the problems as ``path:line:col: message`` lines (the same lines as the
terminal and ``build_site.py``), and reloads by itself once a rebuild succeeds.  The preview builds in
strict mode like the real build, so a broken link or anchor is a problem with its line too.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.livereload import LiveReloadServer, _serve_url

from ...problems import ERROR, PROBLEM_LINE, WARNING, Problem
from ...templating import render
from .log import problem_from_record

log = logging.getLogger("academy.preview")


def problems_from_record(record: logging.LogRecord) -> list[Problem]:
    """The problems a log record stands for: the plan's ``path:line:col`` lines, else MkDocs' own message."""
    message = record.getMessage().strip()
    lines = message.splitlines()
    if record.levelno >= logging.WARNING and lines and all(PROBLEM_LINE.match(line) for line in lines):
        found = []
        for line in lines:
            match = PROBLEM_LINE.match(line)
            assert match is not None
            text, severity = match["message"], ERROR
            if text.startswith("warning: "):
                text, severity = text.removeprefix("warning: "), WARNING
            found.append(Problem(match["path"], int(match["line"]), int(match["col"]), text, severity))
        return found
    problem = problem_from_record(record)
    return [problem] if problem is not None else []

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


class _TerminalAndCollector(logging.Handler):
    """MkDocs' messages to the terminal, problems in the project's own ``path:line:col`` form, and kept."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = problems_from_record(record)
        if found:
            self.problems.extend(found)
            for problem in found:
                print(problem, file=sys.stderr)
        elif record.levelno >= logging.INFO and not record.getMessage().startswith("Aborted with"):
            print(record.getMessage(), file=sys.stderr)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers every page with the problems page while a build is failing."""

    problems: list[Problem] = []

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


def serve(root: Path, dev_addr: str) -> None:
    """Serve a live preview of the repository at ``root`` until interrupted."""
    config_file = str(root / "mkdocs.yml")
    site_dir = tempfile.mkdtemp(prefix="academy-preview-")
    mkdocs_logger = logging.getLogger("mkdocs")
    collector = _TerminalAndCollector()
    mkdocs_logger.handlers[:] = [collector]
    mkdocs_logger.setLevel(logging.INFO)
    mkdocs_logger.propagate = False
    # Library entries are deliberately left out of the navigation; MkDocs lists them all at INFO level.
    logging.getLogger("mkdocs.structure.nav").setLevel(logging.WARNING)

    def get_config():
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr, strict=True)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=mount_path)

    def builder(config=None) -> None:
        print("Building the preview...", file=sys.stderr)
        collector.problems = []
        try:
            config = config or get_config()
            config.site_url = serve_url
            mkdocs_build(config, serve_url=serve_url)
        except (Abort, ConfigurationError) as exc:
            errors = [p for p in collector.problems if p.severity == ERROR] or \
                [Problem("mkdocs.yml", 1, 1, str(exc) or "the build stopped without a reason")]
            server.problems = errors
            print(f"error: {len(errors)} problem{'s' if len(errors) != 1 else ''} found; the preview shows "
                  "them until they are fixed", file=sys.stderr)
            return
        server.problems = []

    server.builder = builder
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(config_file)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Shutting down...", file=sys.stderr)
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
