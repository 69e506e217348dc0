"""``python build_site.py export-docs DIR``: the planned site as a plain Markdown tree any MkDocs-style engine reads.

``DIR/docs/`` receives every page (authors' files as written, generated pages as planned) and every other
file; ``DIR/mkdocs.yml`` is the repository's with the project's hooks taken out, the navigation written
out, and the theme folder copied beside it.  ``mkdocs build`` renders it with no Python of this project
(see docs/developers.md for what that leaves out).  Nothing outside ``DIR`` is written, and ``DIR`` must
be empty or missing, so an export never overwrites anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from . import urls
from .pages.markdown import front_matter
from .plan import Site
from .problems import ContentError, Problem
from .site_config import CONFIG_FILE, read_config_data
from .sources import split_front_matter
from .views import footer_view

DOCS = "docs"
THEME = "theme"
PROJECT_ONLY_SETTINGS = ("hooks", "watch")
"""Settings that run or watch this project's code; an export has neither."""
ENGINE_ONLY_TEMPLATES = ("partials/nav.html",)
"""Theme files that need this project's engine adapter (the shared navigation, academy/engine/mkdocs/shared_nav.py):
an export leaves them out, so Material's own partial renders the navigation on every page."""
VIEW_TEMPLATES = frozenset({"module.html", "library.html", "action-plan.html", "self-assessment.html"})
"""Page templates fed by Python views (academy/views.py) at render time: an export's pages use the
theme's main template instead, so they show their Markdown without the view's parts."""


def export_docs(site: Site, target: Path) -> list[str]:
    """Write ``site`` into ``target``; returns the paths written below ``target/docs``."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ContentError([Problem(str(target), 1, 1, "is not an empty folder; export into a new or empty one")])
    docs = target / DOCS
    written = []
    for page in site.pages.values():
        _write(docs / page.src_uri, without_view_template(page.markdown, page.src_uri).encode("utf-8"))
        written.append(page.src_uri)
    for file in site.files.values():
        data = file.content if file.content is not None else (site.root / str(file.source)).read_bytes()
        _write(docs / file.src_uri, data)
        written.append(file.src_uri)
    settings = exported_settings(read_config_data(site.root), site)
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        shutil.copytree(site.root / str(theme["custom_dir"]), target / THEME)
        for name in ENGINE_ONLY_TEMPLATES:
            (target / THEME / name).unlink(missing_ok=True)
        theme["custom_dir"] = THEME
    (target / CONFIG_FILE).write_text(
        "# Exported by `python build_site.py export-docs`: the planned site for plain `mkdocs build`.\n"
        + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return sorted(written)


def exported_settings(settings: dict[str, Any], site: Site) -> dict[str, Any]:
    """The repository's settings for the exported tree: no hooks, the plan's navigation and address."""
    exported = {key: value for key, value in settings.items() if key not in PROJECT_ONLY_SETTINGS}
    exported["docs_dir"] = DOCS
    exported["site_dir"] = "site"
    exported["nav"] = _plain(site.nav)
    footer = footer_view(site.content)  # plain data, so the export carries it as a setting
    exported["extra"] = {**(exported.get("extra") or {}), "academy_paths": urls.template_paths(),
                         **({"academy_footer": _plain(footer)} if footer else {})}
    if site.site_url:
        exported["site_url"] = site.site_url
    return exported


def without_view_template(markdown: str, src_uri: str) -> str:
    """The page's Markdown with a ``template:`` that needs a Python view taken out of its front matter."""
    source = split_front_matter(markdown, src_uri)
    meta = source.meta.data
    if not isinstance(meta, dict) or meta.get("template") not in VIEW_TEMPLATES:
        return markdown
    kept = {key: value for key, value in meta.items() if key != "template"}
    return front_matter(**kept) + source.body


def _plain(value: Any) -> Any:
    """Navigation as plain YAML data: titles already escaped for HTML (Markup) stay escaped, as text."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return "".join([value]) if isinstance(value, str) else value  # a plain str, not a Markup


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
