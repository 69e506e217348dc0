"""Reading content files safely and parsing YAML with positions.

Every value read from YAML keeps the line and column it came from, so a
problem found later (by the schema or a cross-reference check) can point at
the exact place in the file.  Front matter is parsed here too, with its lines
shifted to the file's real line numbers.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Content files larger than this are refused: no module or entry is that big."""

Location = tuple[int, int]
"""A 1-based (line, column)."""

KeyPath = tuple[Any, ...]

SAMPLE_TAG = "!sample"
"""Written before a value in cohorts.yml to mark it as sample (placeholder) data; see :mod:`academy.provenance`."""


class SourceError(Exception):
    """A file that cannot be read or parsed; ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.path: str | None = None


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML without YAML 1.1's base-60 numbers, so ``10:30`` stays a time string."""


ContentLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if not (tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."),
)


@dataclass
class YamlDocument:
    """Parsed YAML plus where each key and value stood in the file."""

    path: str
    data: Any
    positions: dict[KeyPath, Location] = field(default_factory=dict)
    key_positions: dict[KeyPath, Location] = field(default_factory=dict)
    samples: dict[KeyPath, Location] = field(default_factory=dict)
    """Values written with ``!sample`` (only where the parser was asked to allow it), and where the tag is."""

    def locate(self, key_path: KeyPath) -> Location:
        """Where the value at ``key_path`` is, or its nearest enclosing value."""
        key_path = tuple(key_path)
        while key_path:
            if key_path in self.positions:
                return self.positions[key_path]
            key_path = key_path[:-1]
        return self.positions.get((), (1, 1))

    def locate_key(self, key_path: KeyPath) -> Location:
        """Where the key at ``key_path`` is written (falls back to :meth:`locate`)."""
        key_path = tuple(key_path)
        return self.key_positions.get(key_path) or self.locate(key_path)


def content_files(directory: Path, root: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[SourceError]]:
    """Files below ``directory`` with one of ``suffixes``, never following a link out of ``root``.

    Returns the files and, for each symbolic link that leads outside the repository, an error
    (as ``SourceError`` with ``path`` set) instead of walking into it.
    """
    found: list[Path] = []
    escapes: list[SourceError] = []
    root = root.resolve()
    for current, dirs, files in os.walk(directory, followlinks=False):
        for name in sorted(dirs):
            link = Path(current) / name
            if link.is_symlink() and not _inside(link, root):
                escapes.append(_escape_error(link, root))
        for name in sorted(files):
            path = Path(current) / name
            if path.is_symlink() and not _inside(path, root):
                escapes.append(_escape_error(path, root))
            elif path.suffix in suffixes:
                found.append(path)
        dirs[:] = sorted(d for d in dirs if not (Path(current) / d).is_symlink())
    return sorted(found), escapes


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _escape_error(path: Path, root: Path) -> SourceError:
    error = SourceError("points outside the repository (a symbolic link or '..' path); "
                        "content must live inside the repository")
    error.path = path.relative_to(root).as_posix()
    return error


@functools.lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    """The repository root with links resolved; asked once per file, so remembered."""
    return root.resolve()


def read_text(path: Path, root: Path) -> str:
    """Read a content file as UTF-8 text, refusing files outside ``root``, huge files and binary files."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}") from exc
    if not resolved.is_relative_to(_resolved(root)):
        raise SourceError("points outside the repository (a symbolic link or '..' path); "
                          "content must live inside the repository")
    if not resolved.is_file():
        raise SourceError("is not a regular file")
    status = resolved.stat()
    if status.st_size > MAX_FILE_BYTES:
        raise SourceError(f"is {status.st_size:,} bytes, larger than the {MAX_FILE_BYTES:,}-byte limit for a "
                          "content file; split it or remove what does not belong")
    return _decoded(str(resolved), status.st_mtime_ns, status.st_size)


def forget_read_files() -> None:
    """Start a new load: file timestamps are too coarse to tell two quick same-size edits apart."""
    _decoded.cache_clear()


@functools.lru_cache(maxsize=16384)
def _decoded(path: str, mtime_ns: int, size: int) -> str:
    """A file's text, remembered within one load of the content, which reads each file twice
    (its loader, then the contact-details scan); see :func:`forget_read_files`."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                          line, col) from exc
    if "\x00" in text:
        raise SourceError("contains a NUL byte; it looks like a binary file, not text")
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, path: str, line_offset: int = 0, allow_sample: bool = False) -> YamlDocument:
    """Parse one YAML document, recording positions; ``line_offset`` shifts lines (front matter).

    With ``allow_sample``, a value written ``!sample value`` is read as ``value`` and recorded in
    ``samples`` (cohorts.yml marks placeholder data this way); elsewhere any tag is an error.
    """
    try:
        node = yaml.compose(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, line_offset) from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"is not valid YAML: {exc}", line_offset + 1, 1) from exc
    document = YamlDocument(path, None)
    if node is None:
        return document
    document.data = _construct(node, (), document, line_offset, allow_sample)
    return document


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "syntax error"
    hint = ""
    offending = text.splitlines()[line - 1] if mark and line - 1 < len(text.splitlines()) else ""
    if "\t" in problem or "\\t" in problem or "\t" in offending[: max(col, 1)]:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "; put quotes around a value that contains ': '"
    elif exc.context:
        hint = f" ({exc.context})"
    return SourceError(f"YAML syntax error: {problem}{hint}", line + line_offset, col)


