"""The public site's second pass (issue 22) in Chromium, served by nginx with the shipped config:
one test per bug the issue lists, each of which fails on the site before it."""
import re

import pytest

from disclosure import urls
from web import chromium

PLAN = "plans/hengyang-2019/index.html"
PHONE, DESKTOP = {"width": 360, "height": 740}, {"width": 1280, "height": 900}

# The WCAG contrast ratio of two CSS colours, and the colour behind an element (its first ancestor
# with a background), in the page.
CONTRAST_JS = """
window.luminance = (css) => {
  const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
window.ratio = (a, b) => { const x = luminance(a), y = luminance(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
window.behind = (element) => {
  for (let e = element; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour && !colour.startsWith('rgba(0, 0, 0, 0)') && colour !== 'transparent') return colour;
  }
  return 'rgb(255, 255, 255)';
};
"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


def open_page(browser, base, path, viewport=DESKTOP, size="normal", contrast=False, javascript=True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    if javascript:
        page.goto(base + "index.html")
        page.evaluate(f"localStorage.setItem('disclosure-text-size', '{size}');"
                      f"localStorage.setItem('disclosure-contrast', '{'on' if contrast else 'off'}')")
    page.goto(base + path)
    return page


def test_every_problem_is_readable_from_the_plan_page(browser, base):
    page = open_page(browser, base, PLAN)
    titles = page.eval_on_selector_all("#plan-issues td.title a", "links => links.map(a => a.textContent)")
    # Titles are whole first sentences, never a clause cut at a comma.
    assert "黑臭水体整治进展缓慢，包括市城区4个黑臭水体在内的全市14个整治项目，目前仅完成1个，其中位于市城区的雁栖湖长期为V类和劣V类水质。" in titles
    page.click("#plan-issues a[href$='issues/19.html']")
    assert page.url == base + "plans/hengyang-2019/issues/19.html"
    main = page.inner_text("main")
    assert "完成14个黑臭水体整治。" in main and "滨江公司" in main and "已逾期" in main
    assert "办理情况在问题办理到位后在本页公开" in main and "SECRET" not in page.content()
    page.click("a[rel=next]")
    assert page.url == base + "plans/hengyang-2019/issues/20.html"
    page.click("dd a >> text=曾艳阳")
    assert page.url == base + urls.leader_url("曾艳阳") and "曾艳阳督办的问题" in page.inner_text("h1")
    page.context.close()


@pytest.mark.parametrize("path", ["overdue.html", urls.leader_url("彭玉明"), urls.unit_url("衡阳县"), PLAN,
                                  "leaders/index.html", "units/index.html", "data/index.html"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_table_is_wider_than_the_screen(browser, base, path, viewport):
    for size in ("normal", "larger"):
        page = open_page(browser, base, path, viewport, size)
        wide = page.evaluate("""Array.from(document.querySelectorAll('table, .table-scroll, table tr')).filter(
            e => !e.closest('thead') && (e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth))
            .map(e => e.tagName + ' ' + e.scrollWidth + '/' + e.clientWidth)""")
        assert wide == [], (path, size)
        # The 编号 column holds the number only; the problem column gets the room.
        numbers = page.eval_on_selector_all("table.issues td.num", "cells => cells.map(c => c.textContent.trim())")
        assert all(re.fullmatch(r"\d+", n) for n in numbers), numbers
        if viewport is DESKTOP and numbers:
            title, number = page.evaluate("""[document.querySelector('table.issues td.title').offsetWidth,
                document.querySelector('table.issues td.num').offsetWidth]""")
            assert title > 4 * number, (title, number)
        page.context.close()


@pytest.mark.parametrize("path", ["index.html", PLAN])
def test_progress_is_on_a_phones_first_screen_at_every_text_size(browser, base, path):
    for size in ("normal", "larger"):
        page = open_page(browser, base, path, PHONE, size)
        bottom = page.evaluate("document.querySelector('.progress .meter').getBoundingClientRect().bottom")
        assert 0 < bottom <= PHONE["height"], (size, bottom)
        assert "办理到位" in page.inner_text(".progress-line")
        if path == PLAN:
            assert page.is_visible(".chart") and page.is_visible(".chart-count")
        page.context.close()


@pytest.mark.parametrize("contrast", [False, True], ids=["default", "high-contrast"])
def test_text_quotes_focus_ring_and_bars_can_be_told_apart(browser, base, contrast):
    page = open_page(browser, base, "plans/hengyang-2019/issues/6.html", DESKTOP, contrast=contrast)
    page.evaluate(CONTRAST_JS)
    quote = page.evaluate("(() => { const q = document.querySelector('.record blockquote p');"
                          " return ratio(getComputedStyle(q).color, behind(q)); })()")
    assert quote >= 4.5, f"the quoted passage's text is {quote:.2f}:1"
    # Every focusable element's focus ring stands out from what is around it (3:1).
    weak = []
    for index in range(page.evaluate("document.querySelectorAll('a[href], button:not([hidden]), input, select').length")):
        found = page.evaluate(f"""(() => {{
            const e = Array.from(document.querySelectorAll('a[href], button:not([hidden]), input, select'))[{index}];
            if (!e.getClientRects().length) return null;
            e.focus({{focusVisible: true}});
            const s = getComputedStyle(e);
            return [e.outerHTML.slice(0, 50), s.outlineStyle, ratio(s.outlineColor, behind(e.parentElement))];
        }})()""")
        if found and (found[1] == "none" or found[2] < 3):
            weak.append(found)
    assert weak == []
    # The plan's bars: done and in progress differ in pattern, not only in colour, and say their numbers.
    page.goto(base + PLAN)
    done, progress = page.evaluate("""['.part-done', '.part-progress'].map(s => {
        const e = document.querySelector('.chart ' + s); return getComputedStyle(e).backgroundImage; })""")
    assert done != progress and "gradient" in progress
    assert all("办理到位" in text and "整改中" in text for text in page.eval_on_selector_all(
        ".chart-count", "rows => rows.map(r => r.textContent)"))
    page.context.close()


def test_counts_agree_between_home_filter_and_phase_pages(browser, base):
    page = open_page(browser, base, "index.html")
    home = int(page.inner_text(".progress-main strong"))
    page.goto(base + PLAN + "?status=done")
    shown = page.eval_on_selector_all("#plan-issues tbody tr:not([hidden])", "rows => rows.length")
    page.goto(base + "plans/hengyang-2019/status/done.html")
    listed = page.eval_on_selector_all("table.issues tbody tr", "rows => rows.length")
    assert home == shown == listed == 2  # 9 (公示期满) and 6 (已销号)
    page.click("a >> text=阶段说明")
    assert "办理到位 = 公示中 + 公示期满 + 已销号" in page.inner_text("main")
    page.context.close()


def test_phase_and_unit_pages_work_without_javascript(browser, base):
    page = open_page(browser, base, PLAN, javascript=False)
    assert not page.is_visible(".issue-filter")
    page.click(".browse a >> text=已销号（1）")
    assert page.url == base + "plans/hengyang-2019/status/closed.html"
    assert page.eval_on_selector_all("table.issues td.num", "cells => cells.map(c => c.textContent)") == ["6"]
    page.goto(base + PLAN)
    page.click(".browse a >> text=衡阳县")
    assert page.url == base + urls.unit_url("衡阳县")
    assert page.eval_on_selector_all("table.issues td.num", "cells => cells.map(c => c.textContent)") == ["19", "20"]
    assert not page.is_visible("[data-print]")  # (printing needs the browser's own menu then)
    page.context.close()


def test_government_site_conventions_on_screen_and_in_print(browser, base):
    page = open_page(browser, base, PLAN)
    footer = page.inner_text("footer")
    for words in ("网站地图", "联系我们", "我要纠错", "党政机关", "主办单位：衡阳市生态环境局（测试）", "湘ICP备00000000号"):
        assert words in footer, words
    assert page.get_attribute("footer a >> text=湘ICP备00000000号", "href") == "https://beian.miit.gov.cn/"
    assert page.get_attribute("footer a >> text=0734-0000000", "href") == "tel:07340000000"
    page.click("footer a >> text=网站地图")
    assert page.url == base + "sitemap.html"
    page.goto(base + PLAN)
    page.emulate_media(media="print")
    printed = page.inner_text(".print-footer")
    assert page.is_visible(".print-footer") and "主办单位：衡阳市生态环境局（测试）" in printed and "数据截至 2019年6月1日" in printed
    page.goto(base + "plans/hengyang-2019/issues/9.html")
    page.emulate_media(media="screen")
    assert page.is_visible("[data-print]") and page.inner_text("[data-print]") == "打印本页"
    assert page.get_attribute("a >> text=整改方案原文", "href") == "https://www.hengyang.gov.cn/example-plan.html"
    page.context.close()
