"""A complaint table's rows -> the items' official fields, each mistake with its row.

Rows under the header are items; a row with one value across it (来电, 来信) groups the items below
it; a repeated header (a Word table crossing pages) and empty rows are skipped. A table with a
受理编号 column knows its items by it, and a row without one is an error; a table without that
column knows them by 序号.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..complaints.fields import labelled
from ..complaints.model import DONE, INTERIM, OPEN, VERIFIED
from ..errors import Diagnostic
from ..i18n import _
from ..textclean import clean_text
from .batch_header import Header, field_of, find_header
from .batch_read import Grid
from .numerals import parse_chinese_numeral

_EXCEL_EPOCH = date(1899, 12, 30)
_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s.*|$)")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_BATCH_NUMBER = re.compile(r"第\s*([0-9]+|[零〇一二三四五六七八九十百两]+)\s*批")


@dataclass
class Table:
    """What an import read out of a table: its title, 第N批, columns and items (official fields)."""

    grid: str  # which table of the file (a sheet's name, 'table 2')
    title: str
    number: int | None
    keyed_by: str  # case_number | seq
    items: list[dict] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # each item's row in the source
    unknown: list[str] = field(default_factory=list)  # labels of columns no field has
    missing: list[str] = field(default_factory=list)  # fields with no column


def read_table(grids: list[Grid], shown: str, problems: list[Diagnostic]) -> Table | None:
    """The first table of the file with a recognisable header, read; None (a problem noted) when none has."""
    for grid in grids:
        header = find_header(grid.rows)
        if header is not None:
            return _read_rows(grid, header, shown, problems)
    problems.append(Diagnostic(shown, None, _("no table with a recognisable header was found"),
                               hint=_("the header needs at least three of 序号, 受理编号, 交办时间, 行政区域, 污染类型, "
                                      "交办问题基本情况, 调查核实情况, 是否属实, 处理和整改情况, 责任人被处理情况, 办理状态")))
    return None


def batch_number(title: str) -> int | None:
    """第二十七批 -> 27."""
    match = _BATCH_NUMBER.search(title)
    if not match:
        return None
    text = match.group(1)
    return int(text) if text.isdigit() else parse_chinese_numeral(text)


def _read_rows(grid: Grid, header: Header, shown: str, problems: list[Diagnostic]) -> Table:
    columns = header.columns
    title = header.title or grid.caption
    table = Table(grid.name, title, batch_number(title),
                  "case_number" if "case_number" in columns else "seq",
                  unknown=[label for _, label in header.unknown],
                  missing=[key for key in ("seq", "case_number", "received_on", "region", "pollution_type", "summary",
                                           "investigation", "verified", "handling", "accountability", "status")
                           if key not in columns])
    group, seen = "", {}
    for index in range(header.last + 1, len(grid.rows)):
        row, number = grid.rows[index], grid.numbers[index]
        values = [_text(cell) for cell in row]
        filled = [value for value in values if value]
        if not filled or len({key for cell in row if (key := field_of(cell))}) >= 3:
            continue  # empty, or the header again
        if len(set(filled)) == 1 and len(filled[0]) <= 20 and not filled[0].rstrip(".、").isdigit():
            group = filled[0]  # 来电, 来信: the rows below are of this group
            continue
        item = _read_item(row, columns, table, group, lambda key, message: problems.append(
            Diagnostic(shown, number, message, field=labelled(key))))
        if item is None:
            continue
        key = item["case_number"] or str(item["seq"])
        if key in seen:
            problems.append(Diagnostic(shown, number, _("'{key}' is listed twice (first on row {row})", key=key,
                                                          row=seen[key]),
                                       field=labelled("case_number" if item["case_number"] else "seq")))
            continue
        seen[key] = number
        table.items.append(item)
        table.rows.append(number)
    return table


def _read_item(row: list, columns: dict, table: Table, group: str, fail) -> dict | None:
    def cell(key):
        column = columns.get(key)
        return row[column] if column is not None and column < len(row) else None

    before = []
    note = lambda key, message: (before.append(1), fail(key, message))  # noqa: E731
    seq = _seq(cell("seq"), len(table.items) + 1 if "seq" not in columns else None, note)
    case = _text(cell("case_number")).replace(" ", "")
    if table.keyed_by == "case_number" and not case:
        note("case_number", _("is empty: every row of a table with a 受理编号 column needs its number"))
    item = {"seq": seq, "case_number": case, "group": group, "received_on": _day(cell("received_on"), note),
            **{key: clean_text(_text(cell(key))) for key in ("region", "pollution_type", "summary", "investigation",
                                                             "handling", "accountability")},
            "verified": _verdict(_text(cell("verified")), note),
            "status": _status(_text(cell("status")), "status" in columns, _text(cell("handling")), note)}
    return None if before else item


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def _seq(value, default: int | None, fail) -> int:
    if default is not None:
        return default
    text = _text(value).rstrip(".、")
    if text.isdigit() and int(text) > 0:
        return int(text)
    fail("seq", _("'{value}' is not a row number", value=text) if text else _("is empty"))
    return 0


def _day(value, fail) -> date | None:
    """A date as Excel, WPS or a typist wrote it: a date cell, a serial number, or text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial days (1900 system), up to 9999-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value))
    text = _text(value)
    match = _DAY.fullmatch(text) or _COMPACT_DAY.fullmatch(text)
    if match is None and re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))  # a serial number saved as text (CSV)
    try:
        if match:
            return date(*map(int, match.groups()[:3]))
    except ValueError:
        pass
    fail("received_on", _("'{value}' is not a date (write it like 2021-05-02 or 2021年5月2日)", value=text))
    return None


def _verdict(text: str, fail) -> str:
    if not text:
        return ""
    for verdict in ("不属实", "基本属实", "部分属实", "属实"):  # (属实 last: the others hold it)
        if verdict in text:
            return verdict
    fail("verified", _("'{value}' is not one of {choices}", value=text, choices="、".join(VERIFIED)))
    return ""


def _status(text: str, has_column: bool, handling: str, fail) -> str:
    """已办结 -> done …; without a status column, the state the 处理和整改情况 text ends with."""
    source = text if has_column else handling[-30:]
    if "阶段性" in source:
        return INTERIM
    if "未办结" in source or "办理中" in source or "正在" in source:
        return OPEN
    if "办结" in source or "已完成" in source or "完成整改" in source:
        return DONE
    if has_column and text:
        fail("status", _("'{value}' is not 已办结, 阶段性办结 or 未办结", value=text))
    return OPEN
