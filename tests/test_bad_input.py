"""The bad-input suite: every broken input in tests/cases/bad-input/ fails the build with its
one-line ``path:line:col`` error, no traceback, and leaves the previous site/ byte-identical.

Every case runs the command line's own ``main()`` in this process (``run_cli``), one after another as the live
preview plans one saved change after another: what costs most per file and did not change from the last case (the
minimal fixture's other files) is looked up by its exact text (``academy.reuse``), so a case spends its time on the
file it broke. A few cases run through the real ``build_site.py`` in a new interpreter too, and a few with
``--check``, each from nothing, so neither can drift apart from these.

A case may ``files`` (write text), ``replace`` (path: [old, new], or a list of such pairs), ``bytes`` (write bytes given with
\\x escapes), ``big`` (write a file of N bytes), ``symlink`` (path: target), ``rename``, ``remove``, ``mkdir`` and ``fifo``;
``args`` are added to the command line, and ``error`` is the exact last line when it is not the usual count.
Besides site/, nothing else in the repository may change either.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest
import yaml

from .conftest import copy_tree, run_build, run_cli, snapshot

CASES = sorted((Path(__file__).parent / "cases" / "bad-input").glob("*.yml"))
THROUGH_A_NEW_INTERPRETER = ("yaml-syntax-in-entry", "broken-link", "site-dir-is-the-repository",
                             "problems-in-several-files", "programme-key-before-the-rename")
CHECKED_TOO = ("entry-with-a-missing-field-an-unknown-module-and-an-unknown-topic",
               "module-with-a-schema-error-and-an-unknown-resource", "problems-in-several-files",
               "cohorts-with-a-field-mistake-and-rule-mistakes-in-two-cohorts")
"""Cases run with ``--check`` as well: it reports the very lines the build does, in one run."""


@pytest.fixture(scope="module")
def built_repo(built_minimal: Path) -> Path:
    """The minimal fixture as built once for the run (conftest); every case works on a copy of it."""
    return built_minimal


@pytest.fixture(scope="module")
def built_site(built_repo: Path) -> dict[str, str]:
    """site/ of the built fixture, file by file: what every case's copy starts with."""
    return snapshot(built_repo / "site")


Signature = tuple[int, int, int, int, int]
"""A file's device, inode, size, modification and change time (ns): any write to the file changes its change
time, which nothing can set back, so a file with the same signature as before has the same bytes."""


@pytest.fixture(scope="module")
def built_files(built_repo: Path) -> dict[tuple[int, int, int, int], str]:
    """The SHA-256 of every file of the built fixture by (device, inode, size, modification time): a case's copy
    hard-links site/ and academy/ to these very files, which every test only reads."""
    return {signature(path)[:4]: sha256(path) for path in files(built_repo)}


LINKED = ("site", "academy")
"""Folders a case's copy hard-links instead of copying: no case writes there, and a build replaces site/ as a
whole (a build that wrote into a linked file would fail that case's byte-for-byte check of site/)."""


