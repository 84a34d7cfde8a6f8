"""`build.py status`: where things stand, at a glance, in the terminal.

Per plan and category: done / in progress / not started / overdue; the overdue problems with days
overdue; deadlines in the next 30 days; problems done but waiting for a later publication date.
Judged on the build date with the public rule (not a preview), against each current deadline.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.console import Console
from rich.table import Table

from .model import Content, Issue
from .deadlines import DATE
from .lifecycle import IN_NOTICE
from .publishing import Publication
from .counts import by_category, count
from .i18n import _

SOON_DAYS = 30


@dataclass(frozen=True)
class Overview:
    """The lists `status` shows, each in a fixed order."""

    overdue: list[Issue]
    due_soon: list[Issue]
    scheduled: list[Issue]


def make_overview(content: Content, publication: Publication, soon_days: int = SOON_DAYS) -> Overview:
    issues = [issue for plan in content.plans for issue in plan.issues]
    today, horizon = publication.today, publication.today + timedelta(days=soon_days)
    overdue = sorted((i for i in issues if publication.is_overdue(i)),
                     key=lambda i: (-publication.days_overdue(i), i.plan, i.number))
    due_soon = sorted((i for i in issues if not i.is_finished and i.current_deadline.kind == DATE
                       and today <= i.current_deadline.date <= horizon),
                      key=lambda i: (i.current_deadline.date, i.plan, i.number))
    scheduled = sorted((i for i in issues if i.is_finished and not publication.is_published(i)),
                       key=lambda i: (i.published_on or date.max, i.plan, i.number))
    return Overview(overdue, due_soon, scheduled)


def _issue_table(title: str, columns: list[str], rows: list[list[str]]) -> Table | str:
    if not rows:
        return _("{title}: none", title=title)
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    return table


def print_status(content: Content, publication: Publication, console: Console) -> None:
    """Print the whole summary to the console."""
    today = publication.today
    console.print(_("Progress as of {today}", today=today.isoformat()))
    first = [_("plan"), _("number"), _("problem")]
    for plan in content.plans:
        table = Table(title=f"{plan.title} ({plan.slug})", title_justify="left")
        for column in (_("category"), _("problems"), _("done"), _("in progress"), _("not started"), _("overdue"),
                       _("published")):
            table.add_column(column, justify="right" if table.columns else "left")
        for category, _issues, tally in by_category(plan, publication):
            table.add_row(f"{category.number}. {category.title}", *_numbers(tally))
        table.add_row(_("total"), *_numbers(count(plan.issues, publication)), style="bold")
        console.print(table)
    overview = make_overview(content, publication)
    console.print(_issue_table(_("Overdue ({count})", count=len(overview.overdue)),
                               first + [_("current deadline"), _("days overdue")], [
        [i.plan, str(i.number), i.title, i.current_deadline.text, _("{days} days", days=publication.days_overdue(i))]
        for i in overview.overdue]))
    console.print(_issue_table(_("Due within {days} days ({count})", days=SOON_DAYS, count=len(overview.due_soon)),
                               first + [_("current deadline"), _("days left")], [
        [i.plan, str(i.number), i.title, i.current_deadline.date.isoformat(),
         _("{days} days", days=(i.current_deadline.date - today).days)]
        for i in overview.due_soon]))
    notices = [i for i in issues_of(content) if publication.phase(i) == IN_NOTICE]
    console.print(_issue_table(_("In notice ({count})", count=len(notices)), first + [_("notice ends"), _("left")], [
        [i.plan, str(i.number), i.title, publication.window(i).end.isoformat(),
         _("{days} days", days=publication.days_left(i)) if publication.window(i).day_kind != "working"
         else _("{days} working days", days=publication.days_left(i))]
        for i in notices]))
    console.print(_issue_table(_("Done, waiting for publication ({count})", count=len(overview.scheduled)),
                               first + [_("completed on"), _("published on")], [
        [i.plan, str(i.number), i.title, _iso(i.completed_on), _iso(i.published_on)]
        for i in overview.scheduled]))


def issues_of(content: Content) -> list[Issue]:
    return [issue for plan in content.plans for issue in plan.issues]


def _numbers(tally) -> list[str]:
    return [str(n) for n in (tally.total, tally.finished, tally.in_progress, tally.not_started, tally.overdue,
                             tally.published)]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"
