"""Entry point named by ``hooks:`` in mkdocs.yml; MkDocs loads this file by path.

MkDocs loads hook files outside any package, so make the repository's
``academy`` package importable first, then expose the plugin's event handlers.
"""

import sys
from pathlib import Path

_REPOSITORY = str(Path(__file__).resolve().parents[3])
if _REPOSITORY not in sys.path:
    sys.path.insert(0, _REPOSITORY)

from academy.engine.mkdocs.plugin import AcademyPlugin  # noqa: E402

_plugin = AcademyPlugin()
on_config = _plugin.on_config
on_files = _plugin.on_files
on_env = _plugin.on_env
on_page_markdown = _plugin.on_page_markdown
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_post_page = _plugin.on_post_page
on_post_template = _plugin.on_post_template
on_post_build = _plugin.on_post_build