def apply(case: dict, root: Path) -> None:
    for name in case.get("mkdir") or []:
        (root / name).mkdir(parents=True)
    for name, text in (case.get("files") or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    for name, pairs in (case.get("replace") or {}).items():
        source = (root / name).read_text(encoding="utf-8")
        for old, new in pairs if isinstance(pairs[0], list) else [pairs]:
            assert old in source, f"{name} does not contain {old!r}"
            source = source.replace(old, new, 1)
        (root / name).write_text(source, encoding="utf-8")
    for name, escaped in (case.get("bytes") or {}).items():
        (root / name).write_bytes(codecs.decode(escaped, "unicode_escape").encode("latin-1"))
    for name, size in (case.get("big") or {}).items():
        with open(root / name, "wb") as handle:
            handle.write(b"title: big\nsummary: " + b"x" * (size - 20) + b"\n")
    for name, target in (case.get("symlink") or {}).items():
        (root / name).unlink(missing_ok=True)
        os.symlink(target, root / name)
    for name, new_name in (case.get("rename") or {}).items():
        (root / name).rename(root / new_name)
    for name in case.get("remove") or []:
        (root / name).unlink()
    for name in case.get("fifo") or []:
        os.mkfifo(root / name)


def files(root: Path, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Every file below ``root`` as ``rglob`` and ``is_file`` find them (symbolic links to folders not followed,
    links to files read through), but compiled Python and the top-level folders ``leave_out``."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"
                         and not (folder == str(root) and name in leave_out)]
        found += [path for name in names if os.path.isfile(path := os.path.join(folder, name))]
    return sorted(found)


def signature(path: str) -> Signature:
    status = os.stat(path)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def sha256(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_tree(root: Path, built: dict[tuple[int, int, int, int], str], earlier: dict[str, tuple[str, Signature]] | None
              = None, leave_out: tuple[str, ...] = ()) -> dict[str, tuple[str, Signature]]:
    """Each file's SHA-256 and signature by relative path. A file is hashed only when its content is not known
    already: from ``earlier`` (this tree read before) when its signature is the same, else from ``built`` when it
    is one of the built fixture's files (hard-linked, unchanged since)."""
    tree, start = {}, len(os.path.join(root, ""))
    for path in files(root, leave_out):  # each path is root's, joined to what is below it
        relative, current = path[start:].replace(os.sep, "/"), signature(path)
        if earlier is not None and relative in earlier and earlier[relative][1] == current:
            digest = earlier[relative][0]
        else:
            digest = built.get(current[:4]) if earlier is None else None
            digest = digest or sha256(path)
        tree[relative] = (digest, current)
    return tree


def digests(tree: dict[str, tuple[str, Signature]]) -> dict[str, str]:
    return {path: digest for path, (digest, _) in tree.items()}


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith(("error:", "hint:", "ok:"))]


@pytest.fixture(scope="module")
def one_after_another():
    """``run_cli`` with what the last case's plan worked out kept for the next, as the live preview keeps it."""
    from academy.reuse import Reuse

    kept = Reuse()

    def run(root: Path, *args: str):
        with kept.plan():
            return run_cli(root, *args)

    return run


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_broken_input_fails_cleanly(case_file: Path, built_repo: Path, built_site: dict[str, str],
                                    built_files: dict[tuple[int, int, int, int], str], tmp_path: Path,
                                    one_after_another) -> None:
    check_case(case_file, built_repo, built_site, built_files, tmp_path, one_after_another)


@pytest.mark.parametrize("name", THROUGH_A_NEW_INTERPRETER)
def test_the_real_command_gives_the_same_lines(name: str, built_repo: Path, built_site: dict[str, str],
                                              built_files: dict[tuple[int, int, int, int], str],
                                              tmp_path: Path) -> None:
    check_case(Path(__file__).parent / "cases" / "bad-input" / f"{name}.yml", built_repo, built_site, built_files,
               tmp_path, run_build)


@pytest.mark.parametrize("name", CHECKED_TOO)
def test_check_gives_the_builds_lines(name: str, built_repo: Path, built_site: dict[str, str],
                                      built_files: dict[tuple[int, int, int, int], str], tmp_path: Path) -> None:
    check_case(Path(__file__).parent / "cases" / "bad-input" / f"{name}.yml", built_repo, built_site, built_files,
               tmp_path, run_cli, "--check")


def check_case(case_file: Path, built_repo: Path, before: dict[str, str],
               built: dict[tuple[int, int, int, int], str], tmp_path: Path, run, *more_args: str) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = tmp_path / "repo"
    root.mkdir()
    copy_tree(built_repo, root, link=LINKED)
    apply(case, root)
    site_before = read_tree(root / "site", built)
    assert digests(site_before) == before
    repository_before = read_tree(root, built, leave_out=("site",))

    result = run(root, *(case.get("args") or []), *more_args)

    assert result.returncode == case.get("exit", 1), result.stderr
    assert "Traceback" not in result.stderr
    assert problem_lines(result.stderr) == case["expect"]
    last = result.stderr.rstrip().splitlines()[-1]
    assert last.startswith("error: ")
    if "error" in case:
        assert last == case["error"].replace("{root}", str(root))
    assert digests(read_tree(root / "site", built, site_before)) == before
    assert digests(read_tree(root, built, repository_before, leave_out=("site",))) == digests(repository_before)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_the_suite_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30
