"""Command line: ``python build_site.py [build | serve | pin COHORT] [--check] [--release] [--debug]``."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .build_date import BuildDates, dates_from_environment
from .build_lock import repository_lock
from .problems import ContentError, Problem
from .site_folder import SiteFolderError, refusal

if TYPE_CHECKING:
    from .content import Content

EXIT_OK, EXIT_CONTENT, EXIT_INTERNAL = 0, 1, 2

FULL_COLLECTION_EVERY = 100
"""Python's cycle collector looks at every object (the whole plan, MkDocs, Material's compiled templates) once
per this many collections of its middle generation; Python's default is 10.  A command runs once and ends, and
what it keeps lives until then: at 10, a 1,000-entry build made three full collections, 0.13-0.15 s of CPU
(more at 5,000 entries) to free about 1,200 objects (the younger collections freed 110,000, and still do);
at 100 it makes none, with the same peak memory.  Not for ``serve``, which runs for hours."""


@contextlib.contextmanager
def collecting_for_one_run() -> Iterator[None]:
    """Collect cycles as a command that runs once needs (see :data:`FULL_COLLECTION_EVERY`), until it ends."""
    saved = gc.get_threshold()
    gc.set_threshold(saved[0], saved[1], FULL_COLLECTION_EVERY)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_site.py",
        description="Build the Prevention Academy site from curriculum/, library/ and cohorts.yml.")
    parser.add_argument("command", nargs="?", default="build",
                        choices=["build", "serve", "pin", "new-cohort", "publish", "republish", "check-links", "export-docs",
                                 "reference"],
                        help="build (default) writes site/ with every cohort's version; serve runs a live "
                             "preview of the working tree; pin COHORT records the commit a cohort's version "
                             "is built from in cohorts.yml; new-cohort ID --from PREVIOUS --start DATE adds the "
                             "next cohort, copied from PREVIOUS and moved by whole weeks; publish COHORT builds "
                             "that version once from its pin and keeps its bytes in published/ (republish COHORT "
                             "renders a kept version again); check-links fetches every library "
                             "URL and the modules' external links and reports the broken ones (needs the network); "
                             "export-docs DIR writes the planned site as a Markdown tree with a mkdocs.yml "
                             "that plain 'mkdocs build' renders; reference prints the field reference "
                             "(docs/reference.md) from the schemas")
    parser.add_argument("cohort", nargs="?",
                        help="for pin, publish and republish: the cohort id; for new-cohort: the new cohort's id; "
                             "for export-docs: the folder to write (new or empty)")
    parser.add_argument("--from", dest="source", metavar="PREVIOUS",
                        help="for new-cohort: the cohort to copy (usually the newest)")
    parser.add_argument("--start", metavar="YYYY-MM-DD",
                        help="for new-cohort: the new cohort's first day, on the same weekday as PREVIOUS's start")
    parser.add_argument("--at", default=None, metavar="COMMIT",
                        help="for pin: the commit or tag to record (default: HEAD); for publish and republish: "
                             "the commit to publish from, recorded as the pin (default: the cohort's pin, else HEAD)")
    parser.add_argument("--single-version", metavar="ID", default=None,
                        help="build only this tree, as the version ID (used for pinned versions)")
    parser.add_argument("--check", action="store_true",
                        help="validate content only, without building (fast)")
    parser.add_argument("--update-ledger", action="store_true",
                        help="record changed calendar events in calendar-sequence.yml (SEQUENCE numbers) and "
                             "stop; a build only reads that file")
    parser.add_argument("--release", action="store_true",
                        help="also refuse sample data: fail while any value in cohorts.yml is marked !sample "
                             "(use with --check before publishing, or with build)")
    parser.add_argument("--site-dir", type=Path, default=None, help="where to build (default: site/)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the repository to build (default: this one)")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address for serve")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--update-checked", action="store_true",
                        help="for check-links: write today's date into the 'checked:' line of entries whose link passed")
    parser.add_argument("--workers", type=int, default=4, help="for check-links: links fetched at once (default 4)")
    parser.add_argument("--timeout", type=float, default=15.0, help="for check-links: seconds to wait per request")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "serve":
        return run(args)
    with collecting_for_one_run():
        return run(args)


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    try:
        # The run's dates are read here, once, and passed down (academy.build_date).
        args.dates, problems = dates_from_environment(os.environ)
        if problems:
            raise ContentError(problems)
        if args.check:
            return check(root, args.dates, args.release)
        if args.release and args.command == "build" and (refused := release_check(root, args.dates)) != EXIT_OK:
            return refused
        if args.command == "serve":
            return serve(root, args.dev_addr, args.dates, args.debug)
        if args.command == "check-links":
            return check_links(root, args.update_checked, args.workers, args.timeout, args.dates)
        if args.command == "export-docs":
            return export(root, args.cohort, args.dates)
        if args.command == "reference":
            from .reference import markdown

            sys.stdout.write(markdown())
            return EXIT_OK
        if args.command == "build" and not args.update_ledger:
            refused = refusal(root, (args.site_dir or root / "site").resolve())
            if refused:
                print(f"error: {refused}; nothing was changed.", file=sys.stderr)
                return EXIT_CONTENT
        with repository_lock(root, say):
            return locked_command(args, root)
    except ContentError as exc:
        report(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"error: {errors} problem{'s' if errors != 1 else ''} found; nothing was changed in site/. "
              "Fix the lines above and run again.", file=sys.stderr)
        return EXIT_CONTENT
    except SiteFolderError as exc:
        print(f"error: {exc}; nothing was changed.", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an unexpected failure: say so plainly, traceback only on request
        if args.debug:
            traceback.print_exc()
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        if not args.debug:
            print("hint: run again with --debug to see the traceback, and report it", file=sys.stderr)
        return EXIT_INTERNAL


def locked_command(args: argparse.Namespace, root: Path) -> int:
    """The commands that write site/, the build cache or tracked files: one at a time per repository."""
    if args.update_ledger:
        return update_ledger(root, args.dates)
    if args.command == "pin":
        return pin(root, args.cohort, args.at or "HEAD")
    if args.command == "new-cohort":
        return new_cohort(root, args.cohort, args.source, args.start, args.dates)
    if args.command in ("publish", "republish"):
        return keep(root, args.cohort, args.at, args.dates, again=args.command == "republish")
    site_dir = (args.site_dir or root / "site").resolve()
    if args.single_version:
        return build_one_version(root, site_dir, args.single_version, args.dates)
    return build(root, site_dir, args.dates)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def report(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def check(root: Path, dates: BuildDates, release: bool = False) -> int:
    """Validate and plan the working tree (content, cohorts' versions, every link and anchor, the kept versions'
    checksums; no git, no build)."""
    from .versions.archive import check_kept
    from .versions.publish import check_working_tree

    from .cohorts.validation import is_status_disagreement

    try:
        site, plan = check_working_tree(root, dates)
    except ContentError as exc:
        raise ContentError([*exc.problems, *check_kept(root)]) from None
    found = check_kept(root)
    if found:
        raise ContentError(found + site.warnings)
    warnings = site.warnings + cohort_freshness(site.content) + library_freshness(site.content)
    report([w for w in warnings if not (release and is_status_disagreement(w))])
    if release and (refused := refuse_samples(site.content)) != EXIT_OK:
        return refused
    links = sum(len(page.links) for page in site.pages.values())
    print(f"ok: {len(site.content.modules)} modules, {len(site.content.resources)} library entries, "
          f"{len(site.pages)} pages with {links} links, {len(plan.versions)} cohort versions checked"
          f"{', no sample data' if release else ''}", file=sys.stderr)
    return EXIT_OK


def cohort_freshness(content: "Content") -> list[Problem]:
    """--check's warning when the newest cohort is not the one running or next on the run's ``today``."""
    from .cohorts.state import newest_cohort, newest_not_current

    program = content.program
    if program is None:
        return []
    reason = newest_not_current(program.cohorts, program.today)
    if reason is None:
        return []
    newest = newest_cohort(program.cohorts)
    line, col = program.document.locate(("cohorts", program.cohorts.index(newest), "id"))
    return [Problem("cohorts.yml", line, col, reason, "warning")]


def library_freshness(content: "Content") -> list[Problem]:
    """--check's warnings for library entries whose verification is due on the run's ``today``."""
    from .library import verification_due

    return [problem for resource in content.resources.values()
            for problem in verification_due(resource, content.dates.today)]


def update_ledger(root: Path, dates: BuildDates) -> int:
    """Bring calendar-sequence.yml up to date with cohorts.yml (content with errors writes nothing)."""
    from .cohorts.ledger import update_ledger as write_if_changed
    from .content import load_content

    content = load_content(root, dates)
    if content.program is None:
        print("ok: cohorts.yml has no cohorts; calendar-sequence.yml is not needed", file=sys.stderr)
        return EXIT_OK
    print(f"ok: {write_if_changed(root, content.program.resolution)}", file=sys.stderr)
    return EXIT_OK


def export(root: Path, folder: str | None, dates: BuildDates) -> int:
    """The newest version's plan as a Markdown tree with its mkdocs.yml, for plain MkDocs (or its successor)."""
    from .export_docs import export_docs
    from .versions.publish import check_working_tree

    if not folder:
        print("error: say where to export: python build_site.py export-docs <folder>", file=sys.stderr)
        return EXIT_CONTENT
    site, _ = check_working_tree(root, dates)
    target = Path(folder).resolve()
    written = export_docs(site, target)
    print(f"ok: exported {len(written)} files into {target / 'docs'}; render them with "
          f"'mkdocs build -f {target / 'mkdocs.yml'}'", file=sys.stderr)
    return EXIT_OK


