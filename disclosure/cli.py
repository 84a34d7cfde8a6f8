"""Command line: the only place that prints summaries and calls sys.exit."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import date
from pathlib import Path

from .clock import site_today
from .errors import ContentError
from .names import printable
from .staging import OutputError


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("site_config.yaml"), help="site settings file")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--today", type=_today, default=None,
                        help="build date YYYY-MM-DD (default: today in the site's timezone, Asia/Shanghai unless set)")
    parser.add_argument("--base-url", default=None, help="absolute address the site is served from")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the rectification disclosure site.")
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="build the site into output/ (the default)")
    _add_site_options(build)
    build.add_argument("--output", type=Path, default=Path("output"), help="output folder")
    build.add_argument("--templates", type=Path, default=None,
                       help="folder of templates that replace the built-in ones of the same name")
    build.add_argument("--cache", type=Path, default=None,
                       help="cache folder for faster rebuilds, holding drafts: never inside the output "
                            "(default: .cache/ beside the content folder)")
    build.add_argument("--no-cache", action="store_true", help="read and render everything afresh")
    build.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    imp = commands.add_parser("import", help="turn a plan document into content files")
    imp.add_argument("file", type=Path, help="the plan document (.txt, .html or .docx)")
    imp.add_argument("--plan", required=True, help="the plan's folder name, e.g. hengyang-2019")
    imp.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    imp.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    imp.add_argument("--notice", action="store_true",
                     help="FILE is one problem's notice (公示): fill that problem's record, dates, 公示期 and 验收")
    imp.add_argument("--problem", type=int, default=None, help="with --notice: the problem's number")
    imp.add_argument("--force", action="store_true", help="with --notice: replace what an editor already wrote")
    _add_editor_commands(commands)
    return parser


def _add_editor_commands(commands) -> None:
    """serve, check, status, redact and new: the editors' workflow (see docs/)."""
    serve = commands.add_parser("serve", help="live preview of everything, unfinished problems included")
    _add_site_options(serve)
    serve.add_argument("--templates", type=Path, default=None, help="the site's own templates folder")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    check = commands.add_parser("check", help="validate everything and report every problem")
    _add_site_options(check)
    check.add_argument("--templates", type=Path, default=None, help="the site's own templates folder")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    status = commands.add_parser("status", help="progress, overdue problems and coming deadlines")
    _add_site_options(status)
    _add_status_options(status)
    redact = commands.add_parser("redact", help="mask personal data in the content files (shows a diff, asks first)")
    redact.add_argument("--config", type=Path, default=Path("site_config.yaml"), help="site settings file")
    redact.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    redact.add_argument("--plan", default=None, help="only this plan's files, e.g. hengyang-2019")
    redact.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    redact.add_argument("--yes", action="store_true", help="apply without asking (for scripts)")
    new = commands.add_parser("new", help="create the next problem file of a plan")
    new.add_argument("--plan", required=True, help="the plan's folder name, e.g. hengyang-2019")
    new.add_argument("--category", type=int, default=None, help="category number to fill in")
    new.add_argument("--content", type=Path, default=Path("content"), help="content folder")


def _add_status_options(status) -> None:
    from .i18n import _

    status.add_argument("--format", choices=("text", "xlsx"), default="text",
                        help=_("text in the terminal, or xlsx: a workbook for the meeting"))
    status.add_argument("--output", type=Path, default=None,
                        help=_("with --format xlsx: the workbook to write (default status-DATE.xlsx)"))
    status.add_argument("--quiet-days", type=int, default=None, metavar="N",
                        help=_("also list unfinished problems without a progress note in the last N days"))


def _port_in_use(host: str, port: int) -> str:
    from .i18n import _

    return _("port {port} is already in use on {host}: stop the other preview or program there, "
             "or choose another port with --port {other}", host=host, port=port, other=port + 1)


