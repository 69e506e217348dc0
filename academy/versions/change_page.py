"""The "what changed" page of one module: changes shown as rendered prose, inside the site's own chrome.

The module's Markdown (front matter aside) is split into blocks (paragraphs, headings, lists, tables,
admonitions: text between blank lines, indented lines kept with their block); the blocks of the two
versions are compared with :mod:`difflib`; each added or removed block is rendered with Python-Markdown
as the site renders it (raw HTML shown as text), and shown under the section it belongs to.  Links inside the rendered blocks
become plain text (they were relative to the module's page) and ids are dropped (a heading can be both
removed and added).  The page is an autoescaping Jinja template placed into the newest version's 404 page
(its header, navigation and footer use links that work from any depth); without one it stands alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import markdown as markdown_lib
import yaml
from markupsafe import Markup

from ..templating import render
from .changes import ModuleChange

_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "pymdownx.details",
               "pymdownx.superfences"]
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*(\{[^{}]*\})?[ \t]*$")
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
_ID = re.compile(r'\s(?:id|for|aria-labelledby|aria-describedby)="[^"]*"')
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)


@dataclass(frozen=True)
class Block:
    markdown: str
    section: str
    """The heading above the block ('' before the first heading)."""

    @property
    def html(self) -> Markup:
        # Raw HTML in the Markdown is shown as text ("<" escaped before rendering), never as markup.
        rendered = markdown_lib.markdown(self.markdown.replace("<", "&lt;"), extensions=_EXTENSIONS)
        return Markup(_ID.sub("", _LINK.sub(r"\1", rendered)))  # our own Markdown, rendered by Python-Markdown


@dataclass(frozen=True)
class Change:
    """One place where the versions differ: the section, then what was removed and what was added."""

    section: str
    removed: tuple[Block, ...]
    added: tuple[Block, ...]


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def blocks(body: str) -> list[Block]:
    """Blank-line separated blocks; indented lines (an admonition's or a list item's body) join the block above."""
    found: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in body.splitlines():
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                found.append(current)
                current = []
            continue
        if not current and found and (line.startswith(("    ", "\t")) or fenced):
            current = found.pop() + [""]
        current.append(line)
    if current:
        found.append(current)
    result, section = [], ""
    for lines in found:
        text = "\n".join(lines)
        heading = _HEADING.match(lines[0])
        if heading and len(lines) == 1:
            section = heading.group(2).strip()
        result.append(Block(text, section))
    return result


def changes(old_body: str, new_body: str) -> list[Change]:
    old, new = blocks(old_body), blocks(new_body)
    matcher = difflib.SequenceMatcher(None, [b.markdown for b in old], [b.markdown for b in new], autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = tuple(old[i1:i2]), tuple(new[j1:j2])
        section = (added[0] if added else removed[0]).section
        found.append(Change(section, removed, added))
    return found


_FIELD_NAMES = {"key_questions": "key questions", "duration_minutes": "duration", "related_modules": "related modules",
                "facilitator_notes": "facilitator notes", "resources": "library resources"}


def changed_fields(old: dict, new: dict) -> list[str]:
    """The front-matter fields whose values differ, in readable words."""
    return [_FIELD_NAMES.get(key, key.replace("_", " ")) for key in sorted(set(old) | set(new))
            if old.get(key) != new.get(key)]


_PAGE = """\
<h1>What changed in “{{ title }}”</h1>
<p>From the version taught to <strong>{{ old_title }}</strong> to the current version
(<strong>{{ current_title }}</strong>): {{ summary }}</p>
{% if old_link or current_link %}
<p>{% if old_link %}<a href="{{ old_link }}">Read the module as taught to {{ old_title }}</a>{% endif %}
{% if old_link and current_link %} · {% endif %}
{% if current_link %}<a href="{{ current_link }}">Read the current version</a>{% endif %}</p>
{% endif %}
{% if fields %}
<p>The module's details changed: {{ fields | join(", ") }}.</p>
{% endif %}
{% if changes %}
<p>Removed text is struck through and marked “Removed”; added text is marked “Added”.</p>
{% elif not fields %}
<p>Only spacing or line breaks changed; the text reads the same.</p>
{% endif %}
{% for change in changes %}
<section class="academy-change" aria-labelledby="change-{{ loop.index }}">
<h2 id="change-{{ loop.index }}">{{ change.section or "Opening of the module" }}</h2>
{% for block in change.removed %}
<div class="academy-change__removed"><p class="academy-change__label">Removed</p><del>{{ block.html }}</del></div>
{% endfor %}
{% for block in change.added %}
<div class="academy-change__added"><p class="academy-change__label">Added</p><ins>{{ block.html }}</ins></div>
{% endfor %}
</section>
{% endfor %}
"""

_STANDALONE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title }}</title>
</head>
<body>
<main>
{{ body }}
</main>
</body>
</html>
"""


def render_change_page(change: ModuleChange, old_title: str, current_title: str, shell: str | None = None,
                       old_version: str = "", current_version: str = "") -> str:
    old_meta, old_body = split_front_matter(change.old_text)
    new_meta, new_body = split_front_matter(change.new_text)
    title = str(new_meta.get("title") or old_meta.get("title") or change.stem)
    number = new_meta.get("number") or old_meta.get("number")
    if number is not None:
        title = f"Module {number}: {title}"
    link = f"modules/{change.stem}/"
    body = Markup(render(
        _PAGE, title=title, old_title=old_title, current_title=current_title, summary=change.summary(),
        old_link=f"../../{old_version}/{link}" if old_version else "",
        current_link=f"../../{current_version}/{link}" if current_version else "",
        changes=changes(old_body, new_body), fields=changed_fields(old_meta, new_meta)))
    page_title = f"What changed in “{title}” - Prevention Academy"
    if shell and _ARTICLE.search(shell) and _TITLE.search(shell):
        article = _ARTICLE.search(shell)
        assert article is not None
        page = shell[:article.start(2)] + str(body) + shell[article.end(2):]
        return _TITLE.sub(lambda _: render("<title>{{ t }}</title>", t=page_title), page, count=1)
    return render(_STANDALONE, page_title=page_title, body=body)
