"""Git access for pinned versions: resolve a pin, read its files, export its tree.

Every call runs ``git`` with an explicit ``-C <root>``; a pin is checked
against a conservative pattern before it reaches git, so it can never be read
as an option.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..cohorts.model import PIN_PATTERN

_PIN = re.compile(PIN_PATTERN)


class GitUnavailable(Exception):
    """The folder is not a git repository, or git is not installed."""


@dataclass(frozen=True)
class ResolvedPin:
    """A pin as git knows it: the commit, its tree (the cache key) and its commit time."""

    pin: str
    commit: str
    tree: str
    epoch: int
    """Commit time in seconds since 1970: the version's SOURCE_DATE_EPOCH."""


class Repository:
    """The git repository at ``root``."""

    def __init__(self, root: Path):
        self.root = root

    def _git(self, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True,
                                  text=not binary, check=False)
        except FileNotFoundError:
            raise GitUnavailable("git is not installed") from None

    def is_repository(self) -> bool:
        try:
            result = self._git("rev-parse", "--is-inside-work-tree")
        except GitUnavailable:
            return False
        return result.returncode == 0 and result.stdout.strip() == "true"

    def is_shallow(self) -> bool:
        result = self._git("rev-parse", "--is-shallow-repository")
        return result.stdout.strip() == "true"

    def resolve(self, pin: str) -> ResolvedPin | None:
        """The commit a pin (commit id, tag or branch) names, or None when this clone does not have it."""
        if not _PIN.match(pin):
            return None
        commit = self._rev_parse(f"{pin}^{{commit}}")
        if commit is None:
            return None
        tree = self._rev_parse(f"{commit}^{{tree}}")
        epoch = self._git("show", "-s", "--format=%ct", commit).stdout.strip()
        if tree is None or not epoch.isdigit():
            return None
        return ResolvedPin(pin, commit, tree, int(epoch))

    def commits(self, pins: list[str]) -> dict[str, str | None]:
        """The commit each pin names (None when this clone does not have it), in one git process."""
        asked = [pin for pin in dict.fromkeys(pins) if _PIN.match(pin) and "\n" not in pin]
        found: dict[str, str | None] = dict.fromkeys(pins)
        if not asked:
            return found
        try:
            result = subprocess.run(["git", "-C", str(self.root), "cat-file",
                                     "--batch-check=%(objectname) %(objecttype)"],
                                    input="".join(f"{pin}^{{commit}}\n" for pin in asked), capture_output=True,
                                    text=True, check=False)
        except FileNotFoundError:
            return found
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) != len(asked):
            return {pin: (r.commit if (r := self.resolve(pin)) else None) for pin in pins}
        for pin, line in zip(asked, lines):
            value, _, kind = line.partition(" ")
            found[pin] = value if kind == "commit" and re.fullmatch(r"[0-9a-f]{40,64}", value) else None
        return found

    def changed_files(self) -> list[str]:
        """Tracked files with changes not committed yet (staged or not)."""
        result = self._git("status", "--porcelain", "--untracked-files=no")
        return [line[3:] for line in result.stdout.splitlines() if line.strip()]

    def head(self) -> ResolvedPin | None:
        """HEAD, or None in a repository without commits."""
        return self.resolve("HEAD")

    def _rev_parse(self, expression: str) -> str | None:
        result = self._git("rev-parse", "--verify", "--quiet", expression)
        value = result.stdout.strip()
        return value if result.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", value) else None

    def read_folder(self, commit: str, folder: str) -> dict[str, str]:
        """Text of every file under ``folder`` at ``commit``: {path inside folder: text}."""
        listing = self._git("ls-tree", "-r", "-z", "--name-only", commit, "--", folder.rstrip("/") + "/")
        texts: dict[str, str] = {}
        for path in sorted(p for p in listing.stdout.split("\0") if p):
            shown = self._git("show", f"{commit}:{path}", binary=True)
            if shown.returncode == 0:
                texts[path[len(folder.rstrip("/")) + 1:]] = shown.stdout.decode("utf-8", errors="replace")
        return texts

    def export(self, commit: str, destination: Path) -> None:
        """Write the tree of ``commit`` into ``destination`` (like ``git archive <commit> | tar -x``)."""
        archive = self._git("archive", "--format=tar", commit, binary=True)
        if archive.returncode != 0:
            raise GitUnavailable(archive.stderr.decode("utf-8", errors="replace").strip())
        destination.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout), mode="r:") as tar:
            tar.extractall(destination, filter="data")


def working_tree_epoch(repository: Repository) -> int:
    """SOURCE_DATE_EPOCH for the working tree: HEAD's commit time, or 0 outside git."""
    if not repository.is_repository():
        return 0
    head = repository.head()
    return head.epoch if head else 0
