"""Reading content files safely and parsing YAML with positions.

Every value read from YAML keeps the line and column it came from, so a
problem found later (by the schema or a cross-reference check) can point at
the exact place in the file.  Front matter is parsed here too, with its lines
shifted to the file's real line numbers.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Content files larger than this are refused: no module or entry is that big."""

MAX_YAML_DEPTH = 12
"""Deepest nesting of mappings and lists in a YAML file; cohorts.yml, the deepest, needs 6."""

MAX_TEXT = 2000
"""Characters in one YAML text value: the longest in the content is 800; Markdown time grows faster than length."""

MARKUP_SIGNS = "[]()*_`<>\\{}&|#!~"
MAX_MARKUP_SIGNS = 40
"""Characters Markdown treats specially, in one YAML text value: the content uses at most 6; hundreds make
Markdown's inline parser slow even though every one is escaped."""

DATE_RANGE = (1990, 2100)
"""Years a date in content may have: anything else is a typing mistake (and breaks date arithmetic)."""

CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters no text needs that break feeds, calendars or how text reads (bidirectional overrides)."""

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


class Refused:
    """Stands for a value that was refused while reading (see :attr:`YamlDocument.refused`): no schema accepts it,
    so nothing is built from it, and the schema says nothing more about it than the problem already reported."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return repr(self.text)


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
    problems: list[Problem] = field(default_factory=list)
    """Values refused while reading (a date that does not exist, overlong text, ...), one problem each: only
    when the parser was asked to ``keep_going``; otherwise the first of them is raised."""
    refused: set[KeyPath] = field(default_factory=set)
    """Where those refused values stand (each reads as a :class:`Refused`; a refused key keeps its text)."""

    def is_refused(self, key_path: KeyPath) -> bool:
        """True when the value at ``key_path``, or one enclosing it, was refused and reported already."""
        key_path = tuple(key_path)
        return any(key_path[:len(refused)] == refused for refused in self.refused)

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


def content_files(directory: Path, root: Path,
                  suffixes: tuple[str, ...] | None) -> tuple[list[Path], list[SourceError]]:
    """Files below ``directory`` with one of ``suffixes`` (any file with None), never following a link.

    Returns the files and, for each symbolic link, loop or special file (FIFO, socket, device), an error
    (as ``SourceError`` with ``path`` set) instead of walking into it: MkDocs would follow a link out of
    the repository or into ``.git``, and wait forever on a FIFO.
    """
    found: list[Path] = []
    refused: list[SourceError] = []
    root = root.resolve()
    if directory.is_symlink():
        return [], [_link_error(directory, root)]
    for current, dirs, files in os.walk(directory, followlinks=False):
        for name in sorted(dirs):
            if (Path(current) / name).is_symlink():
                refused.append(_link_error(Path(current) / name, root))
        for name in sorted(files):
            path = Path(current) / name
            if path.is_symlink():
                refused.append(_link_error(path, root))
            elif not path.is_file():
                refused.append(_located("is not a regular file (a FIFO, socket or device); remove it", path, root))
            elif suffixes is None or path.suffix in suffixes:
                found.append(path)
        dirs[:] = sorted(d for d in dirs if not (Path(current) / d).is_symlink())
    return sorted(found), refused


LINK_LOOP = "is a symbolic link that loops back on itself; remove it"


def _link_error(path: Path, root: Path) -> SourceError:
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return _located(LINK_LOOP, path, root)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _located(LINK_LOOP, path, root)
        return _located("is a symbolic link to nothing; remove it", path, root)
    if not target.is_relative_to(root):
        return _located("points outside the repository (a symbolic link or '..' path); "
                        "content must live inside the repository", path, root)
    if target.is_relative_to(root / ".git"):
        return _located("is a symbolic link into .git/; the repository's own files are never published", path, root)
    return _located("is a symbolic link; links are not published, so put the file itself here", path, root)


def _located(message: str, path: Path, root: Path) -> SourceError:
    error = SourceError(message)
    error.path = path.relative_to(root).as_posix()
    return error


@functools.lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    """The repository root with links resolved; asked once per file, so remembered."""
    return root.resolve()


def read_text(path: Path, root: Path) -> str:
    """Read a content file as UTF-8 text, refusing files outside ``root``, huge files and binary files."""
    try:
        resolved, status = _resolved_file(path)
    except RuntimeError as exc:
        raise SourceError(LINK_LOOP) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(LINK_LOOP) from exc
        raise SourceError(f"cannot be read: {exc.strerror or exc}") from exc
    if not resolved.is_relative_to(_resolved(root)):
        raise SourceError("points outside the repository (a symbolic link or '..' path); "
                          "content must live inside the repository")
    if status is None or not stat.S_ISREG(status.st_mode):
        raise SourceError("is not a regular file")
    if status.st_size > MAX_FILE_BYTES:
        raise SourceError(f"is {status.st_size:,} bytes, larger than the {MAX_FILE_BYTES:,}-byte limit for a "
                          "content file; split it or remove what does not belong")
    return _decoded(str(resolved), status.st_mtime_ns, status.st_size)


