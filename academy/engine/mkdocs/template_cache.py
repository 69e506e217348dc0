"""Compiled theme templates kept between builds (Jinja's bytecode cache), so a build does not compile Material's
templates again: about a quarter of a second of every build of the sample site.

Jinja keys its cache by a template's name and file, and checks the source's checksum before it uses an entry.
What Jinja does not key by is the environment the code was compiled in: whether the template escapes what it
prints (this theme's pages do, Material's do not: :func:`academy.templating.theme_autoescape`), the syntax
settings and the Jinja release. This cache adds them to the key, so code compiled under other rules is never
loaded. Entries live in ``.cache/templates/`` of the repository (git-ignored, like the kept versions in
``.cache/versions/``), are written atomically by Jinja, and are only ever read by the same user's builds: the
same trust as Python's own ``__pycache__``.
"""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path

import jinja2
from jinja2.bccache import FileSystemBytecodeCache

CACHE_DIR = Path(".cache") / "templates"

_COMPILE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                     "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                     "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                     "is_async")
"""The environment's settings that shape the code Jinja compiles (besides autoescape, which is per template)."""


class TemplateCodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, keyed also by how ``environment`` compiles each template."""

    def __init__(self, directory: Path, environment: jinja2.Environment) -> None:
        super().__init__(str(directory), "%s.jinja")
        self.environment = environment

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        env = self.environment
        autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
        settings = [repr(getattr(env, setting, None)) for setting in _COMPILE_SETTINGS]
        extensions = sorted(env.extensions)
        parts = [jinja2.__version__, name, filename or "", repr(bool(autoescape)), *settings, *extensions]
        return sha256("\0".join(parts).encode("utf-8")).hexdigest()


def use_template_cache(environment: jinja2.Environment, root: Path) -> None:
    """Give ``environment`` the repository's cache of compiled templates; without a writable ``.cache/`` the
    build compiles its templates as before."""
    directory = root / CACHE_DIR
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    environment.bytecode_cache = TemplateCodeCache(directory, environment)
