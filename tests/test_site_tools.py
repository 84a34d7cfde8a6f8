"""Search index, Excel download, data page and per-unit pages, checked in the built files."""
import io
import json
import re
import shutil
import zipfile

import openpyxl

from disclosure.outputs.data import COLUMNS
import pytest

from conftest import index_holds, leaks, run_build, search_index, tree
from web import BROWSER_SITE

from disclosure.outputs.search_text import page_record

SECRETS = ("SECRET-RECORD-19", "SECRET-INTERNAL-19", "SECRET-PROGRESS-19", "SECRET-RECORD-25")


@pytest.fixture
def site(tmp_path):
    """A writable copy of the browser tests' site (search on, units configured)."""
    copy = tmp_path / "site"
    shutil.copytree(BROWSER_SITE, copy)
    return copy


def build(site, output, today="2019-06-01"):
    result = run_build(site, output=output, today=today)
    assert result.returncode == 0, result.stderr
    return output


def test_index_holds_published_pages_and_no_unfinished_record(site, tmp_path):
    output = build(site, tmp_path / "out")
    pages = search_index(output)
    issues = {url for url in pages if "/issues/" in url}
    # Every problem's page is indexed with what it shows: an unfinished one its plan fields only.
    assert issues == {f"plans/hengyang-2019/issues/{n}.html" for n in (6, 9, 19, 20, 25)}
    assert {"黑臭", "水体"} <= pages["plans/hengyang-2019/issues/19.html"]["tokens"]
    assert {"plans/hengyang-2019/index.html", "pages/about.html"} <= set(pages)
    # Leader, unit and category pages are found by their names, and by nothing else of theirs.
    leaders = [page for url, page in pages.items() if url.startswith("leaders/") and url != "leaders/index.html"]
    assert leaders and all(page["tokens"] == page["title tokens"] for page in leaders)
    assert any(url.startswith("plans/hengyang-2019/categories/") for url in pages)
    record = pages["plans/hengyang-2019/issues/9.html"]
    assert {"城区", "餐饮", "饮门", "门店", "12", "26", "60"} <= record["tokens"]
    assert index_holds(record["tokens"], "城区1260家餐饮门店")
    assert not any(index_holds(page["tokens"], "主导航") for page in pages.values())  # navigation is not indexed
    assert not index_holds(record["tokens"], "本页网址")  # nor print-only lines
    # The complaint batch (issue 23): its lists, and the pages of its 已办结 items (every third) alone.
    batch = "complaints/hengyang-2019-3/"
    complaints = {url for url in pages if url.startswith("complaints/") and "/items/" in url}
    assert complaints == {f"{batch}items/D2HN2019051{n:05d}.html" for n in range(3, 106, 3)}
    assert {"complaints/index.html", batch + "index.html", batch + "page-2.html"} <= set(pages)
    assert leaks(output, SECRETS) == []


def test_search_tokens_hold_every_pair_of_the_pages_text(site, tmp_path):
    output = build(site, tmp_path / "out")
    url = "plans/hengyang-2019/issues/9.html"
    tokens = search_index(output)[url]["tokens"]
    record = page_record(url, (output / url).read_bytes())
    assert "城区1260家餐饮门店" in record.text and "本页网址" not in record.text
    for run in re.findall(r"[0-9a-z\u4e00-\u9fff]+", (record.title + " " + record.text).lower()):
        assert {run[i:i + 2] for i in range(len(run) - 1)} | set(run) <= tokens, run


def test_search_index_is_byte_identical_across_builds(site, tmp_path):
    first = tree(build(site, tmp_path / "a"))
    second = tree(build(site, tmp_path / "b"))
    assert any(name.startswith("pagefind/") for name in first)
    assert first == second


def test_search_off_builds_no_index_and_no_search_ui(site, tmp_path):
    config = site / "site_config.yaml"
    config.write_text(config.read_text().replace("search: true", "search: false"))
    output = build(site, tmp_path / "out")
    assert not (output / "pagefind").exists() and not (output / "search.html").exists()
    for name, data in tree(output).items():
        if name.endswith(".html"):
            assert b"search.html" not in data, f"{name} links to a search page that does not exist"


