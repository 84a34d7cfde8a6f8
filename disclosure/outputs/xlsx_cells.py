"""What data/issues.xlsx shows people: Chinese column titles, Chinese words for statuses, phases and
yes/no, and records as plain text. The JSON and CSV files keep the keys and values programs read
(data.py); the workbook is for reading in Excel or WPS, so it says the same in words.
"""
from __future__ import annotations

import re

from ..lifecycle import PHASE_LABELS
from ..model import STATUS_LABELS

# One title per data.COLUMNS key, in its order (tests/test_xlsx.py checks they match).
TITLES = {
    "plan": "整改方案", "number": "编号", "category": "问题类别", "problem": "问题", "goal": "整改目标",
    "measures": "整改措施", "deadline": "整改时限", "deadline_date": "整改时限（日期）",
    "responsible": "主体责任单位", "supervising": "监管责任单位", "leader": "督办市领导", "status": "状态",
    "overdue": "是否逾期", "published": "办理情况是否已公开", "completed_on": "办结日期", "published_on": "公开日期",
    "url": "网址", "record": "办理情况", "phase": "阶段", "notice_start": "公示开始", "notice_end": "公示截止",
    "closed_on": "销号日期", "acceptance_units": "验收单位", "long_term": "长期坚持",
}
_WORDS = {"status": STATUS_LABELS, "phase": PHASE_LABELS}
_YES_NO = {True: "是", False: "否"}

# Markdown's marks, taken out of a record so a cell reads as the text a person would write.
_MARKS = [
    (re.compile(r"<[^>\n]+>"), ""),  # HTML tags (the page's sanitiser keeps a few)
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # images: their description
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links: their text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.M), ""),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # quotes
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)"), r"\1"),  # italics
    (re.compile(r"`+"), ""),
    (re.compile(r"\n{3,}"), "\n\n"),
]
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$\n?", re.M)
_TABLE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)


def plain_text(markdown: str) -> str:
    """A record's Markdown as plain text: marks dropped, a table's cells separated by spaces."""
    text = _TABLE_RULE.sub("", markdown)
    text = _TABLE_ROW.sub(lambda row: "  ".join(cell.strip() for cell in row.group(1).split("|")), text)
    for pattern, replacement in _MARKS:
        text = pattern.sub(replacement, text)
    return text.strip()


def for_people(row: dict) -> dict:
    """A data row as the workbook shows it (see the module's docstring)."""
    shown = dict(row)
    for key, words in _WORDS.items():
        if shown.get(key) in words:
            shown[key] = words[shown[key]]
    for key, value in row.items():
        if isinstance(value, bool):
            shown[key] = _YES_NO[value]
    if row.get("record"):
        shown["record"] = plain_text(row["record"])
    return shown
