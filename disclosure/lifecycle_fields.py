"""A problem file's lifecycle keys -> Lifecycle: 公示期, 异议受理, 验收, 销号, 长期坚持, 序时进度.

Read here, not in content.py, so that the facts about a problem's notice and 销号 live next to each
other; lifecycle.py derives the phase from them. Every value arrives as text (frontmatter.py).
"""
from __future__ import annotations

import re
from datetime import date

from .frozen import frozen
from .i18n import _
from .labels import status_name, sub_key_names

CALENDAR, WORKING = "calendar", "working"
DAY_KINDS = {CALENDAR: CALENDAR, WORKING: WORKING, "自然日": CALENDAR, "日历日": CALENDAR, "工作日": WORKING}
SCHEDULES = {"on track": "on track", "behind": "behind", "达到序时进度": "on track", "未达序时进度": "behind"}
_TRUE_FALSE = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}

# The lifecycle's front-matter keys with their Chinese labels (content.ISSUE_KEYS takes them in).
LIFECYCLE_KEYS = {
    "notice_window": ("公示期",),
    "objection": ("异议受理",),
    "acceptance": ("验收",),
    "closed_on": ("销号日期",),
    "closing_document": ("销号文件",),
    "objection_result": ("异议处理情况",),
    "long_term": ("长期坚持",),
    "schedule": ("序时进度",),
    "photos": ("照片", "整改照片"),
}
# The keys inside each mapping, with their Chinese labels.
_SUB_KEYS = {
    "notice_window": {"start": ("开始日期", "开始"), "end": ("结束日期", "截止日期", "结束"), "days": ("天数",),
                      "day_kind": ("计算方式", "日期类型")},
    "objection": {"phone": ("电话", "监督电话"), "email": ("邮箱", "电子邮箱"), "address": ("地址", "通信地址"),
                  "contact": ("联系人", "受理单位")},
    "acceptance": {"units": ("验收单位", "牵头验收单位"), "date": ("验收日期", "日期"), "result": ("验收结论", "结论")},
}


@frozen
class WindowSpec:
    """公示期 as the problem file writes it: any of start, end, days and day_kind may be left out."""

    start: date | None = None
    end: date | None = None
    days: int | None = None
    day_kind: str = ""  # "" = the site's notice_day_kind


@frozen
class Objection:
    """异议受理 for one problem: where the public sends objections (empty: the site's defaults)."""

    phone: str = ""
    email: str = ""
    address: str = ""
    contact: str = ""


@frozen
class Acceptance:
    """验收: the units that accepted the work (牵头验收单位 first), when, and what they found."""

    units: tuple[str, ...] = ()
    date: date | None = None
    result: str = ""


@frozen
class Lifecycle:
    """What a problem file says about its notice, acceptance and 销号."""

    window: WindowSpec = WindowSpec()
    objection: Objection = Objection()
    acceptance: Acceptance = Acceptance()
    closed_on: date | None = None
    closing_document: object = None  # content.Attachment: the 销号 file, when given
    objection_result: str = ""
    long_term: bool = False
    schedule: str = ""  # 序时进度 of an unfinished problem: on track | behind (public with publish_progress)
    lines: tuple = (None, None)  # the lines of closed_on and notice_window, for the checks against the site


EMPTY = Lifecycle()


def read_lifecycle(reader, status: str, read_file) -> Lifecycle:
    """The lifecycle keys of one file (reader: fields.FieldReader); read_file(key, item, index) resolves a
    file beside the problem file to a content.Attachment, or None with the problem noted."""
    meta = reader.doc.meta
    if status != "closed" and not any(key in meta for key in LIFECYCLE_KEYS):
        return EMPTY
    closed_on = reader.day("closed_on")
    if status == "closed" and closed_on is None and "closed_on" not in {p.field for p in reader.problems}:
        reader.fail("closed_on", _("a closed problem needs its closing date"),
                    hint=_("add 'closed_on: YYYY-MM-DD'"), line=reader.doc.line_of("status"))
    if closed_on and status != "closed":
        reader.fail("closed_on", _("is given but the status is '{status}', not closed", status=status_name(status)),
                    hint=_("set 'status: closed' once the problem is closed, or remove closed_on"))
    document = meta.get("closing_document")
    return Lifecycle(
        window=_read_window(reader), objection=Objection(**_mapping(reader, "objection")),
        acceptance=_read_acceptance(reader), closed_on=closed_on,
        closing_document=read_file("closing_document", document, None) if document else None,
        objection_result=reader.text("objection_result"), long_term=_read_bool(reader, "long_term"),
        schedule=_read_schedule(reader),
        lines=(reader.doc.line_of("closed_on"), reader.doc.line_of("notice_window")))


