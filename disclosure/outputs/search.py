"""pagefind/: the static full-text search index, in shards, made from the rendered pages.

The index holds exactly what the pages show: each staged page's text marked data-pagefind-body
(search_text.py), so an unfinished problem's record, which no page shows, is never in it. The render
workers make each page's record from the bytes they wrote (entries); pages this build did not render
are read from the stage. Pages are split into shards by a hash of their path (a large folder's pages
apart from the others'), each shard a bundle of its own (search_bundle.py, pagefind/<name>/) named
by a digest of its records, listed in pagefind/shards.json; the search page reads the shards that
may hold a query (static/search.js). A shard whose records did not change gets the same name and the
same bytes, so a rebuild may keep it whole (incremental/search_shards.py: the stage's own earlier
copy, moved, or the previous output's, linked) and only the shards of changed pages are indexed
again; a shard is written by one worker at a time, so memory stays bounded whatever the site's size.
(The folder keeps the name Pagefind gave it, the search engine it was made with before.) Runs
before the swap, so the index is part of the same atomic output as the pages it describes.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import zlib
from collections import deque
from pathlib import Path
from typing import Mapping, Protocol

from ..errors import ContentError, Diagnostic
from ..i18n import _
from .search_bundle import write_bundle
from .search_pairs import write_map
from .search_text import page_entry, unpack_entry

BUNDLE = "pagefind"
MANIFEST = "shards.json"
# Where the stage's earlier index waits while a build indexes, for its unchanged bundles to be kept.
EARLIER = ".pagefind-earlier"
# Pages per shard: about 8·√pages, so that both what an edit indexes again (one shard) and what the
# search page reads (a few files of every shard) grow as √pages; at least 250, and at most 1,200.
# The count of shards is a power of two, so it changes (and every shard with it) only when the site
# doubles.
LEAST_PAGES, MOST_PAGES = 250, 1200
# Raised when how records become a bundle changes, so that no shard of the old kind is kept.
FORMAT = b"disclosure-search-5"  # (5: search_bundle.py's own files, not Pagefind's)


class ShardReuse(Protocol):
    """Earlier builds' shards, for a rebuild to keep (incremental/search_shards.py)."""

    def take(self, urls: list[str], folder: Path) -> str | None:
        """Put into folder/<name> the earlier bundle of exactly these pages, unchanged; its name, or None."""

    def take_named(self, name: str, folder: Path) -> bool:
        """Put into folder/name the earlier bundle of that name; whether there was one."""

    def note(self, urls: list[str], name: str | None, folder: Path) -> None:
        """This build's bundle of these pages (None: they have nothing to search)."""

    def recall(self, urls: list[str]) -> dict[str, bytes]:
        """The entries (page_entry) an earlier build made of those of these pages that did not change."""

    def remember(self, urls: list[str], entries: dict[str, bytes]) -> None:
        """The entries of a shard's pages, for a later build's recall."""


