"""Photos drawn again only when their source changed: each published size (photos.Rendition) kept in
the cache folder by a digest of the source's bytes, the size and this program's code.

Drawing a phone photo's three sizes takes a fraction of a second; a site with hundreds of photos
would spend most of every rebuild on it. The bytes kept are the bytes Rendition.data() made, so the
output is the same."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..photos import Rendition
from .store import code_key, read_cache_file, write_cache_file


@dataclass(frozen=True)
class CachedRendition(Rendition):
    """A Rendition whose bytes are read from, or saved to, folder."""

    folder: Path | None = None

    def data(self) -> bytes:
        key = hashlib.sha256(code_key() + self.size.encode() + b"\0" + self.source.read_bytes()).digest()
        path = self.folder / f"{key.hex()}.pickle"
        found = read_cache_file(path, key)
        if isinstance(found, bytes):
            return found
        made = super().data()
        write_cache_file(path, key, made)
        return made


def cached(attachments: tuple, cache_folder: Path | None) -> tuple:
    """The site's (path, source) pairs with each photo's renditions kept in the cache folder."""
    if cache_folder is None:
        return attachments
    folder = cache_folder / "photos"
    return tuple((path, CachedRendition(source.source, source.size, folder) if isinstance(source, Rendition) else source)
                 for path, source in attachments)
