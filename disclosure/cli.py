"""Command line: the only place that prints summaries and calls sys.exit."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from datetime import date
from pathlib import Path

from .clock import site_today
from .errors import ContentError
from .i18n import LANGUAGES, _, set_language, take_language, translate_argparse
from .names import printable
from .staging import OutputError


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a date (use YYYY-MM-DD)", text=text)) from None


def _add_site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("site_config.yaml"), metavar=_("FILE"),
                        help=_("site settings file"))
    parser.add_argument("--content", type=Path, default=Path("content"), metavar=_("FOLDER"), help=_("content folder"))
    parser.add_argument("--today", type=_today, default=None, metavar="YYYY-MM-DD",
                        help=_("build date YYYY-MM-DD (default: today in the site's timezone, Asia/Shanghai unless set)"))
    parser.add_argument("--base-url", default=None, metavar=_("ADDRESS"), help=_("absolute address the site is served from"))


def make_parser() -> argparse.ArgumentParser:
    translate_argparse()
    parser = argparse.ArgumentParser(prog="build.py", description=_("Build the rectification disclosure site."))
    _add_language_option(parser)
    commands = parser.add_subparsers(dest="command", title=_("commands"))
    build = commands.add_parser("build", help=_("build the site into output/ (the default)"))
    _add_site_options(build)
    build.add_argument("--output", type=Path, default=Path("output"), metavar=_("FOLDER"), help=_("output folder"))
    build.add_argument("--templates", type=Path, default=None, metavar=_("FOLDER"),
                       help=_("folder of templates that replace the built-in ones of the same name"))
    build.add_argument("--cache", type=Path, default=None, metavar=_("FOLDER"),
                       help=_("cache folder for faster rebuilds, holding drafts: never inside the output "
                              "(default: .cache/ beside the content folder)"))
    build.add_argument("--no-cache", action="store_true", help=_("read and render everything afresh"))
    build.add_argument("--jobs", type=int, default=None, metavar="N", help=_("worker processes (default: one per core)"))
    imp = commands.add_parser("import", help=_("turn a plan document into content files"))
    imp.add_argument("file", type=Path, metavar=_("FILE"), help=_("the plan document (.txt, .html or .docx)"))
    target = imp.add_mutually_exclusive_group(required=True)
    target.add_argument("--plan", metavar=_("PLAN"), help=_("the plan's folder name, e.g. hengyang-2019"))
    target.add_argument("--batch", metavar=_("BATCH"),
                        help=_("FILE is a complaint batch's table (.xlsx, .docx, .html, .csv): "
                               "the batch's folder name, e.g. hengyang-2021-27"))
    imp.add_argument("--title", default=None, help=_("with --batch: the batch's title (default: the table's)"))
    imp.add_argument("--config", type=Path, default=Path("site_config.yaml"), metavar=_("FILE"),
                     help=_("with --batch: site settings (what is public on purpose is not masked)"))
    imp.add_argument("--content", type=Path, default=Path("content"), metavar=_("FOLDER"), help=_("content folder"))
    imp.add_argument("--dry-run", action="store_true", help=_("report what would change, write nothing"))
    imp.add_argument("--notice", action="store_true",
                     help=_("FILE is one problem's notice: fill that problem's record, dates, notice window and acceptance"))
    imp.add_argument("--problem", type=int, default=None, metavar="N", help=_("with --notice: the problem's number"))
    imp.add_argument("--force", action="store_true", help=_("with --notice: replace what an editor already wrote"))
    _add_editor_commands(commands)
    for command in commands.choices.values():
        _add_language_option(command)
    return parser


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    # (main takes --lang out of the arguments wherever it is; here it is only shown in --help.)
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_("language of messages: zh (Chinese, the default) or en; also DISCLOSURE_LANG=en"))


def _add_editor_commands(commands) -> None:
    """serve, check, status, redact and new: the editors' workflow (see docs/)."""
    serve = commands.add_parser("serve", help=_("live preview of everything, unfinished problems included"))
    _add_site_options(serve)
    serve.add_argument("--templates", type=Path, default=None, metavar=_("FOLDER"), help=_("the site's own templates folder"))
    serve.add_argument("--host", default="127.0.0.1", metavar=_("ADDRESS"), help=_("address to listen on (default 127.0.0.1)"))
    serve.add_argument("--port", type=int, default=8000, metavar=_("PORT"), help=_("port to listen on (default 8000)"))
    check = commands.add_parser("check", help=_("validate everything and report every problem"))
    _add_site_options(check)
    check.add_argument("--templates", type=Path, default=None, metavar=_("FOLDER"), help=_("the site's own templates folder"))
    check.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    check.add_argument("--format", choices=("text", "json"), default="text", help=_("report format"))
    status = commands.add_parser("status", help=_("progress, overdue problems, coming deadlines and complaint batches"))
    _add_site_options(status)
    _add_status_options(status)
    redact = commands.add_parser("redact", help=_("mask personal data in the content files (shows a diff, asks first)"))
    redact.add_argument("--config", type=Path, default=Path("site_config.yaml"), metavar=_("FILE"), help=_("site settings file"))
    redact.add_argument("--content", type=Path, default=Path("content"), metavar=_("FOLDER"), help=_("content folder"))
    redact_target = redact.add_mutually_exclusive_group()
    redact_target.add_argument("--plan", default=None, metavar=_("PLAN"), help=_("only this plan's files, e.g. hengyang-2019"))
    redact_target.add_argument("--batch", default=None, metavar=_("BATCH"),
                               help=_("only this complaint batch's items, e.g. hengyang-2021-27"))
    redact.add_argument("--dry-run", action="store_true", help=_("show the diff, write nothing"))
    redact.add_argument("--yes", action="store_true", help=_("apply without asking (for scripts)"))
    new = commands.add_parser("new", help=_("create the next problem file of a plan"))
    new.add_argument("--plan", required=True, metavar=_("PLAN"), help=_("the plan's folder name, e.g. hengyang-2019"))
    new.add_argument("--category", type=int, default=None, metavar="N", help=_("category number to fill in"))
    new.add_argument("--content", type=Path, default=Path("content"), metavar=_("FOLDER"), help=_("content folder"))


