"""The preview shows a failed rebuild's problems in the browser, and recovers when they are fixed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from academy.engine.mkdocs.serve import problems_page
from academy.problems import Problem

from .conftest import fetch, free_port, wait_for


def test_problems_page_lists_every_problem_escaped() -> None:
    page = problems_page([Problem("b.md", 2, 1, "second"), Problem("a.md", 9, 3, "title '<b>x</b>' is wrong")])
    assert "<title>Preview: 2 problems to fix</title>" in page
    assert page.index("a.md:9:3") < page.index("b.md:2:1")
    assert "a.md:9:3: title &#39;&lt;b&gt;x&lt;/b&gt;&#39; is wrong" in page


def test_a_mistake_shows_in_the_browser_and_the_page_recovers_when_fixed(site_root: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, str(site_root / "build_site.py"), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=site_root,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/modules/02-data/"
    module = site_root / "curriculum/modules/02-data.md"
    good = module.read_text(encoding="utf-8")
    try:
        assert wait_for(url, "Understanding the data"), "the preview never served the module"
        module.write_text(good.replace("format: online", "format: onlin"), encoding="utf-8")
        assert wait_for(url, "curriculum/modules/02-data.md:5:9: format &#39;onlin&#39; is not allowed",
                        seconds=30), fetch(url)[:2000]
        assert "livereload" in fetch(url)  # the problems page reloads itself when the site builds again
        module.write_text(good + "\nSee [the missing page](missing.md).\n", encoding="utf-8")
        line = len(good.splitlines()) + 2
        assert wait_for(url, f"curriculum/modules/02-data.md:{line}:"), fetch(url)[:2000]
        assert "link &#39;missing.md&#39; points to a page that does not exist" in fetch(url)
        module.write_text(good, encoding="utf-8")
        assert wait_for(url, "Understanding the data", seconds=30), "the preview did not recover"
        assert "could not be built" not in fetch(url)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output
    assert "curriculum/modules/02-data.md:5:9: format 'onlin' is not allowed" in output
