"""The list of versions Material's selector reads, in the format mike writes (``versions.json``).

Pure data: no files, no git.  Like mike's ``versions.py``, newest first::

    [{"version": "cohort-2", "title": "Cohort 2", "aliases": ["latest"]},
     {"version": "cohort-1", "title": "Cohort 1", "aliases": []}]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

LATEST_ALIAS = "latest"


@dataclass(frozen=True)
class VersionInfo:
    """One published version: its folder name, the title the selector shows, and its aliases."""

    version: str
    title: str
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, object]:
        return {"version": self.version, "title": self.title, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class Versions:
    """All versions, newest first; the first one carries the ``latest`` alias."""

    items: tuple[VersionInfo, ...]

    @classmethod
    def newest_first(cls, versions: list[tuple[str, str]]) -> "Versions":
        """``[(id, title), ...]`` newest first -> versions with ``latest`` on the newest."""
        return cls(tuple(VersionInfo(vid, title, (LATEST_ALIAS,) if index == 0 else ())
                         for index, (vid, title) in enumerate(versions)))

    @property
    def latest(self) -> VersionInfo:
        return self.items[0]

    @property
    def older(self) -> tuple[VersionInfo, ...]:
        return self.items[1:]

    def dumps(self) -> str:
        """The file's text: stable key order and layout, so equal inputs give equal bytes."""
        return json.dumps([v.to_json() for v in self.items], indent=2, sort_keys=False) + "\n"

    @classmethod
    def loads(cls, text: str) -> "Versions":
        return cls(tuple(VersionInfo(item["version"], item.get("title", item["version"]),
                                     tuple(item.get("aliases", ()))) for item in json.loads(text)))
