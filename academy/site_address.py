"""Where the site is published: the ``site_url`` of mkdocs.yml, or the ``ACADEMY_SITE_URL`` override.

Pure: no MkDocs, no files.  One address serves the whole site; each cohort's
version lives below it (``<site_url><version>/``), which is what MkDocs needs
as its own ``site_url`` for sitemaps, canonical links and the 404 page's links.
Every version names the page's address under ``latest/`` (the newest
version's page) as canonical: so an older version points to the newest page,
and its bytes stay the same when a newer cohort is published.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SITE_URL_VARIABLE = "ACADEMY_SITE_URL"
LATEST = "latest"


class SiteAddressError(ValueError):
    """A site address that is not a full http(s) address; the message says what is expected."""


def normalize(address: str, where: str) -> str:
    """``address`` as a full web address ending in ``/``; raises SiteAddressError naming ``where``."""
    parts = urlsplit(address.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteAddressError(f"{where} '{address}' is not a full web address; expected one starting with "
                               "https:// and naming a host, such as https://academy.example.org/")
    return address.strip().rstrip("/") + "/"


def site_address(configured: str | None, environment: dict[str, str]) -> str | None:
    """The site's address: the environment's override, else mkdocs.yml's ``site_url``, else None."""
    override = environment.get(SITE_URL_VARIABLE, "").strip()
    if override:
        return normalize(override, f"environment variable {SITE_URL_VARIABLE}")
    if configured:
        return normalize(configured, "site_url")
    return None


def version_address(site: str, version: str | None) -> str:
    """The address of one cohort's version inside the site (the site itself when unversioned)."""
    return f"{site}{version}/" if version else site


def canonical_base(site: str, version: str | None) -> str:
    """Where canonical page addresses start: the newest version's alias, or the site when unversioned."""
    return f"{site}{LATEST}/" if version else site


def path_of(address: str) -> str:
    """The path part of an address (``/`` for a site at a host's root)."""
    return urlsplit(address).path or "/"
