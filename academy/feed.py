"""The Atom feed of new library entries, built with feedgen.

Every date in the feed comes from the entries (``added``), never from the
clock, so two builds of the same content write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Callable, Iterable

from feedgen.feed import FeedGenerator

from . import urls
from .library import Resource

FEED_PATH = urls.FEED
FEED_NAMESPACE = uuid.UUID("6f1d7b0e-3c1a-5e53-9a57-2d1f64f5b1a4")
"""Fixed namespace for the feed's ``urn:uuid:`` ids: an entry's id never changes between builds."""

FEED_SIZE = 50

DECOY_SITEMAP_PATH = urls.DECOY_SITEMAP
DECOY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
"""An empty sitemap beside the feed.

Material's JavaScript treats every ``<link rel="alternate">`` as another language
version of the site and fetches ``sitemap.xml`` next to it; for the feed's link that
is ``library/sitemap.xml``.  This empty file answers that request (no 404 in the
console) without making every page download the site's real sitemap.
"""


def entry_id(resource_id: str) -> str:
    return uuid.uuid5(FEED_NAMESPACE, f"library/{resource_id}").urn


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)


def build_feed(resources: Iterable[Resource], *, title: str, page_url: Callable[[Resource], str],
               catalog_url: str, feed_url: str, type_labels: dict[str, str],
               limit: int = FEED_SIZE) -> bytes:
    """An Atom document of the ``limit`` most recently added entries, newest first.

    ``page_url`` gives each entry's page address (absolute when the site has a
    ``site_url``); ``catalog_url`` and ``feed_url`` are the feed's own links.
    """
    from .catalog import recently_added

    chosen = recently_added(resources, limit)
    feed = FeedGenerator()
    feed.id(uuid.uuid5(FEED_NAMESPACE, "library").urn)
    feed.title(title)
    feed.subtitle("Resources newly added to the Prevention Academy's living library.")
    feed.link(href=catalog_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.language("en")
    feed.updated(_midnight(max((r.meta.added for r in chosen), default=dt.date(2000, 1, 1))))
    # feedgen prepends by default: add the oldest first so the newest ends up on top.
    for resource in reversed(chosen):
        meta = resource.meta
        entry = feed.add_entry()
        entry.id(entry_id(resource.id))
        entry.title(meta.title)
        # One link only: feedgen 1.0.0 drops rel/type on entry links, and two rel-less links
        # would be two "alternate" links, which Atom forbids.  The entry's page links to the resource.
        entry.link(href=page_url(resource))
        entry.published(_midnight(meta.added))
        entry.updated(_midnight(meta.added))
        entry.author({"name": meta.publisher})
        entry.summary(meta.summary)
        entry.category(term=meta.type, label=type_labels.get(meta.type, meta.type))
    return feed.atom_str(pretty=True)
