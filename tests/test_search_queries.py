"""Search precision and recall on a fixed query set, through the real search page in Chromium.

Two sites: the repository's example site (the real 衡阳 plan) and a small benchmark corpus
(bench/generate.py, search on as by default). What a query must find is worked out from the built
pages themselves: every page whose searchable text (what its data-pagefind-body parts show) holds the
query literally. The search page must list exactly those as its matches (recall 1.0, and nothing it
calls a match lacks the query), say how many, and find nothing, saying so, for words no page holds.
The figures are printed per kind of query (run with -s to see them).
"""
from __future__ import annotations

import shutil
import json
import sys
import time
from collections import defaultdict

import pytest

from conftest import ROOT, run_build, search_index
from web import BROWSER_SITE, chromium, nginx_serving

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
from generate import generate_site  # noqa: E402
from disclosure.outputs.search import site_pages  # noqa: E402
from disclosure.outputs import search_bundle, search_pairs  # noqa: E402
from disclosure.outputs.search_text import page_record  # noqa: E402

# (kind, query): from the example site ...
EXAMPLE = [
    ("whole word", "黑臭水体"), ("whole word", "环境保护"), ("whole word", "油烟"),
    ("inside a word", "臭水"), ("inside a word", "源保"), ("inside a word", "环境"),
    ("across words", "督察反馈意见"), ("across words", "问题整改"), ("across words", "自然保护区管理"),
    ("unit", "市林业局"), ("unit", "各县市区党委"),
    ("leader", "包昌林"), ("leader", "彭玉明"), ("leader", "曾艳阳"),
    ("category", "污染防治方面问题"),
    ("number", "315"), ("number", "14"), ("mixed", "2018年"), ("one character", "鑫"),
    ("nowhere", "区块链"), ("nowhere", "奥运会"), ("nowhere", "不存在的词"), ("nowhere", "林昌包"),
]
# ... and from the benchmark corpus.
CORPUS = [
    ("whole word", "页岩砖厂"), ("whole word", "尾矿库"), ("whole word", "渗滤液"),
    ("inside a word", "岩砖"), ("inside a word", "矿库"), ("inside a word", "滤液"),
    ("across words", "砖厂大气"), ("across words", "群众反映强烈"), ("across words", "督促企业落实"),
    ("unit", "市卫生健康委"), ("unit", "市林业局"),
    ("leader", "刘正兴"), ("leader", "林芳"),
    ("category", "尾矿库环境风险等问题整改"),
    ("number", "2020"), ("one character", "渗"),
    ("nowhere", "区块链"), ("nowhere", "量子计算机"), ("nowhere", "正兴刘"),
]


def searchable(output) -> dict[str, str]:
    """Each indexed page's text as the search checks it (title and text, lower case), by address."""
    texts = {}
    for url in site_pages(output):
        record = page_record(url, (output / url).read_bytes())
        if record:
            texts[url] = (record.title + " " + record.text).lower()
    return texts


