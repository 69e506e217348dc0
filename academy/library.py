"""The living library: one YAML file per resource under ``library/`` and a shared vocabulary."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from typing import Literal

from pydantic import Field, field_validator

from . import languages, urls
from .problems import WARNING, Problem, did_you_mean
from .reuse import reused
from .schema import Draft, Rule, Schema, WebAddress, check_rules, draft, invalid, patterned, validate
from .sources import SourceError, YamlDocument, parse_yaml, read_text

VOCABULARY_FILE = "vocabulary.yml"
"""The controlled vocabulary inside ``library/``: types, topics and audiences."""

ENTRY_SUFFIXES = (".yml", ".yaml")

RESOURCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

RESERVED_IDS = frozenset({"index", posixpath.basename(urls.BROWSE_DIR), "feed", "vocabulary"})
"""Names the library's own pages and files use (library/index.md is the catalog; its browse index is the
folder ``library/catalogue/``, a published address that keeps its old spelling)."""


class Term(Schema):
    """One word of the controlled vocabulary."""

    id: str = Field(description="Lowercase-kebab-case id used in entries.")
    label: str = Field(min_length=1, description="Label shown to readers.")

    @field_validator("id")
    @classmethod
    def _kebab_case(cls, value: str) -> str:
        if not RESOURCE_ID.match(value):
            raise invalid("expected lowercase words joined by hyphens, such as 'city-staff'")
        return value


class Vocabulary(Schema):
    """``library/vocabulary.yml``: the words entries may use for type, topics and audiences."""

    types: list[Term] = Field(min_length=1, description="Kinds of resource (guide, toolkit, report, ...).")
    topics: list[Term] = Field(min_length=1, description="Subjects a resource covers.")
    audiences: list[Term] = Field(min_length=1, description="Who a resource is for.")

    def labels(self, facet: str) -> dict[str, str]:
        return {term.id: term.label for term in getattr(self, facet)}


FACETS = ("types", "topics", "audiences")

Terms = Mapping[str, Mapping[str, str]]
"""The vocabulary's words by facet ('types', 'topics', 'audiences'): id -> label. Only the facets that are
right on their own when the vocabulary file has mistakes."""


def vocabulary_terms(vocabulary: Draft) -> Terms:
    """The words of the vocabulary's facets that are right on their own (all three when the file is valid)."""
    return {facet: {term.id: term.label for term in vocabulary.fields[facet]}
            for facet in FACETS if facet in vocabulary.fields}


HOME_PAGE_TYPES = ("organization", "network", "website")
"""Types whose resource is a whole site, so its home page is the right link; every other entry links
to the resource itself (its own page or document)."""


class ResourceStatus(Schema):
    """What happened to a resource that is no longer current; history is kept, not deleted."""

    state: Literal["discontinued", "changed"] = Field(
        description="discontinued (it ended or is no longer offered) or changed (it still exists, but not "
                    "as before: cut back, suspended, moved).")
    date: dt.date = Field(description="When it changed, YYYY-MM-DD (the first day known).")
    note: str = Field(min_length=20, max_length=400,
                      description="One or two sentences in our own words: what changed and what remains.")


def _checked_after_added(added: dt.date, checked: dt.date) -> str | None:
    if checked >= added:
        return None
    return f"checked {checked} is before added {added}; a link is checked when or after it is added"


class ResourceMeta(Schema):
    """One resource entry, ``library/<id>.yml``; the id is the file name."""

    title: str = Field(min_length=2, max_length=200, description="The resource's own title.")
    publisher: str = Field(min_length=2, description="Organization that publishes it.")
    year: int = Field(ge=1800, le=2100, description="Year of publication or launch.")
    type: str = Field(description="A type id from library/vocabulary.yml.")
    topics: list[str] = Field(min_length=1, description="Topic ids from library/vocabulary.yml.")
    audiences: list[str] = Field(min_length=1, description="Audience ids from library/vocabulary.yml.")
    modules: list[int] = Field(default_factory=list, description="Numbers of the modules it serves.")
    url: WebAddress = Field(description="Web address of the resource, starting with https://.")
    summary: str = Field(min_length=20, max_length=1200, description="A short summary in our own words.")
    language: str = patterned(r"^[a-z]{2}(?:-[A-Z]{2})?$",
                              "a language code such as 'en' or 'es', or with a region such as 'es-MX'",
                              description="The resource's language; pages show its name, such as English.")
    added: dt.date = Field(description="Date the entry was added, YYYY-MM-DD.")
    checked: dt.date = Field(description="Date the entry's link and text were last verified, YYYY-MM-DD.")
    status: ResourceStatus | None = Field(
        default=None, description="Only for a resource that ended or changed: state, date and note. "
                                  "Leave it out while the resource is current.")

    @field_validator("language")
    @classmethod
    def _known_language(cls, code: str) -> str:
        if not languages.is_known(code):
            raise invalid(f"is not a known language code (or region); use a code such as {languages.EXAMPLES}")
        return code

    rules = (Rule(("added", "checked"), "checked", _checked_after_added),)


