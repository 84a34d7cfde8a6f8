"""`import FILE --plan SLUG --notice [--problem N] [--force]`: a notice's parts into its problem's file.

The matched problem's file gets its record (整改完成情况), status done, completion and publication
dates, 公示期, 验收 and 异议受理; every other line stays as it was. What an editor already wrote (a
record, a date, a window) is never replaced without --force.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..model import STATUS_BY_WORD
from ..errors import ContentError, display_path
from ..frontmatter import ReadError
from .merge import convert_as_read, merge_fields, split_lines
from .notice import NOTICE_LABELS, NoticeDoc, find_dates, read_notice, read_units, read_window
from .notice_match import match_problem
from .read import read_source
from .files import load_existing, write_atomically
from ..i18n import _
from ..labels import field_name

OWNED = ("status", "completed_on", "published_on", "notice_window", "acceptance", "objection")


def run_notice_import(source_path: Path, plan_slug: str, content_dir: Path, number: int | None, force: bool,
                      dry_run: bool, out=sys.stdout) -> int:
    """Fill one problem's file from its notice; print what was matched, recognised and changed."""
    shown = display_path(source_path)
    try:
        doc = read_notice(read_source(Path(source_path), shown))
        existing = load_existing(Path(content_dir) / "plans" / plan_slug)
    except ReadError as error:
        return _fail(out, [str(error.problem)])
    except ContentError as error:
        return _fail(out, [str(problem) for problem in error.problems])
    if not existing:
        return _fail(out, [_("content/plans/{slug}: the plan has no problem files", slug=plan_slug),
                           _("import the plan first: python build.py import PLAN_FILE --plan {slug}", slug=plan_slug)])
    values, body = notice_values(doc)
    print(_("notice: {title}", title=doc.title or shown), file=out)
    print("\n".join(recognition_report(doc)), file=out)
    match = match_problem(doc, {n: str(e.meta.get("problem", "")) for n, e in existing.items()}, number)
    print(_("matched: {how}", how=match.how), file=out)
    if match.number is None:
        return _fail(out, [_("give the problem's number with --problem N")])
    if not body:
        return _fail(out, [_("the notice has no 整改完成情况 (the record): nothing to fill in")])
    target = existing[match.number]
    return _apply(target, values, body, force, dry_run, out)


def notice_values(doc: NoticeDoc) -> tuple[dict, str]:
    """The front-matter keys the notice fills, and the record."""
    window = read_window(doc)
    completed, accepted = find_dates(doc.text("completed_on")), find_dates(doc.text("accepted_on"))
    start = window.get("start")
    values = {"status": "done"}
    if completed or accepted or start:
        # (Without a 完成时间, the work was done by its acceptance, or at the latest when the notice opened.)
        values["completed_on"] = (completed or accepted or [None])[0].isoformat() if completed or accepted else start
        if not completed:
            doc.notes.append(_("completed_on: the notice gives no 完成时间; {day} (验收时间) is used: correct it if "
                               "you know the date", day=values["completed_on"]) if accepted else
                             _("completed_on: the notice gives no 完成时间; {day} (the notice's start) is used: "
                               "correct it if you know the date", day=values["completed_on"]))
    if start:
        values["published_on"] = start
        values["notice_window"] = window
    acceptance = {"units": read_units(doc)} if read_units(doc) else {}
    if accepted:
        acceptance["date"] = accepted[0].isoformat()
    if doc.text("result"):
        acceptance["result"] = doc.text("result")
    if acceptance:
        values["acceptance"] = acceptance
    objection = {key: doc.text(key) for key in ("phone", "email", "address", "contact") if doc.text(key)}
    if objection:
        values["objection"] = objection
    return values, doc.text("record")


def recognition_report(doc: NoticeDoc) -> list[str]:
    """What the notice's labels gave, and what no label claimed."""
    parts = [_("{label} (line {lines})", label=part.label,
               lines=f"{part.first}{'' if part.last == part.first else f'–{part.last}'}")
             for part in sorted(doc.parts.values(), key=lambda part: part.first)]
    lines = [_("recognised: {parts}", parts="、".join(parts)) if parts else
             _("recognised: nothing: no label such as {labels}",
               labels="、".join(labels[0] for labels in NOTICE_LABELS.values()))]
    lines += [_("not recognised: line {number}: {text}", number=line.number, text=line.text[:60]) for line in doc.unknown]
    if doc.signature:
        lines.append(_("signature (not used): {text}", text=" / ".join(line.text for line in doc.signature)))
    return lines + [_("note: {note}", note=note) for note in doc.notes]


def _apply(target, values: dict, body: str, force: bool, dry_run: bool, out) -> int:
    shown = display_path(target.path)
    if STATUS_BY_WORD.get(str(target.meta.get("status", "")).lower()) == "closed":
        values.pop("status")  # (a closed problem stays closed)
    lines = split_lines(target.text)
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    old_body = "".join(lines[end + 1:])
    conflicts = [key for key in values if key != "status" and key in target.meta
                 and target.meta[key] not in ("", None) and target.meta[key] != convert_as_read(values[key])]
    if old_body.strip() and old_body.strip() != body.strip():
        conflicts.append("record")
    if conflicts and not force:
        return _fail(out, [_("{path}: already has {fields} written by an editor", path=shown,
                             fields=", ".join(field_name(key) for key in conflicts)),
                           _("nothing is replaced without --force (compare them first)")])
    header, changed = merge_fields(lines[1:end], target.meta, {k: v - 1 for k, v in target.key_lines.items()},
                                   values, tuple(values), target.names)
    text = "".join(lines[:1] + header + lines[end:end + 1]) + "\n" + body.strip() + "\n"
    changed += ["record"] if old_body.strip() != body.strip() else []
    fields = ", ".join(field_name(key) for key in changed) or _("nothing (already as the notice says)")
    print(_("would update {path}: {fields}", path=shown, fields=fields) if dry_run
          else _("updated {path}: {fields}", path=shown, fields=fields), file=out)
    if changed and not dry_run:
        write_atomically(target.path, ("\ufeff" if target.has_bom else "") + text)
    return 0


def _fail(out, lines: list[str]) -> int:
    print("\n".join(lines + [_("Import failed: nothing was written.")]), file=out)
    return 1
