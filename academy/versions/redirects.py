"""Redirect pages: the site root sends readers to the current cohort, ``latest/`` mirrors it.

Like mike's redirect template: JavaScript keeps the query and ``#anchor``;
without JavaScript a meta refresh and a plain link do the job.
"""

from __future__ import annotations

import posixpath

from ..templating import render

_REDIRECT = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting to {{ label }}</title>
<noscript><meta http-equiv="refresh" content="0; url={{ target }}"></noscript>
<script>location.replace({{ target | tojson }} + location.search + location.hash);</script>
</head>
<body>
<p>This page has moved to <a href="{{ target }}">{{ label }}</a>.</p>
</body>
</html>
"""


def redirect_page(target: str, label: str) -> str:
    """A page at one place that sends the reader to the relative URL ``target``."""
    return render(_REDIRECT, target=target, label=label)


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
