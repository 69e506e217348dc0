"""``python build_site.py serve``: MkDocs' own live-reloading server over the working tree."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve


def serve(root: Path, dev_addr: str) -> None:
    """Serve until interrupted; the hooks named in mkdocs.yml plan the working tree on every rebuild."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # Library entries are deliberately left out of the navigation; MkDocs lists them all at INFO level.
    logging.getLogger("mkdocs.structure.nav").setLevel(logging.WARNING)
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, strict=False)
