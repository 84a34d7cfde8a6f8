"""`check --strict` that a real office can pass (issue 17 §4): warnings have stable codes, what real
content does by design is no warning, and a problem accepts a warning with a reason, listed by check."""
import json
import shutil
import subprocess
import sys

from conftest import ROOT, SITES


def check(site, *args, language="zh"):
    env = {"DISCLOSURE_LANG": language, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--today", "2019-06-01", *args],
                          cwd=site, capture_output=True, text=True, timeout=600, env=env)


def make_site(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    return site


def write_problem(site, text):
    (site / "content/plans/demo-2019/02.md").write_text(text, encoding="utf-8")


HEAD = ("---\nnumber: 2\ncategory: 1\nproblem: 饮用水源保护区内存在违法建筑。\nresponsible: 测试县人民政府\n"
        "status: done\ncompleted_on: 2019-03-01\n")


def test_the_example_site_passes_check_strict():
    """The shipped plan (problem 36's 按照省里统一部署 deadline included) passes, as the CI examples run it."""
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--strict", "--format", "json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout)
    assert (result.returncode, report["errors"], report["warnings"]) == (0, [], [])


def test_what_real_content_does_by_design_is_no_warning(tmp_path):
    site = make_site(tmp_path)
    write_problem(site, HEAD.replace("completed_on: 2019-03-01", "completed_on: 2019-03-01\nupdated_on: 2019-04-10")
                  + "deadline: 按照省里统一部署,在规定时间内完成。\nprogress:\n  - date: 2019-05-20\n    note: 回头看：未反弹。\n"
                  "---\n已拆除。\n\n**2019年4月10日更新**：补充监测报告。\n\n## 下一步工作打算\n\n2019年10月1日前完成复绿。\n")
    result = check(site, "--strict", language="en")
    assert result.returncode == 0, result.stdout
    assert "0 warning(s)" in result.stdout


def test_warnings_that_remain_carry_their_code_and_fail_strict(tmp_path):
    site = make_site(tmp_path)
    write_problem(site, HEAD + "deadline: 6月底前\n---\n2019年5月8日已拆除。\n\n## 下一步工作打算\n\n2019年10月1日前复绿。\n")
    result = check(site, "--strict", language="en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": warning: ")[1].split(" ")[:2] for line in lines if ": warning: " in line] == [
        ["deadline:", "[deadline-unread]"], ["record:", "[date-after-completion]"]]
    assert lines[-1].endswith("(--strict: warnings fail)")


def test_accepted_warnings_are_listed_and_pass_strict(tmp_path):
    site = make_site(tmp_path)
    write_problem(site, HEAD + "deadline: 6月底前\n接受:\n  - 警告: deadline-unread\n    理由: 方案原文如此。\n"
                  "  - warning: date-after-completion\n    reason: 记录中的日期为复查日期。\n---\n2019年5月8日复查。\n")
    result = check(site, "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[:2] == [
        "content/plans/demo-2019/02.md:10: 已接受的警告 [deadline-unread]：方案原文如此。",
        "content/plans/demo-2019/02.md:12: 已接受的警告 [date-after-completion]：记录中的日期为复查日期。"]
    english = check(site, "--strict", language="en")
    assert english.stdout.splitlines()[0] == "content/plans/demo-2019/02.md:10: accepted [deadline-unread]: 方案原文如此。"
    report = json.loads(check(site, "--format", "json").stdout)
    assert report["warnings"] == [] and len(report["accepted"]) == 2


def test_an_accept_entry_needs_a_known_code_and_a_reason(tmp_path):
    site = make_site(tmp_path)
    write_problem(site, HEAD + "accept:\n  - warning: deadline-text\n    reason: x\n  - warning: record-empty\n---\n记录。\n")
    zh, en = check(site), check(site, language="en")
    assert zh.returncode == en.returncode == 1
    assert zh.stdout.splitlines()[:2] == [
        "content/plans/demo-2019/02.md:9: 接受(accept): 第 1 项：“deadline-text”不是警告代码；可用的代码："
        "record-empty, deadline-unread, deadline-change-unread, date-after-completion, image-not-in-photos, "
        "invisible-character, public-data",
        "content/plans/demo-2019/02.md:11: 接受(accept): 第 2 项没有 理由(reason)；写明接受这条警告的理由（reason: … 或 理由: …）"]
    assert en.stdout.splitlines()[1] == ("content/plans/demo-2019/02.md:11: accept: item 2 has no 'reason'; "
                                         "say why the warning is accepted (reason: … / 理由: …)")
