"""The library: a catalogue page and one page per resource."""

from __future__ import annotations

from typing import Iterable

from ..content import Content
from ..library import Resource
from . import GeneratedPage
from .markdown import front_matter, link, relative, text

CATALOGUE = "library/index.md"


def generate(content: Content) -> Iterable[GeneratedPage]:
    yield catalogue_page(content)
    for resource in content.resources.values():
        yield resource_page(content, resource)


def catalogue_page(content: Content) -> GeneratedPage:
    lines = [front_matter(title="Living library"), "# Living library\n",
             f"{len(content.resources)} resources for city-led prevention.\n"]
    for resource in sorted(content.resources.values(), key=lambda r: r.meta.title.lower()):
        lines.append(f"- {link(resource.meta.title, relative(CATALOGUE, resource.src_uri))}: "
                     f"{text(resource.meta.publisher)}, {resource.meta.year}")
    return GeneratedPage(CATALOGUE, "\n".join(lines) + "\n")


def resource_page(content: Content, resource: Resource) -> GeneratedPage:
    meta = resource.meta
    labels = content.vocabulary.labels if content.vocabulary else (lambda facet: {})
    modules = content.modules_for(resource)
    lines = [
        front_matter(title=meta.title, description=meta.summary),
        f"# {text(meta.title)}\n",
        f"{text(meta.summary)}\n",
        f"- **Publisher:** {text(meta.publisher)}",
        f"- **Year:** {meta.year}",
        f"- **Type:** {text(labels('types').get(meta.type, meta.type))}",
        f"- **Topics:** {', '.join(text(labels('topics').get(t, t)) for t in meta.topics)}",
        f"- **For:** {', '.join(text(labels('audiences').get(a, a)) for a in meta.audiences)}",
        f"- **Link:** {link(meta.url, meta.url)}",
        "",
    ]
    if modules:
        lines.append("## Used in these modules\n")
        lines += [f"- {link(f'Module {m.number}: {m.title}', relative(resource.src_uri, m.src_uri))}" for m in modules]
    return GeneratedPage(resource.src_uri, "\n".join(lines) + "\n")
