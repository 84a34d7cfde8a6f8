"""What an editor reads for the mistakes a Chinese keyboard makes (issue 17 §2, §3): each case a
broken problem file laid over tests/sites/basic, with the exact Chinese line (the default) and the
exact English one (DISCLOSURE_LANG=en), the file's line included."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SITES

HEAD = "---\nnumber: 2\ncategory: 1\nproblem: 饮用水源保护区内存在违法建筑。\n"
FILE = "content/plans/demo-2019/02.md"


def messages(tmp_path: Path, text: str, language: str, name: str = "02.md") -> list[str]:
    """The lines a build of the basic site with this problem file prints, its summary left out."""
    site = tmp_path / f"site-{language}"
    if not site.exists():
        shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    (site / "content/plans/demo-2019" / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "DISCLOSURE_LANG": language}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--today", "2019-06-01",
                           "--output", str(tmp_path / f"out-{language}")], cwd=site, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr.splitlines()[:-1]


def assert_says(tmp_path, text: str, chinese, english) -> None:
    """The build says exactly these lines (one, or a list) in Chinese and in English."""
    chinese, english = ([lines] if isinstance(lines, str) else lines for lines in (chinese, english))
    assert messages(tmp_path, text, "zh") == [f"{FILE}:{line}" for line in chinese]
    assert messages(tmp_path, text, "en") == [f"{FILE}:{line}" for line in english]


# §2: YAML as a Chinese keyboard types it.

def test_full_width_colon_after_a_key(tmp_path):
    assert_says(tmp_path, HEAD + "status：in progress\n---\n",
                "5: “status”后面是全角冒号“：”；改成半角冒号加一个空格：status: in progress",
                "5: a full-width colon '：' after 'status'; type a half-width colon and a space: status: in progress")


def test_full_width_colon_after_a_chinese_label_mid_file(tmp_path):
    assert_says(tmp_path, HEAD + "整改目标：拆除违法建筑。\nstatus: in progress\n---\n",
                "5: “整改目标”后面是全角冒号“：”；改成半角冒号加一个空格：整改目标: 拆除违法建筑。",
                "5: a full-width colon '：' after '整改目标'; type a half-width colon and a space: 整改目标: 拆除违法建筑。")


def test_no_space_after_the_colon(tmp_path):
    assert_says(tmp_path, HEAD + "status:in progress\n---\n",
                "5: “status”的冒号后面缺少空格；在冒号后面加一个空格：status: in progress",
                "5: no space after the colon of 'status'; type a space after the colon: status: in progress")


def test_no_space_after_the_colon_in_a_progress_item(tmp_path):
    assert_says(tmp_path, HEAD + "status: in progress\nprogress:\n  - date:2018-11-01\n    note: 完成排查。\n---\n",
                "7: “date”的冒号后面缺少空格；在冒号后面加一个空格：date: 2018-11-01",
                "7: no space after the colon of 'date'; type a space after the colon: date: 2018-11-01")


def test_tab_in_the_indentation(tmp_path):
    assert_says(tmp_path, HEAD + "status: in progress\nmeasures:\n\t- 排查\n---\n",
                "7: 缩进里有制表符（Tab 键）；缩进只用空格，每一级两个空格",
                "7: a tab (Tab key) in the indentation; indent with spaces only, two for each level")


def test_tab_in_the_text(tmp_path):
    assert_says(tmp_path, HEAD + "status: in progress\nmeasures:\n  - 排查\t整治\n---\n",
                "7: 文字中有制表符（Tab 键）；把它改成空格",
                "7: a tab (Tab key) in the text; replace it with a space")


@pytest.mark.parametrize("dash", ["－", "—"])
def test_full_width_dash_starting_list_items(tmp_path, dash):
    text = HEAD + f"status: in progress\nmeasures:\n  {dash} 全面排查\n  {dash} 拆除\n---\n"
    assert_says(tmp_path, text, f"7: 列表项以全角“{dash}”开头；每一项用半角减号“-”加一个空格开头：- 全面排查",
                f"7: the list item starts with the full-width dash '{dash}'; "
                "start each item with a half-width '-' and a space: - 全面排查")


def test_full_width_space_starting_a_field(tmp_path):
    assert_says(tmp_path, HEAD + "\u3000status: in progress\n---\n",
                "5: 行首是全角空格；缩进改用半角空格：status: in progress",
                "5: a full-width space (全角空格) starts the line; indent with half-width spaces: status: in progress")


def test_full_width_space_inside_an_indented_list_item(tmp_path):
    assert_says(tmp_path, HEAD + "status: in progress\nmeasures:\n\u3000- 全面排查\n---\n",
                "7: 这一列表项以全角空格开头；缩进改用半角空格：- 全面排查",
                "7: a full-width space (全角空格) starts this list item; indent with half-width spaces: - 全面排查")
    assert_says(tmp_path, HEAD + "status: in progress\nmeasures:\n  \u3000- 全面排查\n---\n",
                "7: 这一列表项以全角空格开头；缩进改用半角空格：- 全面排查",
                "7: a full-width space (全角空格) starts this list item; indent with half-width spaces: - 全面排查")


def test_colon_inside_unquoted_text(tmp_path):
    assert_says(tmp_path, "---\nnumber: 2\ncategory: 1\nproblem: 存在问题: 违法建筑。\nstatus: in progress\n---\n",
                "4: “problem”的文字中有“冒号加空格”，会被当成新的字段；"
                "文字中的冒号改用全角“：”，或给整段文字加上引号：problem: 存在问题：违法建筑。",
                "4: the text of 'problem' holds a colon and a space, which YAML reads as a new field; "
                "use the full-width colon '：' in the text, or put the text in quotes: problem: 存在问题：违法建筑。")


PROGRESS = HEAD + "status: in progress\nprogress:\n  - date: 2018-11-01\n    note: 完成排查。\n  - date: 2018-12-01\n"


def test_note_indented_less_than_its_date(tmp_path):
    assert_says(tmp_path, PROGRESS + "   note: 开始拆除。\n---\n",
                "10: “note”没有与第 9 行的“date”对齐；在“note”前面空 4 格，与“date”对齐",
                "10: 'note' is not lined up with 'date' on line 9; put 4 spaces before 'note', as before 'date'")


def test_note_indented_more_than_its_date(tmp_path):
    assert_says(tmp_path, PROGRESS + "      note: 开始拆除。\n---\n",
                "10: “note”没有与第 9 行的“date”对齐；在“note”前面空 4 格，与“date”对齐",
                "10: 'note' is not lined up with 'date' on line 9; put 4 spaces before 'note', as before 'date'")


def test_misindented_note_deep_in_a_long_file_names_its_own_line(tmp_path):
    """The report of issue 17: a note misindented on line 26 was reported on line 23."""
    filler = "".join(f"  - date: 2018-{month:02d}-01\n    note: 第{month}次调度。\n" for month in range(1, 10))
    text = HEAD + "status: in progress\nprogress:\n" + filler + "  - date: 2018-10-01\n  note: 开始拆除。\n---\n"
    assert text.split("\n")[25] == "  note: 开始拆除。"
    assert_says(tmp_path, text, "26: “note”没有与第 25 行的“date”对齐；在“note”前面空 4 格，与“date”对齐",
                "26: 'note' is not lined up with 'date' on line 25; put 4 spaces before 'note', as before 'date'")


def test_progress_item_dash_not_under_the_others(tmp_path):
    assert_says(tmp_path, PROGRESS.replace("  - date: 2018-12-01\n", "   - date: 2018-12-01\n") + "     note: 拆除。\n---\n",
                "9: 这一项的“-”没有与第 7 行的“-”对齐；在“-”前面空 2 格，与上面各项对齐",
                "9: this item's '-' is not lined up with the '-' on line 7; put 2 spaces before the '-', as in the items above")


@pytest.mark.parametrize("indent", ["", "  "])
def test_list_begun_inline_after_measures(tmp_path, indent):
    """The report of issue 17: 'measures: 1.…' then '- …' lines was reported on line 2."""
    text = HEAD + f"status: in progress\nmeasures: 1.全面排查\n{indent}- 2.拆除\n{indent}- 3.复绿\n---\n"
    assert_says(tmp_path, text, "6: “measures”的第一项写在了冒号后面，下面又是“- ”开头的列表；把它移到下一行，单独写成：- 1.全面排查",
                "6: the first item of 'measures' is written after its colon, and '- ' items follow; "
                "move it to a line of its own: - 1.全面排查")


def test_unclosed_quote(tmp_path):
    assert_says(tmp_path, "---\nnumber: 2\ncategory: 1\nproblem: \"饮用水源保护区内存在违法建筑。\nstatus: in progress\n---\n",
                "4: 这里的引号 \" 没有配对；在文字末尾补上 \"，或删掉它",
                "4: the quote \" opened here is never closed; type the same \" at the end of the text, or delete it")


def test_good_yaml_with_the_same_characters_is_read(tmp_path):
    """Full-width colons and dashes inside text, quoted colons and a '- ' in quotes are not mistakes."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    (site / "content/plans/demo-2019/02.md").write_text(
        HEAD + "goal: 目标：拆除——全部\nmeasures:\n  - 排查：全面\n  - \"拆除: 三处\"\n  - '— 复绿'\n"
        "status: in progress\nsupervising: 市局\n  （牵头）：督办\n---\n记录。\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--today", "2019-06-01",
                           "--output", str(tmp_path / "out")], cwd=site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


