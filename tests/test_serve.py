"""The live preview: `build_site.py serve` rebuilds when a module changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from .conftest import free_port, wait_for


def test_preview_reloads_when_a_module_changes(site_root: Path, tmp_path: Path) -> None:
    port = free_port()
    temporary = tmp_path / "temporary"  # the preview's own folder goes here (TMPDIR), and must be gone at the end
    temporary.mkdir()
    server = subprocess.Popen([sys.executable, str(site_root / "build_site.py"), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=site_root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=dict(os.environ, TMPDIR=str(temporary)))
    url = f"http://127.0.0.1:{port}/modules/02-data/"
    try:
        assert wait_for(url, "Understanding the data"), "the preview never served the module"
        assert [p.name[:len("academy-preview-")] for p in temporary.iterdir()] == ["academy-preview-"]
        module = site_root / "curriculum/modules/02-data.md"
        module.write_text(module.read_text(encoding="utf-8").replace(
            "title: Understanding the data", "title: Reading the local data"), encoding="utf-8")
        assert wait_for(url, "Reading the local data"), "the preview did not pick up the edit"
        library = site_root / "library/incident-data.yml"
        library.write_text(library.read_text(encoding="utf-8").replace(
            "title: Incident data portal", "title: Incident data explorer"), encoding="utf-8")
        assert wait_for(url, "Incident data explorer"), "the preview did not pick up a library edit"
        # Once editing pauses, site search is indexed in the background (academy/deferred_search.py).
        assert wait_for(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", '"version"'), "search not indexed"
        time.sleep(3)  # idle: no file changes, so no rebuild (reading the files it watches is not a change)
    finally:
        server.terminate()  # SIGTERM, as `kill` or an editor stopping its task sends
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output
    assert list(temporary.iterdir()) == [], "the preview left its folder behind"
    assert output.count("Rendering the preview") <= 7, output[-3000:]
    assert "Site search indexed again" in output
