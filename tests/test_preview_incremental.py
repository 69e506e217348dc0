"""The live preview's renderer: after a change it renders again only what changed, and its folder is
byte for byte a full build of the same tree (site search too, once the deferred indexing has run)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from academy.deferred_search import DeferredIndex
from academy.engine.mkdocs import render
from academy.engine.mkdocs.preview import PreviewRenderer, deferred
from academy.plan import load_site
from academy.plan.scan import Scanner
from academy.problems import ContentError
from academy.reuse import Reuse

from .conftest import make_site, snapshot


def differences(preview: Path, root: Path, full: Path) -> list[str]:
    """Files where the preview's folder and a fresh full build of ``root`` differ (deferred files aside)."""
    render(load_site(root), full)
    ours = {path: digest for path, digest in snapshot(preview).items() if not deferred(path)}
    theirs = {path: digest for path, digest in snapshot(full).items() if not deferred(path)}
    return sorted(path for path in ours.keys() | theirs.keys() if ours.get(path) != theirs.get(path))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path):
    root = make_site(tmp_path / "repo")
    renderer = PreviewRenderer(root, tmp_path / "preview")
    reuse = Reuse()

    def update():  # as the preview does: a kept scanner, results reused when their input text is the same
        with reuse.plan():
            site = load_site(root)
        return renderer.update(site)

    first = update()
    assert first.full and "modules/02-data.md" in first.pages
    return root, tmp_path, update


def test_edits_render_only_what_changed_and_match_a_full_build(preview) -> None:
    root, tmp_path, update = preview
    module = root / "curriculum/modules/02-data.md"
    edit(module, "Numbers start conversations.", "Numbers start *local* conversations.")
    body_edit = update()
    assert not body_edit.full
    assert "modules/02-data.md" in body_edit.pages and "modules/01-leading.md" not in body_edit.pages
    edit(root / "library/incident-data.yml", "title: Incident data portal", "title: Incident data explorer")
    entry_edit = update()  # the entry's page, the module that lists it, the catalog; the feed and browse index
    assert not entry_edit.full
    assert {"library/incident-data.md", "modules/02-data.md"} <= set(entry_edit.pages)
    assert "about.md" not in entry_edit.pages and entry_edit.files
    assert "local</em> conversations" in (tmp_path / "preview/modules/02-data/index.html").read_text(encoding="utf-8")
    assert differences(tmp_path / "preview", root, tmp_path / "full") == []
    search = DeferredIndex(tmp_path / "preview", threading.Lock(), idle_seconds=0.1)
    search.stale()  # what serve does after an update: Pagefind indexes once editing pauses
    try:
        assert search.indexed.wait(timeout=120), "the preview's search was never indexed"
    finally:
        search.stop()
    assert snapshot(tmp_path / "preview") == snapshot(tmp_path / "full")  # search included
    edit(module, "title: Understanding the data", "title: Reading the local data")
    assert update().full  # a title is in every page's navigation: everything is rendered again


def test_a_preview_parses_again_only_the_markdown_that_changed(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview's plans share one scanner (kept by ``academy.reuse``), which parses only bodies it has not seen;
    plans outside a preview (a build, ``--check``) each parse every page."""
    root = make_site(tmp_path / "repo")
    parsed: list[str] = []
    scan = Scanner._scan
    monkeypatch.setattr(Scanner, "_scan", lambda self, body, *more: parsed.append(body) or scan(self, body, *more))
    load_site(root)
    every_page = len(parsed)
    parsed.clear()
    load_site(root)
    assert len(parsed) == every_page > 10

    reuse = Reuse()
    with reuse.plan():
        load_site(root)
    parsed.clear()
    edit(root / "curriculum/modules/02-data.md", "Numbers start conversations.", "Numbers start *local* conversations.")
    with reuse.plan():
        load_site(root)
    assert len(parsed) == 1 and "*local* conversations" in parsed[0], parsed


def test_a_failing_edit_then_a_fix(preview) -> None:
    root, tmp_path, update = preview
    module = root / "curriculum/modules/02-data.md"
    good = module.read_text(encoding="utf-8")
    module.write_text(good + "\nSee [the missing page](missing.md).\n", encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        update()
    assert "link 'missing.md' points to a page that does not exist" in str(failed.value)
    module.write_text(good + "\nSee [the first module](01-leading.md#nowhere).\n", encoding="utf-8")
    with pytest.raises(ContentError):
        update()
    module.write_text(good + "\nSee [the first module](01-leading.md).\n", encoding="utf-8")
    fixed = update()
    assert not fixed.full and "modules/02-data.md" in fixed.pages
    assert differences(tmp_path / "preview", root, tmp_path / "full") == []
