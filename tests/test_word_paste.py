"""Records pasted from Word read as they were written; the plan's lost 年/月 are put back on import."""
import io
import subprocess
import sys

import pytest

from conftest import ROOT, run_build
from disclosure.importer import run_import
from disclosure.importer.repair import repair_dates
from disclosure.textclean import clean_text


@pytest.mark.parametrize("damaged, repaired", [
    ("201810月底前完成耒阳东鹿垃圾填埋场封场", "2018年10月底前完成耒阳东鹿垃圾填埋场封场"),
    ("2018930日前入库;20221231日前完成", "2018年9月30日前入库;2022年12月31日前完成"),
    ("未按要求在630日完成整改", "未按要求在6月30日完成整改"),
    ("930日前,完成销号", "9月30日前,完成销号"),
    ("2019年630日前", "2019年6月30日前"),
    ("20189月底前", "2018年9月底前"),
    ("2019115日前", "2019115日前"),  # 1月15日 or 11月5日: left alone
    ("历时120日", "历时120日"),  # a count of days, not a date
    ("投资201810万元", "投资201810万元"),
    ("2018年9月30日前", "2018年9月30日前"),
    ("2019-06-30", "2019-06-30"),
])
def test_lost_year_and_month_are_put_back_where_unambiguous(damaged, repaired):
    assert repair_dates(damaged) == repaired


def test_the_import_report_lists_each_repair(tmp_path):
    seed = ROOT / "tests/importer/seed.txt"
    out = io.StringIO()
    assert run_import(seed, "hengyang-2019", tmp_path / "content", dry_run=False, out=out) == 0
    report = out.getvalue()
    assert "Repaired scraping damage (lost year/month):" in report
    assert "goal: '201810月' -> '2018年10月'" in report.split("problem 35 ", 1)[1].split("\n", 1)[0]
    assert "problem 20 " in report and "'630日' -> '6月30日'" in report
    goal = (tmp_path / "content/plans/hengyang-2019/35.md").read_text(encoding="utf-8")
    assert "goal: 2018年10月底前完成耒阳东鹿垃圾填埋场封场" in goal


def test_invisible_characters_are_cleaned_and_reported(basic_site):
    path = basic_site / "content/plans/demo-2019/01.md"
    source = path.read_text(encoding="utf-8").rstrip() + "\n\n整改\u200b完成情况：\u000b1、排查\u00a0完毕\u00ad。\n"
    path.write_text(source, encoding="utf-8")
    line = source.count("\n")
    assert run_build(basic_site).returncode == 0
    assert path.read_text(encoding="utf-8") == source  # the source is left alone
    page = (basic_site / "output/plans/demo-2019/issues/1.html").read_text(encoding="utf-8")
    feed = (basic_site / "output/feed.xml").read_text(encoding="utf-8")
    assert "整改完成情况：<br>\n1、排查 完毕。" in page
    for char in "\u200b\u000b\u00a0\u00ad":
        assert char not in page and char not in feed
    check = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--today", "2019-06-01", "--lang", "zh"],
                           cwd=basic_site, capture_output=True, text=True)
    assert check.returncode == 0
    for name in ("零宽空格 (U+200B)", "Word 手动换行符 (U+000B)", "不换行空格 (U+00A0)", "软连字符 (U+00AD)"):
        assert f"content/plans/demo-2019/01.md:{line}: 警告: [invisible-character] {name} ×1：发布时已清除" in check.stdout


def test_a_word_line_break_in_a_field_is_read():
    assert clean_text("\u3000\u3000首行缩进\u000b第二行\u2028第三行") == "首行缩进\n第二行\n第三行"
