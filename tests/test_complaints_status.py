"""`status` for complaint batches: per batch by state, items not 已办结 per region, items handled but
not yet published; in the terminal and in the workbook, in Chinese by default."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import openpyxl

from conftest import ROOT, SITES

CASE = SITES / "complaints"
TODAY = "2021-06-10"


def run(site, *args, language="zh"):
    env = {**os.environ, "DISCLOSURE_LANG": language}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "status", "--today", TODAY, *args], cwd=site,
                          capture_output=True, text=True, timeout=300, env=env)


def test_status_counts_each_batch_by_state_and_lists_what_waits(tmp_path):
    result = run(CASE)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "┃ 批次" in out and "┃ 件数 ┃ 已办结 ┃ 阶段性办结 ┃ 未办结 ┃ 已公开 ┃" in out
    # demo-27: 3 已办结 (one dated 2021-07-01, after the build date), 1 阶段性办结, 1 未办结; 2 published.
    assert "（第二十七批） (demo-27) │    5 │      3 │          1 │      1 │      2 │" in out
    assert "（2017年第一批） (demo-2017-1)                 │    2 │      1 │          0 │      1 │      1 │" in out
    assert "│ 合计  " in out and "│    7 │      4 │          1 │      2 │      3 │" in out
    # Items not 已办结 per region, the most 未办结 first; a row without a region says so.
    assert "尚未办结的信访举报件，按行政区域 (3)" in out
    regions = out.split("按行政区域 (3)")[1]
    assert regions.index("│ 测试县     │      1 │          0 │") < regions.index("│ 测试区     │      0 │          1 │")
    assert "│ （未填写） │      1 │          0 │" in regions
    # 已办结, its publication date to come.
    assert "已办结、待公开的信访举报件 (1)" in out
    assert "│ demo-27 │ 2    │ D2TS202105200002 │ 测试县   │ 2021-07-01 │" in out
    # Only numbers and places: never an item's texts.
    assert "可拨打" not in out and "调查" not in out.split("信访举报各批次办理情况")[1]


def test_status_of_interim_items_where_the_site_publishes_them(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(CASE, site, ignore=shutil.ignore_patterns("expected"))
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("complaint_publish_interim: false",
                                                                 "complaint_publish_interim: true"), encoding="utf-8")
    out = run(site, language="en").stdout
    # The 阶段性办结 item (no publication date of its own; its batch's is 2021-05-28) is published now.
    assert "(demo-27)" in out and "│     5 │       3 │               1 │           1 │         3 │" in out
    assert "Complaint items handled, waiting for publication (1)" in out


def test_status_workbook_has_the_complaint_sheets(tmp_path):
    target = tmp_path / "调度会.xlsx"
    result = run(CASE, "--format", "xlsx", "--output", str(target))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[-3:] == ["信访举报批次", "各区域未办结件", "已办结待公开"]
    batches = [[cell.value for cell in row] for row in book["信访举报批次"].iter_rows()]
    assert batches[0] == ["批次", "件数", "已办结", "阶段性办结", "未办结", "已公开"]
    assert batches[-1] == ["合计", 7, 4, 1, 2, 3]
    waiting = [[cell.value for cell in row] for row in book["已办结待公开"].iter_rows()]
    assert waiting == [["批次", "序号", "受理编号", "行政区域", "公开日期"],
                       ["demo-27", 2, "D2TS202105200002", "测试县", "2021-07-01"]]


def test_a_broken_batch_stops_status_with_its_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(CASE, site, ignore=shutil.ignore_patterns("expected"))
    items = site / "content/complaints/demo-27/items.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace("status: open", "status: 半办结", 1), encoding="utf-8")
    result = run(site)
    assert result.returncode == 1 and "content/complaints/demo-27/items.yaml" in result.stderr
    assert "半办结" in result.stderr and "python build.py check" in result.stderr
