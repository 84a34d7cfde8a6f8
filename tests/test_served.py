"""The built site behind nginx under a sub-path (/gongkai/), and opened straight from disk."""
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit


from web import chromium


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "data-bundle") and value:
                self.found.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()




def test_crawl_from_home_finds_no_broken_link(base, output):
    seen, queue, broken = set(), [base], []
    while queue and len(seen) < 500:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = fetch(url)
        if status >= 400:
            broken.append((status, url))
            continue
        if "text/html" not in kind:
            continue
        for link in links_of(body.decode("utf-8")):
            target = urldefrag(urljoin(url, link)).url
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") and parts.netloc == urlsplit(base).netloc:
                assert parts.path.startswith("/gongkai/"), f"{url} links outside the sub-path: {link}"
                queue.append(target)
    assert broken == []
    pages = {u for u in seen if u.endswith(".html") or u.endswith("/")}
    # Every page the build wrote was reached from the home page (404.html is reached by its link too).
    built = {base + p.relative_to(output).as_posix() for p in output.rglob("*.html")
             if not p.relative_to(output).as_posix().startswith("pagefind/")}
    assert built - pages - {base + "index.html", base + "404.html"} == set()
    assert {base + "static/style.css", base + "static/prefs.js", base + "static/filter.js",
            base + "static/search.js", base + "data/issues.xlsx", base + "pagefind/shards.json"} <= seen


def test_unknown_address_gets_the_sites_404_page(base):
    status, _, body = fetch(base + "plans/hengyang-2019/issues/99.html")
    assert status == 404 and "页面未找到" in body.decode("utf-8")


def test_404_page_is_styled_and_links_home_from_any_depth(base):
    # nginx answers a missing address deep in the site with 404.html: its links must not resolve
    # from that address (the styles would be missing and every link broken).
    with chromium() as browser:
        page = browser.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None)
        response = page.goto(base + "plans/hengyang-2019/issues/no/such/page.html")
        assert response.status == 404 and "页面未找到" in page.content()
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(165, 15, 21)"
        page.click(".site-nav a >> text=首页")
        page.wait_for_load_state()
        assert page.url == base + "index.html"
        page.close()
    assert failed == []


def test_search_page_loads_every_search_asset(base):
    with chromium() as browser:
        page = browser.new_page()
        responses = []
        page.on("response", lambda r: responses.append((r.status, r.url)))
        page.goto(base + "search.html?q=水口山")
        page.wait_for_selector("#search-results a")
        page.close()
    assert [r for r in responses if r[0] >= 400] == []
    fetched = {url.split("/gongkai/", 1)[-1].split("?")[0] for _, url in responses}
    assert "pagefind/shards.json" in fetched
    for asset in (r"\w+/pages\.json", r"\w+/tokens/\d+\.json", r"pairs/\w+/\d+\.json"):
        assert any(re.fullmatch(r"pagefind/" + asset, f) for f in fetched), asset


def test_site_opened_from_disk_still_navigates(output):
    with chromium() as browser:
        page = browser.new_page()
        failed = []
        page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
        page.goto((output / "index.html").as_uri())
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(165, 15, 21)"
        page.click(".site-nav a[href$='hengyang-2019/index.html']")
        page.wait_for_load_state()
        assert page.url == (output / "plans/hengyang-2019/index.html").as_uri()
        page.click("#plan-issues a[href$='issues/6.html']")
        page.wait_for_load_state()
        assert page.url == (output / "plans/hengyang-2019/issues/6.html").as_uri()
        page.click(".breadcrumb a >> nth=1")
        page.wait_for_load_state()
        assert page.url == (output / "plans/hengyang-2019/categories/2.html").as_uri()
        page.click(".site-nav a >> text=首页")
        page.wait_for_load_state()
        assert page.url == (output / "index.html").as_uri()
        for path in sorted(output.rglob("*.html")):
            # (404.html is a server's answer: its <base> names the site's path on the server.)
            if "pagefind" not in path.parts and path.name != "404.html":
                page.goto(path.as_uri())
        page.goto((output / "search.html").as_uri() + "?q=水口山")
        page.wait_for_selector("#search-status:has-text('从本地文件打开时不能搜索')")
        page.close()
    # Only the search index cannot load from disk (browsers refuse modules from file://); the
    # search page then says so. ERR_ABORTED is a favicon cut short by the next navigation.
    assert [f for f in failed if "/pagefind/" not in f[0] and f[1] != "net::ERR_ABORTED"] == []

