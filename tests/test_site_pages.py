"""The public site's second pass (issue 22), read from the built files: a page for every listed
problem, counts that agree everywhere, phase pages, the government site's conventions, unit_groups."""
import json
import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT, run_build
from disclosure.fields import derive_title

PLAN = "content/plans/demo-2019"


def build(site, output, today="2019-06-01"):
    result = run_build(site, output=output, today=today)
    assert result.returncode == 0, result.stderr
    return output


def edit(site, name, old, new):
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("problem, title", [
    # A clause cut at a comma can say the opposite: the whole first sentence, however long.
    ("常宁大义山自然保护区非法采选矿企业虽已停产,但设备还未拆除,未按要求做到两断两清一绿。",
     "常宁大义山自然保护区非法采选矿企业虽已停产,但设备还未拆除,未按要求做到两断两清一绿。"),
    ("全市共有采砂船280艘,目前仅23艘采砂船的许可证在有效期内。对那些非法的采砂船,水利部门既没有按规定拆解。",
     "全市共有采砂船280艘,目前仅23艘采砂船的许可证在有效期内。"),
    ("建筑扬尘污染防治还不到位,裸露地面还有未按要求进行防尘覆盖的现象", "建筑扬尘污染防治还不到位,裸露地面还有未按要求进行防尘覆盖的现象"),
])
def test_a_title_is_the_first_sentence_in_full(problem, title):
    assert derive_title(problem) == title


def test_the_example_plans_titles_are_never_cut_inside_a_sentence(tmp_path):
    output = build(ROOT, tmp_path / "out", today="2026-11-29")
    rows = json.loads((output / "data/issues.json").read_text())
    plan = (output / "plans/hengyang-2019/index.html").read_text()
    for row in rows:
        first = re.split(r"(?<=[。！？])", row["problem"], maxsplit=1)[0]
        assert f">{first}</a>" in plan, row["number"]
    assert ">全市共有采砂船280艘</a>" not in plan


def test_every_listed_problem_has_a_page_showing_only_what_is_public(basic_site, tmp_path):
    output = build(basic_site, tmp_path / "out")
    page = (output / "plans/demo-2019/issues/2.html").read_text()  # in progress, overdue
    assert "饮用水源保护区内存在违法建筑。" in page and "拆除违法建筑。" in page and "全面排查并拆除。" in page
    assert "已逾期 152 天" in page and "办理情况在问题办理到位后在本页公开" in page
    assert "SECRET" not in page and 'data-pagefind-body' in page
    scheduled = (output / "plans/demo-2019/issues/3.html").read_text()  # done, published only in 2099
    assert "SECRET" not in scheduled and "整改中" in scheduled and "公示" not in scheduled.split("<main", 1)[1].split("</main>")[0].replace("整改问题办理情况公示", "")
    sitemap = (output / "sitemap.xml").read_text()
    assert all(f"plans/demo-2019/issues/{n}.html" in sitemap for n in (1, 2, 3))


def test_without_list_unfinished_only_published_problems_have_pages(basic_site, tmp_path):
    (basic_site / "site_config.yaml").write_text((basic_site / "site_config.yaml").read_text() + "list_unfinished: false\n")
    output = build(basic_site, tmp_path / "out")
    assert sorted(p.name for p in (output / "plans/demo-2019/issues").glob("*.html")) == ["1.html"]
    assert "issues/2.html" not in (output / "sitemap.xml").read_text()


def test_problem_page_links_leader_neighbours_source_and_print(basic_site, tmp_path):
    edit(basic_site, f"{PLAN}/plan.yaml", "summary: 测试用", "source_url: https://www.example.gov.cn/plan.html\nsummary: 测试用")
    output = build(basic_site, tmp_path / "out")
    page = (output / "plans/demo-2019/issues/2.html").read_text()
    leader = re.search(r'<dt>督办市领导</dt><dd><a href="([^"]+)">李四</a>', page).group(1)
    assert "李四督办的问题" in (output / "plans/demo-2019/issues" / leader).read_text()
    assert re.search(r'href="1.html" rel="prev">.*问题1 城区黑臭水体整治进展缓慢，部分水体返黑返臭。', page)
    assert re.search(r'href="3.html" rel="next">.*问题3 餐饮油烟扰民问题突出。', page)
    assert 'rel="prev"' not in (output / "plans/demo-2019/issues/1.html").read_text()
    assert 'data-print hidden>打印本页</button>' in page
    assert '<a href="https://www.example.gov.cn/plan.html">整改方案原文</a>' in page


class _Counts(HTMLParser):
    """The rows of a page's problem table."""

    def __init__(self):
        super().__init__()
        self.rows = 0

    def handle_starttag(self, tag, attrs):
        if tag == "td" and ("class", "num") in attrs:
            self.rows += 1


def rows_on(path) -> int:
    parser = _Counts()
    parser.feed(path.read_text())
    return parser.rows


