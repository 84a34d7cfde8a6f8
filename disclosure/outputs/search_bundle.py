"""One search shard's bundle: which of its pages hold each token, in files the search page reads.

A bundle (pagefind/<name>/) holds:
- SHARD: {"width", "buckets"}: how its places are written, and how many buckets of tokens it has.
- PAGES: the addresses of the shard's pages, in order; a page is known by its place in that list
  (the search page reads it only for the pages it checks).
- TOKENS/<n>.json, n < buckets: {token: the pages holding it}, each token (search_text.search_tokens)
  in the bucket search_pairs.bucket_of gives it, which the search page computes too; buckets of about
  BUCKET_BYTES, so a query reads a few small files of each shard. The pages holding a token are
  written as a set (below), then, when the titles of some of them hold it too, "." and the set of
  those: the search page checks the pages named by the query first.
- search_pairs.PAIRS: the pairs its pages hold, for the map of which shards hold which pair.

A set of pages is written as the shorter of: their places, each in `width` characters of DIGITS; or
"!" and their search_pairs.bit_set. Everything in a bundle follows from the records in their order, so the same records give the same
bytes.

Pagefind indexed the shards before: it costs ~2.4 ms of CPU a page for the ~400 pair tokens exact
Chinese search needs, which alone made a build with search twice as slow as one without; a bundle
costs ~0.25 ms a page to write (bench/RESULTS.md, 2026-12-07 22:00–22:40). The search page checks
every candidate against the page's own text and ranks by whether its title holds the query, so
Pagefind's scores and excerpts were not used.
"""
from __future__ import annotations

import json
import operator
from collections import defaultdict, deque
from pathlib import Path

from .search_pairs import bit_set, bucket_of, write_bundle_pairs
from .search_text import search_tokens, token_text

SHARD = "shard.json"
PAGES = "pages.json"
TOKENS = "tokens"
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # (as in static/search.js)
BUCKET_BYTES = 8192  # what a bucket of tokens holds on average, at most


def write_bundle(records: list[dict], folder: Path) -> None:
    """folder: the bundle of these records (search_text.SearchRecord.as_entry), in this order."""
    width = 1
    while len(DIGITS) ** width < len(records):
        width += 1
    held: defaultdict[int, list[int]] = defaultdict(list)  # token -> the places of the pages holding it
    titled: defaultdict[int, list[int]] = defaultdict(list)  # ... whose title holds it
    for place, record in enumerate(records):
        add = operator.methodcaller("append", place)
        # (held[token].append(place) for each token, looped in C: the build's inner loop)
        deque(map(add, map(held.__getitem__, record["tokens"])), maxlen=0)
        deque(map(add, map(titled.__getitem__, search_tokens(record["title"]))), maxlen=0)
    codes = [_code(place, width) for place in range(len(records))]
    written = {token_text(token): _pages(places, codes) + ("." + _pages(titled[token], codes)
                                                           if token in titled else "")
               for token, places in held.items()}
    count = 1
    while count * BUCKET_BYTES < sum(len(token) + len(pages) + 6 for token, pages in written.items()):
        count *= 2
    buckets: list[dict[str, str]] = [{} for _ in range(count)]
    for token, pages in written.items():
        buckets[bucket_of(token, count)][token] = pages
    (folder / TOKENS).mkdir(parents=True)
    for number, bucket in enumerate(buckets):
        (folder / TOKENS / f"{number}.json").write_text(_json(bucket), encoding="utf-8")
    (folder / SHARD).write_text(_json({"width": width, "buckets": count}), encoding="utf-8")
    (folder / PAGES).write_text(_json([record["url"] for record in records]), encoding="utf-8")
    write_bundle_pairs(written, folder)


def _pages(places: list[int], codes: list[str]) -> str:
    """A set of the places of a shard's pages, written (see above); codes: each place written."""
    if len(places) * len(codes[0]) <= 2 * ((len(codes) + 7) // 8) + 1:
        return "".join(map(codes.__getitem__, places))
    return "!" + bit_set(sum(map((1).__lshift__, places)), len(codes))  # (the places are distinct)


def _code(place: int, width: int) -> str:
    digits = []
    for _ in range(width):
        place, digit = divmod(place, len(DIGITS))
        digits.append(DIGITS[digit])
    return "".join(reversed(digits))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
