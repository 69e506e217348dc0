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


def patterned_fields() -> list[tuple[str, str, object]]:
    """Every field of every schema (content files and the files the tool writes) checked against a pattern."""
    from academy.cohorts.ledger import LedgerFile
    from academy.reference import _models
    from academy.versions.archive import KeptFile

    found, seen = [], set()
    roots = [document.model for document in documents()] + [LedgerFile, KeptFile]
    for root in roots:
        for model_name, model in _models(root, root.__name__, seen):
            for name, info in model.model_fields.items():
                if any(getattr(rule, "pattern", None) for rule in info.metadata):
                    found.append((model_name, name, info))
    return found


def test_every_pattern_says_in_words_how_its_value_is_written() -> None:
    """A value that fails a pattern is told what it should look like (``expected <form>``), never only that
    it 'does not have the expected form': every patterned field is declared with ``schema.patterned``."""
    from academy.schema import field_form

    fields = patterned_fields()
    assert len(fields) >= 10
    assert [f"{model}.{name}" for model, name, info in fields if not field_form(info)] == []
