"""What an import prints: the summary table, missing fields, problems found and file changes."""
from __future__ import annotations

import dataclasses
import unicodedata

from ..errors import Problem, display_path
from .model import EXPECTED_FIELDS, PlanDoc
from .write import NOT_IN_DOCUMENT, FileChange

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
    lines = [f"{doc.source}: {len(doc.categories)} categories, {len(doc.problems)} problems"]
    for label, value in (("title", doc.title), ("office", doc.office), ("issued on", doc.issued_on),
                         ("document number", doc.document_number)):
        lines.append(f"  {label + ':':17}{value or '(not found)'}")
    lines += ["", f"  {'#':>2}  {fit_columns('category', TITLE_WIDTH)}  found  declared  check"]
    for category in doc.categories:
        found = sum(1 for problem in doc.problems if problem.category == category.number)
        declared = "-" if category.declared_count is None else str(category.declared_count)
        check = "-" if category.declared_count is None else ("ok" if found == category.declared_count
                                                             else "MISMATCH")
        lines.append(f"  {category.number:>2}  {fit_columns(category.title, TITLE_WIDTH)}  {found:>5}  {declared:>8}  {check}")
    declared_total = sum(category.declared_count or 0 for category in doc.categories)
    lines.append(f"      {fit_columns('total', TITLE_WIDTH)}  {len(doc.problems):>5}  {declared_total:>8}")
    missing = [(problem, problem.missing_fields()) for problem in doc.problems if problem.missing_fields()]
    lines += ["", "Missing fields:" if missing else "Missing fields: none"]
    for problem, names in missing:
        described = ", ".join(f"{EXPECTED_FIELDS[name]} ({name})" for name in names)
        lines.append(f"  problem {problem.number} (line {problem.line}): {described}")
    lines += ["", "Repaired scraping damage (lost 年/月):" if doc.repairs else "Repaired scraping damage: none"]
    lines += doc.repairs
    extras = [problem for problem in doc.problems if problem.extra]
    for problem in extras:
        lines.append(f"  problem {problem.number}: kept as extra: {', '.join(problem.extra)}")
    return lines


def format_problems(problems: list[Problem]) -> list[str]:
    """Errors as 'FILE:LINE: message', warnings as 'FILE:LINE: warning: message'."""
    return [str(dataclasses.replace(problem, message="warning: " + problem.message) if problem.warning
                else problem) for problem in problems]


def format_changes(changes: list[FileChange], dry_run: bool) -> list[str]:
    """One line per content file: new, updated (which fields), unchanged, or not in the document."""
    if not changes:
        return []
    folder = display_path(changes[0].path.parent)
    lines = ["", f"Changes in {folder}" + (" (dry run: nothing written):" if dry_run else ":")]
    for change in changes:
        what = change.kind
        if change.kind == "updated":
            what += ": " + ", ".join(change.fields)
        elif change.kind == NOT_IN_DOCUMENT:
            what = f"problem {change.number} is not in the document; the file was kept"
        lines.append(f"  {change.path.name:12} {what}")
    counts = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    lines.append("  " + ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())))
    return lines
