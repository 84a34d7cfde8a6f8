"""Counts for progress displays: done / in progress / not started / overdue of a set of problems."""
from __future__ import annotations

from dataclasses import dataclass

from .content import DONE, CLOSED, IN_PROGRESS, NOT_STARTED, Issue
from .publishing import Publication


@dataclass(frozen=True)
class Tally:
    total: int
    finished: int
    in_progress: int
    not_started: int
    overdue: int
    published: int

    @property
    def percent(self) -> int:
        return round(100 * self.finished / self.total) if self.total else 0


def count(issues, publication: Publication) -> Tally:
    """Tally a group of problems on the build date."""
    issues = list(issues)
    return Tally(
        total=len(issues),
        finished=sum(i.status in (DONE, CLOSED) for i in issues),
        in_progress=sum(i.status == IN_PROGRESS for i in issues),
        not_started=sum(i.status == NOT_STARTED for i in issues),
        overdue=sum(publication.is_overdue(i) for i in issues),
        published=sum(publication.is_published(i) for i in issues),
    )


def by_category(plan, publication: Publication) -> list[tuple[object, list[Issue], Tally]]:
    """Each category of a plan with its problems and their tally."""
    return [(category, issues, count(issues, publication))
            for category in plan.categories
            for issues in [[i for i in plan.issues if i.category == category.number]]]
