"""The publication rule decides what is public; these cases are the promise."""
from datetime import date
from pathlib import Path

import pytest

from disclosure.model import CLOSED, DONE, IN_PROGRESS, NOT_STARTED, Issue
from disclosure.deadlines import parse_deadline
from disclosure.publishing import Publication

TODAY = date(2019, 6, 1)


def make_issue(status, published_on=None, deadline="2019年5月底前", completed_on=None):
    return Issue(plan="p", number=1, category=1, problem="问题", title="问题", status=status,
                 source_path=Path("1.md"), deadline=parse_deadline(deadline),
                 completed_on=completed_on, published_on=published_on)


@pytest.mark.parametrize("status, published_on, expected", [
    (DONE, date(2019, 6, 1), True),          # published today
    (DONE, date(2019, 5, 1), True),
    (CLOSED, date(2019, 5, 1), True),
    (DONE, date(2019, 6, 2), False),         # scheduled for tomorrow
    (DONE, None, False),
    (IN_PROGRESS, date(2019, 5, 1), False),  # retracted: dates alone never publish
    (NOT_STARTED, date(2019, 5, 1), False),
])
def test_record_is_public_only_when_finished_and_due(status, published_on, expected):
    assert Publication(TODAY).is_published(make_issue(status, published_on)) is expected


def test_preview_shows_everything_but_publishes_nothing_more():
    rule = Publication(TODAY, preview=True)
    issue = make_issue(IN_PROGRESS)
    assert rule.is_shown(issue) and not rule.is_published(issue)


def test_unfinished_problems_are_listed_only_when_configured():
    unfinished, finished = make_issue(IN_PROGRESS), make_issue(DONE, date(2019, 5, 1))
    assert Publication(TODAY).is_listed(unfinished)
    assert not Publication(TODAY, list_unfinished=False).is_listed(unfinished)
    assert Publication(TODAY, list_unfinished=False).is_listed(finished)


@pytest.mark.parametrize("status, deadline, expected", [
    (IN_PROGRESS, "2019年5月底前", True),
    (NOT_STARTED, "20195月底前", True),      # damaged form still counts
    (IN_PROGRESS, "2019年6月底前", False),   # not yet due
    (IN_PROGRESS, "2019年6月1日前", False),  # due today is not overdue
    (DONE, "2019年5月底前", False),
    (IN_PROGRESS, "立行立改、持续推进", False),
    (IN_PROGRESS, "按照省里统一部署，在规定时间内完成。", False),
])
def test_overdue(status, deadline, expected):
    rule = Publication(TODAY)
    assert rule.is_overdue(make_issue(status, deadline=deadline)) is expected


def test_days_overdue_counts_from_deadline():
    assert Publication(TODAY).days_overdue(make_issue(IN_PROGRESS, deadline="2019年5月底前")) == 1
