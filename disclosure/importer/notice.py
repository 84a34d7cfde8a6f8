"""A single problem's notice (公示, 销号公示) -> its labelled parts: `import FILE --plan SLUG --notice`.

Offices publish one notice per finished problem: 反馈问题, 整改目标, 整改措施, 整改完成情况, 整改实施主体,
牵头验收单位, 公示时间, 监督电话, … Each label starts a part that runs until the next label. What no
label claims is kept aside so the report can say what was not recognised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..lifecycle import count_days, UnknownYear
from .fields import join_text, split_label
from .model import Line
from ..i18n import _

# Each part of a notice, with the labels offices write for it (spaces removed before matching).
NOTICE_LABELS = {
    "problem": ("反馈问题", "问题", "存在问题", "主要问题", "问题描述", "督察反馈问题", "交办问题"),
    "task": ("整改任务", "任务"),
    "goal": ("整改目标", "目标"),
    "measures": ("整改措施", "措施", "主要措施"),
    "record": ("整改完成情况", "完成情况", "整改情况", "整改落实情况", "办理情况", "整改成效"),
    "responsible": ("整改实施主体", "整改责任单位", "责任单位", "主体责任单位", "实施主体"),
    "lead_unit": ("牵头验收单位", "验收牵头单位"),
    "units": ("验收单位", "参与验收单位", "配合验收单位"),
    "accepted_on": ("验收时间", "验收日期"),
    "result": ("验收结论", "验收意见", "验收情况"),
    "completed_on": ("完成时间", "完成日期", "办结时间", "整改完成时间"),
    "window": ("公示时间", "公示期", "公示期限", "公示日期"),
    "phone": ("监督电话", "举报电话", "联系电话", "监督举报电话", "受理电话"),
    "email": ("电子邮箱", "邮箱", "监督邮箱"),
    "address": ("通信地址", "来信地址", "联系地址", "地址"),
    "contact": ("受理单位", "联系人"),
    "number": ("序号", "编号", "问题编号"),
}
PART_OF_LABEL = {label: part for part, labels in NOTICE_LABELS.items() for label in labels}
# Parts that run over several paragraphs; the others take one line.
LONG_PARTS = ("problem", "task", "goal", "measures", "record", "result")
_DATE = re.compile(r"(?:(\d{4})\s*[年.\-/])?\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
# '10个工作日', '7天', '共7日' (but not the '27日' of a date).
_DAYS = re.compile(r"(?<![月\d])(\d{1,3})\s*个?\s*(工作日|自然日|天)|(?<=[共为])\s*(\d{1,3})\s*(日)")
_SIGNATURE_END = re.compile(r"(办公室|委员会|人民政府|政府|局|办|中心|领导小组)$")


@dataclass
class Part:
    """One labelled part: its label as written, the lines it spans and its text."""

    label: str
    first: int
    last: int
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.texts) if self.texts else ""


@dataclass
class NoticeDoc:
    """What a notice says, part by part, and the lines no label claimed."""

    title: str = ""
    parts: dict[str, Part] = field(default_factory=dict)
    unknown: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the report should point out

    def text(self, part: str) -> str:
        return self.parts[part].text if part in self.parts else ""


def read_notice(lines: list[Line]) -> NoticeDoc:
    """Split a notice's lines into its labelled parts."""
    doc, lines = NoticeDoc(), list(lines)
    doc.signature = _strip_signature(lines)
    current = None
    for line in lines:
        labelled = split_label(line.text)
        part = PART_OF_LABEL.get(labelled[0]) if labelled else None
        if part is not None and part not in doc.parts:
            current = doc.parts[part] = Part(labelled[0], line.number, line.number, [labelled[1]] if labelled[1] else [])
        elif current is not None and current_is_long(doc, current):
            current.texts.append(line.text)
            current.last = line.number
        elif not doc.parts and not doc.title:
            doc.title = line.text
        else:
            doc.unknown.append(line)
    for part in doc.parts.values():
        part.texts = [join_text([text]) for text in part.texts]
    return doc


def current_is_long(doc: NoticeDoc, part: Part) -> bool:
    return PART_OF_LABEL[part.label] in LONG_PARTS


def _strip_signature(lines: list[Line]) -> list[Line]:
    """The 落款 at the end (the issuing office and a date on lines of their own), taken off the lines."""
    found = []
    while lines and (_is_date_line(lines[-1].text) or _SIGNATURE_END.search(lines[-1].text)) and len(lines[-1].text) <= 30:
        found.insert(0, lines.pop())
    return found


def _is_date_line(text: str) -> bool:
    match = _DATE.fullmatch(text.strip())
    return bool(match and match.group(1))


def find_dates(text: str) -> list[date]:
    """Every date a text gives, a date without its year taking the year of the one before it."""
    found, year = [], None
    for match in _DATE.finditer(text):
        year = int(match.group(1)) if match.group(1) else year
        if year is None:
            continue
        try:
            found.append(date(year, int(match.group(2)), int(match.group(3))))
        except ValueError:
            continue
    return found


def read_window(doc: NoticeDoc) -> dict:
    """notice_window from 公示时间: start and end as given, or days and their kind; a disagreement
    between the dates and the days the notice states is noted, the dates kept (they were published)."""
    text = doc.text("window")
    if not text:
        return {}
    dates, days = find_dates(text), _DAYS.search(text)
    window = {"start": dates[0].isoformat()} if dates else {}
    kind = "working" if days and days.group(2) == "工作日" else "calendar"
    count = (days.group(1) or days.group(3)) if days else None
    if days:
        window["day_kind"] = kind
    if len(dates) > 1:
        window["end"] = dates[1].isoformat()
        _note_disagreement(doc, dates[0], dates[1], days, count, kind)
    elif days:
        window["days"] = count
    return window


def _note_disagreement(doc: NoticeDoc, start: date, end: date, days, count, kind: str) -> None:
    if days is None:
        return
    try:
        counted = count_days(start, end, kind)
    except UnknownYear as known:
        doc.notes.append(_("公示时间: working days cannot be counted for {year} (chinese-calendar knows {years})",
                           year=start.year, years=known))
        return
    if counted != int(count):
        doc.notes.append(_("公示时间 says {written} but {start} to {end} holds {counted} working days: the dates are "
                           "kept; check them", written=days.group(0), start=start, end=end, counted=counted)
                         if kind == "working" else
                         _("公示时间 says {written} but {start} to {end} holds {counted} days: the dates are kept; "
                           "check them", written=days.group(0), start=start, end=end, counted=counted))


def read_units(doc: NoticeDoc) -> list[str]:
    """The acceptance units, 牵头验收单位 first, each once."""
    units = []
    for part in ("lead_unit", "units"):
        for unit in re.split(r"[、，,；;\s]+", doc.text(part)):
            if unit and unit not in units:
                units.append(unit)
    return units
