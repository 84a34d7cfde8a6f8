"""Building a site: what reaches output/, and what never does."""
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

from conftest import leaks, run_build, tree

SECRETS = ("SECRET-RECORD-02", "SECRET-INTERNAL-02", "SECRET-PROGRESS-02", "SECRET-RECORD-03")


def built(site, tmp_path, today="2019-06-01"):
    output = tmp_path / "out"
    result = run_build(site, output=output, today=today)
    assert result.returncode == 0, result.stderr
    return output


def test_same_input_gives_identical_bytes(basic_site, tmp_path):
    first = tree(built(basic_site, tmp_path / "a"))
    second = tree(built(basic_site, tmp_path / "b"))
    assert first == second


def test_unpublished_records_reach_no_file(basic_site, tmp_path):
    assert leaks(built(basic_site, tmp_path), SECRETS) == []


def test_scheduled_publication_appears_on_its_date(basic_site, tmp_path):
    output = built(basic_site, tmp_path, today="2099-01-01")
    assert "SECRET-RECORD-03" in (output / "plans/demo-2019/issues/3.html").read_text()
    assert "plans/demo-2019/issues/3.html" in (output / "sitemap.xml").read_text()


def test_retracted_problem_leaves_nothing_behind(basic_site, tmp_path):
    output = built(basic_site, tmp_path)
    assert (output / "plans/demo-2019/issues/1.html").exists()
    path = basic_site / "content/plans/demo-2019/01.md"
    path.write_text(path.read_text().replace("status: done", "status: in progress"))
    output = built(basic_site, tmp_path)
    # Its page stays (every listed problem has one) with the plan's fields only.
    assert "办理情况在问题办理到位后在本页公开" in (output / "plans/demo-2019/issues/1.html").read_text()
    assert leaks(output, ["3.2 公里"]) == [], "retracted record left behind"


def test_every_internal_link_resolves(basic_site, tmp_path):
    output = built(basic_site, tmp_path)
    for page in output.rglob("*.html"):
        # (404.html's <base> names the site's path on the server: its links resolve from the root, where it lies.)
        for link in re.findall(r'(?:href|src)="([^"]+)"', re.sub(r'<base href="[^"]*">', "", page.read_text())):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(output)}: broken link {link}"


def test_data_files_have_contract_keys(basic_site, tmp_path):
    output = built(basic_site, tmp_path)
    rows = json.loads((output / "data/issues.json").read_text())
    by_number = {row["number"]: row for row in rows}
    lifecycle = {"phase", "notice_start", "notice_end", "closed_on", "acceptance_units", "long_term"}
    base = {"plan", "number", "category", "problem", "goal", "measures", "deadline", "deadline_date",
            "responsible", "supervising", "leader", "status", "overdue", "published", "url"} | lifecycle
    assert set(by_number[2]) == base  # (url: every listed problem has its page, its plan fields only)
    assert by_number[2]["url"] == "https://example.org/gk/plans/demo-2019/issues/2.html"
    assert {key: by_number[2][key] for key in lifecycle - {"phase"}} == dict.fromkeys(lifecycle - {"phase"})
    # 3 is done but published only later: public as unfinished, everywhere.
    assert (by_number[3]["status"], by_number[3]["phase"]) == ("in progress", "in progress")
    assert (by_number[1]["phase"], by_number[1]["notice_start"], by_number[1]["notice_end"]) == (
        "notice ended", "2019-03-01", "2019-03-10")
    assert set(by_number[1]) == base | {"completed_on", "published_on", "record"}
    assert by_number[1]["deadline_date"] == "2018-09-30" and by_number[1]["measures"] == ["完成截污纳管。", "开展清淤疏浚。"]
    assert by_number[2]["overdue"] is True and by_number[3]["published"] is False
    assert by_number[1]["url"] == "https://example.org/gk/plans/demo-2019/issues/1.html"
    raw = (output / "data/issues.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv_rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["number"] for r in csv_rows] == ["1", "2", "3"] and csv_rows[1]["record"] == ""


def test_feed_lists_published_newest_first(basic_site, tmp_path):
    extra = basic_site / "content/plans/demo-2019/04.md"
    extra.write_text("---\nnumber: 4\ncategory: 2\nproblem: 扬尘污染。\nstatus: closed\n"
                     "completed_on: 2019-04-01\npublished_on: 2019-05-01\nclosed_on: 2019-05-20\n---\n已销号。\n")
    output = built(basic_site, tmp_path)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(output / "feed.xml").getroot().findall(f"{atom}entry")
    page = "https://example.org/gk/plans/demo-2019/issues/"
    # Newest first: 4 closed 05-20, its notice and record 05-01, then 1's notice and record 03-01.
    assert [e.find(f"{atom}id").text for e in entries] == [
        page + "4.html#closed", page + "4.html#notice", page + "4.html", page + "1.html#notice", page + "1.html"]
    assert all(e.find(f"{atom}link").get("href") == e.find(f"{atom}id").text.split("#")[0] for e in entries)


def test_hidden_unfinished_problems_when_configured(basic_site, tmp_path):
    config = basic_site / "site_config.yaml"
    config.write_text(config.read_text() + "list_unfinished: false\n")
    output = built(basic_site, tmp_path)
    text = "".join(data.decode() for name, data in tree(output).items() if name.endswith((".html", ".json")))
    assert "饮用水源保护区内存在违法建筑" not in text
    assert "城区黑臭水体整治进展缓慢" in text


def test_record_is_sanitised(basic_site, tmp_path):
    path = basic_site / "content/plans/demo-2019/01.md"
    path.write_text(path.read_text() + '\n<script>alert("x")</script>\n<img src=x onerror="alert(1)">'
                    '\n[点此](javascript:alert(1)) <iframe src="https://evil.example"></iframe>\n')
    page = (built(basic_site, tmp_path) / "plans/demo-2019/issues/1.html").read_text()
    record = page.split('<div class="record">', 1)[1].split("</div>", 1)[0]
    for bad in ("<script", "onerror", "javascript:", "<iframe", 'alert("x")'):
        assert bad not in record
    assert "点此" in record and "<table>" in record
    assert re.findall(r"<script[^>]*>", page) == [s for s in re.findall(r"<script[^>]*>", page) if "src=" in s]


def test_page_shows_notice_period_and_contact(basic_site, tmp_path):
    # The last day counts: 10 days from 03-01 end on 03-10.
    page = (built(basic_site, tmp_path, today="2019-03-10") / "plans/demo-2019/issues/1.html").read_text()
    assert "公示期：2019年3月1日 至 2019年3月10日（共 10 天）。如有异议，请于公示期内向测试市整改办反映" in page
    assert "0000-7654321" in page and "今天是公示期最后一天" in page
    assert '<meta name="PubDate" content="2019-03-01">' in page and 'lang="zh-CN"' in page


def test_page_after_the_notice_says_it_ended(basic_site, tmp_path):
    page = (built(basic_site, tmp_path) / "plans/demo-2019/issues/1.html").read_text()
    assert "公示期已于 2019年3月10日 结束" in page and "公示期：" not in page


def test_change_after_publication_is_marked(basic_site, tmp_path):
    path = basic_site / "content/plans/demo-2019/01.md"
    path.write_text(path.read_text().replace("published_on: 2019-03-01", "published_on: 2019-03-01\nupdated_on: 2019-04-02"))
    page = (built(basic_site, tmp_path) / "plans/demo-2019/issues/1.html").read_text()
    assert "公开后于 2019年4月2日 修改了办理情况" in page
