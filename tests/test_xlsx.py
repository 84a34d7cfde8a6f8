"""data/issues.xlsx, written directly as SpreadsheetML: read back with openpyxl and checked as a zip package."""
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from datetime import date

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure.outputs import xlsx, xlsx_cells, zipped
from disclosure.outputs.data import COLUMNS
from disclosure.outputs.zipped import crc32_combine

BUILT_ON = date(2019, 6, 1)
ROWS = [
    {"plan": "hengyang-2019", "number": 9, "category": 2, "problem": "城区餐饮油烟扰民。", "goal": "油烟达标排放。",
     "measures": ["全面加强排查。", "严格依法处置。"], "deadline": "2019年9月底前", "deadline_date": "2019-09-30",
     "responsible": "各县市区", "supervising": "市城管局", "leader": "曾艳阳", "status": "done", "overdue": False,
     "published": True, "completed_on": "2019-05-20", "published_on": "2019-05-21",
     "url": "https://example.org/plans/hengyang-2019/issues/9.html", "record": "## 整改成效\n\n| a | b |\n| --- | --- |"},
    {"plan": "hengyang-2019", "number": 19, "category": 3, "problem": "尾矿库环境风险。", "goal": "消除隐患。",
     "measures": [], "deadline": "立行立改", "deadline_date": None, "responsible": "衡阳县", "supervising": "市应急局",
     "leader": "", "status": "in progress", "overdue": True, "published": False},
]


def write(tmp_path, rows, built_on=BUILT_ON, name="issues.xlsx"):
    path = tmp_path / name
    with open(path, "wb") as out:
        xlsx.write_xlsx(out, rows, built_on)
    return path


