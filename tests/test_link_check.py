"""The link checker against a local HTTP server that answers 200, 301, 302, 404, 410, slowly, or resets."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import socket
import struct
import threading
import time
from pathlib import Path
from typing import Iterator

from academy.plan import load_site
from academy.link_check import Target, check, http_fetcher, summary_table, targets, update_checked

from .conftest import make_site, run_build


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        if path == "/ok":
            self._answer(200)
        elif path == "/moved":
            self._answer(301, location="/ok")
        elif path == "/found-elsewhere":
            self._answer(302, location="/ok")
        elif path == "/missing":
            self._answer(404)
        elif path == "/gone":
            self._answer(410)
        elif path == "/slow":
            time.sleep(1.5)
            self._answer(200)
        elif path == "/reset":
            # SO_LINGER 0 makes close() send a TCP reset instead of an orderly shutdown.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        else:
            self._answer(404)

    def _answer(self, status: int, location: str | None = None) -> None:
        body = b"<!doctype html><title>t</title>"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up on /slow is expected


@contextlib.contextmanager
def local_server() -> Iterator[str]:
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_each_kind_of_answer_gets_its_own_outcome() -> None:
    with local_server() as base:
        found = [Target(f"{base}/{name}", "library/x.yml", n, 6) for n, name in enumerate(
            ["ok", "moved", "found-elsewhere", "missing", "gone", "slow", "reset"], start=1)]
        report = check(found, http_fetcher(timeout=0.5, retries=1, backoff=0.01), workers=3)
    kinds = {t.url.rsplit("/", 1)[1]: (o.kind, o.status) for t, o in report.results}
    assert kinds == {"ok": ("ok", 200), "moved": ("moved", 200), "found-elsewhere": ("ok", 200),
                     "missing": ("not-found", 404), "gone": ("gone", 410), "slow": ("timeout", None),
                     "reset": ("reset", None)}
    lines = [str(p) for p in report.problems]
    assert lines[0] == f"library/x.yml:2:6: link {base}/moved moved permanently (200) to {base}/ok; update the link"
    assert lines[1] == f"library/x.yml:4:6: link {base}/missing not found (404)"
    assert lines[2] == f"library/x.yml:5:6: link {base}/gone gone (410)"
    assert lines[3].startswith(f"library/x.yml:6:6: link {base}/slow timed out")
    assert lines[4].startswith(f"library/x.yml:7:6: link {base}/reset connection reset")
    table = summary_table(report)
    assert table.splitlines()[2].split() == ["ok", "2"] and table.splitlines()[-1].split() == ["total", "7"]


def test_an_unreachable_host_is_reported_not_raised() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    report = check([Target(f"http://127.0.0.1:{port}/x", "library/x.yml", 8, 6)],
                   http_fetcher(timeout=0.5, retries=0))
    assert [o.kind for _, o in report.results] == ["unreachable"]


def test_targets_carry_the_url_fields_position_and_module_links(tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo")
    module = next((root / "curriculum" / "modules").glob("01-*.md"))
    module.write_text(module.read_text() + "\nSee [the report](https://example.org/report).\n")
    found = targets(load_site(root))
    assert [(t.url, t.path, t.line, t.col) for t in found if t.entry_file] == [
        ("https://example.org/guide", "library/city-guide.yml", 8, 6),
        ("https://example.org/data", "library/incident-data.yml", 8, 6)]
    module_links = [t for t in found if t.entry_file is None]
    last_line = len(module.read_text().splitlines())
    assert ("https://example.org/report", module.relative_to(root).as_posix(), last_line, 18) in [
        (t.url, t.path, t.line, t.col) for t in module_links]


def test_update_checked_changes_only_the_checked_line(tmp_path: Path) -> None:
    entry = tmp_path / "entry.yml"
    entry.write_text("title: T\nchecked: 2025-01-15  # last look\nadded: 2024-01-01\n")
    assert update_checked([entry], dt.date(2026, 11, 29)) == [entry]
    assert entry.read_text() == "title: T\nchecked: 2026-11-29 # last look\nadded: 2024-01-01\n"


def test_check_links_command_reports_and_updates_only_passing_entries(tmp_path: Path) -> None:
    root = make_site(tmp_path / "repo")
    with local_server() as base:
        guide = root / "library" / "city-guide.yml"
        data = root / "library" / "incident-data.yml"
        guide.write_text(guide.read_text().replace("https://example.org/guide", f"{base}/ok"))
        data.write_text(data.read_text().replace("https://example.org/data", f"{base}/missing"))
        before = data.read_text()
        result = run_build(root, "check-links", "--update-checked", "--timeout", "2")
    assert result.returncode == 1, result.stderr
    assert f"library/incident-data.yml:8:6: link {base}/missing not found (404)" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert f"checked: {dt.date.today().isoformat()}" in guide.read_text()
    assert data.read_text() == before
