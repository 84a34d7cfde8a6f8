"""The lifecycle: the phase from the facts and the build date, notice windows in calendar and
working days (China's holidays and 调休), and a done problem before its publication date."""
from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from disclosure.model import CLOSED, DONE, IN_PROGRESS, NOT_STARTED, Issue
from disclosure.deadlines import parse_deadline
from disclosure.lifecycle import (IN_NOTICE, NOTICE_ENDED, NoticeRule, UnknownYear, add_days, check_issue,
                                  count_days, days_left, notice_window, phase)
from disclosure.lifecycle_fields import Lifecycle, WindowSpec
from disclosure.publishing import Publication

WEEK = NoticeRule(7, "calendar")


def make_issue(status=DONE, published_on=date(2019, 12, 13), closed_on=None, window=WindowSpec(), **life):
    return Issue(plan="p", number=1, category=1, problem="问题", title="问题", status=status,
                 source_path=Path("content/plans/p/1.md"), deadline=parse_deadline("2019年5月底前"),
                 completed_on=published_on, published_on=published_on,
                 lifecycle=Lifecycle(window=window, closed_on=closed_on, **life))


def test_calendar_window_counts_its_first_and_last_day():
    assert add_days(date(2019, 12, 13), 7, "calendar") == date(2019, 12, 19)
    assert count_days(date(2019, 12, 13), date(2019, 12, 19), "calendar") == 7


@pytest.mark.parametrize("start, end", [
    # 国庆 2024: 10-01..07 off, Sunday 09-29 and Saturday 10-12 worked (调休).
    (date(2024, 9, 27), date(2024, 10, 15)),
    # 春节 2025: 01-28..02-04 off, Sunday 01-26 and Saturday 02-08 worked.
    (date(2025, 1, 24), date(2025, 2, 12)),
])
def test_working_days_skip_holidays_and_count_adjusted_weekends(start, end):
    assert add_days(start, 10, "working") == end
    assert count_days(start, end, "working") == 10


def test_working_days_in_an_unknown_year_are_an_error_naming_the_known_years():
    with pytest.raises(UnknownYear):
        add_days(date(2099, 1, 5), 5, "working")
    issue = make_issue(published_on=date(2099, 1, 5))
    [problem] = check_issue(issue, NoticeRule(5, "working"))
    assert problem.field == "notice_window"
    assert "working days cannot be counted for 2099: the chinese-calendar package knows 2004–" in problem.message


def test_window_defaults_to_the_site_and_takes_the_file_s_end_or_days():
    issue = make_issue()
    assert notice_window(issue, WEEK).end == date(2019, 12, 19)
    given = make_issue(window=WindowSpec(start=date(2024, 9, 27), days=10, day_kind="working"))
    window = notice_window(given, WEEK)
    assert (window.start, window.end, window.days, window.unit) == (date(2024, 9, 27), date(2024, 10, 15), 10, "个工作日")
    ended = make_issue(window=WindowSpec(end=date(2019, 12, 23)))
    assert notice_window(ended, WEEK).days == 11


@pytest.mark.parametrize("issue, today, expected", [
    (make_issue(NOT_STARTED, None), date(2019, 12, 20), NOT_STARTED),
    (make_issue(IN_PROGRESS, None), date(2019, 12, 20), IN_PROGRESS),
    (make_issue(DONE), date(2019, 12, 12), IN_PROGRESS),  # done, not yet published
    (make_issue(DONE), date(2019, 12, 13), IN_NOTICE),
    (make_issue(DONE), date(2019, 12, 19), IN_NOTICE),  # the last day counts
    (make_issue(DONE), date(2019, 12, 20), NOTICE_ENDED),
    (make_issue(CLOSED, closed_on=date(2019, 12, 25)), date(2019, 12, 24), NOTICE_ENDED),
    (make_issue(CLOSED, closed_on=date(2019, 12, 25)), date(2019, 12, 25), CLOSED),
    (make_issue(CLOSED, published_on=date(2020, 1, 1), closed_on=date(2020, 1, 9)), date(2019, 12, 25), IN_PROGRESS),
])
def test_phase(issue, today, expected):
    assert phase(issue, today, WEEK) == expected


def test_days_left_counts_today():
    assert days_left(make_issue(), date(2019, 12, 19), WEEK) == 1
    assert days_left(make_issue(), date(2019, 12, 20), WEEK) == 0


