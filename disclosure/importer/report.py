"""What an import prints: the summary table, missing fields, problems found and file changes."""
from __future__ import annotations

import dataclasses
import unicodedata

from ..errors import Diagnostic, display_path
from .model import EXPECTED_FIELDS, PlanDoc
from .files import NOT_IN_DOCUMENT, FileChange
from ..i18n import _, language
from ..labels import field_name

TITLE_WIDTH = 44


def measure_width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def fit_columns(text: str, columns: int) -> str:
    """The text cut (with '…') or padded to exactly `columns` terminal columns."""
    if measure_width(text) > columns:
        while measure_width(text) > columns - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (columns - measure_width(text))


def format_summary(doc: PlanDoc) -> list[str]:
    """The table of categories with found and declared counts, then the fields each problem lacks."""
    lines = [_("{source}: {categories} categories, {problems} problems", source=doc.source,
               categories=len(doc.categories), problems=len(doc.problems))]
    for label, value in ((_("title"), doc.title), (_("office"), doc.office), (_("issued on"), doc.issued_on),
                         (_("document number"), doc.document_number)):
        lines.append(f"  {fit_columns(label + ':', 17)}" + (value or _("(not found)")))
    found_, declared_, check_ = _("found"), _("declared"), _("check")
    lines += ["", f"  {'#':>2}  {fit_columns(_('category'), TITLE_WIDTH)}  {found_}  {declared_}  {check_}"]
    for category in doc.categories:
        found = sum(1 for problem in doc.problems if problem.category == category.number)
        declared = "-" if category.declared_count is None else str(category.declared_count)
        check = "-" if category.declared_count is None else (_("ok") if found == category.declared_count
                                                             else _("MISMATCH"))
        lines.append(f"  {category.number:>2}  {fit_columns(category.title, TITLE_WIDTH)}  "
                     f"{found:>{measure_width(found_)}}  {declared:>{measure_width(declared_)}}  {check}")
    declared_total = sum(category.declared_count or 0 for category in doc.categories)
    lines.append(f"      {fit_columns(_('total'), TITLE_WIDTH)}  {len(doc.problems):>{measure_width(found_)}}  "
                 f"{declared_total:>{measure_width(declared_)}}")
    missing = [(problem, problem.missing_fields()) for problem in doc.problems if problem.missing_fields()]
    lines += ["", _("Missing fields:") if missing else _("Missing fields: none")]
    for problem, names in missing:
        described = ", ".join(field_name(name) if language() == "zh" else f"{EXPECTED_FIELDS[name]} ({name})"
                              for name in names)
        lines.append(_("  problem {number} (line {line}): {fields}", number=problem.number, line=problem.line,
                       fields=described))
    lines += ["", _("Repaired scraping damage (lost year/month):") if doc.repairs else _("Repaired scraping damage: none")]
    lines += doc.repairs
    extras = [problem for problem in doc.problems if problem.extra]
    for problem in extras:
        lines.append(_("  problem {number}: kept as extra: {labels}", number=problem.number,
                       labels=", ".join(problem.extra)))
    return lines


def format_problems(problems: list[Diagnostic]) -> list[str]:
    """Errors as 'FILE:LINE: message', warnings as 'FILE:LINE: warning: message'."""
    return [str(dataclasses.replace(problem, message=_("warning: {message}", message=problem.message))
                if problem.warning else problem) for problem in problems]


def format_changes(changes: list[FileChange], dry_run: bool) -> list[str]:
    """One line per content file: new, updated (which fields), unchanged, or not in the document."""
    if not changes:
        return []
    folder = display_path(changes[0].path.parent)
    lines = ["", _("Changes in {folder} (dry run: nothing written):", folder=folder) if dry_run
             else _("Changes in {folder}:", folder=folder)]
    for change in changes:
        what = _(change.kind)
        if change.kind == "updated":
            what += ": " + ", ".join(field_name(name) for name in change.fields)
        elif change.kind == NOT_IN_DOCUMENT:
            what = _("problem {number} is not in the document; the file was kept", number=change.number)
        lines.append(f"  {change.path.name:12} {what}")
    counts = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    lines.append("  " + ", ".join(_("{count} {kind}", count=count, kind=_(kind)) for kind, count in sorted(counts.items())))
    return lines
