"""What a Markdown body may contain, checked before Markdown sees it.

Bodies may keep trusted inline HTML, but nothing that loads from another host or runs script: no
``<script>``, ``<iframe>``, ``<object>`` and their kind, no ``on...=`` event handlers, no ``javascript:``
links, no image or other embedded resource from an absolute address.  Code (fenced blocks and inline
code spans) is shown, not run, so it is not checked.

Sizes are capped too, so that no body of the allowed file size can make Markdown's parser take long:
line length, indentation depth, blockquote depth and the number of ``[`` in one paragraph (Python-Markdown
is quadratic in unmatched brackets).
"""

from __future__ import annotations

import bisect
import html
import html.parser
import re
from typing import Iterator

from .problems import Problem

MAX_BODY = 256 * 1024
"""Characters in one Markdown page: a module is under 30,000."""
MAX_LINE = 2000
"""Characters in one line: a long paragraph is well under this."""
MAX_INDENT = 40
"""Columns of indentation: eight levels of nested lists need 32."""
MAX_QUOTE_DEPTH = 8
"""Blockquotes inside blockquotes."""
MAX_BRACKETS = 150
"""``[`` in one paragraph (a long checklist or seventy links); see also :data:`MAX_TOTAL`."""
MAX_TOTAL = {"[": 2000, "<": 1000}
"""``[`` and ``<`` in a whole page: unmatched ones are what makes Markdown's parser slow."""

FORBIDDEN_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
                      "meta", "portal", "noscript"}
"""Elements that run code, load another page or change how the page loads: never in content."""
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "action", "formaction", "xlink:href",
                      "manifest", "ping", "imagesrcset"}