@dataclass(frozen=True)
class Resource:
    """A validated library entry and where it came from."""

    id: str
    meta: ResourceMeta
    document: YamlDocument

    @property
    def src_uri(self) -> str:
        return urls.library_entry(self.id)

    @property
    def draft(self) -> Draft:
        """Every field, for the rules that also check entries with mistakes (:class:`academy.schema.Draft`)."""
        return Draft.of(self.meta, self.document)


def load_vocabulary(library_dir: Path, root: Path) -> tuple[Vocabulary | None, Terms | None, list[Problem]]:
    """The vocabulary when it is valid, and its words (those of its well-formed facets when it is not: entries
    are checked against them in the same run)."""
    path = library_dir / VOCABULARY_FILE
    display = path.relative_to(root).as_posix()
    if not path.exists():
        return None, None, [Problem(display, 1, 1, "is missing; the library needs its vocabulary of types, "
                                                   "topics and audiences (see docs/facilitators.md)")]
    document, problems = _parse(path, root)
    if document is None:
        return None, None, problems
    vocabulary, problems = validate(Vocabulary, document)
    found = Draft.of(vocabulary, document) if vocabulary is not None else draft(Vocabulary, document)
    return vocabulary, vocabulary_terms(found), problems + _duplicate_terms(found)


def _duplicate_terms(vocabulary: Draft) -> list[Problem]:
    problems = []
    for facet in FACETS:
        seen: set[str] = set()
        for index, term in enumerate(vocabulary.get(facet, ())):
            if term.id in seen:
                line, col = vocabulary.document.locate((facet, index, "id"))
                problems.append(Problem(vocabulary.document.path, line, col,
                                        f"{facet}[{index}].id '{term.id}' is listed twice; keep one"))
            seen.add(term.id)
    return problems


def load_resource(path: Path, root: Path) -> tuple[Resource | None, Draft | None, list[Problem]]:
    """The entry when it is valid, what can be checked of it (its draft; None when its file cannot be read as
    YAML) and its problems."""
    display = path.relative_to(root).as_posix()
    resource_id = path.stem
    if not RESOURCE_ID.match(resource_id):
        return None, None, [Problem(display, 1, 1, f"file name '{path.name}' is not a valid resource id; use "
                                             "lowercase words joined by hyphens, such as 'hate-crime-data.yml'")]
    if resource_id in RESERVED_IDS:
        return None, None, [Problem(display, 1, 1, f"file name '{path.name}' is reserved for the library's own pages "
                                             f"({', '.join(sorted(RESERVED_IDS))}); name the entry after the "
                                             "resource, such as 'city-guide-to-prevention.yml'")]
    display = path.relative_to(root).as_posix()
    try:
        text = read_text(path, root)
    except SourceError as exc:
        return None, None, [Problem(display, exc.line, exc.col, exc.message)]
    return reused("library entry", (display, text), lambda: _resource(resource_id, display, text))


def _resource(resource_id: str, display: str, text: str) -> tuple[Resource | None, Draft | None, list[Problem]]:
    """An entry from its file's text (the same text gives the same result: the preview reuses it)."""
    try:
        document = parse_yaml(text, display, keep_going=True)
    except SourceError as exc:
        return None, None, [Problem(display, exc.line, exc.col, exc.message)]
    meta, problems = validate(ResourceMeta, document)
    if meta is None:
        entry = draft(ResourceMeta, document)
        return None, entry, problems + check_rules(ResourceMeta, entry)
    resource = Resource(resource_id, meta, document)
    return resource, resource.draft, problems


def check_vocabulary(entry: Draft, terms: Terms) -> list[Problem]:
    """Every type, topic and audience of an entry must be in the vocabulary (each field and facet that is
    right on its own is checked)."""
    problems = []
    for field_name, facet in (("type", "types"), ("topics", "topics"), ("audiences", "audiences")):
        if field_name not in entry.fields or facet not in terms:
            continue
        known = terms[facet]
        values = [entry.fields[field_name]] if field_name == "type" else entry.fields[field_name]
        for index, value in enumerate(values):
            if value in known:
                continue
            key = (field_name,) if field_name == "type" else (field_name, index)
            line, col = entry.document.locate(key)
            where = field_name if field_name == "type" else f"{field_name}[{index}]"
            problems.append(Problem(entry.document.path, line, col,
                                    f"{where} '{value}' is not in library/{VOCABULARY_FILE}"
                                    f"{did_you_mean(value, known)}; use a listed id or add it to the vocabulary"))
    return problems


