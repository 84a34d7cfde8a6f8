"""Daily operation (issue 17 §5): `status` for the 调度 meeting (per unit and leader, notices due to
close, quiet problems, a workbook, --today moving completion), `serve` on a busy port, `new
--category` of a category the plan does not have."""
import os
import socket
import subprocess
import sys

import openpyxl

from conftest import ROOT

PLAN = "content/plans/demo-2019"


def run(site, *args, language="zh"):
    env = {**os.environ, "DISCLOSURE_LANG": language}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=site, capture_output=True,
                          text=True, timeout=300, env=env)


def add_problem(site, number, text):
    (site / PLAN / f"{number:02d}.md").write_text(f"---\nnumber: {number}\ncategory: 2\n{text}---\n", encoding="utf-8")


def busy_site(site):
    """The basic site with problems for every table: two units in one field, a closed notice, a quiet one."""
    add_problem(site, 4, "problem: 扬尘污染问题突出。\nresponsible: 测试区人民政府、市住建局\nleader: 张三\n"
                "deadline: 2019年3月底前\nstatus: in progress\nprogress:\n  - date: 2019-02-01\n    note: 开始排查。\n")
    add_problem(site, 5, "problem: 噪声扰民。\nresponsible: 市住建局\nleader: 王五\nstatus: done\ncompleted_on: 2019-04-20\n"
                "published_on: 2019-04-22\nnotice_window: {days: 5}\n")
    return site


def test_status_per_unit_per_leader_and_notices_due_to_close(basic_site):
    result = run(busy_site(basic_site), "status", "--today", "2019-06-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # 测试区人民政府 (with its alias) has 01, 03 and 04; 市住建局 (written after 、) has 04 and 05.
    assert "按主体责任单位" in out
    assert "│ 测试区人民政府 │      3 │        2 │      1 │      0 │    1 │      1 │" in out
    assert "│ 张三       │      3 │        2 │      1 │      0 │    1 │      1 │" in out
    assert "│ 王五       │      1 │        1 │      0 │      0 │    0 │      1 │" in out
    assert "公示期满、待销号 (2)" in out
    assert "│ demo-2019 │ 5    │ 噪声扰民。                                   │ 2019-04-26 │       36 │" in out


def test_status_lists_problems_without_a_recent_progress_note(basic_site):
    result = run(busy_site(basic_site), "status", "--today", "2019-06-01", "--quiet-days", "60")
    out = result.stdout
    assert "60 天内无工作进展 (2)" in out
    assert "│ demo-2019 │ 2    │ 饮用水源保护区内存在违法建筑。 │ 2018-11-01 │      212 │" in out
    assert "│ demo-2019 │ 4    │ 扬尘污染问题突出。             │ 2019-02-01 │      120 │" in out
    recent = run(basic_site, "status", "--today", "2019-03-01", "--quiet-days", "60").stdout
    # On 2019-03-01 04's note was 28 days old, and 05 (completed 2019-04-20) was still in progress.
    assert "60 天内无工作进展 (2)" in recent and "│ demo-2019 │ 5    │ 噪声扰民。                     │ 无         │        — │" in recent
    assert "60 天内无工作进展" not in run(basic_site, "status", "--today", "2019-06-01").stdout


def test_status_today_moves_completion_too(basic_site):
    """On 2019-02-01 problem 1 (completed 2019-02-20) was still in progress, and overdue; 5 not yet done."""
    busy_site(basic_site)
    before = run(basic_site, "status", "--today", "2019-02-01").stdout
    assert "│ 合计            │      5 │        0 │      5 │      0 │    2 │      0 │" in before
    assert "已完成（待公示） (0)：无" in before
    after = run(basic_site, "status", "--today", "2019-04-21").stdout
    assert "│ 合计            │      5 │        3 │      2 │      0 │    2 │      1 │" in after
    assert "已完成（待公示） (2)" in after  # 03 (published 2099) and 05 (published 2019-04-22)


def test_status_workbook_for_the_meeting(basic_site, tmp_path):
    target = tmp_path / "调度会.xlsx"
    result = run(busy_site(basic_site), "status", "--today", "2019-06-01", "--format", "xlsx", "--output", str(target),
                 "--quiet-days", "60")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"已生成 {target}：共 9 个工作表\n"
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["demo-2019", "按责任单位", "按督办市领导", "逾期问题", "30天内到期", "公示中",
                               "公示期满待销号", "已完成（待公示）", "久未报送进展"]
    units = [[cell.value for cell in row] for row in book["按责任单位"].iter_rows()]
    assert units[0] == ["主体责任单位", "问题数", "办理到位", "整改中", "未开始", "逾期", "已公开"]
    assert ["测试区人民政府", 3, 2, 1, 0, 1, 1] in units
    overdue = [[cell.value for cell in row] for row in book["逾期问题"].iter_rows()]
    assert [row[:5] for row in overdue[1:]] == [["demo-2019", 2, "饮用水源保护区内存在违法建筑。", "2018年12月底", "152 天"],
                                              ["demo-2019", 4, "扬尘污染问题突出。", "2019年3月底前", "62 天"]]
    again = tmp_path / "again.xlsx"
    run(basic_site, "status", "--today", "2019-06-01", "--format", "xlsx", "--output", str(again), "--quiet-days", "60")
    assert again.read_bytes() == target.read_bytes()  # same content and date, same bytes
    english = run(basic_site, "status", "--today", "2019-06-01", "--format", "xlsx", "--output", str(again), language="en")
    assert english.stdout == f"wrote {again}: 8 sheets\n"


def test_serve_on_a_busy_port_says_so_in_one_line(basic_site):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        zh = run(basic_site, "serve", "--port", str(port), "--today", "2019-06-01")
        en = run(basic_site, "serve", "--port", str(port), "--today", "2019-06-01", language="en")
    assert (zh.returncode, zh.stdout) == (1, "")
    assert zh.stderr == (f"端口已被占用：127.0.0.1:{port} 上已有其他预览或程序在运行；请先关闭它，"
                         f"或用 --port {port + 1} 换一个端口\n")
    assert en.returncode == 1 and en.stderr == (f"port {port} is already in use on 127.0.0.1: stop the other preview "
                                                f"or program there, or choose another port with --port {port + 1}\n")


def test_new_refuses_a_category_the_plan_does_not_have(basic_site):
    zh = run(basic_site, "new", "--plan", "demo-2019", "--category", "9")
    en = run(basic_site, "new", "--plan", "demo-2019", "--category", "9", language="en")
    assert zh.returncode == en.returncode == 1
    assert zh.stderr == "--category: 方案中没有第 9 类问题（content/plans/demo-2019/plan.yaml）；请用其中之一：1、2\n"
    assert en.stderr == ("--category: the plan has no category 9 (content/plans/demo-2019/plan.yaml); "
                         "use one of 1、2\n")
    assert sorted(p.name for p in (basic_site / PLAN).iterdir()) == ["01.md", "02.md", "03.md", "plan.yaml"]
    assert run(basic_site, "new", "--plan", "demo-2019", "--category", "2").returncode == 0
