"""Kept versions and the build cache, in-process: archives, checksums, unpacking, cache entries, the lock."""

from __future__ import annotations

import hashlib
import io
import lzma
import os
import select
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from academy.problems import ContentError
from academy.versions.archive import extract_version, load_kept, read_modules, write_archive
from academy.versions.cache import VersionCache
from academy.versions.tree import place_tree, tree_differences, tree_digests, tree_files

MODULES = {"modules/01-leading.md": "# Leading\n", "modules/02-data.md": "# Data – with “quotes”\n"}


def version_folder(root: Path) -> Path:
    folder = root / "version"
    (folder / "modules" / "01-leading").mkdir(parents=True)
    (folder / "index.html").write_text("<h1>Home</h1>\n", encoding="utf-8")
    (folder / "modules" / "01-leading" / "index.html").write_text("<h1>Leading</h1>\n", encoding="utf-8")
    (folder / "sitemap.xml.gz").write_bytes(bytes(range(256)))
    return folder


def test_the_same_files_give_the_same_archive_bytes(tmp_path: Path) -> None:
    first = version_folder(tmp_path / "a")
    second = version_folder(tmp_path / "b")
    (second / "index.html").touch()  # another time on disk: not part of the archive
    one = write_archive(first, MODULES, tmp_path / "one.tar.xz", 1735689600)
    two = write_archive(second, dict(reversed(list(MODULES.items()))), tmp_path / "two.tar.xz", 1735689600)
    assert one == two
    assert one[1] == 3
    assert (tmp_path / "one.tar.xz").read_bytes() == (tmp_path / "two.tar.xz").read_bytes()
    assert one[0] == hashlib.sha256((tmp_path / "one.tar.xz").read_bytes()).hexdigest()


def test_an_archive_gives_back_every_file_byte_for_byte(tmp_path: Path) -> None:
    folder = version_folder(tmp_path)
    write_archive(folder, MODULES, tmp_path / "kept.tar.xz", 1735689600)
    extract_version(tmp_path / "kept.tar.xz", tmp_path / "out")
    assert tree_digests(tmp_path / "out") == tree_digests(folder)
    assert (tmp_path / "out" / "index.html").stat().st_mtime == 1735689600
    assert read_modules(tmp_path / "kept.tar.xz") == MODULES


@pytest.mark.parametrize("name, kind", [("version/../../escape.html", tarfile.REGTYPE),
                                        ("/etc/passwd", tarfile.REGTYPE),
                                        ("version/link.html", tarfile.SYMTYPE),
                                        ("elsewhere/page.html", tarfile.REGTYPE)])
def test_unpacking_refuses_anything_but_plain_files_in_place(tmp_path: Path, name: str, kind: bytes) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        info = tarfile.TarInfo(name)
        info.type = kind
        info.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
        tar.addfile(info, io.BytesIO(b""))
    (tmp_path / "bad.tar.xz").write_bytes(lzma.compress(buffer.getvalue()))
    with pytest.raises(ValueError, match="holds an unexpected entry"):
        extract_version(tmp_path / "bad.tar.xz", tmp_path / "out")
    assert not (tmp_path / "escape.html").exists()


