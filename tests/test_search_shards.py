"""The search index in shards: an edit indexes its shard alone, an unchanged rebuild indexes nothing,
a retracted page leaves the index, a damaged kept file is not kept, and every result equals the plain
pipeline's index of the same pages, byte for byte."""
from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from conftest import bits_in, search_index, tree
from disclosure.incremental.cache import BuildCache, OutputRecord
from disclosure.incremental.search_shards import KeptShards
from disclosure.outputs import search
from disclosure.outputs.search import BUNDLE, MANIFEST, index_site, shard_count
from disclosure.outputs.search_bundle import write_bundle
from disclosure.outputs.search_pairs import FOLDER, PAIRS, bucket_of
from disclosure.outputs.search_text import search_tokens, token_text

PAGES = 1100  # eight shards


def page_html(number: int, extra: str = "") -> str:
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>第{number}号</title></head><body>'
            f'<nav data-pagefind-ignore>主导航</nav><article data-pagefind-body><h1>问题{number}</h1>'
            f'<p>页岩砖厂大气污染整改第{number}号{extra}</p></article></body></html>')


def write_site(root, pages: dict[str, str]):
    shutil.rmtree(root, ignore_errors=True)
    for url, html in pages.items():
        (root / url).parent.mkdir(parents=True, exist_ok=True)
        (root / url).write_text(html, encoding="utf-8")
    return root


def build(root, cache_dir, previous):
    """index_site as the incremental build runs it: the pages' digests known, the previous output's
    shards to keep."""
    cache = BuildCache.open(cache_dir)
    cache.previous_root = previous
    cache.new_outputs = {url: OutputRecord(b"", False, False, 0, 0, 0, None,
                                           hashlib.sha256((root / url).read_bytes()).digest())
                         for url in search.site_pages(root)}
    shards = KeptShards(cache)
    index_site(root, shards)
    shards.save()
    return bundles(root)


def bundles(root) -> list[str]:
    return json.loads((root / BUNDLE / MANIFEST).read_text())["bundles"]


def plain(pages: dict[str, str], folder) -> dict[str, bytes]:
    root = write_site(folder, pages)
    index_site(root)
    return {name: data for name, data in tree(root).items() if name.startswith(BUNDLE + "/")}


def indexed(root) -> set[str]:
    return set(search_index(root))


@pytest.fixture
def pages():
    return {f"plans/p/issues/{number}.html": page_html(number) for number in range(PAGES)}


def test_an_edit_indexes_one_shard_and_keeps_the_others_files(pages, tmp_path):
    first = write_site(tmp_path / "first", pages)
    before = build(first, tmp_path / "cache", tmp_path / "none")
    assert len(before) == shard_count(PAGES) == 8 and indexed(first) == set(pages)
    pages["plans/p/issues/7.html"] = page_html(7, "，已验收")
    second = write_site(tmp_path / "second", pages)
    after = build(second, tmp_path / "cache", first)
    assert len(set(after) - set(before)) == 1, "the edited page's shard alone is new"
    for name in set(after) & set(before):
        for path in (second / BUNDLE / name).rglob("*"):
            if path.is_file():  # kept: the very file of the previous output
                assert path.stat().st_ino == (first / BUNDLE / name / path.relative_to(second / BUNDLE / name)).stat().st_ino
    assert {n: d for n, d in tree(second).items() if n.startswith(BUNDLE + "/")} == plain(pages, tmp_path / "plain")


def test_an_unchanged_rebuild_indexes_nothing(pages, tmp_path, monkeypatch):
    first = write_site(tmp_path / "first", pages)
    before = build(first, tmp_path / "cache", tmp_path / "none")

    def no_indexing(*_):
        raise AssertionError("an unchanged rebuild indexed a shard")

    monkeypatch.setattr(search, "write_bundle", no_indexing)
    second = write_site(tmp_path / "second", pages)
    assert build(second, tmp_path / "cache", first) == before
    assert tree(second) == tree(first)


