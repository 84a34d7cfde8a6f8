"""The publication rule: the ONE place that decides what of a problem is public on the build date.

A problem's record is public once it is done or closed and its publication date is not after the
build date. Everything else (pages, feed, search, sitemap, data files) asks this module; nothing
else looks at status or dates to decide visibility.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from . import lifecycle
from .model import IN_PROGRESS, Content, Issue, Plan
from .deadlines import DATE
from .lifecycle import NoticeRule, Window
from .lifecycle_fields import EMPTY, Lifecycle


@dataclass(frozen=True)
class Publication:
    """What the public may see on one build date."""

    today: date
    list_unfinished: bool = True
    preview: bool = False  # editors' preview: everything shown, clearly marked as not public
    notice: NoticeRule = NoticeRule()  # the site's default 公示期
    publish_progress: bool = False  # unfinished problems' progress notes and 序时进度 are public

    def is_published(self, issue: Issue) -> bool:
        """True when the problem's record (and everything about its work) is public."""
        return issue.is_finished and issue.published_on is not None and issue.published_on <= self.today

    def is_shown(self, issue: Issue) -> bool:
        """True when the record is rendered: published, or an editors' preview."""
        return self.preview or self.is_published(issue)

    def is_listed(self, issue: Issue) -> bool:
        """True when the problem appears in lists (its plan fields and status only, if unpublished)."""
        return self.preview or self.list_unfinished or self.is_published(issue)

    def is_overdue(self, issue: Issue) -> bool:
        """Past its current deadline (after any changes) on the build date and not done."""
        deadline = issue.current_deadline
        return not issue.is_finished and deadline.kind == DATE and deadline.date < self.today

    def days_overdue(self, issue: Issue) -> int:
        return (self.today - issue.current_deadline.date).days if self.is_overdue(issue) else 0

    def phase(self, issue: Issue) -> str:
        """The phase the public sees (lifecycle.py): of a problem as public_content leaves it."""
        return lifecycle.phase(issue, self.today, self.notice)

    def phase_label(self, issue: Issue) -> str:
        """The phase's label; a preview tells editors a done problem is waiting for its publication date."""
        if self.preview and issue.is_finished and not self.is_published(issue):
            return lifecycle.PENDING_LABEL
        return lifecycle.PHASE_LABELS[self.phase(issue)]

    def window(self, issue: Issue) -> Window | None:
        """The 公示期 of a shown problem (None for the others)."""
        return lifecycle.notice_window(issue, self.notice) if self.is_shown(issue) else None

    def days_left(self, issue: Issue) -> int:
        return lifecycle.days_left(issue, self.today, self.notice)

    def public_content(self, content: Content) -> Content:
        """The content without what may not be shown on the build date: each problem not shown keeps
        its plan fields and status, but not its record, progress notes, dates of completion and
        publication, or attachments. The pages never show them; taken out here, not even a site's
        own template can."""
        if self.preview:
            return content
        return Content(plans=[dataclasses.replace(plan, issues=tuple(map(self.public, plan.issues)))
                              for plan in content.plans], pages=content.pages)

    def public(self, issue: Issue) -> Issue:
        """One problem as public_content leaves it. A done problem not yet published is shown exactly as an
        unfinished one: status in progress (so overdue is judged as if unfinished), no completion."""
        if self.is_shown(issue):
            return issue
        progress = issue.progress if self.publish_progress else ()
        kept = Lifecycle(schedule=issue.lifecycle.schedule) if self.publish_progress and issue.lifecycle.schedule else EMPTY
        return dataclasses.replace(issue, packed_record=b"", progress=progress, completed_on=None, published_on=None,
                                   updated_on=None, attachments=(), history=(), lifecycle=kept, photos=(),
                                   status=IN_PROGRESS if issue.is_finished else issue.status)

    def listed(self, plan: Plan) -> list[Issue]:
        return [issue for issue in plan.issues if self.is_listed(issue)]

    def published(self, content: Content) -> list[Issue]:
        """Every published problem across plans, newest publication first, ties by plan and number."""
        issues = [i for plan in content.plans for i in plan.issues if self.is_shown(i)]
        return sorted(issues, key=lambda i: (-(i.published_on or date.min).toordinal(), i.plan, i.number))

