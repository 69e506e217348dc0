"""Redirect pages: the site root sends readers to the current cohort, ``latest/`` mirrors it.

Like mike's redirect template: JavaScript keeps the query and ``#anchor``;
without JavaScript a meta refresh and a plain link do the job.
"""

from __future__ import annotations

import html
import json
import posixpath


def redirect_page(target: str, label: str) -> str:
    """A page at one place that sends the reader to the relative URL ``target``."""
    href = html.escape(target, quote=True)
    script_target = json.dumps(target).replace("</", "<\\/")
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Redirecting to {html.escape(label)}</title>\n"
        f"<noscript><meta http-equiv=\"refresh\" content=\"0; url={href}\"></noscript>\n"
        f"<script>location.replace({script_target} + location.search + location.hash);</script>\n"
        "</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{href}\">{html.escape(label)}</a>.</p>\n"
        "</body>\n</html>\n"
    )


def alias_target(page_path: str, alias: str, version: str) -> str:
    """From ``<alias>/<page_path>`` to the same page in ``<version>/``, as a relative URL.

    ``page_path`` is an HTML file inside the version, such as ``modules/x/index.html``.
    """
    folder = posixpath.dirname(posixpath.join(alias, page_path))
    target = posixpath.join(version, page_path)
    relative = posixpath.relpath(target, folder)
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")] or "./"
    return relative