def _location(node: yaml.Node, line_offset: int) -> Location:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


_SAMPLE_RESOLVER = ContentLoader("")


def _untag_sample(node: yaml.Node) -> yaml.Node:
    """The node as if ``!sample`` were not written: its tag resolved the way YAML resolves untagged values."""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # quoted values stay text, as they would without the tag
        tag = _SAMPLE_RESOLVER.resolve(yaml.ScalarNode, node.value, (plain, not plain))
        return yaml.ScalarNode(tag, node.value, node.start_mark, node.end_mark, node.style)
    if isinstance(node, yaml.SequenceNode):
        return yaml.SequenceNode("tag:yaml.org,2002:seq", node.value, node.start_mark, node.end_mark,
                                 node.flow_style)
    return yaml.MappingNode("tag:yaml.org,2002:map", node.value, node.start_mark, node.end_mark, node.flow_style)


def _construct(node: yaml.Node, key_path: KeyPath, document: YamlDocument, line_offset: int,
               allow_sample: bool = False) -> Any:
    document.positions[key_path] = _location(node, line_offset)
    if node.tag == SAMPLE_TAG and allow_sample:
        document.samples[key_path] = _location(node, line_offset)
        node = _untag_sample(node)
    if node.tag not in _PLAIN_TAGS:
        line, col = _location(node, line_offset)
        hint = " ('!sample' marks placeholder data in cohorts.yml only)" if node.tag == SAMPLE_TAG else ""
        raise SourceError(f"YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed in content; "
                          f"write plain text, numbers, dates, lists and mappings{hint}", line, col)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            plain_key = isinstance(key_node, yaml.ScalarNode) and key_node.tag in _PLAIN_TAGS
            key = _scalar(key_node, line_offset) if plain_key else None
            if key is None or isinstance(key, (list, dict)):
                line, col = _location(key_node, line_offset)
                raise SourceError("a mapping key must be a plain word", line, col)
            if key in result:
                line, col = _location(key_node, line_offset)
                raise SourceError(f"key '{key}' appears twice in the same mapping; keep one", line, col)
            document.key_positions[key_path + (key,)] = _location(key_node, line_offset)
            result[key] = _construct(value_node, key_path + (key,), document, line_offset, allow_sample)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, key_path + (index,), document, line_offset, allow_sample)
                for index, item in enumerate(node.value)]
    return _scalar(node, line_offset)


def _scalar(node: yaml.Node, line_offset: int) -> Any:
    constructor = ContentLoader.yaml_constructors.get(node.tag)
    if constructor is None or not isinstance(node, yaml.ScalarNode):
        line, col = _location(node, line_offset)
        raise SourceError(f"unexpected YAML value of type {node.tag}", line, col)
    try:
        return constructor(_SCALAR_CONSTRUCTOR, node)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        line, col = _location(node, line_offset)
        if node.tag.endswith(":timestamp"):
            raise SourceError(f"'{node.value}' is not a valid date ({exc}); write dates as YYYY-MM-DD",
                              line, col) from exc
        raise SourceError(f"'{node.value}' cannot be read: {exc}", line, col) from exc


_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()

FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$")
FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter and body."""

    path: str
    meta: YamlDocument
    body: str
    body_line: int
    """The file's line number on which the body starts."""


def split_front_matter(text: str, path: str) -> MarkdownSource:
    """Split ``---`` fenced front matter from the body; lines keep the file's numbering."""
    lines = text.splitlines(keepends=True)
    if not lines or not FRONT_MATTER_FENCE.match(lines[0].rstrip("\r\n")):
        return MarkdownSource(path, YamlDocument(path, None), text, 1)
    for index in range(1, len(lines)):
        if FRONT_MATTER_END.match(lines[index].rstrip("\r\n")):
            meta_text = "".join(lines[1:index])
            meta = parse_yaml(meta_text, path, line_offset=1)
            return MarkdownSource(path, meta, "".join(lines[index + 1:]), index + 2)
    raise SourceError("front matter starts with '---' on line 1 but is never closed; "
                      "add a line with '---' after the last field", 1, 1)
