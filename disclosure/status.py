"""`build.py status`: where things stand, at a glance, in the terminal.

Per plan and category, per responsible unit and per leader: done / in progress / not started /
overdue; the overdue problems with days overdue; deadlines in the next 30 days; notices open and due
to close; problems done but waiting for a later publication date; with --quiet-days, unfinished
problems without a recent progress note; the complaint batches' tables (status_complaints.py).
--format xlsx writes the same tables as a workbook.
Judged on the build date with the public rule (not a preview), against each current deadline.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .model import Content, Issue
from .deadlines import DATE
from .publishing import Publication
from .counts import by_category, count
from .status_groups import Section, group_sections, notice_sections, open_notices, problem_section, quiet_section
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


def _issue_table(title: str, columns: list[str], rows: list[list[str]], numeric_from: int = 99) -> Table | str:
    if not rows:
        return _("{title}: none", title=title)
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index >= numeric_from else "left")
    for row in rows:
        table.add_row(*row)
    return table


def status_sections(content: Content, publication: Publication, units=(), quiet_days: int | None = None) -> list[Section]:
    """Every table of the status report, in the order it is shown (and the sheets of --format xlsx)."""
    today = publication.today
    sections = [_plan_section(plan, publication) for plan in content.plans]
    issues = issues_of(content)
    sections += group_sections(issues, publication, units)
    overview = make_overview(content, publication)

    def add(name: str, title: str, columns: tuple, rows) -> None:
        sections.append(problem_section(name, title, columns, rows))

    add(_("overdue problems"), _("Overdue ({count})", count=len(overview.overdue)), (_("current deadline"), _("days overdue")),
        [(i, (i.current_deadline.text, _("{days} days", days=publication.days_overdue(i))))
         for i in overview.overdue])
    add(_("due within {days} days", days=SOON_DAYS),
        _("Due within {days} days ({count})", days=SOON_DAYS, count=len(overview.due_soon)),
        (_("current deadline"), _("days left")),
        [(i, (i.current_deadline.date.isoformat(), _("{days} days", days=(i.current_deadline.date - today).days)))
         for i in overview.due_soon])
    notices = open_notices(issues, publication)
    add(_("in notice"), _("In notice ({count})", count=len(notices)), (_("notice ends"), _("left")),
        [(i, (publication.window(i).end.isoformat(), _days_left(publication, i))) for i in notices])
    sections += notice_sections(issues, publication)
    add(_("done, waiting for publication"), _("Done, waiting for publication ({count})", count=len(overview.scheduled)),
        (_("completed on"), _("published on")),
        [(i, (_iso(i.completed_on), _iso(i.published_on))) for i in overview.scheduled])
    if quiet_days is not None:
        sections.append(quiet_section(issues, publication, quiet_days))
    return sections


def _plan_section(plan, publication: Publication) -> Section:
    rows = [(f"{category.number}. {category.title}", *_numbers(tally))
            for category, _issues, tally in by_category(plan, publication)]
    rows.append((_("total"), *_numbers(count(plan.issues, publication))))
    columns = (_("category"), _("problems"), _("done"), _("in progress"), _("not started"), _("overdue"), _("published"))
    return Section(plan.slug[:31], f"{plan.title} ({plan.slug})", columns, tuple(rows), 1)


def _days_left(publication: Publication, issue: Issue) -> str:
    days = publication.days_left(issue)
    if publication.window(issue).day_kind == "working":
        return _("{days} working days", days=days)
    return _("{days} days", days=days)


def print_status(sections: list[Section], today: date, console: Console) -> None:
    """Print the whole summary to the console."""
    console.print(_("Progress as of {today}", today=today.isoformat()))
    for section in sections:
        console.print(_issue_table(section.title, list(section.columns), [list(row) for row in section.rows],
                                   section.numeric_from))


def issues_of(content: Content) -> list[Issue]:
    return [issue for plan in content.plans for issue in plan.issues]


def _numbers(tally) -> list[str]:
    return [str(n) for n in (tally.total, tally.finished, tally.in_progress, tally.not_started, tally.overdue,
                             tally.published)]


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"


def show_status(args, config, content: Content, publication: Publication, batches=()) -> int:
    """`status` as the command line asks: the tables in the terminal, or a workbook (--format xlsx).
    batches: the site's complaint batches (their tables follow the problems')."""
    import sys

    from .complaints.site import complaint_rule
    from .status_complaints import complaint_sections
    from .status_xlsx import write_status_xlsx

    sections = status_sections(content, publication, config.units, args.quiet_days)
    sections += complaint_sections(list(batches), complaint_rule(config, publication))
    if args.format == "xlsx":
        path = args.output or Path(f"status-{publication.today.isoformat()}.xlsx")
        try:
            write_status_xlsx(path, sections, publication.today)
        except OSError as error:
            print(_("error: cannot write {path}: {reason}", path=path, reason=error.strerror or error), file=sys.stderr)
            return 1
        print(_("wrote {path}: {count} sheets", path=path, count=len(sections)))
        return 0
    console = Console() if sys.stdout.isatty() else Console(width=120, color_system=None)
    print_status(sections, publication.today, console)
    return 0
