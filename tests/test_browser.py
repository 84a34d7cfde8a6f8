"""The built site in a real browser (Debian's Chromium), served by nginx under /gongkai/."""
import re

import pytest

import web
from disclosure import urls
from web import AXE, chromium

PLAN = "plans/hengyang-2019/index.html"
# One page of every kind the site has.
PAGE_KINDS = ["index.html", PLAN, "plans/hengyang-2019/categories/5.html", "plans/hengyang-2019/issues/9.html",
              "plans/hengyang-2019/issues/6.html",  # closed, with a quoted passage in its record
              "plans/hengyang-2019/issues/19.html",  # unfinished: its plan fields only
              "plans/hengyang-2019/status/done.html", "leaders/index.html", urls.leader_url("彭玉明"),
              "units/index.html", urls.unit_url("衡阳县"), "overdue.html", "search.html?q=油烟", "data/index.html",
              "pages/about.html", "404.html", "notices.html", "phases.html", "sitemap.html", "contact.html"]
# Complaint batches (issue 23): the batches, a batch's 一览表 (two pages), an item, a region, a type, statistics.
BATCH = "complaints/hengyang-2019-3/"
COMPLAINT_KINDS = ["complaints/index.html", BATCH + "index.html", BATCH + "page-2.html",
                   BATCH + "items/D2HN201905100003.html", "complaints/regions/906a9f82c0.html",
                   "complaints/types/c4b25e8bd2.html", "complaints/stats.html"]
PAGE_KINDS += COMPLAINT_KINDS




@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_without_chromium_browser_tests_fail_in_ci_and_skip_elsewhere(monkeypatch, tmp_path, ci, outcome):
    monkeypatch.setattr(web, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium is not installed"):
        with chromium():
            pass


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def search(page, base, query):
    page.goto(base + "search.html")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                           " return s && !s.startsWith('正在'); }")
    return page.inner_text("#search-status"), [a.get_attribute("href") for a in page.query_selector_all("#search-results a")]


@pytest.mark.parametrize("query, expected", [
    ("黑臭水体", "plans/hengyang-2019/issues/19.html"),  # an unfinished problem: its page, plan fields only
    ("水口山", "plans/hengyang-2019/issues/6.html"),
    ("油烟", "plans/hengyang-2019/issues/9.html"),
    ("湖南水口山集团有限公司", "plans/hengyang-2019/issues/6.html"),
    ("餐饮门店", "plans/hengyang-2019/issues/9.html"),  # words of a published record
])
def test_chinese_search_finds_the_right_page(page, base, query, expected):
    status, links = search(page, base, query)
    assert expected in links, (status, links)  # (a leader's or unit's own page may come first)
    assert f"共有 {len(links)} 个页面含有“{query}”" in status
    page.click(f"#search-results a >> nth={links.index(expected)}")
    page.wait_for_load_state()
    assert page.url == base + expected


def test_search_finds_every_problem_of_a_leader(page, base):
    status, links = search(page, base, "彭玉明")
    # (The leader's own page is found by the name too, and first.)
    assert links[0] == urls.leader_url("彭玉明"), status
    assert sorted(links[1:]) == [f"plans/hengyang-2019/issues/{n}.html" for n in (19, 25, 9)], status


def test_search_finds_nothing_of_an_unfinished_record(page, base):
    status, links = search(page, base, "SECRET")  # a word only unpublished records contain
    assert links == [] and "没有找到" in status


def test_search_with_no_match_says_so(page, base):
    status, links = search(page, base, "查无此词")
    assert links == [] and status.startswith("没有找到含有“查无此词”的页面")


def test_header_search_box_opens_the_search_page_with_results(page, base):
    page.goto(base + "plans/hengyang-2019/issues/6.html")
    page.fill("#header-q", "油烟")
    page.press("#header-q", "Enter")
    page.wait_for_selector("#search-results a")
    assert page.url.startswith(base + "search.html?q=")
    assert page.get_attribute("#search-results a >> nth=0", "href") == "plans/hengyang-2019/issues/9.html"


def visible_numbers(page):
    return [int(n) for n in page.eval_on_selector_all(
        "#plan-issues tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.number)")]