def _mapping(reader, key: str) -> dict:
    """A mapping field's known sub-keys as text (Chinese labels accepted); problems noted."""
    value = reader.doc.meta.get(key)
    names = _SUB_KEYS[key]
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        reader.fail(key, _("must be 'name: value' lines ({names})", names=sub_key_names(names)))
        return {}
    by_label = {label: name for name, labels in names.items() for label in (name, *labels)}
    found = {}
    for sub, item in value.items():
        name = by_label.get(sub)
        if name is None:
            reader.fail(key, _("'{sub}' is not one of {names}", sub=sub, names=sub_key_names(names)), sub)
        elif name == "units" and isinstance(item, list) and all(isinstance(unit, str) for unit in item):
            found[name] = tuple(unit.strip() for unit in item if unit.strip())
        elif name == "units" and not isinstance(item, str):
            reader.fail(key, _("units must be a list of unit names (the leading unit first)"), sub)
        elif not isinstance(item, str):
            reader.fail(key, _("{name} must be text", name=sub_key_names({name: names[name]})), sub)
        else:
            found[name] = item.strip()
    return found


def _read_window(reader) -> WindowSpec:
    found = _mapping(reader, "notice_window")
    start = reader.day("notice_window", "start", value=found.get("start", ""))
    end = reader.day("notice_window", "end", value=found.get("end", ""))
    days = found.get("days", "")
    if days and not re.fullmatch(r"[1-9]\d{0,2}", days):
        reader.fail("notice_window", _("days: '{days}' is not a number of days", days=days), "days")
        days = ""
    if days and end:
        reader.fail("notice_window", _("give either 'end' or 'days', not both"), "days")
    kind = found.get("day_kind", "")
    if kind and kind not in DAY_KINDS:
        reader.fail("notice_window", _("day_kind: '{kind}' is not calendar or working", kind=kind), "day_kind",
                    hint=_("use calendar or working"))
        kind = ""
    return WindowSpec(start, end, int(days) if days else None, DAY_KINDS.get(kind, ""))


def _read_acceptance(reader) -> Acceptance:
    found = _mapping(reader, "acceptance")
    units = found.get("units", ())
    return Acceptance(units=(units,) if isinstance(units, str) and units else tuple(units),
                      date=reader.day("acceptance", "date", value=found.get("date", "")),
                      result=found.get("result", ""))


def _read_bool(reader, key: str) -> bool:
    value = reader.text(key)
    if value and value.lower() not in _TRUE_FALSE:
        reader.fail(key, _("'{value}' is not true or false", value=value))
        return False
    return _TRUE_FALSE.get(value.lower(), False)


def _read_schedule(reader) -> str:
    value = reader.text("schedule")
    if value and value not in SCHEDULES:
        reader.fail("schedule", _("'{value}' is not on track or behind", value=value),
                    hint=_("use on track or behind"))
        return ""
    return SCHEDULES.get(value, "")


def objection_contacts(meta: dict) -> tuple[str, ...]:
    """The phone and e-mail a problem gives for objections (异议受理): published on purpose, as the
    site's objection_phone is, so the personal-data check allows them (privacy.py)."""
    value = meta.get("objection")
    if not isinstance(value, dict):
        return ()
    labels = {"phone", "email", *_SUB_KEYS["objection"]["phone"], *_SUB_KEYS["objection"]["email"]}
    return tuple(item for sub, item in value.items() if sub in labels and isinstance(item, str) and item.strip())