def check_deep_link(entry: Draft) -> list[Problem]:
    """A warning when an entry that is not about a whole site links to a site's home page."""
    if "type" not in entry.fields or "url" not in entry.fields or entry.fields["type"] in HOME_PAGE_TYPES:
        return []
    url = entry.fields["url"]
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query:
        return []
    line, col = entry.document.locate(("url",))
    return [Problem(entry.document.path, line, col,
                    f"url '{url}' is a home page; link to the resource itself (its own page "
                    f"or document); only entries of type {', '.join(HOME_PAGE_TYPES)} may link to a home page",
                    WARNING)]


def verified_until(checked: dt.date) -> dt.date:
    """The last day an entry's verification stands: a year after it (February 29 stands until March 1). After
    that, ``--check`` asks for the link and text to be checked again: a living library's entries describe pages
    that move, change and disappear."""
    try:
        return checked.replace(year=checked.year + 1)
    except ValueError:
        return dt.date(checked.year + 1, 3, 1)


def verification_due(resource: Resource, today: dt.date) -> list[Problem]:
    """``--check``'s warning for an entry last verified more than a year before ``today``
    (:func:`verified_until`), or dated after it (a verification that has not happened yet)."""
    checked = resource.meta.checked
    line, col = resource.document.locate(("checked",))
    if checked > today:
        return [Problem(resource.document.path, line, col,
                        f"checked {checked} is after {today}, the day of this check; write the day the link and "
                        "text were verified", WARNING)]
    if today > verified_until(checked):
        return [Problem(resource.document.path, line, col,
                        f"checked {checked} is more than a year before {today}; open the link, make sure the "
                        "entry still describes what it leads to, and set checked to that day", WARNING)]
    return []


def is_entry_file(path: Path) -> bool:
    """A resource entry: ``<id>.yml`` or ``<id>.yaml`` other than the vocabulary."""
    return path.suffix in ENTRY_SUFFIXES and path.stem != Path(VOCABULARY_FILE).stem


def duplicate_files(paths: list[Path], root: Path) -> tuple[list[Path], list[Problem]]:
    """One file per id: ``x.yml`` and ``x.yaml`` together is an error on the second."""
    kept: dict[str, Path] = {}
    problems = []
    for path in sorted(paths, key=lambda p: (p.stem, p.suffix != ".yml", p.name)):
        if path.stem in kept:
            problems.append(Problem(path.relative_to(root).as_posix(), 1, 1,
                                    f"resource id '{path.stem}' is already used by "
                                    f"{kept[path.stem].relative_to(root).as_posix()}; keep one file per resource"))
            continue
        kept[path.stem] = path
    return sorted(kept.values()), problems


def check_repeats(entry: Draft) -> list[Problem]:
    """A topic, audience or module listed twice in one entry."""
    problems = []
    for field_name in ("topics", "audiences", "modules"):
        seen: set[object] = set()
        for index, value in enumerate(entry.get(field_name, ())):
            if value in seen:
                line, col = entry.document.locate((field_name, index))
                problems.append(Problem(entry.document.path, line, col,
                                        f"{field_name}[{index}] {value!r} is listed twice; keep one"))
            seen.add(value)
    return problems


def check_same_resource(entries: list[Draft]) -> list[Problem]:
    """Two entries with the same title and url describe one resource twice (entries whose title or url has a
    mistake of its own are left out)."""
    first: dict[tuple[str, str], Draft] = {}
    problems = []
    for entry in entries:
        if "title" not in entry.fields or "url" not in entry.fields:
            continue
        title, url = entry.fields["title"], entry.fields["url"]
        key = (" ".join(title.lower().split()), url.rstrip("/").lower())
        if key in first:
            line, col = entry.document.locate(("title",))
            problems.append(Problem(entry.document.path, line, col,
                                    f"title '{title}' with url '{url}' is already "
                                    f"in {first[key].document.path}; describe each resource once"))
            continue
        first[key] = entry
    return problems


def _parse(path: Path, root: Path) -> tuple[YamlDocument | None, list[Problem]]:
    display = path.relative_to(root).as_posix()
    try:
        return parse_yaml(read_text(path, root), display, keep_going=True), []
    except SourceError as exc:
        return None, [Problem(display, exc.line, exc.col, exc.message)]
