"""``export-docs``: the planned site as a Markdown tree that plain MkDocs renders without this project's code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from academy.cli import main
from academy.plan import load_site
from academy.urls import dest_path

from .conftest import make_site


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_site(tmp_path_factory.mktemp("export") / "repo")
    target = root.parent / "exported"
    assert main(["export-docs", str(target), "--root", str(root)]) == 0
    return root, target


def test_the_export_has_every_planned_page_and_file_and_no_hooks(exported: tuple[Path, Path]) -> None:
    root, target = exported
    site = load_site(root, newest_version=True)
    written = {p.relative_to(target / "docs").as_posix() for p in (target / "docs").rglob("*") if p.is_file()}
    assert written == set(site.pages) | set(site.files)
    settings = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in settings and settings["docs_dir"] == "docs"
    assert settings["nav"][0] == {"Home": "index.md"}
    assert "template: library.html" not in (target / "docs/library/index.md").read_text(encoding="utf-8")


def test_plain_mkdocs_builds_the_export_in_strict_mode(exported: tuple[Path, Path]) -> None:
    """Isolated Python (-I): nothing of this repository is importable, only the installed packages."""
    root, target = exported
    result = subprocess.run([sys.executable, "-I", "-m", "mkdocs", "build", "--strict", "-f",
                             str(target / "mkdocs.yml")], cwd=target, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING  -" not in result.stderr
    site = load_site(root, newest_version=True)
    for src_uri in site.pages:
        assert (target / "site" / dest_path(src_uri)).is_file(), src_uri
    module = (target / "site/modules/02-data/index.html").read_text(encoding="utf-8")
    assert 'id="why-data-matters"' in module and 'href="../01-leading/"' in module
    assert "The Prevention Academy is run by" in module, "the footer's data travels in the exported settings"


def test_export_refuses_a_folder_that_is_not_empty(exported: tuple[Path, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root, target = exported
    assert main(["export-docs", str(target), "--root", str(root)]) == 1
    assert "is not an empty folder" in capsys.readouterr().err
