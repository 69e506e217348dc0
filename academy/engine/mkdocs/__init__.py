"""The MkDocs adapter: the one package that imports MkDocs and Material for MkDocs.

- :mod:`.render`: render a planned site with MkDocs in strict mode;
- :mod:`.plugin`: the event handlers that hand the plan to MkDocs and feed the theme's templates;
- :mod:`.log`: what MkDocs itself still reports, kept as problems;
- :mod:`.preview`: the live preview's renderer, which renders again only the pages whose inputs changed;
- :mod:`.serve`: the live preview (a live-reload server over that renderer);
- :mod:`.planned_page`, :mod:`.shared_nav`: pages that take the plan's HTML; the sidebar rendered once.
"""

from __future__ import annotations

from .render import render

__all__ = ["render"]
