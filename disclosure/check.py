"""`build.py check`: every error a build would stop on, plus warnings that --strict also fails on.

Errors come from the same loading and rendering as a real build (rendered into a throw-away
folder, every problem shown as in a preview), so `check` passing means `build` will too. Warnings
are things that are allowed but probably wrong: a done problem with an empty record, a deadline
that cannot be read as a date, a record that mentions a date after the problem was completed.
"""
from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .model import ISSUE_KEYS, Content, Issue
from .deadlines import TEXT
from .errors import ContentError, Diagnostic, display_path
from .guard import public_problems
from .publishing import Publication
from .textclean import find_invisible
from .accepts import coded, code_of, split_accepted
from .staging import OutputError
from .i18n import _
from .labels import status_name

# Full dates only (a month alone cannot be 'after' a completion day): 2019-03-05, 2019年3月5日, 2019.3.5, 2019/3/5.
_DATE_MENTION = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})(?!\d)日?")


@dataclass(frozen=True)
class CheckResult:
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    rendered: bool = True  # False where the templates are not installed (a plain pip install)
    accepted: tuple[str, ...] = ()  # each warning a problem accepts (accept: …), as `check` lists it

    def is_ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


# A deadline that seems to name a date (digits, 年, 月, 季度): one that cannot be read is worth a warning.
_SEEMS_DATED = re.compile(r"[0-9０-９]|[年月]|季度|[上下]半年")
# The part of a record about what comes next (下一步工作打算): its dates are after completion by design.
_NEXT_STEPS = re.compile(r"下一步|今后工作|长效机制")


def past_part(record: str) -> str:
    """A record without its 下一步工作打算 section (up to the next heading), whose dates lie ahead."""
    kept, skipping = [], False
    for line in record.split("\n"):
        if _NEXT_STEPS.search(line):
            skipping = True
        elif skipping and line.startswith("#"):
            skipping = False
        if not skipping:
            kept.append(line)
    return "\n".join(kept)


def _field_line(text: str, key: str) -> int | None:
    """The line where a front-matter field (or one of its Chinese labels) starts."""
    names = (key, *ISSUE_KEYS.get(key, ()))
    for number, line in enumerate(text.split("\n"), start=1):
        if any(line.startswith(f"{name}:") for name in names):
            return number
    return None


def _line_at(text: str, needle: str, start: int = 0) -> int | None:
    position = text.find(needle, start)
    return text.count("\n", 0, position) + 1 if position >= 0 else None


def mentioned_dates(text: str) -> list[tuple[str, date]]:
    """Every full date a text mentions, as written and as a date (impossible dates are skipped)."""
    found = []
    for match in _DATE_MENTION.finditer(text):
        try:
            found.append((match.group(0), date(*(int(part) for part in match.groups()))))
        except ValueError:
            continue
    return found


def issue_warnings(issue: Issue) -> list[Diagnostic]:
    """Warnings about one problem that loaded without errors."""
    shown = display_path(issue.source_path)
    text = issue.source_path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    warn = []

    def add(code, line, field, message, hint=None):
        warn.append(Diagnostic(shown, line, coded(code, message), field=field, hint=hint, warning=True))

    if issue.is_finished and not issue.record.strip():
        add("record-empty", None, "record", _("the problem is {status} but its record is empty", status=status_name(issue.status)),
            hint=_("write what was done below the closing '---'"))
    # (A deadline written as a rule, 按照省里统一部署…, names no date by design: only one that seems to
    # name a date and cannot be read is worth a warning.)
    if issue.deadline.kind == TEXT and _SEEMS_DATED.search(issue.deadline.text):
        add("deadline-unread", _field_line(text, "deadline"), "deadline",
            _("'{text}' cannot be read as a date, so the site cannot tell when the problem is overdue",
              text=issue.deadline.text),
            hint=_("write it like 2019年6月底前, or add 'deadline_date: YYYY-MM-DD'"))
    for change in issue.deadline_changes:
        if change.deadline.kind == TEXT:
            add("deadline-change-unread", _field_line(text, "deadline_changes"), "deadline_changes",
                _("the new deadline '{text}' cannot be read as a date", text=change.deadline.text),
                hint=_("write it as YYYY-MM-DD"))
    if issue.completed_on:
        body_start = text.find(issue.record) if issue.record else -1
        for written, day in mentioned_dates(past_part(issue.record)):
            if day > max(issue.completed_on, issue.updated_on or issue.completed_on):
                add("date-after-completion", _line_at(text, written, max(body_start, 0)), "record",
                    _("mentions {day}, after the completion date {completed}", day=written,
                      completed=issue.completed_on), hint=_("check the date, or the completion date"))
    warn += image_warnings(issue, text, shown)
    return warn


