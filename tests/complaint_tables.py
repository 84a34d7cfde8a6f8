"""Complaint tables written as offices write them, for the import tests and the benchmark:
.xlsx (openpyxl), .docx (python-docx), .html and .csv, in several header variants."""
from __future__ import annotations

import datetime
from pathlib import Path

TITLE = "群众信访举报转办和边督边改公开情况一览表（第二十七批）"
# 2021 style: a title row, a two-row header with 调查处理情况 merged over three columns.
HEADER_TOP = ["序号", "受理编号", "交办时间", "行政区域", "污染类型", "交办问题基本情况", "调查处理情况", None, None,
              "责任人被处理情况", "办理状态"]
HEADER_LOW = [None, None, None, None, None, None, "调查核实情况", "是否属实", "处理和整改情况", None, None]
# Another city's labels, one header row, and a column no field has.
VARIANT = ["编号序号", "信访编号", "转办时间", "所属区域", "举报类型", "举报内容", "核查情况", "属实情况", "整改情况",
           "问责情况", "办结情况", "备注"]


def rows(count: int, start: int = 1) -> list[list]:
    """count item rows (序号 … 办理状态) with dates as Excel serial numbers, dates and text."""
    regions, types = ("雁峰区", "珠晖区", "蒸湘区", "衡南县"), ("大气", "水", "噪声", "土壤", "生态")
    states = ("已办结", "阶段性办结", "未办结")
    found = []
    for n in range(start, start + count):
        when = [44336 + n % 20, datetime.date(2021, 5, 1 + n % 28), f"2021年5月{1 + n % 28}日"][n % 3]
        found.append([n, f"D2HN2021050{n:05d}", when, regions[n % 4], types[n % 5], f"反映第{n}号问题，某企业废气扰民。",
                      f"经核查，第{n}号问题情况属实。", "属实" if n % 2 else "不属实", f"已责令第{n}号整改。",
                      "无" if n % 3 else "约谈1人", states[n % 3]])
    return found


def write_xlsx(path: Path, items: list[list], merge_region: bool = False) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "第27批"
    sheet.append([TITLE])
    sheet.merge_cells("A1:K1")
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_LOW)
    for column in "ABCDEFJK":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("G2:I2")
    for row in items:
        sheet.append(row)
    if merge_region and len(items) >= 2:  # the first two items' 行政区域 in one merged cell
        sheet.cell(5, 4).value = None
        sheet.merge_cells("D4:D5")
    book.save(path)
    return path


def write_docx(path: Path, items: list[list], header: list[str] = VARIANT) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=1, cols=len(header))
    for cell, label in zip(table.rows[0].cells, header):
        cell.text = label
    for row in items:
        cells = table.add_row().cells
        for cell, value in zip(cells, [*row, "备注"][:len(header)]):
            cell.text = _text(value)
    document.save(path)
    return path


def write_html(path: Path, items: list[list], encoding: str = "utf-8") -> Path:
    """A saved web page: a title, the 2021 header as th with rowspan/colspan, the first region spanning two rows."""
    top = "".join(f'<th rowspan="2">{label}</th>' if label not in ("调查处理情况",) else
                  '<th colspan="3">调查处理情况</th>' for label in HEADER_TOP if label)
    low = "".join(f"<th>{label}</th>" for label in HEADER_LOW if label)
    body = []
    for index, row in enumerate(items):
        cells = [_text(value) for value in row]
        if index == 0 and len(items) > 1:
            cells[3] = f'<td rowspan="2">{cells[3]}</td>'
        elif index == 1:
            cells[3] = None
        body.append("<tr>" + "".join(c if c and c.startswith("<td") else f"<td>{c}</td>"
                                     for c in cells if c is not None) + "</tr>")
    page = (f'<html><head><meta charset="{encoding}"><title>{TITLE}</title></head><body><h1>{TITLE}</h1>'
            f'<table><tr>{top}</tr><tr>{low}</tr>{"".join(body)}</table></body></html>')
    path.write_bytes(page.encode(encoding))
    return path


def write_csv(path: Path, lines: list[list], encoding: str = "utf-8") -> Path:
    import csv
    import io

    text = io.StringIO()
    csv.writer(text).writerows([[_text(value) for value in line] for line in lines])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
