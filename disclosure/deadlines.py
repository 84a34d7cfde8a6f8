"""Deadlines as plans write them: '2018年9月底前' is a date, '立行立改' is immediate, ..."""
from __future__ import annotations

import calendar
import re
from datetime import date

from .frozen import frozen

DATE = "date"
IMMEDIATE = "immediate"
ONGOING = "ongoing"
TEXT = "text"

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Scraping drops the 年 between year and month: '20189月底前' is 2018年9月底前.
# Two digits before 月 are always the month, even an impossible one ('201813月' must not pass as text).
_LOST_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(1\d|0?[1-9])月")
_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?!\d{1,2}日)")
_HALF = re.compile(r"(\d{4})年(上|下)半年")
_QUARTER = re.compile(r"(\d{4})年(?:第)?([一二三四1-4])季度")
_YEAR = re.compile(r"(\d{4})年(?![\d上下第一二三四])")
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ONGOING_WORDS = ("持续推进", "长期坚持", "持续整改", "长期推进", "持续开展")


@frozen(reused=True)
class Deadline:
    """A deadline as written, and what it means."""

    text: str
    kind: str  # DATE, IMMEDIATE, ONGOING or TEXT
    date: date | None = None

    @property
    def label(self) -> str:
        """A short Chinese description of the parsed meaning."""
        if self.kind == DATE:
            return f"{self.date.year}年{self.date.month}月{self.date.day}日"
        return {IMMEDIATE: "立行立改", ONGOING: "持续推进"}.get(self.kind, self.text)


def repair_deadline(text: str) -> str:
    """Undo the damage scraping does to deadlines (lost 年, full-width digits, stray spaces)."""
    text = re.sub(r"[\s\u00a0\u3000]+", "", text.translate(_FULL_WIDTH_DIGITS))
    return _LOST_YEAR.sub(r"\1年\2月", text)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _dates_in(text: str) -> list[date]:
    """Every date the text names, each as the last day of the period it names."""
    found = []
    for year, month, day in _DAY.findall(text):
        found.append(date(int(year), int(month), int(day)))
    for year, month in _MONTH.findall(text):
        found.append(_last_day(int(year), int(month)))
    for year, half in _HALF.findall(text):
        found.append(date(int(year), 6, 30) if half == "上" else date(int(year), 12, 31))
    for year, quarter in _QUARTER.findall(text):
        found.append(_last_day(int(year), 3 * _QUARTER_NUMBERS[quarter]))
    for year in _YEAR.findall(text):
        found.append(date(int(year), 12, 31))
    return found


def parse_deadline(text: str) -> Deadline:
    """Read a deadline as written; the latest date it names wins, so staged plans end at their end.

    Raises ValueError when the text names an impossible date such as 2018年13月.
    """
    repaired = repair_deadline(text)
    dates = _dates_in(repaired)
    if dates:
        return Deadline(text, DATE, max(dates))
    if any(word in repaired for word in _ONGOING_WORDS):
        return Deadline(text, ONGOING)
    if "立行立改" in repaired or "立即整改" in repaired:
        return Deadline(text, IMMEDIATE)
    return Deadline(text, TEXT)