# §3: statuses by meaning, Chinese sub-keys, dates.

STATUS_HINT_ZH = ("整改全部完成并通过验收的，写“办结”或“办理到位”；还有未完成的部分，写“整改中”。"
                  "可用的状态：未开始、整改中、办理到位（办结）、已销号")
STATUS_HINT_EN = ("write 办结 or 办理到位 (done) once the work is finished and accepted, or 整改中 (in progress) "
                  "while any of it remains; the statuses are 未开始, 整改中, 办理到位 (办结) and 已销号")


@pytest.mark.parametrize("word", ["基本完成", "部分完成", "已整改"])
def test_ambiguous_status_is_refused_with_what_to_write(tmp_path, word):
    assert_says(tmp_path, HEAD + f"status: {word}\ncompleted_on: 2019-03-01\n---\n",
                f"5: 状态(status): “{word}”说不清问题是否已办理到位；{STATUS_HINT_ZH}",
                f"5: status: '{word}' does not say whether the problem is done (办理到位) or not; {STATUS_HINT_EN}")


def test_a_suggestion_never_crosses_into_another_meaning():
    from disclosure.status_words import suggest_status

    assert suggest_status("don") == "did you mean 'done'?"
    assert suggest_status("已完") == "did you mean '已完成'?"
    for word in ("未完成", "not done", "undone", "基本完成", "没有完成", "尚未整改"):
        assert suggest_status(word) is None, word


