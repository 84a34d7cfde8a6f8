"""A complaint batch's table as the office has it -> grids of cells, merged cells filled in.

.xlsx/.xlsm/.xls/.et/.ods (Excel, WPS) through python-calamine; .docx tables through python-docx;
the tables of a saved web page (.html) through BeautifulSoup; .csv in UTF-8 or GBK. A merged cell
(a header spanning columns, a region spanning rows) gives its value to every cell it covers, so each
row reads whole. Each grid keeps the row numbers of its source (Excel's, the table's), for messages.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic
from ..frontmatter import ReadError
from ..i18n import _
from .encoding import decode_bytes
from .read_docx import check_archive, is_zip
from .read_html import decode_html

SHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
FORMATS = (*SHEETS, ".docx", ".html", ".htm", ".csv")
MAX_BYTES = 100 * 1024 * 1024


@dataclass
class Grid:
    """One table: its rows of cells (text, numbers, dates or None) and each row's number in the source."""

    name: str  # the sheet's name, or 'table N'
    rows: list[list] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    caption: str = ""  # the title the document gives the table outside it (a page's heading), if any


def read_grids(path: Path, shown: str) -> list[Grid]:
    """Every table of the file, in order; ReadError when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ReadError(Diagnostic(shown, None, _("cannot import a '{suffix}' file", suffix=suffix),
                                   hint=_("save the table as .xlsx, .docx, .html or .csv")))
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReadError(Diagnostic(shown, None, _("the file is too large (over 100 MB)")))
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(Diagnostic(shown, None, _("cannot be read: {error}", error=error.strerror or error))) from None
    if suffix in SHEETS:
        return _sheet_grids(data, shown)
    if suffix == ".docx":
        return _docx_grids(data, shown)
    if suffix == ".csv":
        text = decode_bytes(data, shown).lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        return [Grid("csv", rows, list(range(1, len(rows) + 1)))]
    return _html_grids(decode_html(data, shown))


def _sheet_grids(data: bytes, shown: str) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = []
        for index, name in enumerate(book.sheet_names):
            sheet = book.get_sheet_by_index(index)
            top, left = sheet.start or (0, 0)
            rows = [[None] * left + list(row) for row in sheet.to_python()]
            rows = [[]] * top + rows
            _fill_merged(rows, sheet.merged_cell_ranges or [])
            grids.append(Grid(name, rows, list(range(1, len(rows) + 1))))
        return grids
    except Exception as error:  # a damaged workbook, in any way: one clear line
        raise ReadError(Diagnostic(shown, None, _("the workbook cannot be read ({error})", error=error),
                                   hint=_("open it in Excel or WPS and save it again as .xlsx"))) from None


def _fill_merged(rows: list[list], ranges) -> None:
    """Give each merged range's first value to every cell it covers."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows):
            continue
        first = rows[top][left] if left < len(rows[top]) else None
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r] = list(rows[r])
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = first


def _docx_grids(data: bytes, shown: str) -> list[Grid]:
    import docx

    if not is_zip(data):
        raise ReadError(Diagnostic(shown, None, _("this is not a .docx file (perhaps an old .doc renamed)"),
                                   hint=_("open it in Word or WPS and save it as .docx")))
    check_archive(data, shown)
    try:
        document = docx.Document(io.BytesIO(data))
        grids = []
        caption = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
        for number, table in enumerate(document.tables, start=1):
            # (python-docx gives a merged cell's text to every grid cell it spans.)
            rows = [[cell.text for cell in row.cells] for row in table.rows]
            grids.append(Grid(f"table {number}", rows, list(range(1, len(rows) + 1)), caption))
        return grids
    except Exception as error:
        raise ReadError(Diagnostic(shown, None, _("the .docx cannot be read ({error})", error=error),
                                   hint=_("open it in Word or WPS and save it again as .docx"))) from None


def _html_grids(text: str) -> list[Grid]:
    """Each <table> of the page, rowspan and colspan spread over the cells they cover."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    grids = []
    for number, table in enumerate(soup.find_all("table"), start=1):
        rows: list[list] = []
        pending: dict[tuple[int, int], str] = {}  # (row, column) -> text a rowspan carries down
        for r, tr in enumerate(tr for tr in table.find_all("tr") if tr.find_parent("table") is table):
            row, c = [], 0
            for cell in tr.find_all(["td", "th"], recursive=False):
                while (r, c) in pending:
                    row.append(pending.pop((r, c)))
                    c += 1
                value = cell.get_text("\n", strip=True)
                for dc in range(_span(cell, "colspan")):
                    row.append(value)
                    for dr in range(1, _span(cell, "rowspan")):
                        pending[r + dr, c + dc] = value
                c += _span(cell, "colspan")
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            rows.append(row)
        grids.append(Grid(f"table {number}", rows, list(range(1, len(rows) + 1)), _caption(table, soup)))
    return grids


def _caption(table, soup) -> str:
    """A table's <caption>, else the heading before it, else the page's <title>."""
    for found in (table.find("caption"), table.find_previous(["h1", "h2", "h3"]), soup.find("title")):
        if found is not None and found.get_text(strip=True):
            return found.get_text(" ", strip=True)
    return ""


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, 1)), 1000))
    except (TypeError, ValueError):
        return 1