def test_closing_within_the_window_needs_the_objection_result():
    early = make_issue(CLOSED, closed_on=date(2019, 12, 19))
    [problem] = check_issue(early, WEEK)
    assert str(problem) == ("content/plans/p/1.md: closed_on: 2019-12-19 falls within the notice window "
                            "(it ends 2019-12-19); close it after the notice window, or say why in objection_result")
    explained = dataclasses.replace(early, lifecycle=dataclasses.replace(early.lifecycle, objection_result="无异议，提前销号。"))
    assert check_issue(explained, WEEK) == []
    assert check_issue(make_issue(CLOSED, closed_on=date(2019, 12, 20)), WEEK) == []


def test_a_done_problem_before_its_publication_date_is_public_as_unfinished():
    rule = Publication(date(2019, 12, 12), notice=WEEK)
    public = rule.public(make_issue(DONE, closed_on=None, long_term=True, objection_result="无"))
    assert public.status == IN_PROGRESS and public.completed_on is None and public.published_on is None
    assert public.lifecycle == Lifecycle()
    assert rule.is_overdue(public)  # its deadline (2019-05-31) is past: judged as if unfinished
    assert rule.phase_label(public) == "整改中"
    preview = Publication(date(2019, 12, 12), preview=True, notice=WEEK)
    assert preview.phase_label(make_issue(DONE)) == "已完成（待公示）"


def test_progress_notes_and_schedule_are_public_only_when_switched_on():
    issue = make_issue(IN_PROGRESS, None, schedule="behind")
    assert Publication(date(2019, 12, 12)).public(issue).lifecycle.schedule == ""
    assert Publication(date(2019, 12, 12), publish_progress=True).public(issue).lifecycle.schedule == "behind"


def test_photos_are_drawn_once_and_the_cached_build_gives_the_same_bytes(tmp_path, monkeypatch):
    from conftest import SITES, tree
    from disclosure import incremental, photos, pipeline

    case = SITES / "lifecycle"
    today = date.fromisoformat((case / "today").read_text().strip())
    args = (case / "site_config.yaml", case / "content")
    pipeline.build_site(*args, tmp_path / "plain", today)
    incremental.build_site(*args, tmp_path / "cached", today, cache_dir=tmp_path / "cache", jobs=1)
    assert tree(tmp_path / "cached") == tree(tmp_path / "plain")
    assert (tmp_path / "plain/plans/demo-2024/issues/9/photos/09-after-web.png").is_file()

    def refuse(self):
        raise AssertionError(f"{self.source} drawn again")

    monkeypatch.setattr(photos.Rendition, "data", refuse)
    incremental.build_site(*args, tmp_path / "again", today, cache_dir=tmp_path / "cache", jobs=1)
    assert tree(tmp_path / "again") == tree(tmp_path / "plain")


def test_personal_data_in_the_lifecycle_fields_of_a_published_problem_stops_the_build(tmp_path):
    import shutil

    from conftest import SITES, run_build

    site = tmp_path / "site"
    shutil.copytree(SITES / "lifecycle", site, ignore=shutil.ignore_patterns("expected"))
    problem = site / "content/plans/demo-2024/04.md"
    # The problem's own objection phone is published on purpose; a mobile in the acceptance result is not.
    problem.write_text(problem.read_text(encoding="utf-8").replace(
        '  phone: "0000-1111111"', '  phone: "13900001111"').replace(
        "status: done", "status: done\nacceptance:\n  result: 经联系人13812345678确认，同意验收。"), encoding="utf-8")
    result = run_build(site, output=tmp_path / "out", today="2024-10-15")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == [
        "content/plans/demo-2024/04.md:9: acceptance: personal data (mobile number '138****5678') may not be "
        "published; mask it with 'python build.py redact' (or edit it by hand); if it is public on purpose, list it "
        "in the problem file's public_data or in public_contacts of site_config.yaml"]
    # Before its publication date nothing of it is public: the build goes on.
    assert run_build(site, output=tmp_path / "out", today="2024-09-20").returncode == 0


def test_published_progress_notes_are_checked_for_personal_data(tmp_path):
    import shutil

    from conftest import SITES, run_build

    site = tmp_path / "site"
    shutil.copytree(SITES / "lifecycle-progress", site, ignore=shutil.ignore_patterns("expected"))
    problem = site / "content/plans/demo-2025/01.md"
    problem.write_text(problem.read_text(encoding="utf-8").replace("受春节影响，施工暂停。", "施工方联系人13812345678。"),
                       encoding="utf-8")
    result = run_build(site, output=tmp_path / "out", today="2025-02-06")
    assert result.returncode == 1 and "01.md:13: progress: personal data (mobile number '138****5678')" in result.stderr
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("publish_progress: true", "publish_progress: false"),
                      encoding="utf-8")
    assert run_build(site, output=tmp_path / "out", today="2025-02-06").returncode == 0
