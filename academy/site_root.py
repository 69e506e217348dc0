"""The files a static host and a search engine look for at the top of the site.

Pure text: ``robots.txt`` (naming the sitemap when the site's address is
known) and a sitemap index that points to the sitemap of the version readers
should find (older versions name the newest page as canonical, so only the
newest version is listed).
"""

from __future__ import annotations

from .templating import render

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
_SITEMAP_INDEX = """\
<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="{{ namespace }}">
{% for url in sitemaps %}  <sitemap><loc>{{ url }}</loc></sitemap>
{% endfor %}</sitemapindex>
"""


def robots_txt(site: str | None) -> str:
    """Every page may be crawled; the sitemap is named when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site:
        lines.append(f"Sitemap: {site}sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap_index(sitemaps: list[str]) -> str:
    """A sitemap index listing the given sitemap addresses."""
    return render(_SITEMAP_INDEX, namespace=SITEMAP_NAMESPACE, sitemaps=sitemaps)
