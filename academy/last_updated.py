""""Last updated" dates of pages, from git: the date of the last commit that changed a page's sources.

One ``git log`` pass over the history gives every file's last commit date.  The repository and revision
are the working tree's (``HEAD``) or, for an older cohort's version built from an exported tree, the ones
the top-level build passes in ``ACADEMY_GIT_DIR`` and ``ACADEMY_GIT_REVISION``: so a version shows the
same dates whether it is built as the newest or, later, from its pin.  No git, no dates.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

GIT_DIR_VARIABLE = "ACADEMY_GIT_DIR"
GIT_REVISION_VARIABLE = "ACADEMY_GIT_REVISION"

# Generated pages: the repository paths (files or folders) their content comes from, by source prefix.
_GENERATED_SOURCES = (
    ("library/", ("library",)),
    ("library-contributing", ("library/vocabulary.yml",)),
    ("cohorts/", ("cohorts.yml",)),
    ("curriculum.md", ("curriculum/modules",)),
    ("facilitator-guide", ("curriculum/modules",)),
    ("accessibility.md", ("academy/pages/statements.py",)),
    ("privacy.md", ("academy/pages/statements.py",)),
)


def commit_dates(repository: Path, revision: str = "HEAD") -> dict[str, dt.date]:
    """Every file's last commit date at ``revision`` ({} when git or the history is not available)."""
    try:
        result = subprocess.run(["git", "-C", str(repository), "log", "--format=%x00%cs", "--name-only", revision],
                                capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)
    return dates


def sources_of(src_uri: str, docs_dir: str, source_files: set[str]) -> tuple[str, ...]:
    """The repository paths a page is made from: its own Markdown file, or a generated page's inputs."""
    own = f"{docs_dir}/{src_uri}"
    if own in source_files:
        return (own,)
    for prefix, sources in _GENERATED_SOURCES:
        if src_uri.startswith(prefix):
            entry = src_uri.removeprefix("library/").removesuffix(".md")
            if prefix == "library/" and "/" not in entry and entry != "index":  # library/<id>.md: its entry
                return tuple(p for p in (f"library/{entry}.yml", f"library/{entry}.yaml") if p in source_files) \
                    or sources
            return sources
    return ()


def newest_dates(dates: dict[str, dt.date]) -> dict[str, dt.date]:
    """Each file's date and each folder's newest date below it: a page's date is then a few look-ups,
    not a pass over every file of the repository for every page."""
    newest: dict[str, dt.date] = {}
    for path, date in dates.items():
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            key = "/".join(parts[:end])
            if key not in newest or newest[key] < date:
                newest[key] = date
    return newest


def last_updated(sources: tuple[str, ...], dates: dict[str, dt.date],
                 newest: dict[str, dt.date] | None = None) -> dt.date | None:
    """The newest commit date among the sources (a folder counts every file below it); ``newest`` is
    :func:`newest_dates` of ``dates``, when the caller keeps it for many pages."""
    newest = newest_dates(dates) if newest is None else newest
    found = [newest[key] for key in (source.rstrip("/") for source in sources) if key in newest]
    return max(found) if found else None

