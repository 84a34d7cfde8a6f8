"""Counts for progress displays: done / in progress / not started / overdue of a set of problems."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import CLOSED, IN_PROGRESS, NOT_STARTED, Issue
from .lifecycle import IN_NOTICE, NOTICE_ENDED
from .publishing import Publication


@dataclass(frozen=True)
class Tally:
    total: int
    finished: int
    in_progress: int
    not_started: int
    overdue: int
    published: int
    in_notice: int = 0  # of the finished: the phases (lifecycle.py)
    notice_ended: int = 0
    closed: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0


def count(issues, publication: Publication) -> Tally:
    """Tally a group of problems on the build date."""
    phases = Counter()
    total = overdue = published = pending = 0
    for issue in issues:
        total += 1
        phase = publication.phase(issue)
        phases[phase] += 1
        overdue += publication.is_overdue(issue)
        published += publication.is_published(issue)
        # Done, not yet published: only internal views (preview, status) hold such a problem as done.
        pending += issue.is_finished and phase == IN_PROGRESS
    # Every count is of the phase the public sees (lifecycle.py), so that each equals the list of its
    # phase page (outputs/browse.py), the filter and the data files' phase column.
    return Tally(total=total, finished=phases[IN_NOTICE] + phases[NOTICE_ENDED] + phases[CLOSED] + pending,
                 in_progress=phases[IN_PROGRESS] - pending, not_started=phases[NOT_STARTED], overdue=overdue,
                 published=published,
                 in_notice=phases[IN_NOTICE], notice_ended=phases[NOTICE_ENDED], closed=phases[CLOSED])


def by_category(plan, publication: Publication) -> list[tuple[object, list[Issue], Tally]]:
    """Each category of a plan with its problems and their tally."""
    return [(category, issues, count(issues, publication))
            for category in plan.categories
            for issues in [[i for i in plan.issues if i.category == category.number]]]