"""Attributes whose address the browser fetches by itself, without a click."""
URL_ATTRIBUTES = LOADING_ATTRIBUTES | {"href", "cite"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_MARKDOWN_TARGET = re.compile(r"(?P<image>!?)\[[^\]\n]*\]\(\s*<?(?P<target>[^)\s>]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.M)
_QUOTES = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
_TAG_START = re.compile(r"<(?:!--|[A-Za-z/!?])")


def check_body(body: str, path: str, first_line: int) -> list[Problem]:
    """Every problem of one Markdown body; ``first_line`` is the file's line on which the body starts."""
    problems = list(_sizes(body, path, first_line))
    if problems:
        return problems  # the rest would read what it cannot parse in bounded time
    shown = _without_code(body)
    problems += _unclosed_tags(shown, path, first_line)
    if problems:
        return problems
    problems += _html(shown, path, first_line)
    problems += _markdown_targets(shown, path, first_line)
    return sorted(set(problems))


def _sizes(body: str, path: str, first_line: int) -> Iterator[Problem]:
    if len(body) > MAX_BODY:
        yield Problem(path, first_line, 1, f"the page is {len(body):,} characters long, more than {MAX_BODY:,}; "
                                           "split it into several pages")
        return
    for character, limit in MAX_TOTAL.items():
        if body.count(character) > limit:
            at = _nth(body, character, limit + 1)
            line = first_line + body.count("\n", 0, at)
            yield Problem(path, line, at - (body.rfind("\n", 0, at) + 1) + 1,
                          f"the page has more than {limit:,} '{character}' characters; split it into several pages")
            return
    brackets = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        if len(line) > MAX_LINE:
            yield Problem(path, number, MAX_LINE + 1, f"line is {len(line):,} characters long, more than "
                                                      f"{MAX_LINE:,}; break it into paragraphs")
            return
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indent > MAX_INDENT and line.strip():
            yield Problem(path, number, 1, f"line is indented {indent} columns, more than {MAX_INDENT}; "
                                           "nest lists and blocks less deeply")
            return
        quotes = _QUOTES.match(line)
        if quotes and quotes.group(1).count(">") > MAX_QUOTE_DEPTH:
            yield Problem(path, number, 1, f"blockquotes are nested more than {MAX_QUOTE_DEPTH} deep")
            return
        brackets = 0 if not line.strip() else brackets + line.count("[")
        if brackets > MAX_BRACKETS:
            yield Problem(path, number, 1, f"this paragraph has more than {MAX_BRACKETS} '[' characters; "
                                           "split it, or write the text without so many brackets")
            return


def _unclosed_tags(shown: str, path: str, first_line: int) -> list[Problem]:
    """The first tag of the page (outside code) that opens without closing on its line."""
    comment_ends = [match.start() for match in re.finditer("-->", shown)]
    line_start = 0
    for number, line in enumerate(shown.split("\n"), start=first_line):
        unclosed = _unclosed_tag(line, line_start, comment_ends)
        if unclosed is not None:
            return [Problem(path, number, unclosed + 1, "'<' starts a tag that is not closed on the same line; "
                                                        "close it with '>' there, or write &lt; for a plain '<'")]
        line_start += len(line) + 1
    return []


def _unclosed_tag(line: str, line_start: int, comment_ends: list[int]) -> int | None:
    """Where a tag opens without closing on its line (HTML parsers rescan the rest of the page for each
    one, which is quadratic); a comment may close (``-->``) on a later line."""
    if "<" not in line:
        return None
    for start in _TAG_START.finditer(line):
        if start.group(0) == "<!--":
            if bisect.bisect_left(comment_ends, line_start + start.end()) < len(comment_ends):
                continue
            return start.start()
        if ">" not in line[start.end():]:
            return start.start()
    return None


def _nth(text: str, character: str, count: int) -> int:
    """Where the ``count``-th ``character`` of ``text`` is."""
    at = -1
    for _ in range(count):
        at = text.index(character, at + 1)
    return at


def _without_code(body: str) -> str:
    """The body with fenced code blocks and inline code spans blanked out (lines and columns kept)."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            lines[index] = ""
        elif fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            lines[index] = ""
        else:
            lines[index] = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


def _scheme(value: str) -> str:
    """A URL as the browser reads its scheme: entities decoded, whitespace and controls dropped, lowercase."""
    return re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()


class _Tags(html.parser.HTMLParser):
    def __init__(self, path: str, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.first_line = first_line
        self.problems: list[Problem] = []
        self._in_style = False

    def _problem(self, message: str) -> None:
        line, offset = self.getpos()
        self.problems.append(Problem(self.path, self.first_line + line - 1, offset + 1, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        if tag in FORBIDDEN_ELEMENTS:
            self._problem(f"<{tag}> is not allowed in content: pages run no script and load nothing from "
                          "another host; link to the page instead")
            return
        for name, value in attrs:
            if name.startswith("on"):
                self._problem(f"<{tag} {name}=...>: event handlers are not allowed in content (pages run no "
                              "script from content); remove the attribute")
            elif name in URL_ATTRIBUTES and value:
                url = _scheme(value)
                if url.startswith(SCRIPT_SCHEMES):
                    self._problem(f"<{tag} {name}='{value[:40]}'>: '{url.split(':')[0]}:' addresses are not "
                                  "allowed; link to a web page (https://) or a page of this site")
                elif name in LOADING_ATTRIBUTES and _ABSOLUTE.match(url):
                    self._problem(f"<{tag} {name}='{value[:60]}'> loads from another host; pages load nothing "
                                  "from another host: put the file in curriculum/ and use a relative path")
            elif name == "style" and value and "url(" in value.lower():
                self._problem(f"<{tag} style=...> with url(): pages load nothing from another host; "
                              "use the site's stylesheet")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and ("url(" in data.lower() or "@import" in data.lower()):
            self._problem("<style> with url() or @import: pages load nothing from another host; "
                          "use the site's stylesheet")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False


def _html(body: str, path: str, first_line: int) -> list[Problem]:
    if "<" not in body:
        return []
    parser = _Tags(path, first_line)
    parser.feed(body)
    parser.close()
    return parser.problems


def _markdown_targets(body: str, path: str, first_line: int) -> list[Problem]:
    problems = []
    matches = [(m, m.group("image") == "!") for m in _MARKDOWN_TARGET.finditer(body)]
    matches += [(m, False) for m in _REFERENCE.finditer(body)]
    for match, image in matches:
        url = _scheme(match.group("target"))
        start = match.start("target")
        line = first_line + body.count("\n", 0, start)
        col = start - (body.rfind("\n", 0, start) + 1) + 1
        if url.startswith(SCRIPT_SCHEMES):
            problems.append(Problem(path, line, col, f"a link to a '{url.split(':')[0]}:' address is not allowed; "
                                                     "link to a web page (https://) or a page of this site"))
        elif image and _ABSOLUTE.match(url):
            problems.append(Problem(path, line, col, f"image '{match.group('target')[:60]}' loads from another "
                                                     "host; pages load nothing from another host: put the image "
                                                     "in curriculum/ and use a relative path"))
    return problems
