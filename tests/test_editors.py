"""The editors' commands (check, status, new), deadline changes and the 修订记录 from git."""
import json
import os
import subprocess
from pathlib import Path
import sys

import pytest

from conftest import ROOT, leaks, run_build

PLAN = "content/plans/demo-2019"


def run(site, *args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=site, capture_output=True,
                          text=True, timeout=300)


def edit(site, name, old, new):
    path = site / PLAN / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new))


# check

def test_check_passes_a_good_site_and_writes_nothing(basic_site):
    result = run(basic_site, "check", "--today", "2019-06-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout
    assert not (basic_site / "output").exists()


def test_check_reports_every_error_and_fails(basic_site):
    edit(basic_site, "01.md", "status: done", "status: finnished")
    edit(basic_site, "02.md", "category: 1", "category: 9")
    result = run(basic_site, "check", "--today", "2019-06-01")
    assert result.returncode == 1
    assert "content/plans/demo-2019/01.md:13: status: 'finnished' is not a status" in result.stdout
    assert any(line.startswith("content/plans/demo-2019/02.md") and "category: category 9 is not in" in line
               for line in result.stdout.splitlines())


def test_warnings_fail_only_with_strict(basic_site):
    edit(basic_site, "03.md", "SECRET-RECORD-03 scheduled for later.", "")
    # (A deadline naming no date, 尽快完成, is a rule by design; one missing its year is a mistake.)
    edit(basic_site, "02.md", "deadline: 2018年12月底", "deadline: 6月底前")
    edit(basic_site, "01.md", "已完成截污纳管", "2019年5月8日已完成截污纳管")
    relaxed = run(basic_site, "check", "--today", "2019-06-01")
    assert relaxed.returncode == 0, relaxed.stdout
    lines = relaxed.stdout.splitlines()
    assert "content/plans/demo-2019/03.md: warning: record: [record-empty] the problem is done but its record is empty; " \
           "write what was done below the closing '---'" in lines
    assert any(line.startswith("content/plans/demo-2019/02.md:7: warning: deadline: [deadline-unread] '6月底前' cannot be read")
               for line in lines)
    assert any(line.startswith("content/plans/demo-2019/01.md:22: warning: record: [date-after-completion] mentions 2019年5月8日, "
                               "after the completion date 2019-02-20") for line in lines)
    strict = run(basic_site, "check", "--strict", "--today", "2019-06-01")
    assert strict.returncode == 1 and "3 warning(s)" in strict.stdout


def test_check_json_for_machines(basic_site):
    edit(basic_site, "01.md", "status: done", "status: finnished")
    result = run(basic_site, "check", "--format", "json", "--today", "2019-06-01")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["warnings"] == []
    [error] = report["errors"]
    assert {key: error[key] for key in ("field", "line", "message", "path", "severity")} == {
        "field": "status", "line": 13, "message": "'finnished' is not a status",
        "path": "content/plans/demo-2019/01.md", "severity": "error"}


def test_check_catches_template_errors(basic_site, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue.html").write_text("{% extends 'base.html' %}{% block content %}{{ issue.nonexistent }}{% endblock %}")
    result = run(basic_site, "check", "--templates", str(templates), "--today", "2019-06-01")
    assert result.returncode == 1 and "issue.html" in result.stdout and "template error" in result.stdout


def build_with_template(site, tmp_path, name, text):
    """Build the site with one template of its own; the run and the output folder."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / name).write_text(text)
    output = tmp_path / "out"
    return run(site, "build", "--templates", str(templates), "--output", str(output), "--today", "2019-06-01"), output


def test_a_template_that_fails_while_rendering_is_reported_at_its_line(basic_site, tmp_path):
    """Not only Jinja's own errors: any exception raised by a site's template names the file and line."""
    result, output = build_with_template(basic_site, tmp_path, "issue.html", "{% extends 'base.html' %}\n"
                                         "{% block content %}\n<p>{{ issue.number / 0 }}</p>\n{% endblock %}\n")
    assert result.returncode == 1
    assert "issue.html:3: template error: ZeroDivisionError: division by zero" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not output.exists()


def test_internal_notes_are_out_of_reach_of_templates(basic_site, tmp_path):
    """内部备注 are never public: not even a site's own template can show them."""
    edit(basic_site, "01.md", "status: done", "status: done\ninternal_notes: 只供内部的备注")
    result, output = build_with_template(basic_site, tmp_path, "issue.html",
                                         "{% extends 'base.html' %}{% block content %}{{ issue.internal_notes }}{% endblock %}")
    assert result.returncode == 1 and "internal_notes" in result.stderr, result.stderr
    assert "只供内部的备注" not in result.stderr + result.stdout and not output.exists()


def test_a_site_template_cannot_show_what_is_not_public(basic_site, tmp_path):
    """The model a build renders holds no unpublished record, progress note or internal note: a
    site's own template that prints every problem's fields still publishes only what is public."""
    result, output = build_with_template(
        basic_site, tmp_path, "plan.html", "{% extends 'base.html' %}{% block content %}{% for issue in plan.issues %}"
        "<p>{{ issue.record }}|{{ issue.progress }}|{{ issue.completed_on }}|{{ issue.published_on }}</p>"
        "{% endfor %}{% endblock %}")
    assert result.returncode == 0, result.stderr
    page = (output / "plans/demo-2019/index.html").read_text(encoding="utf-8")
    assert "SECRET-RECORD-02" not in page and "SECRET-PROGRESS-02" not in page
    published = {row["number"] for row in json.loads((output / "data/issues.json").read_text()) if row["published"]}
    shown = [issue for issue in ("01", "02", "03") if int(issue) in published]
    assert shown and all(
        (basic_site / PLAN / f"{issue}.md").read_text(encoding="utf-8").split("---\n", 2)[2].strip()[:20] in page
        for issue in shown), "the published records are missing: the template shows nothing at all"


# status

def test_status_summarises_progress_overdue_soon_and_scheduled(basic_site):
    edit(basic_site, "02.md", "status: in progress", "status: in progress\ndeadline_changes:\n"
         "  - date: 2019-01-05\n    deadline: 2019-06-20\n    reason: 安置房尚未建成。")
    (basic_site / PLAN / "04.md").write_text("---\nnumber: 4\ncategory: 2\nproblem: 扬尘污染问题突出。\n"
                                               "deadline: 2019年3月底前\nstatus: not started\n---\n")
    result = run(basic_site, "status", "--today", "2019-06-01", "--lang", "zh")  # (as the office reads it)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "│ 合计            │      4 │        2 │      1 │      1 │    1 │      1 │" in out
    assert "逾期问题 (1)" in out and "│ demo-2019 │ 4    │ 扬尘污染问题突出。 │ 2019年3月底前 │ 62 天" in out
    assert "30 天内到期 (1)" in out and "2019-06-20 │ 19 天" in out
    assert "已完成（待公示） (1)" in out and "2099-01-01" in out
    assert "公示中 (0)：无" in out  # (1 was published 2019-03-01: its 10 days are over)


def test_status_refuses_broken_content(basic_site):
    edit(basic_site, "01.md", "status: done", "status: finnished")
    result = run(basic_site, "status", "--today", "2019-06-01")
    assert result.returncode == 1 and "'finnished' is not a status" in result.stderr


# new

def test_new_writes_next_number_that_builds_once_filled(basic_site):
    result = run(basic_site, "new", "--plan", "demo-2019", "--category", "2")
    assert result.returncode == 0, result.stderr
    path = basic_site / PLAN / "04.md"
    text = path.read_text()
    for field in ("number: 4", "category: 2", "problem:", "goal:", "measures:", "deadline:", "responsible:",
                  "supervising:", "leader:", "status: not started", "completed_on:", "published_on:",
                  "deadline_changes:", "progress:", "attachments:", "internal_notes:"):
        assert field in text
    unfilled = run(basic_site, "check", "--today", "2019-06-01")
    assert unfilled.returncode == 1 and "04.md:4: problem: is required" in unfilled.stdout
    path.write_text(text.replace("problem:   ", "problem: 新增问题。"))
    assert run(basic_site, "check", "--today", "2019-06-01").returncode == 0
    again = run(basic_site, "new", "--plan", "demo-2019")
    assert again.returncode == 0 and (basic_site / PLAN / "05.md").exists()
    assert (basic_site / PLAN / "04.md").read_text() == text.replace("problem:   ", "problem: 新增问题。")


def test_new_refuses_unknown_plan(basic_site):
    result = run(basic_site, "new", "--plan", "no-such-plan")
    assert result.returncode == 1 and "there is no plan 'no-such-plan'" in result.stderr


# deadline changes

def test_deadline_change_moves_overdue_and_keeps_the_original(basic_site, tmp_path):
    edit(basic_site, "01.md", "status: done", "status: done\ndeadline_changes:\n"
         "  - date: 2018-09-20\n    deadline: 2018年12月底前\n    reason: 管网施工受汛期影响。")
    edit(basic_site, "02.md", "status: in progress", "status: in progress\ndeadline_changes:\n"
         "  - date: 2018-12-20\n    deadline: 2019-03-31\n    reason: 需等待安置房建成。\n"
         "  - date: 2019-03-25\n    deadline: 2019-12-31\n    reason: 安置房延期交付。")
    output = tmp_path / "out"
    assert run_build(basic_site, output=output).returncode == 0
    rows = {row["number"]: row for row in json.loads((output / "data/issues.json").read_text())}
    assert rows[2]["overdue"] is False and rows[2]["deadline"] == "2018年12月底"
    assert rows[2]["deadline_date"] == "2019-12-31"
    page = (output / "plans/demo-2019/issues/1.html").read_text()
    assert "20189月底前（原定）" in page
    assert "调整为 <strong>2018年12月底前</strong>。理由：管网施工受汛期影响。" in page
    listing = (output / "plans/demo-2019/index.html").read_text()
    assert "2019-12-31 <span class=\"flag-changed\"" in listing
    assert "需等待安置房建成" not in listing, "reasons of an unpublished problem stay off public lists"
    later = tmp_path / "later"
    assert run_build(basic_site, output=later, today="2020-01-10").returncode == 0
    rows = {row["number"]: row for row in json.loads((later / "data/issues.json").read_text())}
    assert rows[2]["overdue"] is True
    assert "逾期10天" in (later / "plans/demo-2019/index.html").read_text()


# history from git

def git(site, *args, date="2019-03-02T10:00:00+08:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "编辑",
           "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.org"}
    subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)


@pytest.fixture
def repo_site(basic_site):
    """The basic site as a content repository whose problem 1 is done, revised and noted over time."""
    edit(basic_site, "01.md", "status: done", "status: in progress")
    edit(basic_site, "01.md", "published_on: 2019-03-01\n", "")
    git(basic_site, "init", "-q")
    git(basic_site, "add", "-A")
    git(basic_site, "commit", "-qm", "导入方案：SECRET-SUBJECT-BEFORE", date="2019-01-10T09:00:00+08:00")
    edit(basic_site, "01.md", "status: in progress", "status: done")
    git(basic_site, "commit", "-qam", "问题1办理到位，公开\n\n公开说明：办理到位", date="2019-03-02T10:00:00+08:00")
    edit(basic_site, "01.md", "status: done", "status: done\ninternal_notes: 内部")
    git(basic_site, "commit", "-qam", "只改内部备注", date="2019-03-10T10:00:00+08:00")
    edit(basic_site, "01.md", "3.2 公里", "3.5 公里")
    git(basic_site, "commit", "-qam", "更正问题1截污长度\n\n公开说明：更正截污长度", date="2019-04-05T10:00:00+08:00")
    edit(basic_site, "01.md", "3.5 公里", "3.6 公里")
    git(basic_site, "commit", "-qam", "再次更正\n\n公开说明：再次更正长度", date="2019-07-01T10:00:00+08:00")
    return basic_site


def history_of(output):
    page = (output / "plans/demo-2019/issues/1.html").read_text()
    start = page.index("修订记录")
    return page[start:page.index("</section>", start)]


def test_history_lists_publication_and_public_changes_only(repo_site, tmp_path):
    output = tmp_path / "out"
    result = run_build(repo_site, output=output, today="2019-06-01")
    assert result.returncode == 0, result.stderr
    history = history_of(output)
    assert "2019年3月2日</time> 首次公开：办理到位" in history
    assert "2019年4月5日</time> 修订：更正截污长度" in history
    assert "问题1" not in history, "a commit subject is never published: only its 公开说明 line"
    assert "只改内部备注" not in history, "a change to internal notes is not a public revision"
    assert "再次更正长度" not in history, "a commit after the build date is not shown"
    assert history.count("<li>") == 2
    assert leaks(output, ["SECRET-SUBJECT-BEFORE"]) == []


def test_history_comes_from_commits_only(repo_site, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_build(repo_site, output=first, today="2019-08-01").returncode == 0
    edit(repo_site, "01.md", "3.6 公里", "3.7 公里")  # uncommitted: no new revision line
    assert run_build(repo_site, output=second, today="2019-08-01").returncode == 0
    assert history_of(first) == history_of(second)
    assert "2019年7月1日</time> 修订：再次更正长度" in history_of(second)


def test_history_reads_each_committed_version_once(repo_site, tmp_path, monkeypatch):
    """The cache keeps what the public saw of each version (by git blob): a rebuild after a new
    commit reads only the new version, and shows the same 修订记录 as a build without the cache."""
    from datetime import date
    from disclosure import history
    from disclosure.incremental import build_site
    read = []
    real_view = history.public_view
    monkeypatch.setattr(history, "public_view", lambda data: read.append(data) or real_view(data))
    monkeypatch.chdir(repo_site)

    def build(output, cache):
        build_site(repo_site / "site_config.yaml", Path("content"), output, date(2019, 8, 1), cache_dir=cache)
        return history_of(output)

    cache = tmp_path / "cache"
    build(tmp_path / "a", cache)
    assert len(read) == len(set(read)) >= 5  # problem 1's five committed versions, and other problems'
    edit(repo_site, "01.md", "3.6 公里", "3.8 公里")
    git(repo_site, "commit", "-qam", "第三次更正\n公开说明：第三次更正", date="2019-07-20T10:00:00+08:00")
    read.clear()
    cached = build(tmp_path / "b", cache)
    assert len(read) == 1 and b"3.8" in read[0]
    assert cached == build(tmp_path / "c", None) and "第三次更正" in cached


def test_no_history_without_git(basic_site, tmp_path):
    output = tmp_path / "out"
    assert run_build(basic_site, output=output).returncode == 0
    assert "修订记录" not in (output / "plans/demo-2019/issues/1.html").read_text()


def test_no_history_before_scheduled_publication(repo_site, tmp_path):
    """A version that names a later publication date is public from that day: edits made while it
    waited were never seen, and a publication date set after it was public changes nothing of its past."""
    edit(repo_site, "01.md", "status: done", "status: done\npublished_on: 2019-05-01")
    git(repo_site, "commit", "-qam", "推迟公开\n公开说明：公开日期更正", date="2019-07-02T10:00:00+08:00")
    output = tmp_path / "out"
    assert run_build(repo_site, output=output, today="2019-08-01").returncode == 0
    history = history_of(output)
    assert "2019年3月2日</time> 首次公开：办理到位" in history  # public since then, whatever the file says now
    assert "2019年7月2日</time> 修订：公开日期更正" in history


def test_history_can_be_switched_off(repo_site, tmp_path):
    config = repo_site / "site_config.yaml"
    config.write_text(config.read_text() + "history: false\n")
    output = tmp_path / "out"
    assert run_build(repo_site, output=output, today="2019-06-01").returncode == 0
    assert "修订记录" not in (output / "plans/demo-2019/issues/1.html").read_text()
