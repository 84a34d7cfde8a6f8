"""`status --format xlsx`: the status report as a workbook for the 调度 meeting, one sheet per table,
Chinese headers. Written with the site's own xlsx writer (outputs/xlsx.py, outputs/zipped.py): the
same bytes for the same content and --today."""
from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

from .outputs.xlsx import (_APP, _DECLARATION, _NS_MAIN, _NS_PKG_REL, _NS_REL, _PACKAGE_RELS, _STYLES,
                           _column_letter, _core_properties, _escape)
from .outputs.zipped import ZipWriter, deflated
from .status_groups import Section

_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")


def _content_types(sheets: int) -> str:
    parts = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, sheets + 1))
    return _DECLARATION + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'{parts}<Override PartName="/xl/styles.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')


def sheet_names(sections: list[Section]) -> list[str]:
    """Each section's sheet name as Excel allows it: at most 31 characters, none of []:*?/\\, unique."""
    names = []
    for section in sections:
        base = _SHEET_NAME_REFUSED.sub("_", section.name)[:28] or "sheet"
        name, number = base, 2
        while name.lower() in (n.lower() for n in names):
            name, number = f"{base}-{number}", number + 1
        names.append(name)
    return names


def _workbook(names: list[str]) -> tuple[str, str]:
    sheets = "".join(f'<sheet name="{_escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1))
    rels = "".join(f'<Relationship Id="rId{n}" Type="{_NS_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                   for n in range(1, len(names) + 1))
    return (_DECLARATION + f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>{sheets}</sheets></workbook>',
            _DECLARATION + f'<Relationships xmlns="{_NS_PKG_REL}">{rels}<Relationship Id="rId{len(names) + 1}" '
            f'Type="{_NS_REL}/styles" Target="styles.xml"/></Relationships>')


def _cell(column: int, row: int, text: str, style: str = "") -> str:
    if text.isdigit() and len(text) < 10:
        return f'<c r="{_column_letter(column)}{row}"{style}><v>{text}</v></c>'
    return (f'<c r="{_column_letter(column)}{row}"{style} t="inlineStr"><is><t xml:space="preserve">'
            f'{_escape(text)}</t></is></c>')


def _sheet(section: Section) -> str:
    rows = [section.columns, *section.rows]
    data = "".join(f'<row r="{r}">' + "".join(_cell(c, r, text, ' s="1"' if r == 1 else "")
                                             for c, text in enumerate(row, 1)) + "</row>"
                   for r, row in enumerate(rows, 1))
    widths = "".join(f'<col min="{c}" max="{c}" width="{40 if name in ("问题", "problem") else 14}" customWidth="1"/>'
                     for c, name in enumerate(section.columns, 1))
    return (_DECLARATION + f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><cols>{widths}</cols>'
            f'<sheetData>{data}</sheetData></worksheet>')


def write_status_xlsx(path: Path, sections: list[Section], today: date) -> None:
    """Write the workbook to `path` whole or not at all (a temporary file renamed into place)."""
    names = sheet_names(sections)
    workbook, workbook_rels = _workbook(names)
    parts = [("[Content_Types].xml", _content_types(len(sections))), ("_rels/.rels", _PACKAGE_RELS),
             ("docProps/app.xml", _APP), ("docProps/core.xml", _core_properties(today)),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbook_rels), ("xl/styles.xml", _STYLES)]
    parts += [(f"xl/worksheets/sheet{n}.xml", _sheet(section)) for n, section in enumerate(sections, 1)]
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=".status-", suffix=".xlsx", dir=folder)
    try:
        with os.fdopen(handle, "w+b") as out:
            archive = ZipWriter(out, today)
            for name, text in parts:
                archive.add(name, lambda text=text: [deflated(text.encode("utf-8"))])
            archive.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
