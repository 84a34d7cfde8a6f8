"""Complaint batches known from the cache.

A batch whose files are byte for byte as a build read them is not parsed again (reading 100,000
items takes seconds; unpickling them, a fraction). And its item pages are not planned or
fingerprinted again: an item page is made from its item, its batch's own fields, the rule and what
every page shares (the base digest), so a batch of the same key (all of these) has the same item
pages as the build that noted the key; they are kept as that build recorded them (after a re-import
of one batch of fifty, that is most pages of the site).
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..complaints.reading import BATCH_FILE, ITEMS_FILE, batch_folders, read_batch
from ..errors import ContentError
from .cache import BuildCache
from .store import write_cache_file

_CACHED = "complaints"  # a file per batch folder
_ITEM_PAGE = "complaint_item.html"


def load_batches(cache: BuildCache, content_dir: Path) -> tuple[list, dict[str, bytes]]:
    """complaints.reading.load_batches, each unchanged batch taken from the cache (a file per batch:
    a re-import rewrites its own); and the digest of each batch's files, by its name."""
    problems, batches, digests, names = [], [], {}, set()
    for folder in batch_folders(content_dir):
        digest, name = _digest(folder), _name(folder)
        digests[folder.name] = hashlib.sha256(f"{folder}\0".encode() + digest).digest()
        names.add(name)
        entry = cache.read(name)
        if isinstance(entry, tuple) and entry[0] == digest:
            batches.append(entry[1])
        elif (batch := read_batch(folder, problems)) is not None:
            batches.append(batch)
            if cache.folder is not None:
                write_cache_file(cache.folder / name, cache.key, (digest, batch))
    if problems:
        raise ContentError(problems)
    if cache.folder is not None and (cache.folder / _CACHED).is_dir():
        for path in (cache.folder / _CACHED).iterdir():  # (batches gone since)
            if f"{_CACHED}/{path.name}" not in names:
                path.unlink(missing_ok=True)
    return sorted(batches, key=lambda b: (-(b.number or 0), b.slug)), digests


def _name(folder: Path) -> str:
    return f"{_CACHED}/{hashlib.sha256(str(folder).encode()).hexdigest()[:32]}.pickle"


def page_keys(digests: dict[str, bytes], rule, base: bytes) -> dict[str, bytes]:
    """Each batch's key (by its name): its files, the rule for items and the base digest."""
    setting = pickle.dumps(rule, protocol=5) + base
    return {slug: hashlib.sha256(setting + digest).digest() for slug, digest in digests.items()}


def unchanged_item_pages(outputs: list, keys: dict[str, bytes], cache: BuildCache) -> tuple[list, dict]:
    """outputs without the item pages of the batches whose key the last build noted too, and those
    pages: path -> (Output, the last build's OutputRecord)."""
    before = cache.read_outputs().get("complaints") or {}
    same = {slug for slug, key in keys.items() if before.get(slug) == key}
    if not same:
        return outputs, {}
    rest, kept = [], {}
    for output in outputs:
        record = cache.outputs.get(output.path) if output.template == _ITEM_PAGE else None
        if record is not None and not record.deep and output.path.split("/", 2)[1] in same:
            kept[output.path] = (output, record)
        else:
            rest.append(output)
    return rest, kept


def _digest(folder: Path) -> bytes:
    digest = hashlib.sha256()
    for name in (BATCH_FILE, ITEMS_FILE):
        try:
            digest.update((folder / name).read_bytes() + b"\0")
        except OSError:
            digest.update(b"\0missing\0")
    return digest.digest()
