"""The theme's files, listed without walking its hidden folders.

Before every build MkDocs lists every file of the theme to find the static ones it copies
(``Files.add_files_from_theme``), then drops each name with a part that starts with a dot. Material keeps about
14,500 icons under ``.icons/``, so listing and dropping them costs about a tenth of a second per build for
nothing. This loader skips hidden folders while it walks; MkDocs receives the same list of static files.
"""

from __future__ import annotations

import os

import jinja2
from mkdocs.theme import Theme


class ThemeLoader(jinja2.FileSystemLoader):
    """MkDocs' theme loader, whose list of templates leaves out what is inside a hidden folder (MkDocs leaves
    those out of the static files anyway); templates load exactly as before."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [name for name in dirnames if not name.startswith(".")]
                folder = os.path.relpath(dirpath, searchpath)
                for filename in filenames:
                    path = filename if folder == "." else os.path.join(folder, filename)
                    found.add(path.replace(os.path.sep, "/"))
        return sorted(found)


def list_without_hidden_folders(theme: Theme) -> None:
    """Make ``theme``'s Jinja environments (one per build) use :class:`ThemeLoader`."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = ThemeLoader(theme.dirs)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]
