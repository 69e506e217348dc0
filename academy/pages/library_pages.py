"""The library: the catalog page and one page per resource.

The catalog's search box and facet filters are laid out by ``theme/library.html``
(from :func:`academy.views.library_view`); its Markdown holds the recently added
list.  Each entry page carries Pagefind metadata (with its number in the catalog's
browse index) in a hidden block, so a word search in the catalog can find
the entry and filter and count it with the browse index.  No Pagefind filters or sort keys:
Pagefind writes them in a random order, and the site must be byte-identical from build to build.
"""

from __future__ import annotations

from typing import Iterable

from ..catalog import ENTRY_META, entry_numbers, recently_added, status_badge
from .. import urls
from ..content import Content
from ..feed import FEED_PATH
from ..curriculum import Module
from ..languages import language_name
from ..library import Resource
from ..reuse import Same, reused
from ..templating import Markup, fragment, render
from . import GeneratedPage, direct_html
from .direct_html import DirectHtml
from .when import short_day
from .markdown import front_matter, link, relative, text

CATALOG = urls.CATALOG
CONTRIBUTING = urls.LIBRARY_CONTRIBUTING
RECENT_ON_CATALOG = 10


def generate(content: Content) -> Iterable[GeneratedPage]:
    yield catalog_page(content)
    numbers = entry_numbers(content.resources.values())
    labels = facet_labels(content)
    vocabulary = repr([labels[facet] for facet in FACETS] if content.vocabulary else None)
    for resource in content.resources.values():
        # Every input of resource_page: the preview reuses the page while they stay the same (academy.reuse).
        key = (Same(resource), numbers[resource.id], vocabulary,
               tuple((m.number, m.title, m.src_uri) for m in content.modules_for(resource)))
        yield reused("library entry page", key,
                     lambda: resource_page(content, resource, numbers[resource.id], labels))


FACETS = ("types", "topics", "audiences")


def facet_labels(content: Content) -> dict[str, dict[str, str]]:
    """Each facet's labels by term id (none without a vocabulary): made once for all the entry pages."""
    vocabulary = content.vocabulary
    return {facet: vocabulary.labels(facet) if vocabulary else {} for facet in FACETS}


def catalog_page(content: Content) -> GeneratedPage:
    lines = [
        front_matter(title="Living library", template="library.html",
                     description="Guides, toolkits, reports and data for city-led prevention of hate and "
                                 "extremism, searchable by topic, module, type, audience and year."),
        "## Recently added {#recently-added}\n",
    ]
    for resource in recently_added(content.resources.values(), RECENT_ON_CATALOG):
        lines.append(f"- {link(resource.meta.title, relative(CATALOG, resource.src_uri))}: "
                     f"{text(resource.meta.publisher)}, {resource.meta.year} "
                     + str(fragment('<span class="academy-muted">(added {})</span>', resource.meta.added.isoformat())))
    lines += [
        "",
        f"New entries also arrive in the {link('library feed (Atom)', relative(CATALOG, FEED_PATH))}, "
        "which feed readers can follow.\n",
        "## Suggest a resource {#suggest}\n",
        f"Know a guide, toolkit or data source other cities should see? "
        f"{link('How to add or suggest a resource', relative(CATALOG, CONTRIBUTING))}.\n",
    ]
    return GeneratedPage(CATALOG, "\n".join(lines) + "\n")


def resource_page(content: Content, resource: Resource, number: int,
                  labels: dict[str, dict[str, str]] | None = None) -> GeneratedPage:
    """``labels``: :func:`facet_labels` of ``content``, when the caller has them."""
    meta = resource.meta
    labels = facet_labels(content) if labels is None else labels
    modules = content.modules_for(resource)
    type_label = labels["types"].get(meta.type, meta.type)
    front = {"title": meta.title, "description": meta.summary}
    lines = [
        front_matter(**front),
        f"# {text(meta.title)}\n",
        *status_notice(resource),
        f"{text(meta.summary)}\n",
        f"[Open the resource](<{meta.url}>){{ .md-button .md-button--primary }}\n",
        '<div class="academy-resource-facts" markdown>\n',
        "Publisher", f":   {text(meta.publisher)}\n",
        "Year", f":   {meta.year}\n",
        "Type", f":   {text(type_label)}\n",
        "Topics", f":   {', '.join(text(labels['topics'].get(t, t)) for t in meta.topics)}\n",
        "For", f":   {', '.join(text(labels['audiences'].get(a, a)) for a in meta.audiences)}\n",
        "Language", f":   {text(language_name(meta.language))}\n",
        "Web address", f":   {link(meta.url, meta.url)}\n",
        "Added to the library", f":   {short_day(meta.added)}\n",
        "Last verified", f":   {short_day(meta.checked)}\n",
        "</div>\n",
        "## Used in these modules\n",
    ]
    if modules:
        lines += [f"- {link(f'Module {m.number}: {m.title}', relative(resource.src_uri, m.src_uri))}"
                  for m in modules]
    else:
        lines.append("No module links to this resource yet.")
    search = search_data(resource, number, type_label)
    lines += ["", f"{link('Back to the library', relative(resource.src_uri, CATALOG))}\n", search]
    return GeneratedPage(resource.src_uri, "\n".join(lines) + "\n",
                         direct=entry_html(content, resource, type_label, modules, search, labels), meta=front)


