"""data/issues.xlsx: the same rows as issues.json / issues.csv, as an Excel workbook.

An .xlsx file is a zip archive; openpyxl stamps it with the wall-clock time (in docProps/core.xml,
which it sets while saving, and in every zip entry). Both are replaced by the build date here, so
the same input gives the same bytes.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
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


def _workbook(rows: list[dict], built_on: date) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "issues"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        values = [_cell(row.get(key)) for key in COLUMNS]
        sheet.append(values)
        # By position: sheet.max_row and sheet[n] scan every cell, which made this loop quadratic.
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                sheet.cell(row=number, column=column).data_type = "s"  # text, never a formula Excel would run
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, key in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(key, 12)
        if key in _WIDTHS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = wrap
    sheet.freeze_panes = "A2"
    stamp = datetime(built_on.year, built_on.month, built_on.day)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "disclosure"
    return book


def _repack(data: bytes, built_on: date, replace: dict[str, bytes]) -> bytes:
    """Re-pack the archive in the same order, every entry dated the build date, some replaced."""
    stamp = (built_on.year, built_on.month, built_on.day, 0, 0, 0)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, replace.get(info.filename) or source.read(info.filename))
    return output.getvalue()


def render_xlsx(rows: list[dict], built_on: date) -> bytes:
    """The rows as a one-sheet workbook whose bytes depend only on the rows and the build date."""
    book = _workbook(rows, built_on)
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.modified = book.properties.created  # saving set it to the clock
    return _repack(buffer.getvalue(), built_on, {"docProps/core.xml": tostring(book.properties.to_tree())})
