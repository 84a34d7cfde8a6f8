"""Dates that scraping the plan off a web page damaged, repaired wherever one reading alone is possible.

The published plan lost its 年 and 月 in places: '201810月底前' (2018年10月底前), '2018930日前'
(2018年9月30日前), '630日' (6月30日). Each field of every problem is repaired, not only the deadline,
and each repair is listed in the import report. A run of digits with two possible readings
('2019115日': 1月15日 or 11月5日) is left as it is.
"""
from __future__ import annotations

import re
from datetime import date

from .model import PlanDoc
from ..i18n import _
from ..labels import field_name

_YEAR_MONTH_DAY = re.compile(r"(?<![\d.．/-])(20\d\d|19\d\d)(\d{2,4})日")
_YEAR_MONTH = re.compile(r"(?<![\d.．/-])(20\d\d|19\d\d)(1[0-2]|0?[1-9])月")
_MONTH_DAY = re.compile(r"(?<![\d.．/-])(\d{3,4})日")
# Where a month-and-day with no year is a date, not a count of days ('历时120日').
_BEFORE_DATE = "在于至到前年，,、；;：:（( "
_AFTER_DATE = ("前", "之前", "完成", "底")


def _readings(digits: str, year: int) -> list[tuple[int, int]]:
    """Every (month, day) the digits can be split into that is a real date in that year."""
    found = []
    for cut in (1, 2):
        month, day = digits[:cut], digits[cut:]
        if not 1 <= len(day) <= 2 or day.startswith("0") and len(day) == 1:
            continue
        try:
            date(year, int(month), int(day))
        except ValueError:
            continue
        found.append((int(month), int(day)))
    return found


def repair_dates(text: str, repaired: list | None = None) -> str:
    """The text with each unambiguous lost 年/月 put back; each repair appended to repaired as (old, new)."""
    repaired = [] if repaired is None else repaired

    def year_month_day(match):
        readings = _readings(match.group(2), int(match.group(1)))
        if len(readings) != 1:
            return match.group(0)
        return _noted(match, f"{match.group(1)}年{readings[0][0]}月{readings[0][1]}日")

    def month_day(match):
        before = match.string[match.start() - 1] if match.start() else " "
        if before not in _BEFORE_DATE and not match.string.startswith(_AFTER_DATE, match.end()):
            return match.group(0)
        readings = _readings(match.group(1), 2000)  # (a leap year: 229日 is 2月29日)
        return _noted(match, f"{readings[0][0]}月{readings[0][1]}日") if len(readings) == 1 else match.group(0)

    def _noted(match, new: str) -> str:
        repaired.append((match.group(0), new))
        return new

    text = _YEAR_MONTH_DAY.sub(year_month_day, text)
    text = _YEAR_MONTH.sub(lambda match: _noted(match, f"{match.group(1)}年{match.group(2)}月"), text)
    return _MONTH_DAY.sub(month_day, text)


def repair_plan(doc: PlanDoc) -> list[str]:
    """Repair every field of every problem and category in place; one report line per repair."""
    lines = []

    def repaired(value, where: str):
        if isinstance(value, list):
            return [repaired(item, where) for item in value]
        if not isinstance(value, str):
            return value
        found = []
        new = repair_dates(value, found)
        lines.extend(f"  {where}: '{old}' -> '{fixed}'" for old, fixed in found)
        return new

    for category in doc.categories:
        category.title = repaired(category.title, _("category {number} title", number=category.number))
        if category.summary:
            category.summary = repaired(category.summary, _("category {number} summary", number=category.number))
    for problem in doc.problems:
        for name in list(problem.fields):
            where = _("problem {number} (line {line}) {field}", number=problem.number,
                      line=problem.lines.get(name, problem.line), field=field_name(name))
            problem.fields[name] = repaired(problem.fields[name], where)
        for label in list(problem.extra):
            problem.extra[label] = repaired(problem.extra[label], _("problem {number} {field}", number=problem.number,
                                                                    field=label))
    return lines
