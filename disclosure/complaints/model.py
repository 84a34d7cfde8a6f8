"""The complaint model: a batch (一览表 第N批) and its items, the statuses and the keys editors write."""
from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from datetime import date
from pathlib import Path

from ..frozen import frozen

DONE, INTERIM, OPEN = "done", "interim", "open"
STATUS_LABELS = {DONE: "已办结", INTERIM: "阶段性办结", OPEN: "未办结"}
STATUS_BY_WORD = {DONE: DONE, INTERIM: INTERIM, OPEN: OPEN, "已办结": DONE, "办结": DONE, "已完成": DONE,
                  "阶段性办结": INTERIM, "阶段办结": INTERIM, "未办结": OPEN, "办理中": OPEN, "正在办理": OPEN}
VERIFIED = ("属实", "基本属实", "部分属实", "不属实")
# What counts as true for the 属实 rate.
TRUE_VERDICTS = frozenset(VERIFIED[:3])

# An item's keys, in the order items.yaml writes them. The official columns come from the office's
# table and a re-import updates them; the editor's keys are never touched by an import.
OFFICIAL_KEYS = ("seq", "case_number", "group", "received_on", "region", "pollution_type", "summary",
                 "investigation", "verified", "handling", "accountability", "status")
EDITOR_KEYS = ("published_on", "public_data", "internal_notes")
ITEM_KEYS = OFFICIAL_KEYS + EDITOR_KEYS
TEXT_KEYS = ("region", "pollution_type", "summary", "investigation", "handling", "accountability")
# Public only once the item is published (rule.py).
RESULT_KEYS = ("investigation", "handling", "accountability")
# What a site may list of an item before its publication (site_config: complaint_listed_fields).
LISTABLE_KEYS = ("case_number", "received_on", "region", "pollution_type", "summary", "verified", "status")
DEFAULT_LISTED = ("case_number", "received_on", "region", "pollution_type", "summary")
BATCH_KEYS = ("title", "number", "handed_over_on", "published_on", "source", "key", "example")
KEYED_BY = ("case_number", "seq")


@frozen(shared=("batch", "region", "pollution_type", "verified", "status", "group"))
class Item:
    """One row of a batch's table, as the build holds it."""

    batch: str  # the batch's slug
    seq: int  # 序号
    case_number: str  # 受理编号 ("" in a table without one)
    group: str  # 来电 / 来信, in a table whose rows are grouped so ("" otherwise)
    received_on: date | None  # 交办时间
    region: str  # 行政区域
    pollution_type: str  # 污染类型
    summary: str  # 交办问题基本情况
    investigation: str  # 调查核实情况
    verified: str  # 是否属实
    handling: str  # 处理和整改情况
    accountability: str  # 责任人被处理情况
    status: str  # done | interim | open
    published_on: date | None  # its own publication date, else its batch's
    # privacy.FieldFinding of each of its texts (each with its line: the item itself has none, so that an
    # edit above it, moving its lines, leaves its pages as they were).
    personal_data: tuple = ()

    @property
    def key(self) -> str:
        """What the item is known by within its batch: its 受理编号, else its 序号."""
        return self.case_number or str(self.seq)


_ITEM_FIELDS = tuple(field.name for field in fields(Item))


_ITEM_STATE = attrgetter(*_ITEM_FIELDS)


def item_state(item: Item) -> tuple:
    """Every field of an item, as a tuple (pickled at C speed: for digests of what pages show)."""
    return _ITEM_STATE(item)


def replace_item(item: Item, **changes) -> Item:
    """dataclasses.replace for an Item, through its slots (a page plan copies 100,000 of them)."""
    state = list(_ITEM_STATE(item))
    for name, value in changes.items():
        state[_ITEM_FIELDS.index(name)] = value
    copy = object.__new__(Item)
    copy.__setstate__(state)
    return copy


@frozen
class Batch:
    """A batch: its own fields and its items, in 序号 order."""

    slug: str
    title: str
    number: int | None  # 第N批
    handed_over_on: date | None  # 交办日期
    published_on: date | None  # the default publication date of its items
    source: str  # who handed it over (督察组), or where the table was published
    keyed_by: str  # case_number | seq
    example: bool  # 示例数据: said on its pages
    items: tuple[Item, ...]
    source_path: Path  # its folder


def read_listed_fields(value, fail) -> tuple[str, ...]:
    """site_config.yaml's complaint_listed_fields, checked (fail(message) for each mistake)."""
    from ..i18n import _

    if not (isinstance(value, list) and all(isinstance(key, str) for key in value)):
        fail(_("must be a list of item fields ('- region' lines)"))
        return DEFAULT_LISTED
    for key in value:
        if key not in LISTABLE_KEYS:
            fail(_("'{key}' cannot be listed before publication (choose from {choices})", key=key,
                   choices=", ".join(LISTABLE_KEYS)))
    return tuple(key for key in LISTABLE_KEYS if key in value)