def test_counts_agree_on_home_plan_page_phase_pages_filter_and_data(tmp_path):
    output = build(ROOT, tmp_path / "out", today="2026-11-29")
    rows = json.loads((output / "data/issues.json").read_text())
    home, plan = (output / "index.html").read_text(), (output / "plans/hengyang-2019/index.html").read_text()
    phases = {"not started": ["not started"], "in progress": ["in progress"], "in notice": ["in notice"],
              "notice ended": ["notice ended"], "closed": ["closed"], "done": ["in notice", "notice ended", "closed"]}
    for key, members in phases.items():
        expected = sum(row["phase"] in members for row in rows)
        slug = key.replace(" ", "-")
        page = output / f"plans/hengyang-2019/status/{slug}.html"
        assert rows_on(page) == expected, key
        # The filter counts the same rows (data-phase, data-finished for 办理到位).
        table = plan.split('id="plan-issues"', 1)[1]
        marked = table.count(f'data-phase="{key}"') if key != "done" else table.count('data-finished="1"')
        assert marked == expected, key
        # Home and plan page link each count to that page, with that number.
        for text in (home, plan):
            link = f'href="{"" if text is plan else "plans/hengyang-2019/"}status/{slug}.html">{expected}</a>'
            assert expected == 0 or link in text, (key, expected)
        assert f"status/{slug}.html\">" in plan
    assert sum(row["phase"] == "closed" for row in rows) >= 1  # the example has a 已销号 problem
    assert "阶段说明" in home and (output / "phases.html").is_file()


def test_no_page_has_an_inline_script(tmp_path):
    output = build(ROOT, tmp_path / "out", today="2026-11-29")
    for page in output.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        text = page.read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S)
        assert all("src=" in attrs and not body.strip() for attrs, body in scripts), page
        assert not re.search(r"\son[a-z]+=", text), f"{page}: an inline event handler"
    assert '<base href="/gongkai/">' in (output / "404.html").read_text()


def test_footer_carries_the_government_sites_conventions(basic_site, tmp_path):
    (basic_site / "site_config.yaml").write_text((basic_site / "site_config.yaml").read_text()
                                                 + "correction_url: https://zfwzzc.www.gov.cn/\n"
                                                 "conac_url: https://bszs.conac.cn/sitename?method=show&id=1\n")
    output = build(basic_site, tmp_path / "out")
    page = (output / "plans/demo-2019/issues/2.html").read_text()
    assert '<a href="https://beian.miit.gov.cn/">湘ICP备12345678号</a>' in page
    assert '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=43040002000001">湘公网安备43040002000001号</a>' in page
    assert '<a href="../../../sitemap.html">网站地图</a>' in page and '<a href="../../../contact.html">联系我们</a>' in page
    assert '<a href="https://zfwzzc.www.gov.cn/">我要纠错</a>' in page
    assert '<a class="conac-badge" href="https://bszs.conac.cn/sitename?method=show&amp;id=1">党政机关</a>' in page
    assert '电话：<a href="tel:00001234567">0000-1234567</a>' in page
    # Printed, every page says whose it is and as of when.
    assert '<p class="print-only print-footer" data-pagefind-ignore>主办单位：测试市人民政府办公室 · 数据截至 2019年6月1日' in page
    contact = (output / "contact.html").read_text()
    assert '<a href="tel:00007654321">0000-7654321</a>' in contact and "测试市人民路1号" in contact
    site_map = (output / "sitemap.html").read_text()
    assert all(f'href="{link}"' in site_map for link in ("plans/demo-2019/index.html", "plans/demo-2019/categories/2.html",
                                                        "plans/demo-2019/status/done.html", "overdue.html", "contact.html"))


def test_without_a_correction_address_it_goes_to_contact(basic_site, tmp_path):
    page = (build(basic_site, tmp_path / "out") / "index.html").read_text()
    assert '<a href="contact.html">我要纠错</a>' in page and "conac-badge" not in page


def test_unit_groups_count_a_problem_for_each_unit_of_the_group(basic_site, tmp_path):
    edit(basic_site, f"{PLAN}/02.md", "responsible: 测试县人民政府", "responsible: 各县市区党委、政府")
    (basic_site / "site_config.yaml").write_text((basic_site / "site_config.yaml").read_text()
                                                 + "unit_groups:\n  各县市区: [测试区人民政府, 测试县人民政府]\n")
    output = build(basic_site, tmp_path / "out")
    index = re.sub(r' data-label="[^"]*"', "", (output / "units/index.html").read_text())
    tallies = dict(re.findall(r'>([^<]+)</a></th><td>(\d+)</td>', index))
    assert tallies == {"测试区人民政府": "3", "测试县人民政府": "1"}  # 2 counts for both
    county = (output / "units" / re.search(r'href="([^"]+)">测试县人民政府', index).group(1)).read_text()
    assert "主体责任单位写作“各县市区”的问题也计入本单位" in county and ">2</td>" in county


def test_unit_groups_must_name_configured_units(basic_site, tmp_path):
    (basic_site / "site_config.yaml").write_text((basic_site / "site_config.yaml").read_text()
                                                 + "unit_groups:\n  各县市区: [测试区人民政府, 不存在县]\n")
    result = run_build(basic_site, output=tmp_path / "out")
    assert result.returncode == 1
    assert re.search(r"site_config.yaml:\d+: unit_groups: .*不存在县", result.stderr), result.stderr
