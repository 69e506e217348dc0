"""The output folder: refused places, the marker, the atomic swap and leftovers of killed builds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from academy.site_folder import MARKER, SiteFolderError, clean_leftovers, mark, refusal, replace_dir, staging_dir


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("curriculum", "library", "theme", "academy", ".git"):
        (root / name).mkdir(parents=True)
    return root


def dead_pid() -> int:
    """The id of a process that has just ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    mark(folder)
    return folder


@pytest.mark.parametrize("where", [".", "..", "curriculum", "curriculum/out", "library/x", "theme",
                                   "academy/site", ".git", ".git/objects"])
def test_sources_are_refused(repo: Path, where: str) -> None:
    assert refusal(repo, repo / where) is not None


def test_a_new_folder_an_empty_one_and_a_marked_one_are_accepted(repo: Path) -> None:
    assert refusal(repo, repo / "site") is None
    (repo / "empty").mkdir()
    assert refusal(repo, repo / "empty") is None
    site(repo / "built", "old")
    assert refusal(repo, repo / "built") is None
    assert refusal(repo, repo.parent / "elsewhere") is None


def test_a_folder_without_the_marker_is_refused_and_never_replaced(repo: Path) -> None:
    notes = repo / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me", encoding="utf-8")
    assert "was not made by build_site.py" in (refusal(repo, notes) or "")
    new = site(repo / ".site-build-new", "new")
    with pytest.raises(SiteFolderError):
        replace_dir(new, notes)
    assert (notes / "todo.txt").read_text(encoding="utf-8") == "keep me"


def test_replace_swaps_in_the_new_site_and_removes_the_old(tmp_path: Path) -> None:
    target = site(tmp_path / "site", "old")
    with staging_dir(target) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
        replace_dir(staging, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert (target / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_old_site_is_exchanged_with_the_new_in_one_step(tmp_path: Path, monkeypatch) -> None:
    """No rename of the old site out of the way (which would leave a moment without site/)."""
    target = site(tmp_path / "site", "old")
    renamed = []
    original = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, to: renamed.append(self.name) or original(self, to))
    with staging_dir(target) as staging:
        (staging / "index.html").write_text("new", encoding="utf-8")
        replace_dir(staging, target)
    assert renamed == []
    assert (target / "index.html").read_text(encoding="utf-8") == "new"


def test_leftovers_of_killed_builds_are_cleaned(tmp_path: Path) -> None:
    target = site(tmp_path / "site", "current")
    pid = dead_pid()
    site(tmp_path / f".site-build-{pid}-abc", "half built")
    site(tmp_path / f".site-old-{pid}-site", "older")
    unmarked = tmp_path / f".site-build-{pid}-mine"
    unmarked.mkdir()
    running = site(tmp_path / ".site-build-1-xyz", "another build still running")
    clean_leftovers(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", unmarked.name, running.name])


def test_a_site_left_half_swapped_is_put_back(tmp_path: Path) -> None:
    pid = dead_pid()
    site(tmp_path / f".site-old-{pid}-site", "the previous site")
    site(tmp_path / f".site-build-{pid}-abc", "half built")
    clean_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
