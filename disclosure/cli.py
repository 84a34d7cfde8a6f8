"""Command line: the only place that prints summaries and calls sys.exit."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .errors import ContentError
from .write import OutputError


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("site_config.yaml"), help="site settings file")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--today", type=_today, default=None, help="build date YYYY-MM-DD (default: today)")
    parser.add_argument("--base-url", default=None, help="absolute address the site is served from")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the rectification disclosure site.")
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="build the site into output/ (the default)")
    _add_site_options(build)
    build.add_argument("--output", type=Path, default=Path("output"), help="output folder")
    imp = commands.add_parser("import", help="turn a plan document into content files")
    imp.add_argument("file", type=Path, help="the plan document (.txt, .html or .docx)")
    imp.add_argument("--plan", required=True, help="the plan's folder name, e.g. hengyang-2019")
    imp.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    imp.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    return parser


def run_build(args) -> int:
    from .site import build_site

    today = args.today or date.today()
    try:
        result = build_site(args.config, args.content, args.output, today, base_url=args.base_url)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: {len(error.problems)} problem(s); {args.output} was not changed", file=sys.stderr)
        return 1
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages ({result.published} published problems, {result.listed} listed) "
          f"into {args.output} for {today}")
    return 0


def run_import(args) -> int:
    from .importer import run_import as import_plan

    return import_plan(args.file, args.plan, args.content, args.dry_run)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = parser.parse_args(argv)
    handlers = {"build": run_build, "import": run_import}
    sys.exit(handlers[args.command](args))