def test_rows_read_back_with_their_values_and_types(tmp_path):
    sheet = openpyxl.load_workbook(write(tmp_path, ROWS)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == [xlsx_cells.TITLES[key] for key in COLUMNS]
    first, second = ({key: cell for key, cell in zip(COLUMNS, row)} for row in rows[1:])
    assert first["number"].value == 9 and first["number"].data_type == "n"
    assert first["category"].value == 2 and first["category"].data_type == "n"
    assert first["problem"].value == "城区餐饮油烟扰民。" and first["problem"].data_type == "s"
    assert first["measures"].value == "全面加强排查。\n严格依法处置。"
    assert first["record"].value == "整改成效\n\na  b"  # plain text: Markdown's marks taken out
    assert (first["overdue"].value, first["published"].value) == ("否", "是")
    assert first["overdue"].data_type == "s"
    assert (second["overdue"].value, second["published"].value) == ("是", "否")
    assert (first["status"].value, second["status"].value) == ("办理到位", "整改中")
    # None and absent keys are empty cells; an empty list or string is an empty text.
    assert second["deadline_date"].value is None and second["record"].value is None and second["url"].value is None
    assert second["measures"].value in ("", None) and second["leader"].value in ("", None)
    assert len(rows) == 3


def test_sheet_layout_header_styles_widths_and_frozen_row(tmp_path):
    book = openpyxl.load_workbook(write(tmp_path, ROWS))
    assert book.sheetnames == ["整改问题"]
    sheet = book.active
    assert sheet.freeze_panes == "A2"
    pane = sheet.sheet_view.pane
    assert (pane.state, pane.ySplit, pane.xSplit) == ("frozen", 1, None)  # the header row only, no column
    header = list(sheet.iter_rows(max_row=1))[0]
    assert all(cell.font.b for cell in header)
    widths = {key: sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width
              for index, key in enumerate(COLUMNS, start=1)}
    assert widths == {key: xlsx._WIDTHS.get(key, 12) for key in COLUMNS}
    assert widths["record"] == 60 and widths["plan"] == 12
    body = {key: cell for key, cell in zip(COLUMNS, list(sheet.iter_rows(min_row=2, max_row=2))[0])}
    for key in ("problem", "measures", "record", "url", "deadline"):
        assert body[key].alignment.wrap_text and body[key].alignment.vertical == "top", key
        assert not body[key].font.b
    for key in ("plan", "number", "status"):
        assert not body[key].alignment.wrap_text, key


def test_characters_xml_forbids_are_dropped_and_markup_is_escaped(tmp_path):
    row = {"plan": "p", "number": 1,
           "problem": "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\uffffi\ud800j",
           "goal": "1 < 2 & 3 > 2 </t></is></c>]]>",
           "supervising": "  lead and trail spaces  \r\nline\ttab\n",
           "leader": "\U0001F600 and \u00e9"}
    path = write(tmp_path, [row])
    for part in zipfile.ZipFile(path).namelist():
        if part.endswith((".xml", ".rels")):
            ElementTree.fromstring(zipfile.ZipFile(path).read(part))  # well-formed, or this raises
    cells = {key: cell.value for key, cell in zip(COLUMNS, list(openpyxl.load_workbook(path).active.iter_rows())[1])}
    assert cells["problem"] == "abcdefghij"
    assert cells["goal"] == "1 < 2 & 3 > 2 </t></is></c>]]>"
    assert cells["supervising"] == "  lead and trail spaces  \r\nline\ttab\n"
    assert cells["leader"] == "\U0001F600 and \u00e9"


def test_text_starting_with_equals_stays_text(tmp_path):
    row = {"plan": "p", "number": 1, "leader": '=HYPERLINK("http://x")', "problem": "=1+1", "goal": "+SUM(A1)"}
    path = write(tmp_path, [row])
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    cells = {key: cell for key, cell in zip(COLUMNS, list(openpyxl.load_workbook(path).active.iter_rows())[1])}
    assert cells["leader"].value == '=HYPERLINK("http://x")' and cells["leader"].data_type == "s"
    assert cells["problem"].value == "=1+1" and cells["problem"].data_type == "s"
    assert cells["goal"].value == "+SUM(A1)" and cells["goal"].data_type == "s"


def test_same_rows_and_date_give_the_same_bytes(tmp_path):
    first = write(tmp_path, ROWS, name="a.xlsx").read_bytes()
    assert write(tmp_path, [dict(row) for row in ROWS], name="b.xlsx").read_bytes() == first
    assert write(tmp_path, ROWS, built_on=date(2019, 6, 2), name="c.xlsx").read_bytes() != first
    assert write(tmp_path, ROWS[:1], name="d.xlsx").read_bytes() != first


def test_entries_and_properties_carry_only_the_build_date(tmp_path):
    archive = zipfile.ZipFile(write(tmp_path, ROWS, built_on=date(2020, 2, 29)))
    for info in archive.infolist():
        assert info.date_time == (2020, 2, 29, 0, 0, 0), info.filename
        assert info.external_attr == 0o644 << 16, info.filename
        assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
        assert info.extract_version < 45, info.filename  # no ZIP64 headers for a sheet this small
    core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    terms = "{http://purl.org/dc/terms/}"
    assert core.find(f"{terms}created").text == core.find(f"{terms}modified").text == "2020-02-29T00:00:00Z"
    assert core.find("{http://purl.org/dc/elements/1.1/}creator").text == "disclosure"
    assert archive.namelist()[0] == "[Content_Types].xml"


def test_package_parts_are_listed_related_and_well_formed(tmp_path):
    archive = zipfile.ZipFile(write(tmp_path, ROWS))
    names = set(archive.namelist())
    assert names == {"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
                     "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"}
    trees = {name: ElementTree.fromstring(archive.read(name)) for name in names}
    types = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = [element.get("PartName") for element in trees["[Content_Types].xml"].iter(f"{types}Override")]
    assert sorted(overrides) == sorted("/" + name for name in names if not name.endswith((".rels", "Types].xml")))
    relationship = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
    for rels, base in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl")):
        targets = [element.get("Target") for element in trees[rels].iter(relationship)]
        assert targets and all(posixpath.normpath(posixpath.join(base, target)) in names for target in targets), rels
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    dimension = trees["xl/worksheets/sheet1.xml"].find(f"{main}dimension")
    assert dimension.get("ref") == "A1:X3"


def test_no_rows_gives_a_header_only_sheet(tmp_path):
    path = write(tmp_path, [])
    sheet = openpyxl.load_workbook(path).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [[xlsx_cells.TITLES[key] for key in COLUMNS]]
    assert sheet.freeze_panes == "A2"
    assert re.search(r'<dimension ref="A1:X1"/>', zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode())


def test_a_sheet_past_4_gib_is_written_with_zip64(tmp_path, monkeypatch):
    monkeypatch.setattr(zipped, "_LIMIT", 1000)  # as if 1,000 bytes were 4 GiB
    path = write(tmp_path, ROWS)
    archive = zipfile.ZipFile(path)
    assert archive.getinfo("xl/worksheets/sheet1.xml").extract_version == 45
    assert archive.testzip() is None
    values = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert [row[1] for row in values[1:]] == [9, 19]


def test_a_sheet_deflated_in_blocks_reads_back_whole(tmp_path, monkeypatch):
    """Blocks of rows are deflated on their own and joined: one valid stream, with the right CRC."""
    monkeypatch.setattr(xlsx, "_BLOCK_ROWS", 1)
    rows = [dict(ROWS[index % 2], number=index) for index in range(5)]
    path = write(tmp_path, rows)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None  # every entry's CRC-32 checks out
    values = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert [row[1] for row in values[1:]] == list(range(5))


@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_crc32_combine_matches_zlib(first, second):
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(first + second)


def test_every_column_has_a_chinese_title():
    assert list(xlsx_cells.TITLES) == COLUMNS


@pytest.mark.parametrize("markdown, plain", [
    ("## 整改成效\n\n**已完成**验收。", "整改成效\n\n已完成验收。"),
    ("> 引用的文字\n> 第二行", "引用的文字\n第二行"),
    ("详见[验收报告](a.pdf)和![现场](b.jpg)。", "详见验收报告和现场。"),
    ("| 项目 | 数量 |\n| --- | ---: |\n| 餐饮 | 1260 |", "项目  数量\n餐饮  1260"),
    ("1. 第一条\n2. 第二条 *重点*", "1. 第一条\n2. 第二条 重点"),
])
def test_records_are_plain_text(markdown, plain):
    assert xlsx_cells.plain_text(markdown) == plain
