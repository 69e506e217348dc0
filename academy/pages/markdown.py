"""Writing Markdown safely: every value that came from YAML is escaped before it reaches a page."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from typing import Iterable, Sequence

import yaml

from ..provenance import SAMPLE_LABEL

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def text(value: object) -> str:
    """Escape a value so Markdown and HTML show it as typed (``<script>`` stays text)."""
    escaped = html.escape(" ".join(str(value).split()), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def link(label: object, target: str) -> str:
    """A Markdown link whose label is escaped; ``target`` is a path or URL we built."""
    return f"[{text(label)}](<{target}>)"


def relative(from_src_uri: str, to_src_uri: str) -> str:
    """Path from one page's source file to another's, as MkDocs resolves links."""
    start = posixpath.dirname(from_src_uri) or "."
    if ".." in start or ".." in to_src_uri or to_src_uri.startswith("/") or start.startswith("/"):
        return posixpath.relpath(to_src_uri, start)  # the answer may depend on the working directory
    return _relative(to_src_uri, start)


@functools.lru_cache(maxsize=65536)
def _relative(to_src_uri: str, start: str) -> str:
    """Every entry page of a folder links to the same few pages: each path is worked out once."""
    return posixpath.relpath(to_src_uri, start)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped or built with :func:`link`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def front_matter(**fields: object) -> str:
    """A front-matter block for a generated page."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return "---\n" + yaml.dump(fields, Dumper=dumper, sort_keys=True, allow_unicode=True) + "---\n\n"


def minutes(value: int) -> str:
    """``90`` -> ``1 h 30 min``; ``45`` -> ``45 min``."""
    hours, rest = divmod(value, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


SAMPLE_BADGE = f'<span class="academy-sample">{SAMPLE_LABEL}</span>'


def sample_label(is_sample: bool) -> str:
    """A visible "Sample data" label to put after a value that is placeholder data ('' otherwise)."""
    return f" {SAMPLE_BADGE}" if is_sample else ""


def sample_notice(is_sample: bool) -> str:
    """A note at the top of a page that shows any sample data ('' otherwise)."""
    if not is_sample:
        return ""
    return (f'!!! warning "{SAMPLE_LABEL} on this page"\n'
            f"    Values labeled {SAMPLE_BADGE} are placeholders, not published facts: dates, places, "
            "sessions or people the program has not announced. They may change.\n")