def test_filters_narrow_the_table_and_live_in_the_address(page, base):
    page.goto(base + PLAN)
    assert visible_numbers(page) == [6, 9, 19, 20, 25]
    page.select_option("#filter-status", "done")
    # 办理到位 is 公示中, 公示期满 and 已销号 (6 is closed), as every count has it.
    assert visible_numbers(page) == [6, 9]  # (25 is done, but public only in 2099: 整改中 until then)
    assert "status=done" in page.url
    page.select_option("#filter-status", "notice ended")  # a phase (lifecycle.py): 公示期满
    assert visible_numbers(page) == [9] and "status=notice+ended" in page.url
    page.select_option("#filter-status", "closed")
    assert visible_numbers(page) == [6]
    page.select_option("#filter-status", "")
    page.check("#filter-overdue")
    assert visible_numbers(page) == [19, 20]
    page.uncheck("#filter-overdue")
    page.fill("#filter-q", "衡阳县")
    assert visible_numbers(page) == [19, 20]
    page.fill("#filter-q", "彭玉明")
    assert visible_numbers(page) == [9, 19, 25]
    page.select_option("#filter-category", "5")
    assert visible_numbers(page) == [19, 25]
    assert page.inner_text(".filter-count") == "显示 2 个问题（共 5 个）。"
    page.fill("#filter-q", "无此单位")
    assert visible_numbers(page) == [] and page.inner_text(".filter-count") == "没有符合条件的问题。"
    page.click(".filter-reset")
    assert visible_numbers(page) == [6, 9, 19, 20, 25] and page.url == base + PLAN


def test_a_shared_filtered_address_opens_filtered_and_sorted(page, base):
    page.goto(base + PLAN + "?category=5&sort=deadline")
    assert page.input_value("#filter-category") == "5" and page.input_value("#filter-sort") == "deadline"
    assert visible_numbers(page) == [19, 20, 25]
    page.goto(base + PLAN + "?sort=deadline")
    # Dated deadlines first, earliest first; 立行立改 (no date) last.
    assert visible_numbers(page) == [19, 20, 25, 6, 9]


def test_without_javascript_everything_but_search_works(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + PLAN + "?status=done")
    assert len(page.query_selector_all("#plan-issues tbody tr")) == 5
    assert not page.is_visible(".issue-filter") and not page.is_visible("#prefs")
    page.click("#plan-issues a[href$='issues/9.html']")
    assert page.url == base + "plans/hengyang-2019/issues/9.html"
    assert "城区1260家餐饮门店" in page.inner_text("main")
    page.goto(base + "search.html")
    assert "搜索需要浏览器启用 JavaScript" in page.inner_text("main")
    context.close()


def font_size(page):
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_text_size_and_contrast_persist_across_pages(page, base):
    page.goto(base + "index.html")
    normal = font_size(page)
    assert normal >= 16
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body >= 16
    page.click("#prefs [data-text-size=larger]")
    larger = font_size(page)
    assert larger >= normal * 1.3
    assert page.get_attribute("#prefs [data-text-size=larger]", "aria-pressed") == "true"
    page.click("#prefs [data-contrast]")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.goto(base + PLAN)
    assert font_size(page) == larger
    assert page.evaluate("document.documentElement.classList.contains('contrast')")
    assert page.get_attribute("#prefs [data-contrast]", "aria-pressed") == "true"
    page.click("#prefs [data-text-size=normal]")
    page.click("#prefs [data-contrast]")
    page.goto(base + "index.html")
    assert font_size(page) == normal
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_keyboard_reaches_skip_link_then_main_and_focus_is_visible(page, base):
    page.goto(base + PLAN)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                        " return [r.left, r.top, r.width]; })()")
    assert box[0] >= 0 and box[1] >= 0 and box[2] > 0, "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Every focusable control shows a clear outline when reached by keyboard.
    seen = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        tag, ident, outline = page.evaluate(
            "(() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.tagName, e.id || e.textContent.trim().slice(0, 12), s.outlineStyle + ' ' + s.outlineWidth]; })()")
        if tag == "BODY":  # past the last control
            break
        assert outline.startswith("solid") and outline != "solid 0px", f"{tag} {ident} has no visible focus"
        seen.add(ident)
    assert {"filter-status", "filter-category", "filter-q", "filter-sort", "filter-overdue"} <= seen
    page.focus("#filter-status")
    page.keyboard.press("ArrowDown")  # a closed select changes value on arrow keys
    assert page.input_value("#filter-status") == "not started"
    assert visible_numbers(page) == [20]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_horizontal_scrolling_at_360px(browser, base, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for size in ("normal", "larger"):
        page.goto(base + path)
        page.evaluate(f"localStorage.setItem('disclosure-text-size', '{size}')")
        page.reload()
        if "search.html" in path:
            page.wait_for_selector("#search-results a")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} at text size {size} is {width}px wide"
    context.close()