_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def image_warnings(issue: Issue, text: str, shown: str) -> list[Diagnostic]:
    """A record's image of a file that is not one of its photos: the page would show a broken image."""
    listed = {photo.written for photo in issue.photos}
    return [Diagnostic(shown, _line_at(text, target),
                       coded("image-not-in-photos", _("the record shows '{file}', which is not in photos", file=target)),
                       field="record", hint=_("add it to photos ('- path: {file}'), so it is published without "
                                              "its metadata", file=target),
                       warning=True)
            for target in _IMAGE.findall(issue.record) if target not in listed and ":" not in target]


def cleaning_warnings(path: Path) -> list[Diagnostic]:
    """What the build cleans from a content file's text (Word's invisible characters), line by line."""
    text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    return [Diagnostic(display_path(path), line,
                       coded("invisible-character", _("{name} x{count}: cleaned from the published text", name=name,
                                                      count=count)),
                       hint=_("the file itself is left as it is; delete the character to silence this"), warning=True)
            for line, name, count in find_invisible(text)]


def declared_warnings(issue: Issue) -> list[Diagnostic]:
    """Each value a problem declares public (public_data): a person must confirm it is."""
    text = issue.source_path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    return [Diagnostic(display_path(issue.source_path), _line_at(text, value) or _field_line(text, "public_data"),
                       coded("public-data", _("'{value}' is published on purpose, as public_data says", value=value)),
                       field="public_data",
                       hint=_("confirm it is public information (such as an office's public phone), not a person's"),
                       warning=True) for value in issue.public_data]


def _result(errors: list[Diagnostic], content: Content, rendered: bool = True) -> CheckResult:
    """The check's result: its errors, the warnings no problem accepts, and the accepted ones listed."""
    warnings, accepted = split_accepted(content, find_warnings(content))
    return CheckResult(errors, warnings, rendered, tuple(accepted))


def find_warnings(content: Content) -> list[Diagnostic]:
    warnings = [w for plan in content.plans for issue in plan.issues for w in issue_warnings(issue)]
    warnings += [w for plan in content.plans for issue in plan.issues for w in declared_warnings(issue)]
    paths = [path for plan in content.plans for path in (plan.source_path, *(i.source_path for i in plan.issues))]
    warnings += [w for path in paths + [page.source_path for page in content.pages] for w in cleaning_warnings(path)]
    return sorted(warnings, key=lambda p: (p.path, p.line or 0, p.field or "", p.message))


def check_site(config_path: Path, content_dir: Path, today: date, templates_dir: Path | None = None,
               static_dir: Path | None = None) -> CheckResult:
    """Validate everything a build would, render it all into a temporary folder, and collect warnings."""
    from .pipeline import build_site, load_site

    try:
        config, content = load_site(config_path, content_dir)
    except ContentError as error:
        return CheckResult(error.problems, [])
    built_in = Path(__file__).resolve().parent.parent / "templates"
    if templates_dir is None and not built_in.is_dir():
        # (Without rendering, the personal data of everything, published or not, as a preview finds it.)
        errors = public_problems(content, config, Publication(today, config.list_unfinished, preview=True))
        return _result(errors, content, rendered=False)
    with tempfile.TemporaryDirectory(prefix="disclosure-check-") as folder:
        try:
            build_site(config_path, content_dir, Path(folder) / "site", today, templates_dir=templates_dir,
                       static_dir=static_dir, preview=True)
        except ContentError as error:
            return _result(error.problems, content)
        except OutputError as error:
            return _result([Diagnostic("(output)", None, str(error))], content)
    return _result([], content)


def format_problem(problem: Diagnostic) -> str:
    """An error as the build prints it; a warning with 'warning:' after its place."""
    if not problem.warning:
        return str(problem)
    where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
    return _("{place}: warning: {message}", place=where, message=str(problem)[len(where) + 2:])


def render_text(result: CheckResult, strict: bool) -> str:
    lines = [format_problem(p) for p in result.errors + result.warnings] + list(result.accepted)
    if not result.rendered:
        lines.append(_("note: the templates are not installed here, so pages were not rendered; "
                       "run check from a checkout of the generator to include them"))
    counts = {"errors": len(result.errors), "warnings": len(result.warnings)}
    lines.append((_("check passed: {errors} error(s), {warnings} warning(s)", **counts) if result.is_ok(strict)
                  else _("check failed: {errors} error(s), {warnings} warning(s)", **counts))
                 + (_(" (--strict: warnings fail)") if strict and result.warnings else ""))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult, strict: bool) -> str:
    def item(problem: Diagnostic) -> dict:
        return {"path": problem.path, "line": problem.line, "field": problem.field, "message": problem.message,
                "code": code_of(problem.message),
                "hint": problem.hint, "severity": "warning" if problem.warning else "error"}

    report = {"ok": result.is_ok(strict), "strict": strict, "rendered": result.rendered, "errors": [item(p) for p in result.errors],
              "warnings": [item(p) for p in result.warnings], "accepted": list(result.accepted)}
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
