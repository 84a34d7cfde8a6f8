"""Search shards kept from the build before: a shard whose pages did not change is not indexed again.

outputs/search.py names each shard's bundle by a digest of its records, so a bundle of one name
always holds the same bytes. This notes, for each shard, its pages with the digests of their files
(the render phase records them) and the name of its bundle, with each of the bundle's files' sha256.
The next build, finding a shard's pages with the same digests, or its records making a bundle of a
name it knows, hard-links the previous output's bundle files into the stage, each checked first to
hold the bytes recorded (a damaged or replaced file is not kept: the shard is indexed again).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ..outputs.search import BUNDLE
from .cache import BuildCache
from .store import write_cache_file

SAVED = "search.pickle"


class KeptShards:
    """outputs.search.ShardReuse over the cache: the previous build's bundles, in its output."""

    def __init__(self, cache: BuildCache):
        self._cache = cache
        saved = cache.read(SAVED)
        valid = isinstance(saved, dict) and isinstance(saved.get("shards"), dict) and isinstance(
            saved.get("bundles"), dict)
        self._before = saved if valid else {"shards": {}, "bundles": {}}
        self._now = {"shards": {}, "bundles": {}}
        self._previous = Path(cache.previous_root or "/nonexistent") / BUNDLE

    def take(self, urls: list[str], folder: Path) -> str | None:
        name = self._before["shards"].get(self._key(urls))
        return name if name and self.take_named(name, folder) else None

    def take_named(self, name: str, folder: Path) -> bool:
        files = self._before["bundles"].get(name)
        if not files:
            return False
        try:
            for relative, digest in files.items():
                source = self._previous / name / relative
                if _file_digest(source) != digest:
                    raise OSError(f"{source} changed")
                target = folder / name / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, target)
        except OSError:
            shutil.rmtree(folder / name, ignore_errors=True)
            return False
        self._now["bundles"][name] = files
        return True

    def note(self, urls: list[str], name: str | None, folder: Path) -> None:
        key = self._key(urls)
        if key is not None:
            self._now["shards"][key] = name
        if name and name not in self._now["bundles"]:
            bundle = folder / name
            self._now["bundles"][name] = {path.relative_to(bundle).as_posix(): _file_digest(path)
                                          for path in sorted(bundle.rglob("*")) if path.is_file()}

    def save(self) -> None:
        if self._cache.folder is not None and self._now != self._before:
            write_cache_file(self._cache.folder / SAVED, self._cache.key, self._now)

    def _key(self, urls: list[str]) -> bytes | None:
        """The shard's pages and their files' digests (None when one is not known)."""
        digest = hashlib.sha256()
        for url in urls:
            record = self._cache.new_outputs.get(url)
            if record is None or not record.digest:
                return None
            digest.update(url.encode("utf-8") + b"\0" + record.digest)
        return digest.digest()


def _file_digest(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").digest()
    except OSError:
        return None
