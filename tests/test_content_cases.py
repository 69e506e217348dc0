"""Table-driven validation cases: each file in tests/cases/content/ breaks the minimal fixture one way.

A case names files to write or text to replace, and the exact problem lines expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from academy.content import load_content
from academy.problems import ContentError

from .conftest import FIXTURES

CASES = sorted((Path(__file__).parent / "cases" / "content").glob("*.yml"))


def apply_case(case: dict, root: Path) -> None:
    for name, text in (case.get("files") or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for name, replacement in (case.get("replace") or {}).items():
        # One [old, new] pair, or a list of pairs applied in order.
        pairs = replacement if isinstance(replacement[0], list) else [replacement]
        source = (root / name).read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in source, f"case replaces text that is not in {name}: {old!r}"
            source = source.replace(old, new, 1)
        (root / name).write_text(source, encoding="utf-8")


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_bad_content_is_reported_with_file_and_line(case_file: Path, tmp_path: Path) -> None:
    import shutil

    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", root)
    apply_case(case, root)
    with pytest.raises(ContentError) as raised:
        load_content(root)
    assert [str(p) for p in raised.value.problems] == case["expect"]


def test_minimal_fixture_is_valid() -> None:
    content = load_content(FIXTURES / "minimal")
    assert [m.number for m in content.modules] == [1, 2]
    assert sorted(content.resources) == ["city-guide", "incident-data"]