def _add_status_options(status) -> None:
    status.add_argument("--format", choices=("text", "xlsx"), default="text",
                        help=_("text in the terminal, or xlsx: a workbook for the meeting"))
    status.add_argument("--output", type=Path, default=None,
                        help=_("with --format xlsx: the workbook to write (default status-DATE.xlsx)"))
    status.add_argument("--quiet-days", type=int, default=None, metavar="N",
                        help=_("also list unfinished problems without a progress note in the last N days"))


def _port_in_use(host: str, port: int) -> str:
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
        print(_("error: cannot serve on {host}:{port}: {reason}", host=args.host, port=args.port,
                reason=error.strerror or error), file=sys.stderr)
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

    from .complaints.reading import load_batches
    from .pipeline import decide, load_site
    from .status import show_status
    from .status_groups import content_as_of

    try:
        config, content = load_site(args.config, args.content)
        batches = load_batches(args.content)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(_("status: {count} problem(s) in the content; run 'python build.py check'", count=len(error.problems)),
              file=sys.stderr)
        return 1
    today = args.today or site_today(args.config)
    return show_status(args, config, content_as_of(content, today), decide(config, today, False)[1], batches)


def run_redact(args) -> int:
    from .redact import run_redact as redact

    return redact(args.config, args.content, args.plan, args.dry_run, args.yes, args.batch)


def run_new(args) -> int:
    from .errors import display_path
    from .new import new_problem

    try:
        path = new_problem(args.content, args.plan, args.category)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    print(_("created {path}: fill in its fields, then run 'python build.py check'", path=display_path(path)))
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
    inputs = {_("content folder"): args.content, _("site configuration"): args.config,
              _("templates folder"): args.templates or code / "templates", _("static folder"): code / "static"}
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
        print(_("build stopped: {count} problem(s); {output} was not changed", count=len(error.problems),
                output=args.output), file=sys.stderr)
        return 1
    except OutputError as error:
        print(_("error: {reason}", reason=error), file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as error:  # a read-only or full disk, a file where a folder should be
        print(_("error: {reason}; {output} was not changed", reason=describe_system_error(error), output=args.output),
              file=sys.stderr)
        return 1
    print(_("built {pages} pages ({published} published problems, {listed} listed) into {output} for {today}",
            pages=result.pages, published=result.published, listed=result.listed, output=args.output, today=today)
          + (_(" (quick path: only records changed)") if result.quick else ""))
    return 0


def describe_system_error(error: Exception) -> str:
    """One line for an error of the file system (or of the cache's database)."""
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return printable(_("cannot write: {reason}{where}", reason=error.strerror, where=where))
    return printable(_("cannot use the cache: {reason}", reason=error))


def run_import(args) -> int:
    from .importer import run_import as import_plan

    if args.batch is not None:
        from .importer.batch import run_batch_import

        if args.notice or args.problem is not None or args.force:
            print("import: --notice, --problem and --force go with --plan", file=sys.stderr)
            return 2
        return run_batch_import(args.file, args.batch, args.content, args.title, args.dry_run, args.config)
    if args.title is not None:
        print("import: --title goes with --batch", file=sys.stderr)
        return 2
    if args.notice:
        from .importer.notice_apply import run_notice_import

        return run_notice_import(args.file, args.plan, args.content, args.problem, args.force, args.dry_run)
    if args.problem is not None or args.force:
        print(_("import: --problem and --force go with --notice"), file=sys.stderr)
        return 2
    return import_plan(args.file, args.plan, args.content, args.dry_run)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    set_language(None)  # (the environment's, until --lang says otherwise)
    try:
        argv = take_language(argv)
    except ValueError as error:
        print(_("--lang: '{code}' is not zh or en", code=error.args[0]), file=sys.stderr)
        sys.exit(2)
    parser = make_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = parser.parse_args(argv)
    handlers = {"build": run_build, "import": run_import, "serve": run_serve, "check": run_check,
                "status": run_status, "new": run_new, "redact": run_redact}
    sys.exit(handlers[args.command](args))
