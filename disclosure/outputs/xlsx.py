"""data/issues.xlsx: the same rows as issues.json / issues.csv, as an Excel workbook.

An .xlsx file is a zip archive; openpyxl stamps it with the wall-clock time (in docProps/core.xml,
which it sets while saving, and in every zip entry). Both are replaced by the build date here, so
the same input gives the same bytes.
"""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from copy import copy
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import tostring

from .data import COLUMNS

_WIDTHS = {"problem": 50, "goal": 40, "measures": 50, "record": 60, "responsible": 24, "supervising": 24,
           "deadline": 18, "url": 40}


def _cell(value):
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _text_cell(sheet, value, style):
    """A cell for the write-only sheet: a plain value where no style or formula guard is needed.

    style is None or a cell already carrying the style, whose style ids are copied (registering a
    style on each cell would look it up in the workbook's style lists every time)."""
    is_formula_like = isinstance(value, str) and value.startswith("=")
    if style is None and not is_formula_like:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if style is not None:
        cell._style = copy(style._style)
    if is_formula_like:
        cell.data_type = "s"  # text, never a formula Excel would run
    return cell


def _workbook(rows: list[dict], built_on: date) -> Workbook:
    # Write-only mode streams rows instead of keeping a cell object per value: fast and small.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("issues")
    for index, key in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(key, 12)
    sheet.freeze_panes = "A2"
    bold = WriteOnlyCell(sheet)
    bold.font = Font(bold=True)
    wrap = WriteOnlyCell(sheet)
    wrap.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([_text_cell(sheet, key, bold) for key in COLUMNS])
    styles = [wrap if key in _WIDTHS else None for key in COLUMNS]
    for row in rows:
        sheet.append([_text_cell(sheet, _cell(row.get(key)), style) for key, style in zip(COLUMNS, styles)])
    stamp = datetime(built_on.year, built_on.month, built_on.day)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "disclosure"
    return book


def _repack(archive, built_on: date, replace: dict[str, bytes]) -> bytes:
    """Re-pack the archive (a binary file) in the same order, every entry dated the build date, some
    replaced. Entries are copied in pieces: the sheet of a large site is hundreds of megabytes."""
    stamp = (built_on.year, built_on.month, built_on.day, 0, 0, 0)
    output = io.BytesIO()
    with zipfile.ZipFile(archive) as source, \
            zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if replace.get(info.filename):
                target.writestr(entry, replace[info.filename])
                continue
            entry.file_size = info.file_size  # as writestr would set it (it decides on zip64)
            with source.open(info) as piece_source, target.open(entry, "w") as piece_target:
                shutil.copyfileobj(piece_source, piece_target, 1 << 20)
    return output.getvalue()


def write_xlsx(out, rows: list[dict], built_on: date) -> None:
    out.write(render_xlsx(rows, built_on))


def render_xlsx(rows: list[dict], built_on: date) -> bytes:
    """The rows as a one-sheet workbook whose bytes depend only on the rows and the build date."""
    book = _workbook(rows, built_on)
    # As Workbook.save, but stored uncompressed (_repack compresses every entry anyway), and in a
    # temporary file rather than in memory: the sheet of a large site is hundreds of megabytes.
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            ExcelWriter(book, archive).save()
        book.properties.modified = book.properties.created  # saving set it to the clock
        return _repack(buffer, built_on, {"docProps/core.xml": tostring(book.properties.to_tree())})