def test_a_manifest_with_a_wrong_value_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / "manifest.yml").write_text(
        "versions:\n  cohort-1:\n    archive: cohort-1.tar.xz\n    sha256: abc\n    files: 3\n"
        "    published_from: 0123456789012345678901234567890123456789\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_kept(tmp_path)
    assert [str(p) for p in raised.value.problems] == [
        "published/manifest.yml:4:13: versions.cohort-1.sha256 'abc': expected 64 lowercase hexadecimal digits"]


def test_checksums_name_what_changed(tmp_path: Path) -> None:
    folder = version_folder(tmp_path)
    recorded = tree_digests(folder)
    (folder / "index.html").write_text("<h1>Planted</h1>\n", encoding="utf-8")
    (folder / "sitemap.xml.gz").unlink()
    (folder / "extra.js").write_text("alert(1)", encoding="utf-8")
    assert tree_differences(folder, recorded) == ["sitemap.xml.gz is missing", "extra.js was added",
                                                 "index.html has changed"]


def test_a_cache_entry_is_verified_and_dropped_when_it_changed(tmp_path: Path) -> None:
    cache = VersionCache(tmp_path / "cache")
    builds = []

    def build(out: Path) -> None:
        builds.append(out)
        version_folder(out.parent / "tmp").rename(out)

    files = cache.store("cohort-1-abc", build).files
    assert cache.get("cohort-1-abc").files == files
    (files / "index.html").write_text("<h1>Planted</h1>\n", encoding="utf-8")
    found = cache.get("cohort-1-abc")
    assert found.files is None and found.discarded == "index.html has changed"
    assert not (tmp_path / "cache" / "cohort-1-abc").exists()
    assert cache.get("cohort-1-abc").discarded is None


def test_placing_a_version_links_its_files(tmp_path: Path) -> None:
    folder = version_folder(tmp_path)
    assert place_tree(folder, tmp_path / "site" / "cohort-1") == "linked"
    placed = tmp_path / "site" / "cohort-1" / "index.html"
    assert placed.stat().st_ino == (folder / "index.html").stat().st_ino
    assert tree_digests(tmp_path / "site" / "cohort-1") == tree_digests(folder)


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from academy.build_lock import repository_lock
with repository_lock(Path(sys.argv[1]), print):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    print("releasing", flush=True)
"""


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    from academy.build_lock import repository_lock

    repo = Path(__file__).resolve().parent.parent
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path), "1.5"], cwd=repo,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    said: list[str] = []
    with repository_lock(tmp_path, said.append):
        released, _, _ = select.select([holder.stdout], [], [], 0)
        assert released, "the lock was taken while the first build held it"
        assert holder.stdout.readline() == "releasing\n"
    assert holder.wait(timeout=30) == 0
    assert len(said) == 1
    assert said[0].startswith(f"waiting: another build of this repository is running (pid {holder.pid}); ")


# --- cheap checks of a cache entry, and carrying unchanged versions over --------------------------------------

def counting_digests(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the checks read (hash) from now on."""
    import academy.versions.tree as tree

    read, digest = [], tree.file_digest
    monkeypatch.setattr(tree, "file_digest", lambda path: read.append(path) or digest(path))
    return read


def stored_entry(tmp_path: Path) -> tuple[VersionCache, Path]:
    cache = VersionCache(tmp_path / "cache")
    files = cache.store("cohort-1-abc", lambda out: version_folder(out.parent / "tmp").rename(out)).files
    assert files is not None
    return cache, files


def test_a_cache_entry_whose_files_are_unchanged_is_checked_without_reading_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import academy.versions.tree as tree

    monkeypatch.setattr(tree, "RACY_SECONDS", 0.05)
    cache, files = stored_entry(tmp_path)
    time.sleep(0.1)
    read = counting_digests(monkeypatch)
    assert cache.get("cohort-1-abc").files == files
    assert len(read) <= 3, "a check reads a file at most once, and records its signature once it is old enough"
    first = len(read)
    assert cache.get("cohort-1-abc").files == files
    assert cache.get("cohort-1-abc").files == files
    assert len(read) == first, "later checks only look at each file's signature"


def test_a_file_that_changed_just_now_is_read_at_every_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import academy.versions.tree as tree

    monkeypatch.setattr(tree, "RACY_SECONDS", 3600)  # "just now": within RACY_SECONDS of the check
    cache, files = stored_entry(tmp_path)
    read = counting_digests(monkeypatch)
    assert cache.get("cohort-1-abc").files == files
    assert cache.get("cohort-1-abc").files == files
    assert len(read) == 6


@pytest.mark.parametrize("tamper", ["edit", "same size, time restored", "replaced by another file"])
def test_a_tampered_entry_is_caught_even_when_its_signature_was_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: str) -> None:
    import academy.versions.tree as tree

    monkeypatch.setattr(tree, "RACY_SECONDS", 0.05)
    cache, files = stored_entry(tmp_path)
    time.sleep(0.1)
    assert cache.get("cohort-1-abc").files == files  # every signature recorded now
    time.sleep(0.05)  # past the file system's clock tick
    page = files / "index.html"
    before = page.stat()
    if tamper == "edit":
        page.write_text("<h1>Planted</h1>\n", encoding="utf-8")
    elif tamper == "same size, time restored":
        page.write_text("<h1>Hxme</h1>\n", encoding="utf-8")
        os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    else:
        (files / "other.html").write_text("<h1>Hxme</h1>\n", encoding="utf-8")
        os.utime(files / "other.html", ns=(before.st_atime_ns, before.st_mtime_ns))
        (files / "other.html").replace(page)
    assert cache.get("cohort-1-abc").discarded == "index.html has changed"


