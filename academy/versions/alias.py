"""``latest/``: the newest version under a stable address, as files.

Every page of the newest version gets a redirect page at the same path under ``latest/``
(:mod:`.redirects`), and every data file that a calendar app or a script reads at a stable address
(:data:`DATA_FILES`) a real file with the same bytes: a hard link to the version's own file, or a copy where
links are not possible.

The alias changes only when the newest version's pages, title or data files do, so a build first asks
whether the current site's ``latest/`` already holds exactly these files with these bytes
(:meth:`Alias.is_in`: each read and compared, nothing trusted). When it does, that folder is moved into the
new site just before the swap, like an unchanged older version (:func:`academy.site_folder.carrying_over`),
so an unchanged alias is neither written again nor deleted with the old site.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from .model import LATEST_ALIAS
from .redirects import alias_target, redirect_page
from .tree import same_layout

DATA_FILES = ("*.ics", "schedule.json")
"""Files a calendar app or a script reads at a stable address: real files under ``latest/``, not redirects."""


@dataclass(frozen=True)
class Alias:
    """What ``latest/`` holds, by path relative to it."""

    pages: dict[str, bytes]
    """Redirect pages: one for each HTML file of the version."""
    data: dict[str, Path]
    """Data files: the version's own file with the bytes to serve."""

    def write(self, folder: Path) -> None:
        """Write the alias into ``folder`` (a new folder inside the staging site)."""
        made: set[Path] = set()

        def parent(path: Path) -> Path:
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            return path

        for relative, page in self.pages.items():
            parent(folder / relative).write_bytes(page)
        for relative, source in self.data.items():
            target = parent(folder / relative)
            try:
                os.link(source, target)  # the same bytes; no build writes a built file in place
            except OSError:
                shutil.copyfile(source, target)

    def is_in(self, folder: Path) -> bool:
        """True when ``folder`` holds exactly the alias's files (no more, and no other folders), each a regular
        file with the very bytes the alias needs; it stops at the first difference."""
        present = same_layout(folder, [*self.pages, *self.data])
        if present is None or not all(stat.S_ISREG(status.st_mode) for status in present.values()):
            return False
        try:
            for relative, page in self.pages.items():
                if present[relative].st_size != len(page) or (folder / relative).read_bytes() != page:
                    return False
            for relative, source in self.data.items():
                wanted = source.read_bytes()
                if present[relative].st_size != len(wanted) or (folder / relative).read_bytes() != wanted:
                    return False
        except OSError:
            return False
        return True


def alias_of(version_dir: Path, paths: list[str], version: str, title: str) -> Alias:
    """The ``latest/`` alias of the version ``version`` (titled ``title``) whose folder ``version_dir`` holds
    the files ``paths`` (relative POSIX paths)."""
    label = f"the current version ({title})"
    pages = {page: redirect_page(alias_target(page, LATEST_ALIAS, version), label).encode("utf-8")
             for page in sorted(path for path in paths if path.endswith(".html"))}
    data = {path: version_dir / path for path in sorted(paths)
            if any(fnmatch.fnmatchcase(posixpath.basename(path), pattern) for pattern in DATA_FILES)}
    return Alias(pages, data)
