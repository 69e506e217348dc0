"""The engine is one adapter: only academy/engine/mkdocs/ imports MkDocs or Material for MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import REPO

ENGINE_PACKAGES = ("mkdocs", "material")
"""Markdown and its extensions (pymdownx) are not the engine: the plan parses pages with them."""
ADAPTER = REPO / "academy" / "engine" / "mkdocs"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a Python file imports (absolute imports), with its line, wherever the import stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_only_the_adapter_imports_the_engine() -> None:
    outside = [f"{path.relative_to(REPO)}:{line}: imports {name}"
               for path in sorted((REPO / "academy").rglob("*.py")) if not path.is_relative_to(ADAPTER)
               for line, name in imported_modules(path) if name.split(".")[0] in ENGINE_PACKAGES]
    assert outside == []
    inside = {name.split(".")[0] for path in ADAPTER.rglob("*.py") for _, name in imported_modules(path)}
    assert "mkdocs" in inside, "the adapter is where MkDocs is imported (the check looks at the right files)"


def test_the_checker_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import mkdocs.config\nfrom material import x\ndef f():\n    from mkdocs.utils import y\n"
                      "importlib.import_module('material.plugins')\nfrom .mkdocs import z\n")
    assert [name for _, name in imported_modules(sample)] == ["mkdocs.config", "material", "mkdocs.utils",
                                                              "material.plugins"]


def test_check_never_loads_the_engine(built_minimal: Path) -> None:
    """``--check`` validates and plans without rendering, so it does not pay for loading MkDocs and Material."""
    import subprocess
    import sys

    probe = ("import sys\nfrom academy.cli import main\ncode = main(['--root', sys.argv[1], '--check'])\n"
             "print(code, sorted({name.split('.')[0] for name in sys.modules} & {'mkdocs', 'material'}))")
    result = subprocess.run([sys.executable, "-c", probe, str(built_minimal)], cwd=built_minimal,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split("\n")[0] == "0 []", result.stdout + result.stderr