def release_check(root: Path, dates: BuildDates) -> int:
    """Before a release build: the working tree must validate and hold no sample data."""
    from .versions.publish import check_working_tree

    site, _ = check_working_tree(root, dates)
    return refuse_samples(site.content)


def refuse_samples(content: "Content") -> int:
    """One located line per ``!sample`` mark left in cohorts.yml, and per typed ``status`` the dates contradict;
    EXIT_CONTENT if there is any."""
    from .cohorts.validation import is_status_disagreement

    statuses = [Problem(w.path, w.line, w.col, w.message, "error") for w in content.warnings
                if is_status_disagreement(w)]
    marks = content.program.provenance.release_problems() if content.program else []
    if statuses:
        report(statuses)
        many = len(statuses) != 1
        print(f"error: {len(statuses)} cohort status{'es' if many else ''} in cohorts.yml "
              f"disagree{'' if many else 's'} with the dates; a release shows the state the dates give. "
              "Remove 'status' or fix it.", file=sys.stderr)
    if not marks:
        return EXIT_CONTENT if statuses else EXIT_OK
    report(marks)
    print(f"error: {len(marks)} value{'s' if len(marks) != 1 else ''} in cohorts.yml "
          f"{'are' if len(marks) != 1 else 'is'} still marked !sample; a release shows published facts only. "
          "Replace or delete each one and remove its mark.", file=sys.stderr)
    return EXIT_CONTENT


