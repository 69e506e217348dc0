"""The settings of ``mkdocs.yml`` the site plan needs, read without any engine.

``mkdocs.yml`` stays the one settings file (MkDocs and its successor Zensical both read it); the plan
takes from it where the pages live, how URLs look, which Markdown extensions render the pages (so
heading ids and links are found exactly as they will be rendered) and an explicit navigation, if any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem
from .sources import SourceError, read_text

CONFIG_FILE = "mkdocs.yml"
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always adds to the configured ones."""


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads tags such as ``!!python/name:`` or ``!ENV`` as plain values instead of failing."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("!", _untagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


@dataclass(frozen=True)
class SiteConfig:
    """What the plan reads from ``mkdocs.yml``."""

    site_name: str = "Prevention Academy"
    site_url: str | None = None
    docs_dir: str = "curriculum"
    use_directory_urls: bool = True
    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    nav: list[Any] | None = None
    plugins: tuple[str, ...] = ()

    @property
    def site_search(self) -> bool:
        """Pagefind serves site search unless Material's own search plugin is switched on."""
        return "material/search" not in self.plugins and "search" not in self.plugins


def load_site_config(root: Path) -> SiteConfig:
    """Read ``root/mkdocs.yml``; a file that cannot be read or parsed is one located problem."""
    return config_from_data(read_config_data(root))


def read_config_data(root: Path) -> dict[str, Any]:
    """``root/mkdocs.yml`` as plain data (tags read as plain values); raises ContentError when unreadable."""
    try:
        data = yaml.load(read_text(root / CONFIG_FILE, root), Loader=_ConfigLoader)  # noqa: S506 (safe loader)
    except SourceError as exc:
        raise ContentError([Problem(CONFIG_FILE, exc.line, exc.col, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError([Problem(CONFIG_FILE, line, col, f"YAML syntax error: {exc.problem}")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(CONFIG_FILE, 1, 1, "expected 'setting: value' lines")])
    return data


def config_from_data(data: dict[str, Any]) -> SiteConfig:
    names, configs = _extensions(data.get("markdown_extensions") or [])
    plugins = data.get("plugins") or []
    plugin_names = tuple(p if isinstance(p, str) else next(iter(p), "") for p in plugins if p)
    site_url = data.get("site_url")
    return SiteConfig(
        site_name=str(data.get("site_name") or SiteConfig.site_name),
        site_url=site_url if isinstance(site_url, str) and site_url else None,
        docs_dir=str(data.get("docs_dir") or SiteConfig.docs_dir),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        extensions=tuple(dict.fromkeys(DEFAULT_EXTENSIONS + names)),
        extension_configs=configs,
        nav=data.get("nav") or None,
        plugins=plugin_names,
    )


def _extensions(items: list[Any]) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = options
    return tuple(names), configs