def test_the_stages_own_earlier_bundles_are_kept_whole(pages, tmp_path, monkeypatch):
    """A rebuild into the spare site: its own earlier bundles, checked, are moved into the new index as
    they are; a damaged one is not (the live output's is linked instead), and nothing is indexed."""
    first = write_site(tmp_path / "first", pages)
    before = build(first, tmp_path / "cache", tmp_path / "none")
    second = tmp_path / "second"
    shutil.copytree(first, second)  # the spare: the same bytes, in files of its own
    damaged = next(second.glob(f"{BUNDLE}/*/tokens/*.json"))
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"x")  # same size, other bytes
    damaged_shard = damaged.relative_to(second / BUNDLE).parts[0]
    inodes = {path: path.stat().st_ino for path in (second / BUNDLE).rglob("*") if path.is_file()}

    def no_indexing(*_):
        raise AssertionError("an unchanged rebuild indexed a shard")

    monkeypatch.setattr(search, "write_bundle", no_indexing)
    assert build(second, tmp_path / "cache", first) == before
    for path, inode in inodes.items():
        if path.name == MANIFEST or path.relative_to(second / BUNDLE).parts[0] == FOLDER:  # (made by every build)
            continue
        if path.relative_to(second / BUNDLE).parts[0] == damaged_shard:
            assert path.stat().st_ino == (first / path.relative_to(second)).stat().st_ino
        else:
            assert path.stat().st_ino == inode, "kept where it was"
    assert tree(second) == tree(first)


def pair_map(root) -> dict[str, set[int]]:
    """pagefind/pairs/ read whole: pair -> the places in shards.json of the shards holding it."""
    held = {}
    for path in (root / BUNDLE / json.loads((root / BUNDLE / MANIFEST).read_text())["pairs"]["path"]).glob("*.json"):
        for pair, shards in json.loads(path.read_text(encoding="utf-8")).items():
            assert pair not in held, f"{pair} in two buckets"
            held[pair] = set(shards) if isinstance(shards, list) else set(bits_in(shards))
    return held


def test_the_pair_map_follows_an_edit_and_kept_bundles_keep_their_pairs(pages, tmp_path):
    """Each bundle lists its records' pairs; the map says which shards hold which pair, made again from
    every bundle's list (kept ones included) after an edit: a pair the edit took away leaves the map, one
    it brought is in the edited shard's place alone."""
    pages["plans/p/issues/7.html"] = page_html(7, "，已验收")
    first = write_site(tmp_path / "first", pages)
    before = build(first, tmp_path / "cache", tmp_path / "none")
    assert len(pair_map(first)["验收"]) == 1 and pair_map(first)["砖厂"] == set(range(len(before)))
    pages["plans/p/issues/7.html"] = page_html(7)
    pages["plans/p/issues/9.html"] = page_html(9, "，经核查")
    second = write_site(tmp_path / "second", pages)
    after = build(second, tmp_path / "cache", first)
    assert len(set(after) - set(before)) in (1, 2) and len(set(after) & set(before)) >= 6
    held = pair_map(second)
    assert "验收" not in held and "区块" not in held and len(held["核查"]) == 1
    for place, name in enumerate(after):
        listed = set((second / BUNDLE / name / PAIRS).read_text(encoding="utf-8").split())
        assert listed == {pair for pair, shards in held.items() if place in shards}, name
        if name in before:  # kept whole, its list with it
            assert (second / BUNDLE / name / PAIRS).stat().st_ino == (first / BUNDLE / name / PAIRS).stat().st_ino
    assert ("核查" in (second / BUNDLE / after[next(iter(held["核查"]))] / PAIRS).read_text(encoding="utf-8"))
    assert {n: d for n, d in tree(second).items() if n.startswith(BUNDLE + "/")} == plain(pages, tmp_path / "plain")


def test_the_pair_map_spreads_over_buckets_as_the_search_page_finds_them(pages, tmp_path, monkeypatch):
    monkeypatch.setattr("disclosure.outputs.search_pairs.BUCKET_PAIRS", 2)
    root = write_site(tmp_path / "site", pages)
    index_site(root)
    made = json.loads((root / BUNDLE / MANIFEST).read_text())["pairs"]
    count, folder = made["buckets"], root / BUNDLE / made["path"]
    assert count > 4 and sorted(path.name for path in (root / BUNDLE / FOLDER).rglob("*.json")) == sorted(
        f"{number}.json" for number in range(count))
    for pair in pair_map(root):
        assert pair in json.loads((folder / f"{bucket_of(pair, count)}.json").read_text(encoding="utf-8"))