def index_site(site_root: Path, reuse: ShardReuse | None = None, entries: Mapping[str, bytes] | None = None,
               mapper=map) -> None:
    """Write the search shards and their list into site_root/pagefind; raise ContentError if they cannot be written.

    entries: page_entry of the pages this build rendered, by path (the others are read from the site).
    mapper: map, or one that spreads the calls over the machine's cores (incremental/workers.py)."""
    folder = site_root / BUNDLE
    earlier = site_root / EARLIER  # (a site's earlier index: what is not kept of it goes)
    _remove(earlier)
    if folder.is_dir() and not folder.is_symlink():
        os.rename(folder, earlier)
    _remove(folder)
    folder.mkdir()
    pages = site_pages(site_root)
    entries = dict(entries or {})  # (and those of the pages read here)

    def read_entry(url: str) -> tuple[str, bytes]:
        return url, page_entry(url, (site_root / url).read_bytes())

    def write(shard: tuple[list[str], str]) -> None:
        urls, name = shard
        write_bundle([record for url in urls if (record := unpack_entry(entries[url]))], folder / name)

    try:
        # Each shard's pages and the name of its bundle (None: nothing to search), kept when it can be.
        shards = [(urls, reuse.take(urls, folder) if reuse else None) for urls in shard_pages(pages)]
        for urls in (urls for urls, name in shards if reuse and name is None):
            entries.update({url: entry for url, entry in reuse.recall(urls).items() if url not in entries})
        unread = [url for urls, name in shards if name is None for url in urls if url not in entries]
        entries.update(mapper(read_entry, unread))
        new = []
        for number, (urls, name) in enumerate(shards):
            if name is None:
                name = bundle_name([entries[url] for url in urls])
                shards[number] = urls, name
                if name and not (reuse and reuse.take_named(name, folder)):
                    new.append((urls, name))
        deque(mapper(write, new), maxlen=0)
        for urls, name in shards if reuse else ():
            reuse.note(urls, name, folder)
        for urls, _ in new if reuse else ():
            reuse.remember(urls, {url: entries[url] for url in urls})
    except OSError as error:
        raise _not_written(error) from None
    finally:
        _remove(earlier)
    names = [name for _, name in shards if name]
    pairs = write_map(folder, names)  # (which shards hold which character pair: search_pairs.py)
    (folder / MANIFEST).write_text(json.dumps({"bundles": [name + "/" for name in names], "pairs": pairs}) + "\n",
                                   encoding="utf-8")


def _not_written(error: OSError) -> ContentError:
    return ContentError([Diagnostic("site_config.yaml", None,
                                    _("the search index could not be built ({reason})", reason=error), field="search",
                                    hint=_("check that the output folder can be written, "
                                           "or set 'search: false' to build without search"))])


def site_pages(site_root: Path) -> list[str]:
    """Every HTML page of the site, by its path, sorted."""
    root = str(site_root)
    pages = []
    for parent, folders, files in os.walk(root):
        if parent == root:
            folders[:] = [name for name in folders if name not in (BUNDLE, EARLIER)]
        prefix = parent[len(root) + 1:]
        pages += [f"{prefix}/{name}" if prefix else name for name in files if name.endswith(".html")]
    return sorted(pages)


def shard_pages(urls: list[str]) -> list[list[str]]:
    """The pages in shards: by a hash of each path, so a page stays in its shard as others come and go
    (until the count of shards doubles). A folder of at least a shard's worth of pages (a plan's
    problems, a complaint batch's items) has shards of its own: a change within it (a batch imported
    again) indexes its own shards again, not a page in every shard of the site."""
    most = shard_size(len(urls))
    folders: dict[str, list[str]] = {}
    for url in urls:
        folders.setdefault(url.rpartition("/")[0], []).append(url)
    own = [pages for pages in folders.values() if len(pages) >= most]
    rest = [url for pages in folders.values() if len(pages) < most for url in pages]
    return [shard for pages in (*own, rest) for shard in _hashed(pages, most)]


def _hashed(urls: list[str], most: int) -> list[list[str]]:
    count = _count(len(urls), most)
    shards = [[] for _ in range(count)]
    for url in urls:
        shards[zlib.crc32(url.encode("utf-8")) % count].append(url)
    return [shard for shard in shards if shard]


def shard_size(pages: int) -> int:
    """The most pages of a shard in a site of this many pages."""
    return min(MOST_PAGES, max(LEAST_PAGES, 8 * math.isqrt(pages)))


def shard_count(pages: int) -> int:
    """The shards of a site of this many pages in one folder."""
    return _count(pages, shard_size(pages))


def _count(pages: int, most: int) -> int:
    count = 1
    while count * most < pages:
        count *= 2
    return count


def bundle_name(entries: list[bytes]) -> str | None:
    """A name that changes whenever the bundle of these pages would: of their entries (page_entry, the
    records packed); None when none of them has anything to search."""
    if not any(entries):
        return None
    digest = hashlib.sha256(FORMAT)
    for entry in entries:
        digest.update(len(entry).to_bytes(4, "little") + entry)
    return digest.hexdigest()[:20]


def _remove(path: Path) -> None:
    """Whatever is at path (a folder, a file, a link), if anything."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