def test_excel_rows_match_json_and_bytes_carry_only_the_build_date(site, tmp_path):
    output = build(site, tmp_path / "out")
    raw = (output / "data/issues.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2019, 6, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r">(\d{4}-[^<]+)<", core) == ["2019-06-01T00:00:00Z", "2019-06-01T00:00:00Z"]
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    rows = list(sheet.iter_rows(values_only=True))
    records = json.loads((output / "data/issues.json").read_text())
    # People read the workbook: Chinese titles and words, records as plain text (JSON keeps keys and values).
    assert list(rows[0]) == ["整改方案", "编号", "问题类别", "问题", "整改目标", "整改措施", "整改时限",
                             "整改时限（日期）", "主体责任单位", "监管责任单位", "督办市领导", "状态", "是否逾期",
                             "办理情况是否已公开", "办结日期", "公开日期", "网址", "办理情况",
                             "阶段", "公示开始", "公示截止", "销号日期", "验收单位", "长期坚持"]
    assert [row[1] for row in rows[1:]] == [r["number"] for r in records] == [6, 9, 19, 20, 25]
    by_number = {row[1]: dict(zip(COLUMNS, row)) for row in rows[1:]}
    assert by_number[9]["measures"] == "全面加强排查。建立动态电子表格台账。\n严格依法处置。对市民投诉或巡查发现的油烟污染问题认真进行核查，依法处罚、整改到位。"
    assert by_number[9]["record"].startswith("（示例）城区1260家") and by_number[19]["record"] is None
    json9 = next(r for r in records if r["number"] == 9)
    assert by_number[19]["overdue"] == "是" and by_number[25]["published"] == "否"
    assert by_number[25]["status"] == by_number[25]["phase"] == "整改中" and by_number[25]["long_term"] is None
    assert by_number[9]["phase"] == "公示期满" and json9["phase"] == "notice ended"


def test_excel_keeps_formula_like_text_as_text(site, tmp_path):
    path = site / "content/plans/hengyang-2019/20.md"
    path.write_text(path.read_text().replace("leader: 曾艳阳", "leader: =HYPERLINK(\"x\")"))
    sheet = openpyxl.load_workbook(build(site, tmp_path / "out") / "data/issues.xlsx").active
    cell = next(row[10] for row in sheet.iter_rows(min_row=2) if row[1].value == 20)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_data_page_explains_every_column(site, tmp_path):
    page = (build(site, tmp_path / "out") / "data/index.html").read_text()
    names = re.findall(r"<th scope=\"row\"><code>(\w+)</code></th><td>[^<]+</td>", page)
    assert names == ["plan", "number", "category", "problem", "goal", "measures", "deadline", "deadline_date",
                     "responsible", "supervising", "leader", "status", "overdue", "published",
                     "completed_on", "published_on", "url", "record",
                     "phase", "notice_start", "notice_end", "closed_on", "acceptance_units", "long_term",
                     # (the site has a complaint batch: data/complaints.*, issue 23)
                     "batch", "seq", "case_number", "received_on", "region", "pollution_type", "summary", "verified",
                     "status", "published", "investigation", "handling", "accountability", "published_on", "url"]
    for link in ("issues.json", "issues.csv", "issues.xlsx", "complaints.json", "complaints.csv", "complaints.xlsx"):
        assert f'href="{link}"' in page


def test_unit_pages_group_problems_by_name_or_alias(site, tmp_path):
    output = build(site, tmp_path / "out")
    index = re.sub(r' data-label="[^"]*"', "", (output / "units/index.html").read_text())
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>', index)
    tallies = {name: (int(total), int(done), int(overdue)) for _, name, total, done, overdue in rows}
    assert tallies == {"湖南水口山集团有限公司": (1, 1, 0), "雁峰区": (2, 1, 0), "衡阳县": (2, 0, 2),
                       "市城市管理行政执法局": (0, 0, 0)}
    # The alias 市城管局 is not in any problem's responsible text; supervising units do not count.
    link = dict((name, href) for href, name, *_ in rows)["衡阳县"]
    unit_page = (output / "units" / link).read_text()
    assert re.findall(r'<td class="num">(\d+)</td>', unit_page) == ["19", "20"]
    # (The plan's title goes under the problem, not into the narrow 编号 column.)
    assert unit_page.count('<span class="plan-name">衡阳市贯彻落实') == 2
    issue = (output / "plans/hengyang-2019/issues/6.html").read_text()
    assert f'href="../../../units/{link}"' not in issue
    assert re.search(r'按单位查看：<a href="../../../units/[0-9a-f]{10}.html">湖南水口山集团有限公司</a>', issue)


def test_alias_counts_for_its_unit(site, tmp_path):
    path = site / "content/plans/hengyang-2019/20.md"
    path.write_text(path.read_text().replace("responsible: 衡阳县党委、政府", "responsible: 水口山集团"))
    index = re.sub(r' data-label="[^"]*"', "", (build(site, tmp_path / "out") / "units/index.html").read_text())
    assert re.search(r">湖南水口山集团有限公司</a></th><td>2</td><td>1</td><td>1</td>", index)


def test_no_units_configured_means_no_unit_pages(site, tmp_path):
    config = site / "site_config.yaml"
    config.write_text(re.sub(r"units:\n(  .*\n)+", "", config.read_text()))
    output = build(site, tmp_path / "out")
    assert not (output / "units").exists()
    assert "units/" not in (output / "index.html").read_text()
