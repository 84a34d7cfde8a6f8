"""data/complaints.json, .csv and .xlsx: one row per listed item; results only once published."""
from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .. import urls
from ..outputs import Output
from ..outputs.data import write_csv, write_json
from ..outputs.xlsx import write_xlsx
from .model import Batch, Item, item_state
from .rule import ComplaintRule

COLUMNS = ["batch", "seq", "case_number", "received_on", "region", "pollution_type", "summary", "verified",
           "status", "published", "investigation", "handling", "accountability", "published_on", "url"]
PUBLISHED_ONLY = ("investigation", "handling", "accountability", "published_on", "url")
DATA_FILES = ("data/complaints.xlsx", "data/complaints.csv", "data/complaints.json")
# What each column holds, for the data page; one entry per column, in order.
COLUMN_NOTES = {
    "batch": "批次的代号（网址中的文件夹名），如 hengyang-2021-27",
    "seq": "序号（整数），按原表",
    "case_number": "受理编号（文本），如 D2HN202105020169；原表没有受理编号时为空",
    "received_on": "交办时间（YYYY-MM-DD）",
    "region": "行政区域",
    "pollution_type": "污染类型，如 大气、水、土壤、噪声、生态、其他",
    "summary": "交办问题基本情况",
    "verified": "是否属实：属实、基本属实、部分属实、不属实；未公开的为空",
    "status": "办理状态：done 已办结、interim 阶段性办结、open 未办结；未公开的为 open",
    "published": "调查核实和处理整改情况已公开时为 true",
    "investigation": "调查核实情况；仅已公开的事项有",
    "handling": "处理和整改情况；仅已公开的事项有",
    "accountability": "责任人被处理情况（问责）；仅已公开的事项有",
    "published_on": "公开日期（YYYY-MM-DD）；仅已公开的事项有",
    "url": "该事项公开页面的网址；仅已公开的事项有",
}


@dataclass(frozen=True)
class ComplaintRows:
    """The data files' rows, each made when a writer reaches it."""

    items: Sequence[Item]  # every listed item (as rule.public leaves it), by batch slug and 序号
    rule: ComplaintRule
    base_url: str
    keys: tuple[bytes, ...] = ()  # each row's key (see keyed), made once for the three files

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return (self.row(item) for item in self.items)

    def keyed(self):
        """(key, make) for each row: the key names all the row is made from (the item, the rule, the
        base URL), so a rebuild copies an unchanged row from the previous file (incremental/rows.py)."""
        keys = self.keys or row_keys(self.items, self.rule, self.base_url)
        for key, item in zip(keys, self.items):
            yield key, functools.partial(self.row, item)

    def row(self, item: Item) -> dict:
        row = {"batch": item.batch, "seq": item.seq, "case_number": item.case_number or None,
               "received_on": _day(item.received_on), "region": item.region, "pollution_type": item.pollution_type,
               "summary": item.summary, "verified": item.verified or None, "status": item.status,
               "published": self.rule.is_published(item)}
        if self.rule.is_shown(item):
            row.update(investigation=item.investigation, handling=item.handling, accountability=item.accountability,
                       published_on=_day(item.published_on),
                       url=urls.absolute(self.base_url, urls.complaint_item_url(item)))
        return row


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def row_keys(items, rule: ComplaintRule, base_url: str) -> tuple[bytes, ...]:
    """Each item's row key: a digest of its fields, the rule and the base URL."""
    setting = pickle.dumps((rule, base_url), protocol=5)
    return tuple(hashlib.sha256(setting + pickle.dumps(item_state(item), protocol=5)).digest() for item in items)


def complaint_rows(public: list[Batch], rule: ComplaintRule, base_url: str) -> ComplaintRows:
    items = tuple(item for batch in sorted(public, key=lambda b: b.slug) for item in batch.items)
    return ComplaintRows(items, rule, base_url, row_keys(items, rule, base_url))


def data_outputs(rows: ComplaintRows, today: date) -> list[Output]:
    """The complaint data downloads, longest to make first."""
    return [Output(DATA_FILES[0], function=write_complaints_xlsx, args=(rows, today)),
            Output(DATA_FILES[1], function=write_complaints_csv, args=(rows,)),
            Output(DATA_FILES[2], function=write_complaints_json, args=(rows,))]


def write_complaints_json(out, rows: ComplaintRows, previous=None) -> dict:
    """A JSON array, one item per line, keys sorted, as data/issues.json (outputs/data.py)."""
    return write_json(out, rows, previous)


def write_complaints_csv(out, rows: ComplaintRows, previous=None) -> dict:
    """CSV with a UTF-8 BOM (Excel reads the Chinese), formula-like cells neutralised, as data/issues.csv."""
    return write_csv(out, rows, previous, columns=COLUMNS)


def write_complaints_xlsx(out, rows: ComplaintRows, built_on: date, previous=None) -> dict:
    """The same rows as a one-sheet workbook (outputs/xlsx.py), sheet 'complaints'."""
    return write_xlsx(out, rows, built_on, previous, columns=COLUMNS, sheet="complaints")
