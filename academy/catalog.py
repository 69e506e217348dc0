"""The library catalog as data: facets with counts, the recently added list, the static browse index.

Pure functions over the content model; the page generators and templates
turn the results into pages, and the browser (``theme/assets/javascripts/library.js``)
recounts the same facets from the browse index, for the entries a Pagefind word search found.

Pagefind filters are not used: Pagefind 1.5 writes its filter files in a random order, so a site
using them is not byte-identical from one build to the next.  Instead each entry page carries its
entry number as Pagefind metadata (:data:`ENTRY_META`), and after indexing
:func:`search_pages` lists, by entry number, the Pagefind page each entry became.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from . import urls
from .curriculum import Module
from .library import Resource, Vocabulary

FACETS = ("topic", "module", "type", "audience", "year", "status")
"""Facet names, in the order the catalog shows them; also the URL parameters."""

FACET_LABELS = {"topic": "Topic", "module": "Module", "type": "Type", "audience": "Audience", "year": "Year",
                "status": "Status"}

STATUS_LABELS = {"current": "Current", "changed": "Changed", "discontinued": "Discontinued"}
"""The status facet's values: an entry without ``status:`` is current."""

ENTRY_META = "entry"
"""The Pagefind metadata field that holds an entry page's number in the browse index."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: tuple[Option, ...]


def facet_values(resource: Resource) -> dict[str, list[str]]:
    """The values an entry has in each facet, as strings (the form they take in URLs and filters)."""
    meta = resource.meta
    return {
        "topic": list(dict.fromkeys(meta.topics)),
        "module": [str(n) for n in dict.fromkeys(meta.modules)],
        "type": [meta.type],
        "audience": list(dict.fromkeys(meta.audiences)),
        "year": [str(meta.year)],
        "status": [status_value(resource)],
    }


def status_value(resource: Resource) -> str:
    """``current``, or the state of an entry whose resource ended or changed."""
    return resource.meta.status.state if resource.meta.status else "current"


def status_badge(resource: Resource) -> str:
    """The short label results and pages show for an entry that is not current ("Discontinued in 2025")."""
    status = resource.meta.status
    return f"{STATUS_LABELS[status.state]} in {status.date.year}" if status else ""


def facet_values_with_modules(resource: Resource, module_numbers: Iterable[int]) -> dict[str, list[str]]:
    """Like :func:`facet_values`, with the module facet taken from both sides of the module link."""
    values = facet_values(resource)
    values["module"] = [str(n) for n in sorted(set(module_numbers))]
    return values


def count_facets(entries: Iterable[dict[str, list[str]]]) -> dict[str, Counter[str]]:
    """How many entries carry each value of each facet."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for values in entries:
        for name in FACETS:
            counts[name].update(values.get(name, []))
    return counts


def build_facets(counts: dict[str, Counter[str]], vocabulary: Vocabulary | None,
                 modules: list[Module]) -> list[Facet]:
    """Every facet with every option in a stable order: vocabulary order, module number, newest year first.

    Vocabulary terms and modules are listed even when no entry uses them yet (count 0).
    """
    labels = {
        "topic": vocabulary.labels("topics") if vocabulary else {},
        "type": vocabulary.labels("types") if vocabulary else {},
        "audience": vocabulary.labels("audiences") if vocabulary else {},
        "module": {str(m.number): f"{m.number}. {m.title}" for m in modules},
        "year": {year: year for year in sorted(counts["year"], reverse=True)},
        "status": STATUS_LABELS,
    }
    return [Facet(name, FACET_LABELS[name],
                  tuple(Option(value, label, counts[name][value]) for value, label in labels[name].items()))
            for name in FACETS]


def recently_added(resources: Iterable[Resource], limit: int) -> list[Resource]:
    """Newest first by date added; ties by title so the order never depends on file order."""
    ordered = sorted(resources, key=lambda r: r.meta.title.lower())
    return sorted(ordered, key=lambda r: r.meta.added, reverse=True)[:limit]


BROWSE_DIR = urls.BROWSE_DIR
"""Static data for browsing the catalog without a search word (no Pagefind query needed)."""

SHARD_SIZE = 10
"""Entries per record file: showing 20 results fetches at most 20 small files, whatever the library's size."""


def browse_data(resources: Iterable[Resource], module_numbers: dict[str, list[int]],
                page_urls: dict[str, str], type_labels: dict[str, str]) -> dict[str, bytes]:
    """The files that let the catalog filter and count without a search word, by path in the site.

    ``facets.json`` holds, for each facet value, the numbers of the entries that have it
    (entries numbered in title order, gaps stored instead of numbers so it compresses well);
    ``records-N.json`` holds what a result shows, ``SHARD_SIZE`` entries per file.
    ``module_numbers`` maps an entry id to the modules that use it (both sides of the link);
    ``page_urls`` maps an entry id to its page's URL relative to the catalog page.
    """
    ordered = catalog_order(resources)
    postings: dict[str, dict[str, list[int]]] = {name: {} for name in FACETS}
    for number, resource in enumerate(ordered):
        values = facet_values_with_modules(resource, module_numbers.get(resource.id, []))
        for name in FACETS:
            for value in values[name]:
                postings[name].setdefault(value, []).append(number)
    index = {"total": len(ordered), "shard_size": SHARD_SIZE,
             "postings": {name: {value: _gaps(numbers) for value, numbers in sorted(by_value.items())}
                          for name, by_value in postings.items()}}
    files = {f"{BROWSE_DIR}/facets.json": _json(index)}
    for start in range(0, len(ordered), SHARD_SIZE):
        records = [{"title": r.meta.title, "url": page_urls[r.id], "publisher": r.meta.publisher,
                    "year": r.meta.year, "type": type_labels.get(r.meta.type, r.meta.type),
                    "summary": " ".join(r.meta.summary.split()), "status": status_badge(r)}
                   for r in ordered[start:start + SHARD_SIZE]]
        files[f"{BROWSE_DIR}/records-{start // SHARD_SIZE}.json"] = _json(records)
    return files


def catalog_order(resources: Iterable[Resource]) -> list[Resource]:
    """Entries in the order the browse index numbers them: by title, ties by id."""
    return sorted(resources, key=lambda r: (r.meta.title.lower(), r.id))


def entry_numbers(resources: Iterable[Resource]) -> dict[str, int]:
    """Each entry's number in the browse index, by entry id."""
    return {resource.id: number for number, resource in enumerate(catalog_order(resources))}


SEARCH_PAGES = f"{BROWSE_DIR}/search-pages.json"
"""Written after Pagefind has indexed the site: the Pagefind page id of each entry, by entry number."""


def search_pages(page_meta: dict[str, dict[str, str]]) -> bytes:
    """The file at :data:`SEARCH_PAGES`, from Pagefind's pages (page id -> metadata).

    The catalog maps each result of a word search to its entry through this list (results that
    are not entries, such as modules, are dropped), then filters and counts with the browse index.
    """
    numbered = {}
    for page_id, meta in page_meta.items():
        number = meta.get(ENTRY_META, "")
        if number.isdigit():
            numbered[int(number)] = page_id
    if sorted(numbered) != list(range(len(numbered))):
        raise ValueError(f"library entries numbered {sorted(numbered)[:5]}..., expected 0 to {len(numbered) - 1}")
    return _json({"pages": [numbered[number] for number in range(len(numbered))]})


def _gaps(numbers: list[int]) -> list[int]:
    """``[3, 5, 9]`` -> ``[3, 2, 4]``: each number as the distance from the one before."""
    return [number - previous for previous, number in zip([0] + numbers, numbers)] if numbers else []


def _json(value: object) -> bytes:
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
