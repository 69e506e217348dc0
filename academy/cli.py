"""Command line: ``python build_site.py [--check | serve] [--debug]``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path

from .problems import ContentError, Problem

EXIT_OK, EXIT_CONTENT, EXIT_INTERNAL = 0, 1, 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_site.py",
        description="Build the Prevention Academy site from curriculum/, library/ and cohorts.yml.")
    parser.add_argument("command", nargs="?", choices=["build", "serve"], default="build",
                        help="build (default) writes site/; serve runs a live preview")
    parser.add_argument("--check", action="store_true",
                        help="validate content only, without building (fast)")
    parser.add_argument("--site-dir", type=Path, default=None, help="where to build (default: site/)")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the repository to build (default: this one)")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address for serve")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.root.resolve()
    try:
        if args.check:
            return check(root)
        if args.command == "serve":
            return serve(root, args.dev_addr)
        return build(root, (args.site_dir or root / "site").resolve())
    except ContentError as exc:
        report(exc.problems)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        print(f"error: {errors} problem{'s' if errors != 1 else ''} found; nothing was changed in site/. "
              "Fix the lines above and run again.", file=sys.stderr)
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


def report(problems: list[Problem]) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)


def check(root: Path) -> int:
    from .content import load_content

    content = load_content(root)
    report(content.warnings)
    print(f"ok: {len(content.modules)} modules, {len(content.resources)} library entries checked", file=sys.stderr)
    return EXIT_OK


def build(root: Path, site_dir: Path) -> int:
    from .build import build_site

    started = time.monotonic()
    warnings = build_site(root, site_dir)
    report(warnings)
    print(f"ok: built {site_dir} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return EXIT_OK


def serve(root: Path, dev_addr: str) -> int:
    """Live preview: MkDocs' own server, which rebuilds when content, library, cohorts or theme change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, strict=False)
    return EXIT_OK
