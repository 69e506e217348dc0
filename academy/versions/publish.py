"""Build every cohort's version into one ``site/`` and swap it in only when all of it succeeded.

The newest cohort is built from the working tree (even when already pinned); every older one from its
pin, with that commit's own ``build_site.py`` (so an old version is built
with the code and content of its own commit), reusing the cache when the
pin's tree has not changed.  Then the site root gets ``versions.json``, the
root redirect, the ``latest/`` alias, ``pages.json`` (the pages of each
version, for keeping the page when switching versions) and ``changes/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build_site, replace_dir, staging_dir
from ..site_folder import carrying_over
from ..build_date import EPOCH_VARIABLE, BuildDates
from ..last_updated import GIT_DIR_VARIABLE, GIT_REVISION_VARIABLE
from ..plan import Site, load_site
from ..problems import PROBLEM_LINE, ContentError, Problem
from ..site_address import SITE_URL_VARIABLE, SiteAddressError, site_address
from ..site_root import robots_txt, sitemap_index
from ..sources import SourceError, read_text
from . import changes as module_changes
from .alias import alias_of
from .archive import UNREADABLE, KeptVersion, check_archive, extract_version, load_kept, read_modules, unreadable
from .cache import CACHE_DIR, KeptStamp, Lookup, VersionCache, pin_key
from .model import LATEST_ALIAS, Versions
from .pins import GitUnavailable, Repository, ResolvedPin, working_tree_epoch
from .plan import PlannedVersion, VersionPlan, plan_for
from .redirects import redirect_page
from .single import build_single_version
from .tree import is_linked_copy, place_tree, tree_files

MODULES_DIR = "curriculum/modules"


@dataclass
class PublishReport:
    """What one build did: warnings, and where each version came from."""

    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """Version id -> 'working tree', 'built from <pin>' or 'cached from <pin>'."""


def check_working_tree(root: Path, dates: BuildDates | None = None) -> tuple[Site, VersionPlan]:
    """Validate and plan the working tree as the newest cohort's version (cohorts.yml read once), with
    every problem of every kind in one ContentError; and the versions to build."""
    site = load_site(root, newest_version=True, dates=dates)
    return site, plan_for(site.content)


def publish(root: Path, site_dir: Path, dates: BuildDates | None = None) -> PublishReport:
    """Build the whole site of ``root`` into ``site_dir``; raises ContentError, leaving site_dir as it was.

    The working tree's files are dated by ``dates.epoch`` when it is set, else by HEAD's commit time."""
    root = root.resolve()
    repository = Repository(root)
    dates = dates or BuildDates.now()
    working_epoch = dates.epoch if dates.epoch is not None else working_tree_epoch(repository)
    working_dates = dates.dated(working_epoch)
    working, plan = check_working_tree(root, working_dates)
    if not plan.versions:
        return PublishReport(build_site(root, site_dir, site=working))
    report = PublishReport()
    cache = VersionCache(root / CACHE_DIR)
    kept = usable_kept_versions(root, plan, repository, report, cache)
    pins = resolve_pins(plan, repository, root, skip=set(kept) - {plan.newest.id})
    site = configured_site_address(root)
    addresses = {SITE_URL_VARIABLE: site} if site else {}
    files: dict[str, list[str]] = {}
    unchanged: dict[str, Path] = {}
    with staging_dir(site_dir) as staging, carrying_over(site_dir, staging) as carry:
        for version in plan.versions:
            target = staging / version.id
            if version.pin is None or version.id == plan.newest.id:
                # The newest cohort is the one being taught: it always shows the working tree. Its pin,
                # recorded when it was published, is used once a newer cohort takes its place; building
                # with the pin's date now makes that later build byte-identical when nothing changed since.
                epoch = pins[version.id].epoch if version.id in pins else working_epoch
                planned = working if epoch == working_epoch else None  # else planned again, dated by the pin
                report.warnings += build_single_version(root, target, version.id, dates.dated(epoch), planned)
                report.sources[version.id] = "working tree"
                continue
            placed = site_dir / version.id
            if version.id in kept:
                entry = kept_files(root, kept[version.id], cache, site, report, placed)
            else:
                entry = pinned_files(repository, plan, version, pins[version.id], cache, addresses, report, placed)
            assert entry.files is not None and entry.paths is not None
            files[version.id] = entry.paths
            # An older version already in site/ as hard links to this very entry is moved over as it is,
            # last, so that the current site lacks it only for the moment before the swap.
            if entry.in_place or (entry.status is not None and is_linked_copy(placed, entry.status)):
                unchanged[version.id] = entry.files
            else:
                place_tree(entry.files, target)
        files[plan.newest.id] = tree_files(staging / plan.newest.id)
        assemble(staging, root, plan, pins, repository, site, kept, files, cache)
        alias = alias_of(staging / plan.newest.id, files[plan.newest.id], plan.newest.id, plan.newest.title)
        # The current site's latest/, when it is already exactly this alias, is moved over with the unchanged
        # older versions.
        alias_in_place = alias.is_in(site_dir / LATEST_ALIAS)
        if not alias_in_place:
            alias.write(staging / LATEST_ALIAS)
        for version_id, entry_files in unchanged.items():
            if not carry(version_id):
                place_tree(entry_files, staging / version_id)
        if alias_in_place and not carry(LATEST_ALIAS):
            alias.write(staging / LATEST_ALIAS)
        replace_dir(staging, site_dir)
    return report


def usable_kept_versions(root: Path, plan: VersionPlan, repository: Repository, report: PublishReport,
                         cache: VersionCache | None = None) -> dict[str, KeptVersion]:
    """The kept versions of the plan's older cohorts, each archive checked against its recorded SHA-256 (not
    read again when ``cache`` remembers it unchanged since it last matched: :class:`.cache.KeptStamp`)."""
    kept = load_kept(root)
    git = repository.is_repository()
    cohorts = {v.id for v in plan.versions}
    for version_id in sorted(set(kept) - cohorts):
        report.warnings.append(kept[version_id].problem(
            f"cohort '{version_id}' is kept in {kept[version_id].path} but cohorts.yml has no such cohort; "
            "it is not part of the site", "warning"))
    older = {version_id: kept[version_id] for version_id in cohorts & set(kept) if version_id != plan.newest.id}
    problems = []
    for version_id in sorted(older):
        key = kept_key(older[version_id])
        stamp = cache.stamp(key) if cache is not None else None
        problem, seen = check_archive(root, older[version_id], stamp.archive if stamp is not None else None)
        if problem is not None:
            problems.append(problem)
        elif cache is not None and stamp is not None and seen != stamp.archive:
            cache.write_stamp(key, KeptStamp(seen, stamp.modules))
    if problems:
        raise ContentError(problems)
    pinned = [v.pin for v in plan.versions if v.id in older and v.pin]
    commits = repository.commits(pinned) if pinned and git else {}
    for version in plan.versions:
        commit = commits.get(version.pin) if version.id in older and version.pin else None
        if commit is not None and commit != older[version.id].entry.published_from:
            report.warnings.append(plan.problem(version, (
                f"cohort '{version.id}' published_from '{version.pin}' is not the commit its kept version was "
                f"published from ({older[version.id].entry.published_from[:12]}); the kept bytes are used; "
                f"to publish the new pin run `python build_site.py republish {version.id}`")))
    return older


def kept_files(root: Path, kept: KeptVersion, cache: VersionCache, site: str | None,
               report: PublishReport, placed: Path | None = None) -> Lookup:
    """The files of a kept version (unpacked once into the cache, checked against its checksums at each use;
    ``placed``: see :meth:`VersionCache.get`)."""
    if (kept.entry.site_url or None) != site:
        report.warnings.append(kept.problem(
            f"cohort '{kept.id}' was published for the site address {kept.entry.site_url or '(none)'} but this "
            f"build's is {site or '(none)'}; its kept pages keep their links and sitemap; run "
            f"`python build_site.py republish {kept.id}` to render it for this address", "warning"))
    key = kept_key(kept)
    found = cache.get(key, placed)
    report.sources[kept.id] = f"kept bytes from {kept.path}"
    if found.files is not None:
        return found
    try:
        return cache.store(key, lambda out: extract_version(root / kept.path, out))
    except UNREADABLE as exc:
        raise unreadable(kept, exc) from None


def kept_key(kept: KeptVersion) -> str:
    """The cache key of a kept version: its id and its archive's checksum."""
    return f"{kept.id}-kept-{kept.entry.sha256}"


