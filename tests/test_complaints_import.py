"""`import FILE --batch SLUG`: complaint tables generated as .xlsx, .docx, .html and .csv in several
header variants; re-import; masking; and the errors an editor reads, word for word."""
from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest

from complaint_tables import TITLE, rows, write_csv, write_docx, write_html, write_xlsx
from disclosure.complaints.reading import load_batches
from disclosure.i18n import set_language
from disclosure.importer.batch import run_batch_import

ROOT = Path(__file__).resolve().parent.parent
SLUG = "demo-27"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def run(source: Path, content: Path, title: str | None = None, dry_run: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    code = run_batch_import(source, SLUG, content, title, dry_run, None, out=out)
    return code, out.getvalue()


def items(content: Path) -> list:
    return list(load_batches(content)[0].items)


def expected_day(n: int) -> datetime.date:
    """The date rows() writes for item n (a serial number, a date cell or text)."""
    return [datetime.date(2021, 5, 20) + datetime.timedelta(days=n % 20), datetime.date(2021, 5, 1 + n % 28),
            datetime.date(2021, 5, 1 + n % 28)][n % 3]


def assert_items_read(found: list, count: int) -> None:
    assert [item.seq for item in found] == list(range(1, count + 1))
    for n, item in enumerate(found, start=1):
        assert item.case_number == f"D2HN2021050{n:05d}"
        assert item.received_on == expected_day(n)
        assert item.region == ("雁峰区", "珠晖区", "蒸湘区", "衡南县")[n % 4]
        assert item.pollution_type == ("大气", "水", "噪声", "土壤", "生态")[n % 5]
        assert item.summary == f"反映第{n}号问题，某企业废气扰民。"
        assert item.investigation == f"经核查，第{n}号问题情况属实。"
        assert item.verified == ("属实" if n % 2 else "不属实")
        assert item.handling == f"已责令第{n}号整改。"
        assert item.accountability == ("无" if n % 3 else "约谈1人")
        assert item.status == ("done", "interim", "open")[n % 3]


def test_xlsx_with_title_row_two_header_rows_and_merged_cells(tmp_path):
    source = write_xlsx(tmp_path / "batch.xlsx", rows(6), merge_region=True)
    code, report = run(source, tmp_path / "content")
    assert code == 0, report
    assert "Read 6 items from 第27批 of" in report and "added 6 items" in report
    found = items(tmp_path / "content")
    # The merged 行政区域 cell covers the first two rows: both read its value.
    assert [item.region for item in found[:2]] == ["珠晖区", "珠晖区"]
    for item in found[2:]:
        assert item.region == ("雁峰区", "珠晖区", "蒸湘区", "衡南县")[item.seq % 4]
    batch = load_batches(tmp_path / "content")[0]
    assert (batch.title, batch.number, batch.keyed_by) == (TITLE, 27, "case_number")


def test_xlsx_fields_dates_and_states(tmp_path):
    code, report = run(write_xlsx(tmp_path / "batch.xlsx", rows(9)), tmp_path / "content")
    assert code == 0, report
    assert_items_read(items(tmp_path / "content"), 9)


def test_docx_with_another_citys_labels_reports_the_unknown_column(tmp_path):
    code, report = run(write_docx(tmp_path / "batch.docx", rows(5)), tmp_path / "content", title="第二十七批（Word）")
    assert code == 0, report
    assert "Columns not imported (no field has these labels): 备注" in report
    assert_items_read(items(tmp_path / "content"), 5)
    assert load_batches(tmp_path / "content")[0].title == "第二十七批（Word）"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_html_table_with_rowspan_and_colspan(tmp_path, encoding):
    code, report = run(write_html(tmp_path / "batch.html", rows(4), encoding), tmp_path / "content")
    assert code == 0, report
    found = items(tmp_path / "content")
    assert [item.region for item in found] == ["珠晖区", "珠晖区", "衡南县", "雁峰区"]  # (the first spans two rows)
    assert [item.verified for item in found] == ["属实", "不属实", "属实", "不属实"]
    assert load_batches(tmp_path / "content")[0].number == 27


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_csv_2017_table_without_case_numbers_grouped_by_call_and_letter(tmp_path, encoding):
    lines = [["2017年第一批信访件办理情况"], ["序号", "行政区域", "污染类型", "信访内容", "调查核实情况", "是否属实", "处理情况", "问责"],
             ["来电", "来电", "来电", "来电", "来电", "来电", "来电", "来电"],
             [1, "衡南县", "水", "养殖废水外排", "属实", "属实", "已关停，已办结", "立案处罚"],
             [2, "衡南县", "大气", "砖厂冒黑烟", "部分属实", "部分属实", "正在整改", ""],
             ["来信", "", "", "", "", "", "", ""],
             [3, "雁峰区", "噪声", "KTV噪声", "不属实", "不属实", "已反馈，阶段性办结", "无"]]
    code, report = run(write_csv(tmp_path / "batch.csv", lines, encoding), tmp_path / "content")
    assert code == 0, report
    assert "(known by 序号(seq))" in report
    found = items(tmp_path / "content")
    assert [(i.seq, i.case_number, i.group, i.status) for i in found] == [
        (1, "", "来电", "done"), (2, "", "来电", "open"), (3, "", "来信", "interim")]
    assert load_batches(tmp_path / "content")[0].keyed_by == "seq"


def imported(tmp_path: Path, count: int, name: str = "items.yaml") -> tuple[Path, Path]:
    """A batch of count rows imported into tmp_path/content; the content folder and the batch's file name."""
    content = tmp_path / "content"
    assert run(write_xlsx(tmp_path / "a.xlsx", rows(count)), content)[0] == 0
    return content, content / "complaints" / SLUG / name


def test_reimport_merges_by_case_number_and_keeps_editors_fields(tmp_path):
    content, path = imported(tmp_path, 3)
    text = path.read_text(encoding="utf-8")
    # An editor sets item 2's publication date and a note.
    text = text.replace("  status: open\n", "  status: open\n  published_on: 2021-06-01\n  internal_notes: 待复核\n")
    path.write_text(text, encoding="utf-8")
    changed = rows(3)
    changed[1][8] = "已完成整改。"  # item 2's 处理和整改情况
    del changed[2]  # item 3 no longer in the table
    changed += rows(1, start=4)
    code, report = run(write_xlsx(tmp_path / "b.xlsx", changed), content)
    assert code == 0, report
    assert "added 1 items: D2HN202105000004" in report
    assert "D2HN202105000002: 处理和整改情况(handling)" in report
    assert "no longer in the table, kept (delete them by hand if they should go): D2HN202105000003" in report
    merged = path.read_text(encoding="utf-8")
    assert "published_on: 2021-06-01\n  internal_notes: 待复核\n" in merged
    found = {item.case_number: item for item in items(content)}
    assert set(found) == {f"D2HN20210500000{n}" for n in (1, 2, 3, 4)}
    assert found["D2HN202105000002"].handling == "已完成整改。"
    assert found["D2HN202105000002"].published_on == datetime.date(2021, 6, 1)
    # The same table again: nothing changes, byte for byte.
    assert run(write_xlsx(tmp_path / "b.xlsx", changed), content)[0] == 0
    assert path.read_text(encoding="utf-8") == merged


def test_reimport_keeps_editors_comments_where_they_stood(tmp_path):
    content, path = imported(tmp_path, 3)
    text = path.read_text(encoding="utf-8")
    edits = [("- seq: 1\n", "# 本批由督察组转办，王科长负责\n- seq: 1  # 首件\n"),
             ("  accountability: 无\n  status: interim\n", "  accountability: 无  # 问责待纪委确认\n"
              "  # 状态以区里回函为准\n  status: interim\n  published_on: 2021-06-01\n  # 1号件到此\n"),
             ("- seq: 2\n", "# 2号件：群众再次来电\n- seq: 2\n"),
             ("  summary: 反映第3号问题，某企业废气扰民。\n", "  summary: 反映第3号问题，某企业废气扰民。  # 摘要已核对\n")]
    for old, replacement in edits:
        assert old in text
        text = text.replace(old, replacement, 1)
    path.write_text(text + "# 文件末尾：共3件\n", encoding="utf-8")
    changed = rows(3)
    changed.reverse()  # the office's new sheet, in another order
    changed[2][5] = "举报人张三反映，联系电话13812345678。"  # item 1's summary
    changed[2][9] = ""  # item 1's 问责 now empty: its comment goes to the end of its block
    del changed[0]  # item 3 no longer in the table: kept, with its comment
    code, report = run(write_xlsx(tmp_path / "b.xlsx", changed + rows(1, start=4)), content)
    assert code == 0, report
    merged = path.read_text(encoding="utf-8")
    assert merged.startswith("# 本批由督察组转办，王科长负责\n# 2号件：群众再次来电\n- seq: 2\n")
    assert ("- seq: 1  # 首件\n  case_number: D2HN202105000001\n") in merged
    assert ("  handling: 已责令第1号整改。\n  # 状态以区里回函为准\n  status: interim\n  published_on: 2021-06-01\n"
            "  # 问责待纪委确认\n  # 1号件到此\n- seq: 4\n") in merged
    assert "  summary: 反映第3号问题，某企业废气扰民。  # 摘要已核对\n" in merged
    assert merged.endswith("  accountability: 约谈1人\n  status: done\n# 文件末尾：共3件\n")  # (item 3, kept last)
    # Masked on the way in as always; the editor's fields kept; every value read as before.
    assert "13812345678" not in merged and "张三" not in merged and "联系电话138****5678" in merged
    found = {item.case_number: item for item in items(content)}
    assert found["D2HN202105000001"].published_on == datetime.date(2021, 6, 1)
    assert found["D2HN202105000001"].accountability == "" and found["D2HN202105000003"].seq == 3
    # The same table again: nothing changes, comments included.
    assert run(write_xlsx(tmp_path / "b.xlsx", changed + rows(1, start=4)), content)[0] == 0
    assert path.read_text(encoding="utf-8") == merged


def test_reimport_with_a_new_title_keeps_batch_yaml_s_other_lines(tmp_path):
    content, path = imported(tmp_path, 2, "batch.yaml")
    first = path.read_text(encoding="utf-8")
    path.write_text("# 省督察组第二轮交办\n" + first + "published_on: 2021-06-01  # 与区里商定\n", encoding="utf-8")
    assert run(write_xlsx(tmp_path / "a.xlsx", rows(2)), content, title="第二十七批（更正）")[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 省督察组第二轮交办\ntitle: 第二十七批（更正）\n")
    assert text.endswith("published_on: 2021-06-01  # 与区里商定\n")
    assert load_batches(content)[0].title == "第二十七批（更正）"


def test_a_hash_inside_a_value_is_text_not_a_comment(tmp_path):
    table = rows(1)
    table[0][8] = "已整改。\n# 第二段以井号开头"  # a literal block whose line starts with '#'
    table[0][5] = "反映 #3 号排口"
    content = tmp_path / "content"
    assert run(write_xlsx(tmp_path / "a.xlsx", table), content)[0] == 0
    assert run(write_xlsx(tmp_path / "a.xlsx", table), content)[0] == 0
    item = items(content)[0]
    assert item.handling == "已整改。\n# 第二段以井号开头" and item.summary == "反映 #3 号排口"


def test_personal_data_is_masked_on_the_way_in_and_listed(tmp_path):
    table = rows(2)
    table[0][5] = "举报人张三反映，联系电话13812345678，身份证430421199001011234。"
    code, report = run(write_xlsx(tmp_path / "a.xlsx", table), tmp_path / "content")
    assert code == 0, report
    text = (tmp_path / "content" / "complaints" / SLUG / "items.yaml").read_text(encoding="utf-8")
    assert "13812345678" not in text and "张三" not in text
    assert "举报人张某反映，联系电话138****5678" in text
    assert "row 4 (D2HN202105000001) 交办问题基本情况(summary): mobile number 138****5678" in report
    assert "row 4 (D2HN202105000001) 交办问题基本情况(summary): name 张某" in report


# ---- what an editor reads when the table is wrong -------------------------------------------------

def test_a_row_without_its_case_number(tmp_path):
    table = rows(3)
    table[1][1] = ""
    source = write_xlsx(tmp_path / "a.xlsx", table)
    code, report = run(source, tmp_path / "content")
    assert code == 1
    assert f"{source}:5: 受理编号(case_number): is empty: every row of a table with a 受理编号 column needs its number" \
        in report.splitlines()
    assert report.splitlines()[-1] == "Import failed: nothing was written to the batch."
    assert not (tmp_path / "content").exists()


def test_duplicate_case_numbers(tmp_path):
    table = rows(3)
    table[2][1] = table[0][1]
    source = write_xlsx(tmp_path / "a.xlsx", table)
    code, report = run(source, tmp_path / "content")
    assert code == 1
    assert f"{source}:6: 受理编号(case_number): 'D2HN202105000001' is listed twice (first on row 4)" in report.splitlines()


def test_a_sheet_without_a_recognisable_header(tmp_path):
    source = write_csv(tmp_path / "a.csv", [["名称", "数量"], ["甲", 1]])
    code, report = run(source, tmp_path / "content")
    assert code == 1
    assert report.splitlines()[0] == (
        f"{source}: no table with a recognisable header was found; the header needs at least three of 序号, 受理编号, "
        "交办时间, 行政区域, 污染类型, 交办问题基本情况, 调查核实情况, 是否属实, 处理和整改情况, 责任人被处理情况, 办理状态")


def test_dates_as_serial_numbers_and_text_and_a_date_that_is_not_one(tmp_path):
    table = rows(3)
    table[0][2], table[1][2], table[2][2] = 44336, "2021.5.21", "五月底"
    source = write_xlsx(tmp_path / "a.xlsx", table)
    code, report = run(source, tmp_path / "content")
    assert code == 1
    assert f"{source}:6: 交办时间(received_on): '五月底' is not a date (write it like 2021-05-02 or 2021年5月2日)" \
        in report.splitlines()
    table[2][2] = "20210522"
    assert run(write_xlsx(tmp_path / "a.xlsx", table), tmp_path / "content")[0] == 0
    assert [item.received_on for item in items(tmp_path / "content")] == [
        datetime.date(2021, 5, 20), datetime.date(2021, 5, 21), datetime.date(2021, 5, 22)]


def test_messages_are_chinese_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("DISCLOSURE_LANG")  # (conftest sets English for the tests written in it)
    set_language(None)
    source = write_csv(tmp_path / "a.csv", [["名称", "数量"], ["甲", 1]])
    code, report = run(source, tmp_path / "content")
    assert code == 1
    assert report.splitlines()[0].startswith(f"{source}: 没有找到表头可以识别的表格")
    assert report.splitlines()[-1] == "导入失败：没有写入任何文件。"


def test_import_needs_plan_or_batch_not_both(tmp_path):
    source = write_csv(tmp_path / "a.csv", [["序号"]])
    for extra in ([], ["--plan", "a", "--batch", "b"]):
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(source), *extra],
                                capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 2
        assert "--plan" in result.stderr and "--batch" in result.stderr


def test_redact_batch_masks_hand_edits(tmp_path):
    content = tmp_path / "content"
    assert run(write_xlsx(tmp_path / "a.xlsx", rows(2)), content)[0] == 0
    path = content / "complaints" / SLUG / "items.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("已责令第2号整改。", "已责令第2号整改，联系人李四13912345678。"),
                    encoding="utf-8")
    (tmp_path / "site_config.yaml").write_text("title: t\noffice: o\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "redact", "--batch", SLUG, "--yes",
                             "--config", str(tmp_path / "site_config.yaml"), "--content", str(content)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = path.read_text(encoding="utf-8")
    assert "已责令第2号整改，联系人李某139****5678。" in text and "13912345678" not in text
