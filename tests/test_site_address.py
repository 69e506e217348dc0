"""The site's address (site_url): sitemaps, canonical links, robots.txt, feed links, Open Graph, 404 pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from academy.site_address import SiteAddressError, canonical_base, site_address, version_address
from academy.site_root import robots_txt, sitemap_index

from .conftest import newest_version

SAMPLE = "https://academy.example.org/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# --- pure -------------------------------------------------------------------------------------------------

def test_environment_overrides_mkdocs_yml_and_a_slash_is_added() -> None:
    assert site_address("https://a.example/x", {}) == "https://a.example/x/"
    assert site_address("https://a.example/", {"ACADEMY_SITE_URL": "https://b.example/academy"}) == \
        "https://b.example/academy/"
    assert site_address(None, {}) is None


@pytest.mark.parametrize("bad", ["academy.example.org", "ftp://a.example/", "https:///x", "https://a.example/?q=1"])
def test_an_address_that_is_not_a_full_web_address_is_refused_with_the_variable_named(bad: str) -> None:
    with pytest.raises(SiteAddressError, match=r"environment variable ACADEMY_SITE_URL '.*' is not a full web"):
        site_address(None, {"ACADEMY_SITE_URL": bad})


def test_versions_live_below_the_site_and_canonical_pages_below_latest() -> None:
    assert version_address(SAMPLE, "2025-26") == SAMPLE + "2025-26/"
    assert version_address(SAMPLE, None) == SAMPLE
    assert canonical_base(SAMPLE, "2024-25") == SAMPLE + "latest/"
    assert canonical_base(SAMPLE, None) == SAMPLE


def test_robots_txt_names_the_sitemap_only_when_the_address_is_known() -> None:
    assert robots_txt(SAMPLE) == f"User-agent: *\nAllow: /\nSitemap: {SAMPLE}sitemap.xml\n"
    assert "Sitemap" not in robots_txt(None)


def test_sitemap_index_escapes_addresses() -> None:
    root = ET.fromstring(sitemap_index(["https://a.example/?a=1&b=2"]))
    assert [loc.text for loc in root.iter(f"{SITEMAP}loc")] == ["https://a.example/?a=1&b=2"]


# --- the built sample site ------------------------------------------------------------------------------------

def _pages(version_dir: Path) -> list[str]:
    """Every page of a version as its path after /<version>/ ('' for the home), 404 and search index aside."""
    return sorted(re.sub(r"(^|/)index\.html$", r"\1", p.relative_to(version_dir).as_posix())
                  for p in version_dir.rglob("index.html") if "pagefind" not in p.parts)


def test_sitemaps_list_every_page_of_the_newest_version(built_sample: Path) -> None:
    site, newest = built_sample / "site", newest_version(built_sample)
    index = ET.parse(site / "sitemap.xml").getroot()
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [f"{SAMPLE}{newest}/sitemap.xml"]
    listed = sorted(loc.text.removeprefix(f"{SAMPLE}{newest}/")
                    for loc in ET.parse(site / newest / "sitemap.xml").getroot().iter(f"{SITEMAP}loc"))
    assert listed == _pages(site / newest)
    assert len(listed) > 50
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SAMPLE}sitemap.xml\n"


def test_pages_name_the_newest_page_as_canonical_and_carry_open_graph_tags(built_sample: Path) -> None:
    newest = newest_version(built_sample)
    page = (built_sample / "site" / newest / "modules/01-local-leadership/index.html").read_text()
    assert f'<link rel="canonical" href="{SAMPLE}latest/modules/01-local-leadership/">' in page
    assert f'<meta property="og:url" content="{SAMPLE}{newest}/modules/01-local-leadership/">' in page
    assert '<meta property="og:title" content="Local leadership in prevention">' in page
    assert '<meta property="og:site_name" content="Prevention Academy">' in page


def test_feed_links_are_absolute(built_sample: Path) -> None:
    feed = (built_sample / "site" / newest_version(built_sample) / "library/feed.xml").read_text()
    links = re.findall(r'<link href="([^"]+)"', feed)
    assert links and all(link.startswith(f"{SAMPLE}{newest_version(built_sample)}/library/") for link in links)


def test_root_404_page_links_start_at_the_site_root(built_sample: Path) -> None:
    newest = newest_version(built_sample)
    page = (built_sample / "site/404.html").read_text()
    assert page == (built_sample / "site" / newest / "404.html").read_text()
    links = re.findall(r'(?:href|src)="([^"#]+)"', page)
    assert links
    relative = [link for link in links if not link.startswith((f"/{newest}/", "https://", "mailto:"))]
    assert relative == []