def pinned_files(repository: Repository, plan: VersionPlan, version: PlannedVersion, pin: ResolvedPin,
                 cache: VersionCache, addresses: dict[str, str], report: PublishReport,
                 placed: Path | None = None) -> Lookup:
    """The files of a version built from its pin: from the cache, else built now and cached."""
    key = pin_key(version.id, pin, json.dumps(addresses, sort_keys=True) if addresses else "")
    found = cache.get(key, placed)
    report.sources[version.id] = f"cached from {version.pin}"
    if found.files is not None:
        return found
    entry = cache.store(key, lambda out: build_pinned(repository, plan, version, pin, out, addresses))
    report.sources[version.id] = f"built from {version.pin}"
    if found.discarded:
        report.sources[version.id] += f" (its cache entry failed its checksums: {found.discarded})"
    return entry


def configured_site_address(root: Path) -> str | None:
    """The site's address from ACADEMY_SITE_URL or mkdocs.yml's ``site_url`` (None when neither is set)."""
    from ..site_config import load_site_config

    try:
        return site_address(load_site_config(root).site_url, dict(os.environ))
    except SiteAddressError as exc:
        raise ContentError([Problem("mkdocs.yml", 1, 1, str(exc))]) from None


def resolve_pins(plan: VersionPlan, repository: Repository, root: Path,
                 skip: set[str] = frozenset()) -> dict[str, ResolvedPin]:
    """Every pin of the plan (but ``skip``'s) as a commit; one located problem per pin that cannot be found."""
    pinned = [v for v in plan.versions if v.pin is not None and v.id not in skip]
    if not pinned:
        return {}
    if not repository.is_repository():
        raise ContentError([plan.problem(v, f"cohort '{v.id}' published_from '{v.pin}' needs the git history, "
                                            f"but {root} is not a git repository (or git is not installed); "
                                            "build from a git clone of the repository") for v in pinned])
    resolved, problems = {}, []
    for version in pinned:
        assert version.pin is not None
        pin = repository.resolve(version.pin)
        if pin is None:
            problems.append(plan.problem(
                version, f"cohort '{version.id}' published_from '{version.pin}' is not a commit in this clone; "
                         "fetch it (git fetch --tags, or git fetch --unshallow) or correct the pin"))
        else:
            resolved[version.id] = pin
    if problems:
        raise ContentError(problems)
    return resolved