def test_touch_targets_are_large(browser, base):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + PLAN)
    small = page.evaluate("""Array.from(document.querySelectorAll(
        '.site-nav a, #prefs button, .header-search button, .header-search input, .issue-filter select,'
        + ' .issue-filter input[type=search], .issue-filter button')).filter(e => {
        const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 44; }).map(e => e.outerHTML.slice(0, 60))""")
    assert small == []
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("contrast", [False, True], ids=["default", "high-contrast-larger"])
def test_axe_finds_no_violations_on_any_page_kind(browser, base, contrast, width):
    """Every rule of every impact (best practices too), on phone and desktop, as is and in 高对比度 at 特大."""
    assert AXE.is_file(), "axe-core is missing: scripts/test.sh installs it with npm into .cache/npm"
    # (axe is injected as a script: the shipped CSP would refuse it, rightly.)
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    if contrast:
        page.goto(base + "index.html")
        page.click("#prefs [data-contrast]")
        page.click("#prefs [data-text-size=larger]")
    failures = {}
    for path in PAGE_KINDS:
        page.goto(base + path)
        if "search.html" in path:
            page.wait_for_selector("#search-results a")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})")
        if result["violations"]:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    context.close()
    assert failures == {}


def test_chart_writes_its_numbers_and_has_a_table_alternative(page, base):
    page.goto(base + PLAN)
    rows = page.inner_text(".chart-rows").splitlines()
    assert "办理到位 1 · 整改中 0 · 未开始 0（共 1 个）" in rows  # category 2: problem 6
    assert page.inner_text("table.tally caption") == "各类别整改进度"


def test_problem_page_prints_as_a_public_notice_on_a4(page, base, tmp_path):
    page.goto(base + "plans/hengyang-2019/issues/9.html")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-nav") and not page.is_visible("#prefs")
    assert page.is_visible(".print-heading") and "整改问题办理情况公示" in page.inner_text(".print-heading")
    assert "本页网址：https://example.gov.cn/gongkai/plans/hengyang-2019/issues/9.html" in page.inner_text(".print-footer")
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2 for w, h in sizes)


def test_complaint_filter_narrows_the_page_and_keeps_the_state_in_the_address(page, base):
    page.goto(base + BATCH + "index.html")
    assert page.is_visible("form[data-complaint-filter]")
    rows = lambda: page.evaluate("Array.from(document.querySelectorAll('#complaint-items tbody tr'))"
                                 ".filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())")
    assert len(rows()) == 100
    page.select_option("#filter-status", "done")
    assert rows() == [str(n) for n in range(3, 101, 3)]
    page.select_option("#filter-region", "雁峰区")
    assert rows() == [str(n) for n in range(15, 101, 15)]
    assert "status=done" in page.url and "本页显示 6 项" in page.inner_text(".filter-count")
    page.reload()
    assert rows() == [str(n) for n in range(15, 101, 15)]  # (from the address)
    page.click("a[rel=next]")
    page.wait_for_load_state()
    assert page.url.endswith(BATCH + "page-2.html") and "第 2 / 2 页" in page.inner_text(".page-list")


def test_search_finds_a_published_complaint_item(page, base):
    status, links = search(page, base, "排烟净化")
    assert any(link.startswith(BATCH + "items/") for link in links), (status, links)