def _resolved_file(path: Path) -> tuple[Path, os.stat_result | None]:
    """``path.resolve(strict=True)`` and the status of the file it names (None for what is no file, as
    ``is_file`` sees it).  A file that is no symbolic link, in a folder resolved before in this load, costs one
    ``lstat``: resolving its whole path again would ask for every folder on the way, twice per file."""
    if path.is_absolute() and path.name not in ("", ".", ".."):
        folder = _FOLDERS.get(str(path.parent))
        if folder is None:
            folder = _FOLDERS[str(path.parent)] = path.parent.resolve(strict=True)
        status = os.lstat(folder / path.name)
        if not stat.S_ISLNK(status.st_mode):
            return folder / path.name, status
    resolved = path.resolve(strict=True)
    try:
        return resolved, resolved.stat()
    except (OSError, ValueError):
        return resolved, None


_FOLDERS: dict[str, Path] = {}
"""Folders resolved in this load (see :func:`forget_read_files`)."""


def forget_read_files() -> None:
    """Start a new load: file timestamps are too coarse to tell two quick same-size edits apart, and a folder
    may have become a link since the last load."""
    _decoded.cache_clear()
    _FOLDERS.clear()


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
    text = text.removeprefix("\ufeff")
    control = CONTROL_CHARACTER.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise SourceError(f"{control_character(control.group())}; delete it or use a plain space", line, col)
    return text


def control_character(character: str) -> str:
    """``contains the control character U+000B``: how a problem names an invisible character."""
    return f"contains the invisible control character U+{ord(character):04X}"


def parse_yaml(text: str, path: str, line_offset: int = 0, allow_sample: bool = False,
               keep_going: bool = False) -> YamlDocument:
    """Parse one YAML document, recording positions; ``line_offset`` shifts lines (front matter).

    With ``allow_sample``, a value written ``!sample value`` is read as ``value`` and recorded in
    ``samples`` (cohorts.yml marks placeholder data this way); elsewhere any tag is an error.
    Aliases (``*name``) are refused, so a small file cannot expand into a huge value, and so is
    nesting deeper than :data:`MAX_YAML_DEPTH`.

    A single value YAML cannot construct (``2025-02-30``) or that content never needs (see :func:`_checked`)
    raises :class:`SourceError`; with ``keep_going`` it is recorded in ``problems`` and ``refused`` instead and
    reads as a :class:`Refused`, so the rest of the file is still read (a caller that asks for this reports
    ``problems``: :func:`academy.schema.validate` does). What stops the parser (syntax, aliases, depth, tags,
    duplicate keys) always raises.
    """
    try:
        if "*" in text:
            _refuse_aliases(text, line_offset)
        node = yaml.compose(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, line_offset) from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"is not valid YAML: {exc}", line_offset + 1, 1) from exc
    except RecursionError:
        raise _too_deep(text, line_offset) from None
    document = YamlDocument(path, None)
    if node is None:
        return document
    document.data = _construct(node, (), document, line_offset, allow_sample, keep_going)
    if isinstance(document.data, Refused):  # the whole file is that one value: nothing else to read
        problem = document.problems[0]
        raise SourceError(problem.message, problem.line, problem.col)
    return document


def _refuse_aliases(text: str, line_offset: int) -> None:
    for event in yaml.parse(text, Loader=ContentLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise SourceError(f"YAML alias '*{event.anchor}' is not allowed in content; write the value out "
                              "in full", mark.line + 1 + line_offset, mark.column + 1)


def _too_deep(text: str, line_offset: int) -> SourceError:
    """The place where nesting first goes deeper than allowed (found from the parser's events)."""
    depth = 0
    for event in yaml.parse(text, Loader=ContentLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return _depth_error(event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return _depth_error(line_offset + 1, 1)


def _depth_error(line: int, col: int) -> SourceError:
    return SourceError(f"lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep; content never "
                       "needs that many", line, col)


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
               allow_sample: bool = False, keep_going: bool = False) -> Any:
    location = document.positions[key_path] = _location(node, line_offset)
    if len(key_path) > MAX_YAML_DEPTH:
        raise _depth_error(*location)
    if node.tag == SAMPLE_TAG and allow_sample:
        document.samples[key_path] = location
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
            key = _scalar_or_refused(key_node, key_path, document, line_offset, keep_going) if plain_key else None
            if isinstance(key, Refused):  # a key's own text still names it; what it holds is not checked
                key = key.text
                document.refused.add(key_path + (key,))
            if key is None or isinstance(key, (list, dict)):
                line, col = _location(key_node, line_offset)
                raise SourceError("a mapping key must be a plain word", line, col)
            if key in result:
                line, col = _location(key_node, line_offset)
                raise SourceError(f"key '{key}' appears twice in the same mapping; keep one", line, col)
            document.key_positions[key_path + (key,)] = _location(key_node, line_offset)
            result[key] = _construct(value_node, key_path + (key,), document, line_offset, allow_sample,
                                     keep_going)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, key_path + (index,), document, line_offset, allow_sample, keep_going)
                for index, item in enumerate(node.value)]
    value = _scalar_or_refused(node, key_path, document, line_offset, keep_going)
    if isinstance(value, Refused):
        document.refused.add(key_path)
    return value


