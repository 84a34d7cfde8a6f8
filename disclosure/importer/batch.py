"""Import a complaint batch's table: `build.py import FILE --batch SLUG [--title …]`.

read (file -> grids) -> table (header, rows -> items) -> merge (with items.yaml, masking personal
data) -> write. Nothing is written when anything is wrong; the report lists what was added,
updated, kept and masked.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..complaints.fields import labelled
from ..complaints.reading import BATCH_FILE, COMPLAINTS, ITEMS_FILE
from ..config import load_config
from ..errors import ContentError, Diagnostic, display_path
from ..frontmatter import ReadError
from ..i18n import _
from ..names import is_slug, slug_hint
from ..privacy import ALWAYS_PUBLIC, allowed_digests, site_allowances
from .batch_files import BatchChanges, plan_batch
from .batch_read import read_grids
from .batch_table import read_table
from .files import write_atomically
from .report import format_problems

_SHOWN_KEYS = 20  # keys listed per kind of change; the rest counted


def run_batch_import(source_path: Path, slug: str, content_dir: Path, title: str | None, dry_run: bool,
                     config_path: Path | None = None, out=sys.stdout) -> int:
    """Import the table into CONTENT/complaints/SLUG/; print the report to out; 0 if done, 1 if not."""
    source_path, content_dir = Path(source_path), Path(content_dir)
    if not is_slug(slug):
        return _failed([Diagnostic("--batch", None, _("'{name}' is not a batch name", name=slug), hint=slug_hint())], out)
    problems: list[Diagnostic] = []
    try:
        table = read_table(read_grids(source_path, display_path(source_path)), display_path(source_path), problems)
    except ReadError as error:
        return _failed([error.problem], out)
    if table is not None:
        print(_("Read {count} items from {table} of {file} (known by {key}).", count=len(table.items), table=table.grid,
                file=display_path(source_path), key=labelled(table.keyed_by)), file=out)
        if table.unknown:
            print(_("Columns not imported (no field has these labels): {labels}", labels="、".join(table.unknown)),
                  file=out)
        if table.missing:
            print(_("Fields the table has no column for: {fields}",
                    fields="、".join(labelled(key) for key in table.missing)), file=out)
    if problems or table is None:
        return _failed(problems, out)
    try:
        changes = plan_batch(table, content_dir / COMPLAINTS / slug, title, _allowances(config_path))
    except ValueError as error:
        return _failed([error.args[0]], out)
    if changes.untitled:
        return _failed([Diagnostic(display_path(source_path), None, _("the table has no title"),
                                   hint=_("give the batch's title with --title"))], out)
    print("\n".join(format_batch_changes(changes, dry_run)), file=out)
    if not dry_run:
        if changes.batch_text is not None:
            write_atomically(changes.folder / BATCH_FILE, changes.batch_text)
        write_atomically(changes.folder / ITEMS_FILE, changes.items_text)
    return 0


def _allowances(config_path: Path | None) -> frozenset[bytes]:
    """What the site publishes on purpose (never masked): its settings', else 12345 and 12369 only."""
    try:
        return site_allowances(load_config(config_path)) if config_path else allowed_digests(ALWAYS_PUBLIC)
    except ContentError:
        return allowed_digests(ALWAYS_PUBLIC)


def format_batch_changes(changes: BatchChanges, dry_run: bool) -> list[str]:
    """The report: what the import adds, updates, keeps and masks."""
    def keys(found: list[str]) -> str:
        more = len(found) - _SHOWN_KEYS
        return "、".join(found[:_SHOWN_KEYS]) + (_(" and {count} more", count=more) if more > 0 else "")

    lines = [_("Would write {folder}:", folder=display_path(changes.folder)) if dry_run
             else _("Wrote {folder}:", folder=display_path(changes.folder)),
             _("  added {count} items", count=len(changes.added)) + (f": {keys(changes.added)}" if changes.added else ""),
             _("  updated {count} items", count=len(changes.updated)),
             _("  unchanged {count} items", count=changes.unchanged)]
    for key, fields in changes.updated[:_SHOWN_KEYS]:
        lines.append(f"    {key}: " + "、".join(labelled(field) for field in fields))
    if changes.removed:
        lines.append(_("  no longer in the table, kept (delete them by hand if they should go): {keys}",
                       keys=keys(changes.removed)))
    if changes.masked:
        lines.append(_("  masked {count} pieces of personal data:", count=len(changes.masked)))
        lines += [_("    row {row} ({key}) {field}: {kind} {masked}", row=m.row, key=m.key, field=labelled(m.field),
                    kind=_(m.kind), masked=m.masked) for m in changes.masked]
    return lines


def _failed(problems: list[Diagnostic], out) -> int:
    if problems:
        print("\n".join(format_problems(problems)), file=out)
    print(_("Import failed: nothing was written to the batch."), file=out)
    return 1