def in_small_buckets(output):
    """The output, its pair map and each shard's tokens made again in many buckets (a site this small
    has few), so that the search page's hash of a token finds each token's bucket here too."""
    folder = output / "pagefind"
    manifest = json.loads((folder / "shards.json").read_text(encoding="utf-8"))
    names = [name.rstrip("/") for name in manifest["bundles"]]
    index = search_index(output)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pairs, "BUCKET_PAIRS", 16)
        patch.setattr(search_bundle, "BUCKET_BYTES", 256)
        for name in names:
            urls = json.loads((folder / name / search_bundle.PAGES).read_text(encoding="utf-8"))
            records = [{"url": url, "title": page_record(url, (output / url).read_bytes()).title,
                        "tokens": [sum(ord(character) << 16 * at for at, character in enumerate(token))
                                   for token in index[url]["tokens"]]} for url in urls]
            shutil.rmtree(folder / name)
            search_bundle.write_bundle(records, folder / name)
            assert json.loads((folder / name / search_bundle.SHARD).read_text(encoding="utf-8"))["buckets"] >= 8
        manifest["pairs"] = search_pairs.write_map(folder, names)
    assert manifest["pairs"]["buckets"] >= 8
    (folder / "shards.json").write_text(json.dumps(manifest), encoding="utf-8")
    return output


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    output = tmp_path_factory.mktemp("example") / "out"
    result = run_build(ROOT, output=output, today="2019-06-01")
    assert result.returncode == 0, result.stderr
    return in_small_buckets(output)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """The browser tests' site (units configured)."""
    output = tmp_path_factory.mktemp("browser") / "out"
    result = run_build(BROWSER_SITE, output=output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    generated = generate_site(folder / "site", 300)
    output = folder / "out"
    result = run_build(generated.root, "--config", str(generated.config), "--content", str(generated.content),
                       output=output, today=generated.today.isoformat())
    assert result.returncode == 0, result.stderr
    return in_small_buckets(output)


def run_query(page, base: str, query: str) -> tuple[str, list[str], list[str]]:
    """The search page's status, every page it lists as holding the query (showing them all), and
    those it lists apart."""
    page.goto(base + "search.html?q=" + query)
    done = ("() => { const s = document.getElementById('search-status').textContent;"
            " return s && !s.startsWith('正在'); }")
    page.wait_for_function(done)
    for _ in range(50):
        if not page.is_visible("#search-more"):
            break
        page.click("#search-more")
        page.wait_for_function(done)
    links = [a.get_attribute("href") for a in page.query_selector_all("#search-results a")]
    near = [a.get_attribute("href") for a in page.query_selector_all("#search-near a")]
    return page.inner_text("#search-status"), links, near


@pytest.mark.parametrize("site, queries", [("example", EXAMPLE), ("corpus", CORPUS)])
def test_query_set_has_recall_one_and_lists_only_literal_matches(site, queries, request, tmp_path):
    output = request.getfixturevalue(site)
    texts = searchable(output)
    figures = defaultdict(lambda: [0, 0, 0])  # kind -> [expected, found, found and expected]
    with nginx_serving(output, tmp_path / "nginx") as base, chromium() as browser:
        page = browser.new_page()
        for kind, query in queries:
            expected = {url for url, text in texts.items() if query in text}
            assert (kind == "nowhere") == (not expected), f"{query}: the query set no longer fits the site"
            status, links, near = run_query(page, base, query)
            found = set(links)
            assert len(links) == len(found), f"{query}: a page listed twice"
            assert found == expected, (query, status, sorted(found ^ expected))
            if expected:
                assert f"共有 {len(expected)} 个页面含有“{query}”" in status, status
            else:
                assert links == [] and status.startswith(f"没有找到含有“{query}”的页面"), status
            # Pages listed apart hold every pair of the query's characters, and never the query itself.
            for url in near:
                assert query not in texts[url] and all(query[i:i + 2] in texts[url] for i in range(len(query) - 1))
            numbers = figures[kind]
            numbers[0] += len(expected)
            numbers[1] += len(found)
            numbers[2] += len(found & expected)
        page.close()
    print(f"\n{site}: search through the page, per kind of query (pages expected / listed / both)")
    for kind, (expected, found, both) in figures.items():
        precision = both / found if found else 1.0
        recall = both / expected if expected else 1.0
        print(f"  {kind:<14} {expected:>5} {found:>5} {both:>5}   precision {precision:.2f}   recall {recall:.2f}")


@pytest.mark.parametrize("site, query, prefix", [
    ("example", "包昌林", "leaders/"),
    ("example", "污染防治方面问题比较突出", "plans/hengyang-2019/categories/"),
    ("browser", "湖南水口山集团有限公司", "units/"),
])
def test_names_are_found_on_their_own_pages_first(site, query, prefix, request, tmp_path):
    """A leader's, a category's and a unit's page is found by its name, before pages that mention it."""
    output = request.getfixturevalue(site)
    with nginx_serving(output, tmp_path / "nginx") as base, chromium() as browser:
        page = browser.new_page()
        _, links, _ = run_query(page, base, query)
        assert links and links[0].startswith(prefix), links[:3]
        page.close()


def bundle_of(output, url: str) -> str:
    """The name of the search shard that holds the page at url."""
    for name in json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))["bundles"]:
        if url in json.loads((output / "pagefind" / name / "pages.json").read_text(encoding="utf-8")):
            return name.rstrip("/")
    raise AssertionError(f"{url} is in no shard")


# The address of the first result the page showed (installed before the page's scripts).
FIRST_SHOWN = """new MutationObserver(function () {
  var link = document.querySelector('#search-results a');
  if (link && !window.firstShown) window.firstShown = link.getAttribute('href');
}).observe(document, {childList: true, subtree: true});"""


def test_a_named_page_goes_above_results_shown_before_its_shard_answered(corpus, tmp_path):
    """Each shard's results are shown as soon as it answers: when the shard holding the leader's own
    page answers last, the page still goes on top of the others' results."""
    texts = searchable(corpus)
    leader = next(url for url in texts if url.startswith("leaders/") and texts[url].startswith("刘正兴"))
    late = bundle_of(corpus, leader)
    delayed = []

    def answer_late(route):
        delayed.append(route.request.url)
        time.sleep(0.3)
        route.continue_()

    with nginx_serving(corpus, tmp_path / "nginx") as base, chromium() as browser:
        page = browser.new_page()
        page.add_init_script(FIRST_SHOWN)
        page.route(f"**/pagefind/{late}/**", answer_late)
        _, links, _ = run_query(page, base, "刘正兴")
        first_shown = page.evaluate("() => window.firstShown")
        page.close()
    assert any("/tokens/" in url for url in delayed), delayed
    assert first_shown != leader, "the other shard did not answer first: nothing was tested"
    assert links[0] == leader and len(links) > 1, links[:3]


def test_a_word_whose_pairs_no_shard_holds_is_not_found_without_pagefind(corpus, tmp_path):
    """The pair map says no shard holds 区块 (or 块链): nothing found, said at once, no shard asked."""
    requested = []
    with nginx_serving(corpus, tmp_path / "nginx") as base, chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        status, links, _ = run_query(page, base, "区块链")
        assert links == [] and status.startswith("没有找到含有“区块链”的页面"), status
        assert any("/pagefind/pairs/" in url for url in requested)
        assert not [url for url in requested if "/pagefind/" in url and "/pairs/" not in url
                    and not url.endswith("shards.json")], "a shard was asked"
        page.close()
