"""data/issues.xlsx: the same rows as issues.json / issues.csv, as an Excel workbook.

An .xlsx file is a zip archive of a few XML parts (SpreadsheetML). They are written here directly:
the fixed parts as constants, the sheet row by row into the zip entry, so memory stays small
whatever the number of rows (the sheet of a large site is hundreds of megabytes). Every zip entry and
docProps/core.xml carry the build date, never the clock: the same rows give the same bytes.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Collection
from datetime import date

from .data import COLUMNS, keyed_rows
from .xlsx_cells import TITLES, for_people
from .zipped import ZipWriter, deflated

SHEET_NAME = "整改问题"
_WIDTHS = {"problem": 50, "goal": 40, "measures": 50, "record": 60, "responsible": 24, "supervising": 24,
           "deadline": 18, "url": 40,
           # (data/complaints.xlsx)
           "summary": 50, "investigation": 50, "handling": 50, "accountability": 30}
_DEFAULT_WIDTH = 12
_BLOCK_ROWS = 256  # rows deflated together, and reused together (about 1.4 MB of XML)

# Style ids: the index of the <xf> in styles.xml's cellXfs.
_STYLE_HEADER = ' s="1"'  # bold
_STYLE_WRAPPED = ' s="2"'  # wrapped text, top-aligned: the wide text columns

# Characters XML 1.0 does not allow at all (Excel refuses the file), and those that must be escaped.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = _DECLARATION + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '</Types>')

_PACKAGE_RELS = _DECLARATION + (
    f'<Relationships xmlns="{_NS_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')

_APP = _DECLARATION + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    '<Application>disclosure</Application></Properties>')

_WORKBOOK = _DECLARATION + (
    f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
    '<bookViews><workbookView activeTab="0"/></bookViews>'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>'
    '</workbook>')

_WORKBOOK_RELS = _DECLARATION + (
    f'<Relationships xmlns="{_NS_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS_REL}/styles" Target="styles.xml"/>'
    '</Relationships>')

# Excel expects the first two fills to be these; cellXfs are the style ids above (0 plain, 1 bold, 2 wrapped).
_STYLES = _DECLARATION + (
    f'<styleSheet xmlns="{_NS_MAIN}">'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '</fonts>'
    '<fills count="2">'
    '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def write_xlsx(out, rows: Collection[dict], built_on: date, previous=None, columns: list[str] = COLUMNS,
               sheet: str = SHEET_NAME) -> dict:
    """Write the rows as a one-sheet workbook to `out` (a seekable binary file); the bytes depend only
    on the rows and the build date.

    previous: a rebuild's previous copy (incremental/rows.py): blocks of rows that are the same as
    then are copied from it still deflated. Returns this copy's index of its blocks. columns and sheet:
    another table's keys and sheet name (data/complaints.xlsx)."""
    archive = ZipWriter(out, built_on)
    for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _PACKAGE_RELS),
                       ("docProps/app.xml", _APP), ("docProps/core.xml", _core_properties(built_on)),
                       ("xl/workbook.xml", _WORKBOOK.replace("{sheet}", sheet)), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                       ("xl/styles.xml", _STYLES)):
        archive.add(name, lambda: [deflated(text.encode("utf-8"))])
    index = archive.add("xl/worksheets/sheet1.xml", lambda: _sheet_pieces(rows, previous, columns))
    archive.close()
    return index


def _sheet_pieces(rows: Collection[dict], previous, columns: list[str] = COLUMNS):
    """xl/worksheets/sheet1.xml as deflated pieces (see zipped.py): the header row, then blocks of
    rows, each made as the writer reaches it so the whole sheet is never in memory.

    A block is known by the keys of its rows (which hold the rows' numbers); a block the previous
    copy has is copied from it as it is, neither made nor deflated again."""
    formats = _COLUMN_FORMATS if columns is COLUMNS else _formats(columns)
    last_cell = f"{_column_letter(len(columns))}{len(rows) + 1}"
    widths = "".join(f'<col min="{index}" max="{index}" width="{_WIDTHS.get(key, _DEFAULT_WIDTH)}" customWidth="1"/>'
                     for index, key in enumerate(columns, start=1))
    header = "".join(f'<c r="{_column_letter(index)}1"{_STYLE_HEADER} t="inlineStr"><is><t>{_escape(TITLES[key] if columns is COLUMNS else key)}</t></is></c>'
                     for index, key in enumerate(columns, start=1))
    yield deflated((_DECLARATION
                    + f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
                    f'<dimension ref="A1:{last_cell}"/>'
                    '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
                    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                    '</sheetView></sheetViews>'
                    '<sheetFormatPr defaultRowHeight="15"/>'
                    f'<cols>{widths}</cols>'
                    f'<sheetData><row r="1">{header}</row>').encode("utf-8"))
    numbered = enumerate(keyed_rows(rows), start=2)
    while block := list(itertools.islice(numbered, _BLOCK_ROWS)):
        keys = [key for _, (key, _) in block]
        key = hashlib.sha256(block[0][0].to_bytes(8, "big") + b"".join(keys)).digest() if all(keys) else None
        found = previous.block(key) if previous is not None else None
        if found is not None:
            yield found
            continue
        yield deflated("".join(_row_xml(number, make(), formats) for number, (_, make) in block).encode("utf-8"), key)
    yield deflated(b"</sheetData></worksheet>")


def _row_xml(number: int, row: dict, formats=None) -> str:
    """One <row>: a cell per value that is not None (an absent cell is an empty one); a problem's
    row in words (xlsx_cells)."""
    row = for_people(row) if formats in (None, _COLUMN_FORMATS) else row
    cells = []
    for key, letter, style in formats or _COLUMN_FORMATS:
        value = row.get(key)
        if value is None:
            continue
        if value.__class__ is str:
            text = value
        elif isinstance(value, bool):  # before int: a bool is an int
            text = "true" if value else "false"
        elif isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
            cells.append(f'<c r="{letter}{number}"{style}><v>{value!r}</v></c>')
            continue
        elif isinstance(value, list):  # the measures: one per line
            text = "\n".join(value)
        else:
            text = str(value)
        cells.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is><t xml:space="preserve">'
                     f'{_escape(text)}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _escape(text: str) -> str:
    """Text as XML character data: &, <, > escaped, a carriage return kept as a reference (a parser
    would turn a literal one into a newline), characters XML 1.0 forbids dropped."""
    if _SPECIAL.search(text) is None:  # the common case: nothing to do
        return text
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _column_letter(index: int) -> str:
    """1 -> 'A', 26 -> 'Z', 27 -> 'AA'."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _formats(columns: list[str]) -> list[tuple[str, str, str]]:
    """Per column: its key, its letter and the style attribute of its cells (wide text columns wrap)."""
    return [(key, _column_letter(index), _STYLE_WRAPPED if key in _WIDTHS else "")
            for index, key in enumerate(columns, start=1)]


_COLUMN_FORMATS = _formats(COLUMNS)


def _core_properties(built_on: date) -> str:
    stamp = f"{built_on.isoformat()}T00:00:00Z"
    return _DECLARATION + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>disclosure</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        '</cp:coreProperties>')
