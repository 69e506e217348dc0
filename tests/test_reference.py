"""docs/reference.md is the schemas' own field list: regenerate it when a schema changes."""

from __future__ import annotations

import subprocess
import sys

from academy.reference import documents, markdown

from .conftest import REPO


def test_committed_reference_matches_the_schemas() -> None:
    committed = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == markdown(), (
        "docs/reference.md is out of date: run 'python build_site.py reference > docs/reference.md'")


def test_every_field_of_every_schema_is_listed_with_its_help_text() -> None:
    text = markdown()
    for document in documents():
        for name, info in document.model.model_fields.items():
            assert f"| `{name}` |" in text
            assert " ".join((info.description or "").split()) in text


def test_the_command_prints_the_reference() -> None:
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "reference"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == markdown()
