"""One search shard's bundle: which of its pages hold each token, in files the search page reads.

A bundle (pagefind/<name>/) holds:
- PAGES: {"width", "buckets", "pages"}: the shard's pages, each [address, title], in order; a page is
  known by its place in that list, written in `width` characters of DIGITS (a bigger shard, more).
- TOKENS/<n>.json, n < buckets: {token: the places of the pages holding it, concatenated}, each
  token (search_text.search_tokens) in the bucket search_pairs.bucket_of gives it, which the search
  page computes too. So a query reads only the buckets of its own tokens, a few kilobytes each.
- search_pairs.PAIRS: the pairs its pages hold, for the map of which shards hold which pair.

Everything in it follows from the records in their order, so the same records give the same bytes.

Pagefind indexed the shards before: it costs ~2.4 ms of CPU a page for the ~400 pair tokens exact
Chinese search needs, which alone made a build with search twice as slow as one without; this
costs ~0.1 ms a page (bench/RESULTS.md, 2026-12-07 22:00). The search page ranks by whether a page
is named by the query and checks every candidate against the page's text, so Pagefind's scores and
excerpts were not used.
"""
from __future__ import annotations

import json
from pathlib import Path

from .search_pairs import bucket_of, write_bundle_pairs

PAGES = "pages.json"
TOKENS = "tokens"
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # (as in static/search.js)
BUCKET_TOKENS = 512  # tokens a bucket holds on average, at most


def write_bundle(records: list[dict], folder: Path) -> None:
    """folder: the bundle of these records (search_text.SearchRecord.as_entry), in this order."""
    width = 1
    while len(DIGITS) ** width < len(records):
        width += 1
    held: dict[str, list[str]] = {}  # token -> the places of its pages, written
    for place, record in enumerate(records):
        code = _code(place, width)
        for token in record["tokens"].split(" "):
            if token:
                held.setdefault(token, []).append(code)
    count = 1
    while count * BUCKET_TOKENS < len(held):
        count *= 2
    buckets: list[dict[str, str]] = [{} for _ in range(count)]
    for token, codes in held.items():
        buckets[bucket_of(token, count)][token] = "".join(codes)
    (folder / TOKENS).mkdir(parents=True)
    for number, bucket in enumerate(buckets):
        (folder / TOKENS / f"{number}.json").write_text(_json(bucket), encoding="utf-8")
    pages = [[record["url"], record["title"]] for record in records]
    (folder / PAGES).write_text(_json({"width": width, "buckets": count, "pages": pages}), encoding="utf-8")
    write_bundle_pairs(held, folder)


def _code(place: int, width: int) -> str:
    digits = []
    for _ in range(width):
        place, digit = divmod(place, len(DIGITS))
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