def test_a_linked_copy_is_recognized_and_anything_else_is_not(tmp_path: Path) -> None:
    from academy.versions.tree import is_linked_copy, tree_status

    folder = version_folder(tmp_path)
    status = tree_status(folder)[0]
    for name in ("linked", "extra file", "empty folder", "a copied file", "copied"):
        place_tree(folder, tmp_path / name)
    (tmp_path / "extra file" / "planted.html").write_text("x", encoding="utf-8")
    (tmp_path / "empty folder" / "modules" / "new").mkdir()
    (tmp_path / "a copied file" / "index.html").unlink()
    (tmp_path / "a copied file" / "index.html").write_bytes((folder / "index.html").read_bytes())
    shutil.rmtree(tmp_path / "copied")
    shutil.copytree(folder, tmp_path / "copied")
    assert is_linked_copy(tmp_path / "linked", status)
    for name in ("extra file", "empty folder", "a copied file", "copied", "missing"):
        assert not is_linked_copy(tmp_path / name, status), name
    (tmp_path / "linked" / "sitemap.xml.gz").unlink()
    assert not is_linked_copy(tmp_path / "linked", status)


def test_carried_over_folders_are_moved_back_when_the_build_fails(tmp_path: Path) -> None:
    from academy.site_folder import carrying_over, mark

    site, staging = tmp_path / "site", tmp_path / "staging"
    version_folder(site)
    mark(site)
    staging.mkdir()
    inode = (site / "version" / "index.html").stat().st_ino
    with carrying_over(site, staging) as carry:
        assert carry("version") and not carry("absent")
    assert (staging / "version" / "index.html").stat().st_ino == inode and not (site / "version").exists()
    (staging / "version").rename(site / "version")
    with pytest.raises(RuntimeError), carrying_over(site, staging) as carry:
        assert carry("version")
        raise RuntimeError("the build failed")
    assert (site / "version" / "index.html").stat().st_ino == inode and not (staging / "version").exists()
    (site / ".academy-site").unlink()
    with carrying_over(site, staging) as carry:
        assert not carry("version"), "a folder the build did not make is never taken apart"


def test_a_site_folder_that_is_the_entry_unchanged_is_used_without_reading_the_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import academy.versions.tree as tree

    monkeypatch.setattr(tree, "RACY_SECONDS", 0.05)
    cache, files = stored_entry(tmp_path)
    placed = tmp_path / "site" / "cohort-1"
    place_tree(files, placed)  # linking changes the files' ctime: their signatures are recorded again
    time.sleep(0.1)
    assert cache.get("cohort-1-abc", placed).files == files
    read = counting_digests(monkeypatch)
    found = cache.get("cohort-1-abc", placed)
    assert found.in_place and found.files == files and read == []
    assert found.paths == ["index.html", "modules/01-leading/index.html", "sitemap.xml.gz"]
    (placed / "planted.html").write_text("x", encoding="utf-8")
    assert not cache.get("cohort-1-abc", placed).in_place
    (placed / "planted.html").unlink()
    assert cache.get("cohort-1-abc", placed).in_place
    time.sleep(0.05)
    before = (placed / "index.html").stat()
    (placed / "index.html").write_text("<h1>Hxme</h1>\n", encoding="utf-8")  # the entry's file too: a hard link
    os.utime(placed / "index.html", ns=(before.st_atime_ns, before.st_mtime_ns))
    found = cache.get("cohort-1-abc", placed)
    assert not found.in_place and found.discarded == "index.html has changed"


