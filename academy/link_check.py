"""Checking that the library's links (and the modules' external links) still go where they say.

Run by staff where the network is available (``python build_site.py check-links``); the build itself
never fetches anything.  Targets come from the validated content with their ``path:line:col``; each
URL is fetched once (GET, body mostly unread) with a small pool of workers, a timeout and retries,
following redirects and remembering whether any was permanent.  ``--update-checked`` then writes
today's date into the ``checked:`` line of every entry whose link passed, and of no other.
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .atomic_files import write_text_atomically
from .plan import Site
from .problems import Problem

USER_AGENT = "PreventionAcademyLinkCheck/1.0 (+library link check; one request per link)"
PERMANENT = (301, 308)
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class Target:
    """One external link and where it is written."""

    url: str
    path: str
    line: int
    col: int
    entry_file: Path | None = None
    """The library entry the link belongs to (its ``checked:`` date can be updated), else None."""


@dataclass(frozen=True)
class Outcome:
    """What fetching a URL gave: ``ok`` and a short reason, the status and the final address."""

    url: str
    kind: str
    """ok, moved, not-found, gone, http-error, timeout, tls-error, reset, unreachable."""
    status: int | None = None
    final_url: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind == "ok"

    def describe(self) -> str:
        status = f" ({self.status})" if self.status else ""
        if self.kind == "moved":
            return f"moved permanently{status} to {self.final_url}; update the link"
        words = {"not-found": "not found", "gone": "gone", "http-error": "answered with an error",
                 "timeout": "timed out", "tls-error": "TLS error", "reset": "connection reset",
                 "unreachable": "could not be reached"}
        extra = f": {self.detail}" if self.detail else ""
        final = f" at {self.final_url}" if self.final_url and self.final_url != self.url else ""
        return f"{words.get(self.kind, self.kind)}{status}{final}{extra}"


@dataclass
class Report:
    """Every target with its outcome, in the order the targets were given."""

    results: list[tuple[Target, Outcome]] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [Problem(t.path, t.line, t.col, f"link {t.url} {o.describe()}") for t, o in self.results if not o.ok]

    def summary_rows(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for _, outcome in self.results:
            counts[outcome.kind] = counts.get(outcome.kind, 0) + 1
        return sorted(counts.items(), key=lambda item: (item[0] != "ok", item[0]))

    def passed_entries(self) -> list[Path]:
        """Entry files whose every link passed."""
        verdict: dict[Path, bool] = {}
        for target, outcome in self.results:
            if target.entry_file is not None:
                verdict[target.entry_file] = verdict.get(target.entry_file, True) and outcome.ok
        return sorted(path for path, ok in verdict.items() if ok)


def targets(site: Site) -> list[Target]:
    """The library's URLs (at their ``url:`` field), then every external link of the hand-written pages
    (modules and other pages), at the line and column the site plan found it."""
    content, root = site.content, site.root
    found = []
    for resource in sorted(content.resources.values(), key=lambda r: r.id):
        line, col = resource.document.locate(("url",))
        found.append(Target(resource.meta.url, resource.document.path, line, col,
                            root / resource.document.path))
    for page in sorted((p for p in site.pages.values() if p.source), key=lambda p: p.source or ""):
        found.extend(Target(link.target, page.source or "", link.line, link.col)
                     for link in page.links if link.target.startswith(("https://", "http://")))
    return found


Fetcher = Callable[[str], Outcome]


def check(found: Iterable[Target], fetch: Fetcher, workers: int = 4) -> Report:
    """Fetch each distinct URL once, at most ``workers`` at a time; every target gets its URL's outcome."""
    found = list(found)
    urls = list(dict.fromkeys(t.url for t in found))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = dict(zip(urls, pool.map(fetch, urls)))
    return Report([(target, outcomes[target.url]) for target in found])


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects like urllib does, and notes each redirect's status (one instance per fetch)."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's signature
        self.codes.append(code)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def http_fetcher(timeout: float = 15.0, retries: int = 2, backoff: float = 1.0,
                 context: ssl.SSLContext | None = None) -> Fetcher:
    """A fetcher over the network: GET with a timeout, redirects followed, transient failures retried."""
    def fetch_once(url: str) -> Outcome:
        redirects = _RecordingRedirects()
        opener = urllib.request.build_opener(redirects, urllib.request.HTTPSHandler(context=context))
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read(1024)
                final = response.geturl()
                if final != url and any(code in PERMANENT for code in redirects.codes):
                    return Outcome(url, "moved", response.status, final)
                return Outcome(url, "ok", response.status, final)
        except urllib.error.HTTPError as exc:
            kind = {404: "not-found", 410: "gone"}.get(exc.code, "http-error")
            return Outcome(url, kind, exc.code, exc.geturl() or url)
        except urllib.error.URLError as exc:
            return _network_outcome(url, exc.reason)
        except (socket.timeout, TimeoutError):
            return Outcome(url, "timeout", detail=f"no answer within {timeout:g} s")
        except (ConnectionResetError, http.client.RemoteDisconnected, http.client.IncompleteRead) as exc:
            return Outcome(url, "reset", detail=type(exc).__name__)
        except (ssl.SSLError, OSError, http.client.HTTPException) as exc:
            return _network_outcome(url, exc)

    def fetch(url: str) -> Outcome:
        outcome = fetch_once(url)
        for attempt in range(retries):
            transient = outcome.kind in ("timeout", "reset", "unreachable") or (
                outcome.kind == "http-error" and outcome.status in RETRY_STATUSES)
            if not transient:
                break
            time.sleep(backoff * (2 ** attempt))
            outcome = fetch_once(url)
        return outcome

    return fetch


def _network_outcome(url: str, reason: object) -> Outcome:
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return Outcome(url, "timeout", detail="no answer in time")
    if isinstance(reason, ssl.SSLError) or "CERTIFICATE" in str(reason).upper():
        return Outcome(url, "tls-error", detail=str(reason))
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
        return Outcome(url, "reset", detail=type(reason).__name__)
    return Outcome(url, "unreachable", detail=str(reason))


CHECKED_LINE = re.compile(r"^checked:[ \t]*\d{4}-\d{2}-\d{2}[ \t]*(#.*)?$", re.MULTILINE)


def update_checked(entry_files: Iterable[Path], today: dt.date) -> list[Path]:
    """Write ``checked: <today>`` into each entry file (only that line changes); returns the files changed."""
    changed = []
    for path in entry_files:
        text = path.read_text(encoding="utf-8")
        new, count = CHECKED_LINE.subn(lambda m: f"checked: {today.isoformat()}"
                                       + (f" {m.group(1)}" if m.group(1) else ""), text, count=1)
        if count and new != text:
            write_text_atomically(path, new)
            changed.append(path)
    return changed


def summary_table(report: Report) -> str:
    """A plain text table: outcome, number of links."""
    rows = report.summary_rows()
    width = max([len("Outcome")] + [len(kind) for kind, _ in rows])
    lines = [f"{'Outcome':<{width}}  Links", f"{'-' * width}  -----"]
    lines += [f"{kind:<{width}}  {count:>5}" for kind, count in rows]
    lines.append(f"{'total':<{width}}  {len(report.results):>5}")
    return "\n".join(lines)
