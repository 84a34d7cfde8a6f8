"""The lifecycle: done → 公示 (an objection window) → 销号, and the ONE place that derives the phase
the public sees from the facts editors write and the build date.

Editors write facts (status, dates, the notice window, acceptance, 销号); every page, count, feed
entry, data file and legend asks `phase` which of the five phases a problem is in. Publication
(publishing.py) still decides what is public; a done problem it does not yet publish reaches this
module as an unfinished one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from .model import CLOSED, IN_PROGRESS, NOT_STARTED, Content, Issue
from .errors import Diagnostic, display_path
from .lifecycle_fields import CALENDAR, WORKING
from .i18n import _

IN_NOTICE, NOTICE_ENDED = "in notice", "notice ended"
# The phases in the order a problem goes through them, each with its public label.
PHASE_LABELS = {NOT_STARTED: "未开始", IN_PROGRESS: "整改中", IN_NOTICE: "公示中", NOTICE_ENDED: "公示期满",
                CLOSED: "已销号"}
PENDING_LABEL = "已完成（待公示）"  # internal views only (preview, status): done, not yet published
LONG_TERM_LABEL = "已完成、长期坚持"
DAY_UNITS = {CALENDAR: "天", WORKING: "个工作日"}
SCHEDULE_LABELS = {"on track": "达到序时进度", "behind": "未达序时进度"}




@dataclass(frozen=True)
class NoticeRule:
    """The site's defaults for a 公示期 (site_config notice_period_days, notice_day_kind)."""

    days: int = 7
    day_kind: str = CALENDAR


@dataclass(frozen=True)
class Window:
    """A notice window worked out: first and last day (both included), its length and kind of day."""

    start: date
    end: date
    days: int
    day_kind: str

    @property
    def unit(self) -> str:
        return DAY_UNITS[self.day_kind]


class UnknownYear(ValueError):
    """Working days asked for a year the chinese-calendar package does not know."""


def is_workday(day: date) -> bool:
    """A working day in China: not a weekend or statutory holiday, or an adjusted working day (调休)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise UnknownYear(known_years()) from None


def known_years() -> str:
    """The years the installed chinese-calendar knows, as 'A–B'."""
    years = [day.year for day in chinese_calendar.constants.holidays]
    return f"{min(years)}–{max(years)}"


@lru_cache(maxsize=4096)
def add_days(start: date, days: int, day_kind: str) -> date:
    """The last day of a window of `days` days from start, start included (7 days from 12-13: 12-19).
    Working days skip holidays and weekends and count 调休 weekends; the first counts from start on."""
    if day_kind == CALENDAR:
        return start + timedelta(days=max(days, 1) - 1)
    day, counted = start - timedelta(days=1), 0
    while counted < max(days, 1):
        day += timedelta(days=1)
        counted += is_workday(day)
    return day


@lru_cache(maxsize=4096)
def count_days(start: date, end: date, day_kind: str) -> int:
    """How many days (of the kind) from start to end, both included."""
    if day_kind == CALENDAR:
        return (end - start).days + 1
    return sum(is_workday(start + timedelta(days=n)) for n in range((end - start).days + 1))


def notice_window(issue: Issue, rule: NoticeRule) -> Window | None:
    """The problem's 公示期, or None before it has a publication date."""
    spec = issue.lifecycle.window
    start = spec.start or issue.published_on
    if start is None:
        return None
    kind = spec.day_kind or rule.day_kind
    if spec.end is not None:
        return Window(start, spec.end, count_days(start, spec.end, kind), kind)
    days = spec.days or rule.days
    return Window(start, add_days(start, days, kind), days, kind)


def phase(issue: Issue, today: date, rule: NoticeRule) -> str:
    """The public phase on the build date. Give it the problem as publishing.Publication.public leaves
    it: a done problem not yet published arrives as 'in progress'."""
    if not issue.is_finished:
        return issue.status
    if issue.published_on is None or issue.published_on > today:
        return IN_PROGRESS
    closed_on = issue.lifecycle.closed_on
    if issue.status == CLOSED and closed_on is not None and closed_on <= today:
        return CLOSED
    window = notice_window(issue, rule)
    return IN_NOTICE if window is not None and today <= window.end else NOTICE_ENDED


def days_left(issue: Issue, today: date, rule: NoticeRule) -> int:
    """Days of the notice window left on the build date, today included (0 once it is over)."""
    window = notice_window(issue, rule)
    if window is None or today > window.end:
        return 0
    return count_days(max(today, window.start), window.end, window.day_kind)


def check_lifecycle(content: Content, rule: NoticeRule) -> list[Diagnostic]:
    """What can only be checked with the site's defaults: every window can be counted, and 销号 comes
    after the window unless the objection result explains why."""
    problems = []
    for plan in content.plans:
        for issue in plan.issues:
            problems += check_issue(issue, rule)
    return problems


def check_issue(issue: Issue, rule: NoticeRule) -> list[Diagnostic]:
    life, shown = issue.lifecycle, display_path(issue.source_path)
    closed_line, window_line = life.lines
    try:
        window = notice_window(issue, rule)
    except UnknownYear as error:
        start = life.window.start or issue.published_on
        return [Diagnostic(shown, window_line or closed_line,
                           _("working days cannot be counted for {year}: the chinese-calendar package knows {years}",
                             year=start.year, years=error), field="notice_window",
                           hint=_("give the window's 'end' date, or update chinese-calendar "
                                  "(pip install -U chinese-calendar)"))]
    if window is not None and window.end < window.start:
        return [Diagnostic(shown, window_line, _("the notice window ends ({end}) before it starts ({start})",
                                                 end=window.end, start=window.start), field="notice_window")]
    if life.closed_on and window and life.closed_on <= window.end and not life.objection_result:
        return [Diagnostic(shown, closed_line, _("{day} falls within the notice window (it ends {end})",
                                                 day=life.closed_on, end=window.end), field="closed_on",
                           hint=_("close it after the notice window, or say why in objection_result"))]
    return []


def issue_files(issue: Issue) -> tuple:
    """The attachments a shown problem publishes: its own, then its 销号 file."""
    document = issue.lifecycle.closing_document
    return issue.attachments + ((document,) if document is not None else ())


@dataclass(frozen=True)
class Event:
    """A dated step the public is told of: a record published, a notice opened, a problem closed."""

    day: date | None  # (None: a preview's unfinished problem)
    kind: str  # record | notice | closed
    issue: Issue


_EVENT_ORDER = {"closed": 0, "notice": 1, "record": 2}


def events(published, today: date, rule: NoticeRule) -> list[Event]:
    """The steps of the published problems up to the build date, newest first (ties: 销号, notice,
    record, then plan and number)."""
    found = []
    for issue in published:
        found.append(Event(issue.published_on, "record", issue))
        window = notice_window(issue, rule)
        if window is not None and window.start <= today:
            found.append(Event(window.start, "notice", issue))
        if phase(issue, today, rule) == CLOSED:
            found.append(Event(issue.lifecycle.closed_on, "closed", issue))
    return sorted(found, key=lambda e: (-(e.day or date.min).toordinal(), _EVENT_ORDER[e.kind], e.issue.plan, e.issue.number))