def test_pins_are_resolved_to_commits_in_one_git_process(tmp_path: Path) -> None:
    from academy.versions.pins import Repository

    env = dict(os.environ, GIT_AUTHOR_NAME="Staff", GIT_AUTHOR_EMAIL="staff@example.org", GIT_COMMITTER_NAME="Staff",
               GIT_COMMITTER_EMAIL="staff@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    for args in (["init", "-q", "-b", "main"], ["commit", "-q", "--allow-empty", "-m", "one"],
                 ["tag", "-a", "v1", "-m", "v1"], ["commit", "-q", "--allow-empty", "-m", "two"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    repository = Repository(tmp_path)
    first = repository.resolve("v1").commit
    found = repository.commits(["HEAD", "v1", "nope", first[:12], "HEAD~1", "v1"])
    assert found == {"HEAD": repository.resolve("HEAD").commit, "v1": first, "nope": None, first[:12]: first,
                     "HEAD~1": repository.resolve("HEAD~1")}
    assert found["HEAD"] != found["v1"]


def kept_archive(tmp_path: Path):
    """A repository folder with ``published/cohort-1.tar.xz`` and the kept version the manifest would record."""
    from academy.versions.archive import KeptEntry, KeptVersion

    root = tmp_path / "repo"
    (root / "published").mkdir(parents=True)
    digest, count = write_archive(version_folder(tmp_path), MODULES, root / "published" / "cohort-1.tar.xz", 0)
    entry = KeptEntry(archive="cohort-1.tar.xz", sha256=digest, files=count, published_from="a" * 40)
    return root, KeptVersion("cohort-1", entry, (7, 13))


@pytest.mark.parametrize("tamper", ["edit", "same size, time restored"])
def test_a_kept_archive_is_read_again_only_when_its_signature_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: str) -> None:
    import academy.versions.archive as archive_module
    import academy.versions.tree as tree
    from academy.versions.archive import check_archive

    monkeypatch.setattr(tree, "RACY_SECONDS", 0.05)
    root, kept = kept_archive(tmp_path)
    path = root / kept.path
    assert check_archive(root, kept)[1] is None, "an archive written just now is not remembered"
    time.sleep(0.1)
    problem, seen = check_archive(root, kept)
    assert problem is None and seen is not None
    read, digest = [], archive_module.file_digest
    monkeypatch.setattr(archive_module, "file_digest", lambda p: read.append(p) or digest(p))
    assert check_archive(root, kept, seen) == (None, seen) and read == [], "an unchanged archive is not read"
    time.sleep(0.05)  # past the file system's clock tick
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    if tamper == "edit":
        data += b"\0"
    path.write_bytes(bytes(data))
    if tamper == "same size, time restored":
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    problem, again = check_archive(root, kept, seen)
    assert read == [path] and again is None
    assert problem is not None and problem.message.startswith("does not match the checksum recorded for cohort "
                                                              "'cohort-1' at published/manifest.yml:7:13")


def test_a_cache_entry_remembers_its_archive_and_a_damaged_stamp_is_not_used(tmp_path: Path) -> None:
    from academy.versions.cache import KeptStamp

    cache = VersionCache(tmp_path / "cache")
    stamp = KeptStamp([1, 2, 3, 4, 5], MODULES)
    cache.write_stamp("cohort-1-kept-abc", stamp)
    assert VersionCache(tmp_path / "cache").stamp("cohort-1-kept-abc") is None, "no entry, no stamp"
    (tmp_path / "cache" / "cohort-1-kept-abc").mkdir(parents=True)
    cache.write_stamp("cohort-1-kept-abc", stamp)
    assert VersionCache(tmp_path / "cache").stamp("cohort-1-kept-abc") == stamp
    written = tmp_path / "cache" / "cohort-1-kept-abc" / "kept.json"
    written.write_text(written.read_text(encoding="utf-8").replace("Leading", "Planted"), encoding="utf-8")
    assert VersionCache(tmp_path / "cache").stamp("cohort-1-kept-abc") is None, "edited module texts are caught"
    written.write_text("{not json", encoding="utf-8")
    assert VersionCache(tmp_path / "cache").stamp("cohort-1-kept-abc") is None


def test_the_alias_is_in_a_folder_only_with_exactly_its_bytes(tmp_path: Path) -> None:
    from academy.versions.alias import alias_of

    version = version_folder(tmp_path)
    (version / "cohorts" / "c1").mkdir(parents=True)
    (version / "cohorts" / "c1" / "calendar.ics").write_text("BEGIN:VCALENDAR\r\n", encoding="utf-8")
    (version / "schedule.json").write_text("[]\n", encoding="utf-8")
    paths = tree_files(version)
    alias = alias_of(version, paths, "cohort-2", "Cohort 2")
    assert sorted(alias.pages) == ["index.html", "modules/01-leading/index.html"]
    assert sorted(alias.data) == ["cohorts/c1/calendar.ics", "schedule.json"]
    alias.write(tmp_path / "latest")
    assert (tmp_path / "latest" / "cohorts" / "c1" / "calendar.ics").read_bytes() == \
        (version / "cohorts" / "c1" / "calendar.ics").read_bytes()
    assert 'url=../../../cohort-2/modules/01-leading/' in \
        (tmp_path / "latest" / "modules" / "01-leading" / "index.html").read_text(encoding="utf-8")
    assert alias.is_in(tmp_path / "latest") and not alias.is_in(tmp_path / "absent")
    (tmp_path / "latest" / "modules" / "extra").mkdir()
    assert not alias.is_in(tmp_path / "latest"), "an extra folder"
    (tmp_path / "latest" / "modules" / "extra").rmdir()
    page = tmp_path / "latest" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"Cohort 2", b"Cohort 9"))
    assert not alias.is_in(tmp_path / "latest"), "a page of the same size with other bytes"
    shutil.rmtree(tmp_path / "latest")
    alias.write(tmp_path / "latest")
    (version / "schedule.json").unlink()  # a new build of the newest version, with other data: new files
    (version / "schedule.json").write_text("[1]\n", encoding="utf-8")
    assert not alias.is_in(tmp_path / "latest")