def test_a_retracted_page_leaves_the_index(pages, tmp_path):
    first = write_site(tmp_path / "first", pages)
    build(first, tmp_path / "cache", tmp_path / "none")
    del pages["plans/p/issues/12.html"]  # a problem no longer public: its page is gone
    second = write_site(tmp_path / "second", pages)
    build(second, tmp_path / "cache", first)
    assert indexed(second) == set(pages)
    assert {n: d for n, d in tree(second).items() if n.startswith(BUNDLE + "/")} == plain(pages, tmp_path / "plain")


def test_a_damaged_kept_file_is_indexed_again(pages, tmp_path):
    first = write_site(tmp_path / "first", pages)
    build(first, tmp_path / "cache", tmp_path / "none")
    bucket = next(first.glob(f"{BUNDLE}/*/tokens/*.json"))
    bucket.write_bytes(bucket.read_bytes()[:-1] + b"x")  # same size, other bytes
    second = write_site(tmp_path / "second", pages)
    build(second, tmp_path / "cache", first)
    assert {n: d for n, d in tree(second).items() if n.startswith(BUNDLE + "/")} == plain(pages, tmp_path / "plain")


def test_a_site_with_nothing_to_search_lists_no_shard(tmp_path):
    root = write_site(tmp_path / "site", {"index.html": "<html><body><p>首页</p></body></html>"})
    index_site(root)
    assert bundles(root) == []


def test_a_bundle_writes_each_tokens_pages_as_the_shorter_of_places_and_bits(tmp_path):
    """A token of a few pages lists their places; one of most pages, a bit set; the pages whose title
    holds it follow a "."; every token is in the bucket its hash names; reading it back gives each
    page its tokens."""
    records = [{"url": f"p/{n}.html", "title": "砖厂" if n == 70 else f"第{n}号",
                "tokens": search_tokens(f"页岩 第{n}号" + (" 砖厂" if n in (3, 70) else ""))} for n in range(100)]
    bundle = tmp_path / BUNDLE / "b"
    write_bundle(records, bundle)
    shard = json.loads((bundle / "shard.json").read_text(encoding="utf-8"))
    assert shard["width"] == 2 and json.loads((bundle / "pages.json").read_text()) == [r["url"] for r in records]
    buckets = {}
    for path in (bundle / "tokens").glob("*.json"):
        for token, written in json.loads(path.read_text(encoding="utf-8")).items():
            assert bucket_of(token, shard["buckets"]) == int(path.stem), token
            buckets[token] = written
    assert buckets["砖厂"] == "0316.16"  # places 3 and 70 (16: 1 * 64 + 6), 70 by its title too
    assert buckets["页岩"].startswith("!") and "." not in buckets["页岩"]  # every page: a bit set
    assert buckets["页岩"] == "!" + "ff" * 12 + "0f"  # (100 bits, in 13 bytes)
    index = search_index(tmp_path)
    assert index["p/70.html"]["title tokens"] == {"砖厂", "砖", "厂"}
    assert all(index[r["url"]]["tokens"] == {token_text(t) for t in r["tokens"]} for r in records)


def test_an_edit_reads_only_the_edited_page_of_its_shard(pages, tmp_path, monkeypatch):
    """The other pages of the edited page's shard are not read again: the cache kept their records
    (each with its page's digest); the result equals the plain index of the same pages."""
    first = write_site(tmp_path / "first", pages)
    build(first, tmp_path / "cache", tmp_path / "none")
    read = []
    made = search.page_entry
    monkeypatch.setattr(search, "page_entry", lambda url, html: read.append(url) or made(url, html))
    pages["plans/p/issues/7.html"] = page_html(7, "，已验收")
    second = write_site(tmp_path / "second", pages)
    build(second, tmp_path / "cache", first)
    assert read == ["plans/p/issues/7.html"]
    assert {n: d for n, d in tree(second).items() if n.startswith(BUNDLE + "/")} == plain(pages, tmp_path / "plain")
    assert len(list((tmp_path / "cache" / "search-entries").iterdir())) == shard_count(PAGES)