def build_pinned(repository: Repository, plan: VersionPlan, version: PlannedVersion, pin: ResolvedPin,
                 out_dir: Path, addresses: dict[str, str] | None = None) -> None:
    """Export the pin's tree and run that tree's own ``build_site.py --single-version`` into ``out_dir``."""
    where = f"cohort '{version.id}' published_from '{version.pin}' ({pin.commit[:10]})"
    with tempfile.TemporaryDirectory(prefix="academy-pin-") as scratch:
        tree = Path(scratch) / "tree"
        try:
            repository.export(pin.commit, tree)
        except GitUnavailable as exc:
            raise ContentError([plan.problem(version, f"{where} cannot be read from git: {exc}")]) from None
        if not (tree / "build_site.py").is_file():
            raise ContentError([plan.problem(version, f"{where} has no build_site.py; pin a commit of this "
                                                      "repository that contains the site generator")])
        env = dict(os.environ, **{EPOCH_VARIABLE: str(pin.epoch)}, PYTHONDONTWRITEBYTECODE="1", **(addresses or {}),
                   **{GIT_DIR_VARIABLE: str(repository.root), GIT_REVISION_VARIABLE: pin.commit})
        result = subprocess.run(
            [sys.executable, str(tree / "build_site.py"), "--single-version", version.id,
             "--site-dir", str(out_dir), "--root", str(tree)],
            cwd=tree, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ContentError(pinned_build_problems(plan, version, where, result.stderr))


def pinned_build_problems(plan: VersionPlan, version: PlannedVersion, where: str, stderr: str) -> list[Problem]:
    """A failed pinned build as problems: a headline at the pin, then the commit's own problem lines."""
    if "--single-version" in stderr and "unrecognized arguments" in stderr:
        return [plan.problem(version, f"{where} predates versioned builds (its build_site.py has no "
                                      "--single-version option); pin a later commit")]
    lines = [line for line in stderr.splitlines() if line.strip()]
    found = []
    for line in lines:
        match = PROBLEM_LINE.match(line)
        if match:
            found.append(Problem(f"{version.pin}:{match['path']}", int(match["line"]), int(match["col"]),
                                 match["message"]))
    detail = "; the problems below are in that commit's files" if found else \
        f": {lines[-1] if lines else 'no output'}"
    return [plan.problem(version, f"{where} does not build{detail}"), *found]


def assemble(staging: Path, root: Path, plan: VersionPlan, pins: dict[str, ResolvedPin],
             repository: Repository, site: str | None = None, kept: dict[str, KeptVersion] | None = None,
             files: dict[str, list[str]] | None = None, cache: VersionCache | None = None) -> None:
    """Write the site-root files that tie the versions together, but for the ``latest/`` alias (:mod:`.alias`)
    (``files``: the files of each version, when known, so its folder need not be listed again)."""
    versions = Versions.newest_first([(v.id, v.title) for v in plan.versions])
    newest = versions.latest.version
    # Static hosts answer every missing address with the root 404.html: the newest version's page, whose
    # links start at the site's path (MkDocs writes them from site_url), so they work from any depth.
    shutil.copyfile(staging / newest / "404.html", staging / "404.html")
    _write(staging / "robots.txt", robots_txt(site))
    if site:
        _write(staging / "sitemap.xml", sitemap_index([f"{site}{newest}/sitemap.xml"]))
    _write(staging / "versions.json", versions.dumps())
    _write(staging / "index.html", redirect_page(f"{newest}/", f"the current version ({plan.newest.title})"))
    files = files or {}
    pages = {v.version: _page_paths(staging / v.version, files.get(v.version)) for v in versions.items}
    _write(staging / "pages.json", json.dumps(pages, indent=1, sort_keys=True) + "\n")
    write_changes(staging, root, plan, pins, repository, kept or {}, cache)


def write_changes(staging: Path, root: Path, plan: VersionPlan, pins: dict[str, ResolvedPin],
                  repository: Repository, kept: dict[str, KeptVersion], cache: VersionCache | None = None) -> None:
    """``changes/<id>.json`` for every version (empty for the newest) and a diff page per changed module."""
    current = current_modules(root)
    newest = plan.newest
    # The newest version's 404 page is the change pages' frame: the site's header, navigation and footer,
    # with links that work from any folder.
    shell_file = staging / newest.id / "404.html"
    shell = shell_file.read_text(encoding="utf-8") if shell_file.is_file() else None
    _write(staging / "changes" / f"{newest.id}.json", module_changes.changes_json(newest.id, newest.id, []))
    for version in plan.versions[1:]:
        old = kept_modules(root, kept[version.id], cache) if version.id in kept else \
            pinned_modules(repository, pins[version.id].commit)
        found = module_changes.compare_versions(old, current)
        _write(staging / "changes" / f"{version.id}.json",
               module_changes.changes_json(version.id, newest.id, found))
        for change in found:
            if change.status == "changed":
                _write(staging / module_changes.diff_page_path(version.id, change),
                       module_changes.diff_page(change, version.title, newest.title, shell, version.id, newest.id))


def kept_modules(root: Path, kept: KeptVersion, cache: VersionCache | None = None) -> dict[str, str]:
    """The module files kept with a version: {'modules/<name>.md': text}; from the archive once, then from its
    cache entry's stamp (an archive whose checksum matched this build: the entry's key is that checksum)."""
    key = kept_key(kept)
    stamp = cache.stamp(key) if cache is not None else None
    if stamp is not None:
        return stamp.modules
    try:
        modules = read_modules(root / kept.path)
    except UNREADABLE as exc:
        raise unreadable(kept, exc) from None
    if cache is not None:
        cache.write_stamp(key, KeptStamp(None, modules))
    return modules


def pinned_modules(repository: Repository, commit: str) -> dict[str, str]:
    """The module files of a commit: {'modules/<name>.md': text}."""
    return {f"modules/{name}": text for name, text in repository.read_folder(commit, MODULES_DIR).items()
            if "/" not in name and name.endswith(".md")}


def current_modules(root: Path) -> dict[str, str]:
    """The working tree's module files: {'modules/<name>.md': text}."""
    texts = {}
    for path in sorted((root / MODULES_DIR).glob("*.md")):
        try:
            texts[f"modules/{path.name}"] = read_text(path, root)
        except SourceError:
            continue  # already reported by the working tree's build
    return texts


def _page_paths(version_dir: Path, files: list[str] | None = None) -> list[str]:
    """Each page of a version as the path after ``/<id>/``: '' for the home, 'modules/x/' for a page."""
    pages = sorted(f for f in (files if files is not None else tree_files(version_dir)) if f.endswith(".html"))
    return [re.sub(r"(^|/)index\.html$", r"\1", page) for page in pages]


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
