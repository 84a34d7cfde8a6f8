"""Import a plan document (.txt, .html, .docx) into content files: `build.py import FILE --plan SLUG`.

read (file -> lines) -> parse (lines -> PlanDoc) -> check -> write (PlanDoc -> content files).
Nothing is written when anything is wrong, and a re-import only changes the fields that come
from the document.
"""
from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from ..errors import ContentError, Diagnostic, display_path
from ..frontmatter import ReadError
from ..names import is_slug, slug_hint
from .parse import parse_plan
from .read import read_source
from .report import format_changes, format_problems, format_summary
from .files import plan_changes, write_changes
from ..i18n import _


def run_import(source_path: Path, plan_slug: str, content_dir: Path, dry_run: bool, out=sys.stdout) -> int:
    """Import the document into CONTENT/plans/SLUG/; print the report to `out`; 0 if done, 1 if not."""
    source_path, content_dir = Path(source_path), Path(content_dir)
    shown = display_path(source_path)
    if not is_slug(plan_slug):
        return report_failure([Diagnostic("--plan", None, _("{slug} is not a plan slug", slug=repr(plan_slug)),
                                          hint=slug_hint())], out)
    # Read and parse the document; a document without a problem list stops here.
    try:
        doc, found = parse_plan(read_source(source_path, shown), shown)
    except ReadError as error:
        return report_failure([error.problem], out)
    except ContentError as error:
        return report_failure(error.problems, out)
    print("\n".join(format_summary(doc)), file=out)
    errors = [problem for problem in found if not problem.warning]
    if found:
        print("", *format_problems(found), sep="\n", file=out)
    if errors:
        return report_failure([], out)
    # Decide what each content file becomes, reading the files editors have already changed.
    try:
        changes = plan_changes(doc, content_dir / "plans" / plan_slug)
    except (ContentError, ReadError) as error:
        problems = error.problems if isinstance(error, ContentError) else [error.problem]
        return report_failure(problems, out)
    print("\n".join(format_changes(changes, dry_run)), file=out)
    # Write, unless this is a dry run.
    if not dry_run:
        # Terminated while writing, it removes its temporary file (see write_atomically) as on Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _exit) if threading.current_thread() is threading.main_thread() else None
        try:
            write_changes(changes)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    return 0


def _exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


def report_failure(problems: list[Diagnostic], out) -> int:
    """Print the problems and say that nothing was written; the exit code for a failed import."""
    if problems:
        print("\n".join(format_problems(problems)), file=out)
    print(_("Import failed: nothing was written."), file=out)
    return 1
