"""pagefind/pairs/: which search shards hold which pair of neighbouring Chinese characters.

The search page (static/search.js) looks a query up by the pairs that cover it, all required: a shard
that lacks one of them has nothing to show. With this map it asks only the shards holding every pair,
and says at once that nothing was found when none does.

Each bundle holds the pairs its records hold (PAIRS: one a line, sorted), written with the bundle from
its tokens (search_bundle.py): determined by the records as the bundle's name is, so a kept bundle
keeps it, and it holds only what the index holds. After the shards are written, the map is made
again from every listed bundle's file (kept ones included): FOLDER/<digest>/<bucket>.json (listed in
shards.json), the pairs spread over a power of two of buckets by a hash of the pair that the search
page computes too (bucket_of), each mapping a pair to the shards holding it, by their place in
shards.json: a list of places, or, when shorter, their bit_set.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

PAIRS = "pairs.txt"
FOLDER = "pairs"
BUCKET_PAIRS = 1024  # pairs a bucket holds on average, at most (a bucket is then 10-30 KB)


def write_bundle_pairs(tokens, bundle: Path) -> None:
    """bundle/PAIRS: the character pairs among a bundle's tokens (search_bundle.py), sorted."""
    (bundle / PAIRS).write_text("".join(token + "\n" for token in sorted(t for t in tokens if len(t) == 2)),
                                encoding="utf-8")


def write_map(index: Path, names: list[str]) -> dict | None:
    """index/FOLDER/<digest>/ from the pairs of the bundles named (in shards.json's order), named by a
    digest of its files (so that a browser never takes a bucket cached from another build's map for
    this one's); its path and count of buckets, for shards.json (None, and no map, when a bundle has
    no pairs file: the search page then asks every shard)."""
    shutil.rmtree(index / FOLDER, ignore_errors=True)
    held: dict[str, int] = {}  # pair -> bit set of the shards holding it
    for place, name in enumerate(names):
        try:
            pairs = (index / name / PAIRS).read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return None
        bit = 1 << place
        for pair in pairs:
            held[pair] = held.get(pair, 0) | bit
    count = 1
    while count * BUCKET_PAIRS < len(held):
        count *= 2
    buckets: list[dict[str, list[int] | str]] = [{} for _ in range(count)]
    for pair, shards in held.items():
        buckets[bucket_of(pair, count)][pair] = _places(shards)
    texts = [json.dumps(bucket, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" for bucket in buckets]
    path = f"{FOLDER}/{hashlib.sha256(''.join(texts).encode('utf-8')).hexdigest()[:16]}/"
    (index / path).mkdir(parents=True)
    for number, text in enumerate(texts):
        (index / path / f"{number}.json").write_text(text, encoding="utf-8")
    return {"path": path, "buckets": count}


def bit_set(members: int, count: int) -> str:
    """A set of places among count (place p: bit p of members) in hexadecimal, two digits a byte,
    byte k holding the places 8k to 8k + 7 (place p is bit p % 8 of byte p // 8). The search page
    reads it (static/search.js bitsIn); so do a bundle's sets of pages (search_bundle.py)."""
    return members.to_bytes((count + 7) // 8, "little").hex()


def _places(shards: int) -> list[int] | str:
    """A set of shards as the shorter of a list of their places and their bit_set."""
    places = [place for place in range(shards.bit_length()) if shards >> place & 1]
    digits = bit_set(shards, shards.bit_length())
    return places if len(json.dumps(places, separators=(",", ":"))) <= len(digits) + 2 else digits


def bucket_of(pair: str, count: int) -> int:
    """The pair's bucket of count (a power of two): FNV-1a over its UTF-16 code units, folded (as in
    static/search.js)."""
    hashed = 2166136261
    for character in pair:
        hashed = ((hashed ^ ord(character)) * 16777619) & 0xFFFFFFFF
    return (hashed ^ hashed >> 16) & (count - 1)