def build(root: Path, site_dir: Path, dates: BuildDates) -> int:
    from .versions.publish import publish

    started = time.monotonic()
    result = publish(root, site_dir, dates)
    report(result.warnings)
    for version, source in result.sources.items():
        print(f"version {version}: {source}", file=sys.stderr)
    print(f"ok: built {site_dir} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return EXIT_OK


def build_one_version(root: Path, site_dir: Path, version_id: str, dates: BuildDates) -> int:
    """One version only, into ``site_dir``; its files are dated by the run's epoch, else HEAD's commit time."""
    from .versions.pins import Repository, working_tree_epoch
    from .versions.single import build_single_version

    epoch = dates.epoch if dates.epoch is not None else working_tree_epoch(Repository(root))
    report(build_single_version(root, site_dir, version_id, dates.dated(epoch)))
    print(f"ok: built version {version_id} into {site_dir}", file=sys.stderr)
    return EXIT_OK


def check_links(root: Path, update: bool, workers: int, timeout: float, dates: BuildDates) -> int:
    """Fetch every library URL and module link; one line per broken one, then a table; exit 1 on any."""
    import datetime as dt

    from .plan import load_site
    from .link_check import check, http_fetcher, summary_table, targets, update_checked

    report = check(targets(load_site(root, dates=dates)), http_fetcher(timeout=timeout), workers=workers)
    report_lines = report.problems
    for problem in report_lines:
        print(problem, file=sys.stderr)
    print(summary_table(report), file=sys.stderr)
    if update:
        changed = update_checked(report.passed_entries(), dt.date.today())  # the real day of the check
        print(f"updated 'checked:' in {len(changed)} entr{'y' if len(changed) == 1 else 'ies'}", file=sys.stderr)
    if report_lines:
        print(f"error: {len(report_lines)} broken link{'s' if len(report_lines) != 1 else ''}; "
              "fix the lines above and run again", file=sys.stderr)
        return EXIT_CONTENT
    print(f"ok: {len(report.results)} links checked", file=sys.stderr)
    return EXIT_OK


def pin(root: Path, cohort: str | None, ref: str) -> int:
    from .versions.record import record_pin

    if not cohort:
        print("error: say which cohort to pin: python build_site.py pin <cohort-id> [--at <commit>]",
              file=sys.stderr)
        return EXIT_CONTENT
    commit = record_pin(root, cohort, ref)
    print(f"ok: cohort '{cohort}' is now published from {commit} ({ref}); commit cohorts.yml", file=sys.stderr)
    return EXIT_OK


def new_cohort(root: Path, cohort_id: str | None, source: str | None, start: str | None,
               dates: BuildDates) -> int:
    from .versions.new_cohort import new_cohort as add_cohort

    if not cohort_id:
        print("error: say the new cohort's id: python build_site.py new-cohort ID --from PREVIOUS "
              "--start YYYY-MM-DD", file=sys.stderr)
        return EXIT_CONTENT
    try:
        added = add_cohort(root, cohort_id, source, start, dates)
    except ContentError as exc:
        report(exc.problems)
        print("error: cohorts.yml was not changed. Fix the request or the lines above and run again.",
              file=sys.stderr)
        return EXIT_CONTENT
    made = added.draft
    print(f"ok: added cohort '{made.cohort_id}' ({made.name}) at cohorts.yml:{added.line}, copied from "
          f"'{source}' and moved {made.weeks} weeks later (every session keeps its weekday)", file=sys.stderr)
    print(f"ok: pinned cohort '{added.pinned}' to {added.commit} (HEAD): its version stays as its readers "
          "see it now", file=sys.stderr)
    print("Still to fill in (marked !sample in cohorts.yml; 'python build_site.py --check --release' lists "
          "each one):", file=sys.stderr)
    for item in made.to_fill:
        print(f"  - {item}", file=sys.stderr)
    print("Then: python build_site.py --check --release; python build_site.py --update-ledger; commit "
          "cohorts.yml and calendar-sequence.yml; python build_site.py", file=sys.stderr)
    return EXIT_OK


def keep(root: Path, cohort: str | None, ref: str | None, dates: BuildDates, again: bool) -> int:
    from .versions.keep import keep_cohort, kept_summary

    if not cohort:
        command = "republish" if again else "publish"
        print(f"error: say which cohort to {command}: python build_site.py {command} <cohort-id> [--at <commit>]",
              file=sys.stderr)
        return EXIT_CONTENT
    print(kept_summary(cohort, keep_cohort(root, cohort, ref, again, dates)), file=sys.stderr)
    return EXIT_OK


def serve(root: Path, dev_addr: str, dates: BuildDates, debug: bool = False) -> int:
    """Live preview: renders again only what changed when content, library, cohorts or theme change."""
    from .engine.mkdocs.serve import serve as engine_serve

    engine_serve(root, dev_addr, dates, debug)
    return EXIT_OK
