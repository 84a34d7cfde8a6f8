"""Which row of a complaint table is its header, and which item field each column holds.

Offices label the same column differently (受理编号, 信访编号, 举报编号 …); a header may take two or
three rows (调查处理情况 over 调查核实情况 | 是否属实), with a title row above it. Each column is
known by the lowest header cell that names a field; a column with a label no field has is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Each field's labels, most specific first. A cell names a field when its text (spaces and the
# parts in brackets taken out) is one of them, or, for labels of four characters or more, holds one.
LABELS = {
    "seq": ("序号", "编号序号", "序"),
    "case_number": ("受理编号", "信访编号", "举报编号", "转办编号", "交办编号", "案件编号", "受理号", "信访件编号",
                    "举报件编号", "交办件编号"),
    "received_on": ("交办时间", "交办日期", "受理时间", "受理日期", "转办时间", "转办日期", "举报时间", "来信来电时间",
                    "信访时间"),
    "region": ("行政区域", "行政区", "所属区域", "所在区域", "所属地区", "区域", "地区", "县市区", "属地", "所在地"),
    "pollution_type": ("污染类型", "污染类别", "举报类型", "问题类型", "信访类型", "类型", "类别"),
    "summary": ("交办问题基本情况", "信访问题基本情况", "举报问题基本情况", "群众反映问题基本情况", "交办问题", "反映问题",
                "举报内容", "信访内容", "问题描述", "群众反映问题", "投诉内容", "基本情况"),
    "investigation": ("调查核实情况", "调查核实结果", "核查情况", "调查情况", "核实情况", "调查核实"),
    "verified": ("是否属实", "属实情况", "核实结论", "是否属实情况"),
    "handling": ("处理和整改情况", "处理整改情况", "处理及整改情况", "处理和整改措施", "整改情况", "处理情况", "整改措施"),
    "accountability": ("责任人被处理情况", "责任人处理情况", "责任追究情况", "问责情况", "问责", "追责问责情况",
                       "责任追究"),
    "status": ("办理状态", "办结情况", "是否办结", "办理情况", "整改状态", "办结状态", "办理进度"),
}
_BY_LABEL = {label: key for key, labels in LABELS.items() for label in labels}
_LONG = sorted(((label, key) for label, key in _BY_LABEL.items() if len(label) >= 4), key=lambda p: -len(p[0]))
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SPACE = re.compile(r"[\s\u3000*＊:：]+")
HEADER_SCAN = 15  # rows searched for the header
MIN_FIELDS = 3  # fields a header row names


def normalise(text) -> str:
    return _SPACE.sub("", _BRACKETS.sub("", str(text))) if text is not None else ""


def field_of(text) -> str | None:
    """The field a header cell names, or None."""
    label = normalise(text)
    if not label or len(label) > 20:  # (a long cell is data, not a label)
        return None
    if label in _BY_LABEL:
        return _BY_LABEL[label]
    return next((key for long, key in _LONG if long in label), None)


@dataclass
class Header:
    """Where a table's header is and what each column holds."""

    first: int  # index of its first row
    last: int  # index of its last row (the data start below)
    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column index, label) of columns no field has
    title: str = ""  # the text above the header (the table's title), if any


def _named(row: list) -> set[str]:
    return {key for cell in row if (key := field_of(cell)) is not None}


def find_header(rows: list[list]) -> Header | None:
    """The header of a table's rows, or None when no row names enough fields."""
    for index, row in enumerate(rows[:HEADER_SCAN]):
        if len(_named(row)) >= MIN_FIELDS or len(_named(row)) >= 2 and index + 1 < len(rows) and \
                len(_named(row) | _named(rows[index + 1])) >= MIN_FIELDS:
            last = index
            # (The rows below that still name fields and hold no 序号 are the header's lower rows.)
            while last + 1 < len(rows) and _named(rows[last + 1]) and not _is_number(_first_text(rows[last + 1])):
                last += 1
            header = Header(index, last, title=_title(rows[:index]))
            _assign_columns(header, rows[index:last + 1])
            return header
    return None


def _assign_columns(header: Header, block: list[list]) -> None:
    width = max(len(row) for row in block)
    for column in range(width):
        cells = [row[column] if column < len(row) else None for row in block]
        texts = [normalise(cell) for cell in cells]
        key = next((found for cell in reversed(cells) if (found := field_of(cell)) is not None), None)
        if key is not None and key not in header.columns:
            header.columns[key] = column
        elif key is None and any(texts):
            header.unknown.append((column, "/".join(dict.fromkeys(t for t in texts if t))))


def _title(rows: list[list]) -> str:
    for row in rows:
        texts = [str(cell).strip() for cell in row if cell not in (None, "") and str(cell).strip()]
        if texts:
            return texts[0]
    return ""


def _first_text(row: list) -> str:
    return next((str(cell).strip() for cell in row if cell not in (None, "")), "")


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
