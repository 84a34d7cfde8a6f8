"""Search shards kept from the builds before: a shard whose pages did not change is not indexed again.

outputs/search.py names each shard's bundle by a digest of its records, so a bundle of one name
always holds the same bytes. This notes, for each shard, its pages with the digests of their files
(the render phase records them) and the name of its bundle, with one sha256 of the bundle's files
(their paths and bytes). The next build, finding a shard's pages with the same digests, or its
records making a bundle of a name it knows, keeps that bundle whole when its files still hold that
digest (a damaged or replaced file is not kept: the shard is indexed again): the stage's own copy
(the spare site's earlier index, which shares its files with the live site's) is moved into the new
index as one folder; else the previous output's files are hard-linked.

When a shard must be indexed again (one of its pages changed), the index needs the record of each of
its pages, and the build rendered only the changed ones: the others' records (page_entry) are kept
too, a file a shard (ENTRIES/<digest of its pages' addresses>.pickle, with each page's digest), so
that they are not read from their pages again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ..outputs.search import BUNDLE, EARLIER
from .cache import BuildCache
from .store import write_cache_file

SAVED = "search.pickle"
ENTRIES = "search-entries"  # a file a shard


class KeptShards:
    """outputs.search.ShardReuse over the cache: the previous build's bundles, in the stage or its output."""

    def __init__(self, cache: BuildCache):
        self._cache = cache
        saved = cache.read(SAVED)
        valid = isinstance(saved, dict) and isinstance(saved.get("shards"), dict) and isinstance(
            saved.get("bundles"), dict) and all(isinstance(digest, bytes) for digest in saved["bundles"].values())
        self._before = saved if valid else {"shards": {}, "bundles": {}}
        self._now = {"shards": {}, "bundles": {}}
        self._previous = Path(cache.previous_root or "/nonexistent") / BUNDLE
        self._entry_files: set[str] = set()  # (of the shards of this build: the others go)

    def take(self, urls: list[str], folder: Path) -> str | None:
        name = self._before["shards"].get(self._key(urls))
        return name if name and self.take_named(name, folder) else None

    def take_named(self, name: str, folder: Path) -> bool:
        digest = self._before["bundles"].get(name)
        if digest is None:
            return False
        earlier = folder.parent / EARLIER / name
        try:
            if bundle_digest(earlier) == digest:
                os.rename(earlier, folder / name)
            elif bundle_digest(self._previous / name) == digest:
                _link_tree(self._previous / name, folder / name)
            else:
                return False
        except OSError:
            shutil.rmtree(folder / name, ignore_errors=True)
            return False
        self._now["bundles"][name] = digest
        return True

    def note(self, urls: list[str], name: str | None, folder: Path) -> None:
        key = self._key(urls)
        if key is not None:
            self._now["shards"][key] = name
        if name and name not in self._now["bundles"]:
            self._now["bundles"][name] = bundle_digest(folder / name)
        self._entry_files.add(_entries_file(urls))

    def recall(self, urls: list[str]) -> dict[str, bytes]:
        saved = self._cache.read(_entries_file(urls))
        if not isinstance(saved, dict):
            return {}
        return {url: saved[url][1] for url in urls
                if url in saved and (record := self._cache.new_outputs.get(url)) and record.digest == saved[url][0]}

    def remember(self, urls: list[str], entries: dict[str, bytes]) -> None:
        if self._cache.folder is None:
            return
        digests = {url: record.digest for url in urls if (record := self._cache.new_outputs.get(url)) and record.digest}
        write_cache_file(self._cache.folder / _entries_file(urls), self._cache.key,
                         {url: (digest, entries[url]) for url, digest in digests.items()})

    def save(self) -> None:
        if self._cache.folder is None:
            return
        if self._now != self._before:
            write_cache_file(self._cache.folder / SAVED, self._cache.key, self._now)
        if (self._cache.folder / ENTRIES).is_dir():
            for path in (self._cache.folder / ENTRIES).iterdir():  # (shards gone since)
                if f"{ENTRIES}/{path.name}" not in self._entry_files:
                    path.unlink(missing_ok=True)

    def _key(self, urls: list[str]) -> bytes | None:
        """The shard's pages and their files' digests (None when one is not known)."""
        digest = hashlib.sha256()
        for url in urls:
            record = self._cache.new_outputs.get(url)
            if record is None or not record.digest:
                return None
            digest.update(url.encode("utf-8") + b"\0" + record.digest)
        return digest.digest()


def _entries_file(urls: list[str]) -> str:
    return f"{ENTRIES}/{hashlib.sha256(chr(0).join(urls).encode('utf-8')).hexdigest()[:32]}.pickle"


def bundle_digest(bundle: Path) -> bytes | None:
    """One sha256 of the bundle's files, their paths and bytes (None: there is no such folder)."""
    digest = hashlib.sha256()
    files = _files(bundle)
    if not files:
        return None
    for relative in files:
        with open(bundle / relative, "rb") as file:
            data = file.read()
        digest.update(f"{relative}\0{len(data)}\0".encode("utf-8") + data)
    return digest.digest()


def _files(folder: Path) -> list[str]:
    """The files under folder, by their paths in it, sorted."""
    root, found = str(folder), []
    for parent, _, files in os.walk(root):
        prefix = parent[len(root) + 1:]
        found += [f"{prefix}/{name}" if prefix else name for name in files]
    return sorted(found)


def _link_tree(source: Path, target: Path) -> None:
    """target: a folder of hard links to source's files."""
    for relative in _files(source):
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(source / relative, target / relative)