def run_serve(args) -> int:
    import errno
    import socket

    from .serve import run_serve as serve

    # (Asked before the first build, which takes a while, so a busy port is told at once.)
    try:
        socket.create_server((args.host, args.port)).close()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(_port_in_use(args.host, args.port), file=sys.stderr)
            return 1
    try:
        serve(args.config, args.content, args.today, args.host, args.port, templates_dir=args.templates)
    except OSError as error:  # the port is taken, the address is not this machine's
        if error.errno == errno.EADDRINUSE:
            print(_port_in_use(args.host, args.port), file=sys.stderr)
            return 1
        print(f"error: cannot serve on {args.host}:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def run_check(args) -> int:
    from .check import check_site, render_json, render_text

    result = check_site(args.config, args.content, args.today or site_today(args.config),
                        templates_dir=args.templates)
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(result, args.strict))
    return 0 if result.is_ok(args.strict) else 1


def run_status(args) -> int:
    from rich.console import Console

    from .pipeline import decide, load_site
    from .status import show_status
    from .status_groups import content_as_of

    try:
        config, content = load_site(args.config, args.content)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"status: {len(error.problems)} problem(s) in the content; run 'python build.py check'", file=sys.stderr)
        return 1
    today = args.today or site_today(args.config)
    return show_status(args, config, content_as_of(content, today), decide(config, today, False)[1])


def run_redact(args) -> int:
    from .redact import run_redact as redact

    return redact(args.config, args.content, args.plan, args.dry_run, args.yes)


def run_new(args) -> int:
    from .errors import display_path
    from .new import new_problem

    try:
        path = new_problem(args.content, args.plan, args.category)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"created {display_path(path)}: fill in its fields, then run 'python build.py check'")
    return 0


def _build_incremental(args, today: date, inputs: dict):
    """The build, reusing what earlier builds worked out (disclosure/incremental/)."""
    from .incremental import build_site
    from .incremental.cache import default_cache_dir
    from .places import check_cache, prepare_cache

    cache = args.cache or default_cache_dir(args.content, args.output)
    check_cache(cache, args.output, {name: path for name, path in inputs.items() if path.is_dir()})
    prepare_cache(cache)
    return build_site(args.config, args.content, args.output, today, base_url=args.base_url,
                      templates_dir=args.templates, cache_dir=cache, jobs=args.jobs)


def run_build(args) -> int:
    from .places import check_output

    code = Path(__file__).resolve().parent.parent
    inputs = {"content folder": args.content, "site configuration": args.config,
              "templates folder": args.templates or code / "templates", "static folder": code / "static"}
    today = args.today or site_today(args.config)
    try:
        # Where the build may write is checked first: a refused build leaves nothing behind.
        check_output(args.output, inputs)
        # (Without the incremental package, which only saves time, the pipeline builds the same site.)
        if args.no_cache or not (Path(__file__).parent / "incremental").is_dir():
            from .pipeline import build_site

            result = build_site(args.config, args.content, args.output, today, base_url=args.base_url,
                                templates_dir=args.templates)
        else:
            result = _build_incremental(args, today, inputs)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"build stopped: {len(error.problems)} problem(s); {args.output} was not changed", file=sys.stderr)
        return 1
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as error:  # a read-only or full disk, a file where a folder should be
        print(f"error: {describe_system_error(error)}; {args.output} was not changed", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages ({result.published} published problems, {result.listed} listed) "
          f"into {args.output} for {today}" + (" (quick path: only records changed)" if result.quick else ""))
    return 0


def describe_system_error(error: Exception) -> str:
    """One line for an error of the file system (or of the cache's database)."""
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return printable(f"cannot write: {error.strerror}{where}")
    return printable(f"cannot use the cache: {error}")


def run_import(args) -> int:
    from .importer import run_import as import_plan

    if args.notice:
        from .importer.notice_apply import run_notice_import

        return run_notice_import(args.file, args.plan, args.content, args.problem, args.force, args.dry_run)
    if args.problem is not None or args.force:
        print("import: --problem and --force go with --notice", file=sys.stderr)
        return 2
    return import_plan(args.file, args.plan, args.content, args.dry_run)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = make_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = parser.parse_args(argv)
    handlers = {"build": run_build, "import": run_import, "serve": run_serve, "check": run_check,
                "status": run_status, "new": run_new, "redact": run_redact}
    sys.exit(handlers[args.command](args))