def _scalar_or_refused(node: yaml.Node, key_path: KeyPath, document: YamlDocument, line_offset: int,
                       keep_going: bool) -> Any:
    """The scalar's value; one that is refused raises, or with ``keep_going`` is a problem and a
    :class:`Refused`."""
    try:
        return _scalar(node, line_offset)
    except SourceError as exc:
        if not keep_going:
            raise
        document.problems.append(Problem(document.path, exc.line, exc.col, exc.message))
        return Refused(node.value if isinstance(node.value, str) else "")


_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


def _scalar(node: yaml.Node, line_offset: int) -> Any:
    constructor = ContentLoader.yaml_constructors.get(node.tag)
    if constructor is None or not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALAR_TAGS:
        line, col = _location(node, line_offset)
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise SourceError(f"YAML tag '{tag}' does not fit the single value '{node.value}'; remove the tag", line, col)
    try:
        value = constructor(_SCALAR_CONSTRUCTOR, node)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:
        line, col = _location(node, line_offset)
        if node.tag.endswith(":timestamp"):
            raise SourceError(f"'{node.value}' is not a valid date ({exc}); write dates as YYYY-MM-DD",
                              line, col) from exc
        raise SourceError(f"'{node.value}' cannot be read: {exc}", line, col) from exc
    return _checked(value, node, line_offset)


def _checked(value: Any, node: yaml.Node, line_offset: int) -> Any:
    """Refuse what YAML accepts but no content needs: control characters (from escapes) and odd dates."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            line, col = _location(node, line_offset)
            raise SourceError(f"text is {len(value):,} characters long, more than {MAX_TEXT:,}; shorten it "
                              "(a summary or note is a few sentences)", line, col)
        signs = sum(value.count(sign) for sign in MARKUP_SIGNS) if len(value) > MAX_MARKUP_SIGNS else 0
        if signs > MAX_MARKUP_SIGNS:
            line, col = _location(node, line_offset)
            raise SourceError(f"text has {signs} of the characters {MARKUP_SIGNS}, more than {MAX_MARKUP_SIGNS}; "
                              "write it as plain sentences", line, col)
        control = CONTROL_CHARACTER.search(value)
        if control:
            line, col = _location(node, line_offset)
            raise SourceError(f"{control_character(control.group())} (written as an escape); "
                              "delete it or use a plain space", line, col)
    elif isinstance(value, dt.date) and not DATE_RANGE[0] <= value.year <= DATE_RANGE[1]:
        line, col = _location(node, line_offset)
        raise SourceError(f"date {node.value} is outside {DATE_RANGE[0]}–{DATE_RANGE[1]}; check the year", line, col)
    return value


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


def split_front_matter(text: str, path: str, keep_going: bool = False) -> MarkdownSource:
    """Split ``---`` fenced front matter from the body; lines keep the file's numbering.

    ``keep_going``: as for :func:`parse_yaml`; refused values are then in ``meta.problems``."""
    meta_text, body, body_line = front_matter_parts(text)
    if meta_text is None:
        return MarkdownSource(path, YamlDocument(path, None), body, body_line)
    return MarkdownSource(path, parse_yaml(meta_text, path, line_offset=1, keep_going=keep_going), body, body_line)


def front_matter_parts(text: str) -> tuple[str | None, str, int]:
    """``(the front matter's YAML, unparsed, or None; the body; the file's line the body starts on)``."""
    lines = text.splitlines(keepends=True)
    if not lines or not FRONT_MATTER_FENCE.match(lines[0].rstrip("\r\n")):
        return None, text, 1
    for index in range(1, len(lines)):
        if FRONT_MATTER_END.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise SourceError("front matter starts with '---' on line 1 but is never closed; "
                      "add a line with '---' after the last field", 1, 1)
