"""Issue 18: what the public sees of a problem's history and record.

修订记录 lists only versions that were public, dated the day each became public, with the one
public note a commit can carry (a `公开说明：` line): never a commit subject. HTML comments in a
record, hidden on the page, are not published anywhere else either.
"""
from __future__ import annotations

import os
import subprocess
import zipfile

import pytest

from conftest import run_build, tree

PLAN = "content/plans/demo-2019"
INTERNAL = "内部：退回重新整改，领导批示不合格"


def edit(site, old, new):
    path = site / PLAN / "01.md"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def commit(site, message, day):
    stamp = f"{day}T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": "编辑",
           "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.org"}
    if not (site / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=site, check=True, env=env)


def built_history(site, tmp_path, today="2019-06-01") -> tuple[str, dict]:
    output = tmp_path / "out"
    result = run_build(site, output=output, today=today)
    assert result.returncode == 0, result.stderr
    page = (output / "plans/demo-2019/issues/1.html").read_text()
    start = page.index("修订记录")
    items = page[start:page.index("</section>", start)]
    return items, tree(output)


def in_progress(site):
    edit(site, "status: done", "status: in progress")
    edit(site, "published_on: 2019-03-01\n", "")


def test_a_retracted_period_and_commit_subjects_are_never_published(basic_site, tmp_path):
    in_progress(basic_site)
    commit(basic_site, "导入方案", "2019-01-10")
    edit(basic_site, "status: in progress", "status: done")
    commit(basic_site, "内部：问题1办结\n\n公开说明：办理到位", "2019-03-02")
    edit(basic_site, "status: done", "status: in progress")
    commit(basic_site, INTERNAL, "2019-03-20")
    edit(basic_site, "3.2 公里", "3.4 公里")
    commit(basic_site, "内部：整改中修改长度\n\n公开说明：不应出现", "2019-04-01")
    edit(basic_site, "status: in progress", "status: done")
    commit(basic_site, "内部：复核通过\n公开说明：重新核实后办理到位", "2019-05-10")
    history, files = built_history(basic_site, tmp_path)
    assert history.count("<li>") == 2, history
    assert "2019年3月2日</time> 首次公开：办理到位" in history
    assert "2019年5月10日</time> 修订：重新核实后办理到位" in history
    for path, data in files.items():
        for word in ("内部", "不应出现", "导入方案"):
            assert word.encode() not in data, (path, word)


def test_scheduled_then_published_early_dates_the_first_publication_by_the_commit(basic_site, tmp_path):
    in_progress(basic_site)
    commit(basic_site, "导入方案", "2019-01-10")
    edit(basic_site, "status: in progress", "status: done\npublished_on: 2019-06-10")
    commit(basic_site, "内部：定于6月10日公开", "2019-03-02")
    edit(basic_site, "3.2 公里", "3.3 公里")
    commit(basic_site, "内部：领导修改", "2019-03-20")
    edit(basic_site, "published_on: 2019-06-10", "published_on: 2019-04-01")
    commit(basic_site, "内部：提前公开\n\n公开说明：办理到位", "2019-05-01")
    history, files = built_history(basic_site, tmp_path)
    # Public from the commit that brought the date forward (1 May), not from the date it names.
    assert history.count("<li>") == 1, history
    assert "2019年5月1日</time> 首次公开：办理到位" in history
    assert not any("内部".encode() in data for data in files.values())


def test_a_version_without_a_public_note_shows_its_date_only(basic_site, tmp_path):
    commit(basic_site, INTERNAL, "2019-03-02")
    history, files = built_history(basic_site, tmp_path)
    assert "2019年3月2日</time> 首次公开</li>" in history
    assert not any(INTERNAL.encode() in data for data in files.values())


@pytest.mark.parametrize("comment", ["<!-- SECRET-COMMENT 内部意见 -->", "<!--\nSECRET-COMMENT\n-->",
                                     "<!-- unclosed SECRET-COMMENT", "<!---->SECRET-COMMENT-NOT<!-- SECRET-COMMENT -->"])
def test_html_comments_in_a_record_are_published_nowhere(basic_site, tmp_path, comment):
    edit(basic_site, "## 办理情况", "## 办理情况\n\n<!-- SECRET-COMMENT 1 -->\n")
    path = basic_site / PLAN / "01.md"
    path.write_text(path.read_text() + f"\n{comment}\n")
    output = tmp_path / "out"
    result = run_build(basic_site, output=output)
    assert result.returncode == 0, result.stderr
    for path, data in tree(output).items():
        if path.endswith(".xlsx"):
            with zipfile.ZipFile(output / path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        assert b"SECRET-COMMENT " not in data and b"SECRET-COMMENT\n" not in data, path
    assert "已完成截污纳管" in (output / "data/issues.json").read_text()