def test_banjie_is_done(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    path = site / "content/plans/demo-2019/02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: in progress", "状态: 办结\n办结日期: 2019年3月1日"),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--today", "2019-06-01",
                           "--output", str(tmp_path / "out")], cwd=site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out/plans/demo-2019/issues/2.html").read_text(encoding="utf-8")
    assert "SECRET-RECORD-02" in page and "2019-03-01" in page


def test_chinese_sub_keys_are_read(tmp_path):
    from disclosure.content import read_issue_file

    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    folder = site / "content/plans/demo-2019"
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "02.md").write_text(
        HEAD + "status: in progress\n时限调整:\n  - 日期: 2018/12/20\n    时限: 2019年6月底前\n    理由: 汛期施工受限。\n"
        "进展:\n  - 日期: 2018.11.1\n    内容: 完成排查。\n附件:\n  - 标题: 排查报告\n    文件: report.pdf\n---\n", encoding="utf-8")
    found = read_issue_file(folder / "02.md", "demo-2019", site / "content")
    assert found.problems == ()
    issue = found.issue
    assert [(n.date.isoformat(), n.text) for n in issue.progress] == [("2018-11-01", "完成排查。")]
    [change] = issue.deadline_changes
    assert (change.date.isoformat(), change.deadline.date.isoformat(), change.reason) == (
        "2018-12-20", "2019-06-30", "汛期施工受限。")
    assert [(a.title, a.source_path.name) for a in issue.attachments] == [("排查报告", "report.pdf")]


def test_unknown_sub_key_is_named(tmp_path):
    assert_says(tmp_path, HEAD + "status: in progress\nprogress:\n  - 日期: 2018-11-01\n    备注: 完成排查。\n---\n",
                ["7: 进展(progress): 第 1 项需要 日期(date) 和 内容(note)",
                 "8: 进展(progress): “备注”不是这一项可用的键；可用：date (日期)、note (内容)"],
                ["7: progress: item 1 needs 'date' and 'note'",
                 "8: progress: '备注' is not a key of its items; use date (日期)、note (内容)"])


@pytest.mark.parametrize("written", ["2019-03-01", "2019年3月1日", "2019/3/1", "2019.3.1", "2019-3-1"])
def test_every_date_form_is_the_same_day(tmp_path, written):
    from disclosure.content import read_issue_file

    folder = tmp_path / "content/plans/demo-2019"
    folder.mkdir(parents=True)
    (folder / "02.md").write_text(HEAD + f"status: done\ncompleted_on: {written}\npublished_on: {written}\n"
                                  f"progress:\n  - date: {written}\n    note: 验收。\n---\n记录。\n", encoding="utf-8")
    found = read_issue_file(folder / "02.md", "demo-2019", tmp_path / "content")
    assert found.problems == ()
    assert {found.issue.completed_on.isoformat(), found.issue.published_on.isoformat(),
            found.issue.progress[0].date.isoformat()} == {"2019-03-01"}
    assert f"completed_on: {written}\n" in (folder / "02.md").read_text(encoding="utf-8")  # stored as given


def test_a_day_the_month_does_not_have(tmp_path):
    assert_says(tmp_path, HEAD + "status: done\ncompleted_on: 2019-06-31\n---\n记录。\n",
                "6: 完成日期(completed_on): “2019-06-31”：2019 年 6 月只有 30 天；请核对日期；该月最后一天是 2019-06-30",
                "6: completed_on: '2019-06-31': June 2019 has 30 days; check the day; the last day of that month is 2019-06-30")


def test_a_text_that_is_no_date(tmp_path):
    assert_says(tmp_path, HEAD + "status: done\ncompleted_on: 三月一日\n---\n记录。\n",
                "6: 完成日期(completed_on): “三月一日”不是日期；写成以下任一种：2019-06-20、2019年6月20日、2019/6/20、2019.6.20",
                "6: completed_on: '三月一日' is not a date; write it as one of 2019-06-20、2019年6月20日、2019/6/20、2019.6.20")