ENTRY_HTML = """\
{{ h1 }}
{% if status %}<div class="admonition warning">
<p class="admonition-title">{{ status.badge }}</p>
<p>{{ status.note }} (Since {{ status.since }}.)</p>
</div>
{% endif %}<p>{{ summary }}</p>
<p><a class="md-button md-button--primary" href="{{ url }}">Open the resource</a></p>
<div class="academy-resource-facts">
<dl>
{% for term, value in facts %}<dt>{{ term }}</dt>
<dd>{{ value }}</dd>
{% endfor %}</dl>
</div>
{{ h2 }}
{% if modules %}<ul>
{% for href, label in modules %}<li><a href="{{ href }}">{{ label }}</a></li>
{% endfor %}</ul>
{% else %}<p>No module links to this resource yet.</p>
{% endif %}<p><a href="{{ back }}">Back to the library</a></p>
{{ search }}"""
"""An entry page's HTML as Python-Markdown writes its Markdown (see academy/pages/direct_html.py)."""


def entry_html(content: Content, resource: Resource, type_label: str, modules: list[Module],
               search: str, labels: dict[str, dict[str, str]] | None = None) -> DirectHtml | None:
    """The entry page's HTML written directly, or None when a value needs Markdown's own parse.

    ``modules`` name the resource; ``search`` is its hidden search metadata (:func:`search_data`); ``labels``:
    :func:`facet_labels`."""
    meta = resource.meta
    labels = facet_labels(content) if labels is None else labels
    topics = ", ".join(labels["topics"].get(t, t) for t in meta.topics)
    audiences = ", ".join(labels["audiences"].get(a, a) for a in meta.audiences)
    facts = [("Publisher", meta.publisher), ("Year", meta.year), ("Type", type_label), ("Topics", topics),
             ("For", audiences), ("Language", language_name(meta.language)), ("Web address", meta.url),
             ("Added to the library", short_day(meta.added)), ("Last verified", short_day(meta.checked))]
    module_labels = [f"Module {m.number}: {m.title}" for m in modules]
    status = meta.status
    texts = [meta.title, meta.summary, *(value for _, value in facts), *module_labels]
    if status is not None:
        texts += [status_badge(resource), status.note, short_day(status.date)]
    if not direct_html.all_plain(texts, [meta.url]):
        return None
    headings = direct_html.Headings()
    h1 = headings.heading(1, meta.title)
    h2 = headings.heading(2, "Used in these modules")
    targets = [relative(resource.src_uri, m.src_uri) for m in modules]
    back = relative(resource.src_uri, CATALOG)
    text = direct_html.text
    html = render(ENTRY_HTML,
        h1=h1, h2=h2, summary=text(meta.summary), url=direct_html.url(meta.url),
        status=None if status is None else {"badge": text(status_badge(resource)), "note": text(status.note),
                                            "since": text(short_day(status.date))},
        facts=[(term, fragment('<a href="{0}">{1}</a>', direct_html.url(meta.url), text(meta.url))
                if term == "Web address" else text(value)) for term, value in facts],
        modules=[(urls.link(resource.src_uri, m.src_uri), text(label)) for m, label in zip(modules, module_labels)],
        back=urls.link(resource.src_uri, CATALOG), search=Markup(search.rstrip("\n")))
    links = (meta.url, meta.url, *targets, back)
    return direct_html.DirectHtml(html, headings.toc(), links)


def status_notice(resource: Resource) -> list[str]:
    """A warning block at the top of the page of a resource that ended or changed (none while current)."""
    status = resource.meta.status
    if status is None:
        return []
    return [f'!!! warning "{text(status_badge(resource))}"\n',
            f"    {text(' '.join(status.note.split()))} (Since {short_day(status.date)}.)\n"]


def search_data(resource: Resource, number: int, type_label: str) -> str:
    """Hidden Pagefind metadata for the catalog (escaped; not shown, not indexed).

    No ``data-pagefind-filter`` and no ``data-pagefind-sort``: Pagefind 1.5 writes filters, and more
    than one sort, in a random order, so the bundle would differ from one build to the next.
    """
    meta = resource.meta
    spans = [_span("data-pagefind-meta", ENTRY_META, str(number)),
             _span("data-pagefind-meta", "title", meta.title),
             _span("data-pagefind-meta", "publisher", meta.publisher),
             _span("data-pagefind-meta", "year", str(meta.year)),
             _span("data-pagefind-meta", "type", type_label),
             _span("data-pagefind-meta", "summary", " ".join(meta.summary.split()))]
    if meta.status is not None:
        spans.append(_span("data-pagefind-meta", "status", status_badge(resource)))
    return "<div hidden data-pagefind-ignore>\n" + "\n".join(spans) + "\n</div>\n"


def _span(attribute: str, name: str, value: str) -> str:
    return fragment('<span {}="{}">{}</span>', Markup(attribute), name, value)

