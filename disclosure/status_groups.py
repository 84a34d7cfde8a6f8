"""What 调度 meetings ask of `status`, beyond the plan's categories: each responsible unit's and each
leader's problems, notices open and due to close, problems whose progress notes have gone quiet; and
the content as it stood on --today (a problem completed after that day was still in progress)."""
from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from .counts import count
from .i18n import _
from .lifecycle import IN_NOTICE, NOTICE_ENDED
from .model import CLOSED, DONE, IN_PROGRESS, Content, Issue
from .publishing import Publication
from .units import issues_of

# Units and leaders are written one after another in one field: 市编办、市环境保护局.
_SEPARATORS = re.compile(r"[、，,；;/]|\s+和\s+")


@dataclass(frozen=True)
class Section:
    """One table of the status report: its sheet name, title, column headers and rows (text)."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_from: int = 99  # columns from this index on are numbers (aligned right)


def problem_section(name: str, title: str, columns: tuple, rows, numeric_from: int = 99) -> Section:
    """A table of problems: plan, number and title, then the columns given (rows: (problem, values))."""
    return Section(name[:31], title, (_("plan"), _("number"), _("problem"), *columns),
                   tuple((i.plan, str(i.number), i.title, *values) for i, values in rows), numeric_from)


def content_as_of(content: Content, today: date) -> Content:
    """The content as it stood on `today`: completion and 销号 dated later had not happened yet."""
    def as_of(issue: Issue) -> Issue:
        if issue.status == CLOSED and issue.lifecycle.closed_on and issue.lifecycle.closed_on > today:
            issue = dataclasses.replace(issue, status=DONE)
        if issue.is_finished and issue.completed_on and issue.completed_on > today:
            issue = dataclasses.replace(issue, status=IN_PROGRESS, completed_on=None, published_on=None)
        return issue

    return Content([dataclasses.replace(plan, issues=tuple(map(as_of, plan.issues))) for plan in content.plans],
                   content.pages)


def names_in(text: str) -> list[str]:
    """The units (or leaders) a field names, in order, each once."""
    return list(dict.fromkeys(part.strip() for part in _SEPARATORS.split(text) if part.strip()))


def _grouped(issues: list[Issue], key) -> dict[str, list[Issue]]:
    groups = defaultdict(list)
    for issue in issues:
        for name in names_in(key(issue)) or [_("(not given)")]:
            groups[name].append(issue)
    return groups


def _tally_rows(groups: dict[str, list[Issue]], publication: Publication) -> tuple:
    rows = []
    for name, issues in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        tally = count(issues, publication)
        rows.append((name, *map(str, (tally.total, tally.finished, tally.in_progress, tally.not_started,
                                      tally.overdue, tally.published))))
    return tuple(rows)


def _tally_columns(first: str) -> tuple[str, ...]:
    return (first, _("problems"), _("done"), _("in progress"), _("not started"), _("overdue"), _("published"))


def group_sections(issues: list[Issue], publication: Publication, units=()) -> list[Section]:
    """Per responsible unit (the site's units with their aliases when it lists them) and per leader."""
    if units:
        by_unit = {unit.name: issues_of(unit, issues) for unit in units}
        by_unit = {name: found for name, found in by_unit.items() if found}
    else:
        by_unit = _grouped(issues, lambda issue: issue.responsible)
    by_leader = _grouped(issues, lambda issue: issue.leader)
    return [Section(_("By unit"), _("By responsible unit"), _tally_columns(_("responsible unit")),
                    _tally_rows(by_unit, publication), 1),
            Section(_("By leader"), _("By leader"), _tally_columns(_("leader")), _tally_rows(by_leader, publication), 1)]


def notice_sections(issues: list[Issue], publication: Publication) -> list[Section]:
    """Notices open (公示中, with days left) and notices over, due to close (公示期满, 待销号)."""
    ended = [issue for issue in issues if publication.phase(issue) == NOTICE_ENDED]
    rows = [(i, (publication.window(i).end.isoformat(), str((publication.today - publication.window(i).end).days)))
            for i in ended]
    return [problem_section(_("Due to close"), _("Notice over, due to close ({count})", count=len(rows)),
                            (_("notice ends"), _("days since")), rows, 4)]


def quiet_section(issues: list[Issue], publication: Publication, days: int) -> Section:
    """Unfinished problems without a progress note in the last `days` days (or none at all)."""
    rows = []
    for issue in sorted(issues, key=lambda i: (i.plan, i.number)):
        last = max((note.date for note in issue.progress if note.date <= publication.today), default=None)
        if issue.is_finished or (last is not None and (publication.today - last).days < days):
            continue
        rows.append((issue, (last.isoformat() if last else _("none"),
                             str((publication.today - last).days) if last else "—")))
    return problem_section(_("No progress note"), _("No progress note in {days} days ({count})", days=days, count=len(rows)),
                           (_("last note"), _("days since")), rows, 4)


def open_notices(issues: list[Issue], publication: Publication) -> list[Issue]:
    return [issue for issue in issues if publication.phase(issue) == IN_NOTICE]
