"""Problem files checked once, in parallel, or taken from the cache (see check_documents)."""
from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from ..content import ContentFiles, file_key, read_issue_file
from ..i18n import language
from .cache import BuildCache
from .store import pack_check, unpack, unpickle
from .workers import collector_paused, imap_forked


# A file changed this close to a scan may keep the times that scan saw (file times move in clock
# ticks, coarse on some file systems): its stat is not trusted the next time.
RACY_NS = 2_000_000_000


def settled(signature: tuple, scanned: int) -> bool:
    """Whether a file's stat (as check_documents keeps it) may be trusted by the next build."""
    return max(signature[:2]) < scanned - RACY_NS


def stat_signature(status: os.stat_result) -> tuple:
    """What files.pickle keeps of a problem file's stat: a change to any of it means a changed file."""
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev


def content_place(content_dir: Path) -> tuple[str, str, str]:
    """The working folder and the content folder as given (the problem files' paths are relative to
    both), and the language: a file's key, known by its stat, names the language of its messages."""
    return os.getcwd(), str(content_dir), language()


def seen_files(cache: BuildCache, place: tuple[str, str, str]) -> dict:
    """files.pickle: each problem file's stat signature and key as the last build at place saw them."""
    previous = cache.read("files.pickle")
    return previous["files"] if isinstance(previous, dict) and previous.get("place") == place else {}


def check_documents(cache: BuildCache, content_dir: Path, files: ContentFiles, jobs: int,
                    resident: dict | None = None) -> dict:
    """Every problem file of files checked (content.read_issue_file), by path: in parallel, or taken
    from the cache. What load_content takes as `checked`.

    A file whose stat (times, size, inode) is what the previous build saw is known by the key it had
    then, without being read again; every other file is read and hashed, and checked (by the
    workers, which read it themselves) when its key is not in the cache.

    resident: the checks of this process's last build, by key, replaced by this build's: the
    preview server builds again after every edit, and takes them from there rather than from the
    store (unpickling them takes most of the time). A one-shot build keeps none: they would
    outlive the model they were read into."""
    scanned = time.time_ns()
    place = content_place(content_dir)
    seen = seen_files(cache, place)
    wanted, todo = _known_keys(files, content_dir, seen, cache.store.has("checks"))
    checked, found_files = {}, {}  # path -> IssueFile; path -> (stat, key) (paths as text)
    for key in [key for key in wanted if resident and key in resident]:
        path, _, signature = wanted.pop(key)
        checked[path], found_files[path] = resident[key], (signature, key)
    with collector_paused():
        for key, value in cache.store.values("checks", wanted):
            found = unpickle(value)
            if found is not None:
                path, _, signature = wanted.pop(key)
                checked[path], found_files[path] = found, (signature, key)
        todo += wanted.values()
        # (Each worker reads its files itself: sending their bytes would fill memory.)
        pending = [(index, path, slug, content_dir) for index, (path, slug, _) in enumerate(todo)]
        for index, key, packed in filter(None, imap_forked(_check_file, pending, jobs, chunk=64)):
            # Unpickled here, never pickled again: pickling text makes Python keep a UTF-8 copy of it.
            path, _, signature = todo[index]
            checked[path] = found = pickle.loads(unpack(packed))
            if not found.has_attachments:  # attachments are other files, which may change: checked every time
                cache.keep("checks", {key: packed})
                found_files[path] = (signature, key)
    if resident is not None:
        resident.clear()
        resident.update({found_files[path][1]: found for path, found in checked.items() if path in found_files})
    cache.flush("checks")  # (a large site's data files read them from the store: see incremental/__init__.py)
    cache.used["checks"].update(key for _, key in found_files.values())
    seen_now = {path: known for path, known in found_files.items() if settled(known[0], scanned)}
    cache.files = {"place": place, "files": seen_now} if seen_now != seen else None  # None: nothing new to save
    return checked


def _known_keys(files: ContentFiles, content_dir: Path, seen: dict, stored: bool) -> tuple[dict, list]:
    """key -> (path, slug, stat) of the files the cache may know, and (path, slug, stat) of the
    files to check (a first build's workers read each file once, not this process too)."""
    wanted, todo = {}, []
    for slug, path in files.problem_files():
        try:
            signature = stat_signature(os.stat(path))
        except OSError:
            continue  # loading the content reports it
        known = seen.get(path)
        if known is not None and known[0] == signature:
            key = known[1]
        elif stored:
            try:
                key = file_key(Path(path), slug, content_dir, Path(path).read_bytes())
            except OSError:
                continue
        else:
            todo.append((path, slug, signature))
            continue
        wanted[key] = (path, slug, signature)
    return wanted, todo


def _check_file(item: tuple):
    """Check one file, keyed by the bytes read here (the file may have changed since it was hashed).

    The check comes back packed as the store keeps it (a third of the bytes to send)."""
    index, path, slug, content_dir = item
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None  # loading the content reads it again and reports the problem
    found = read_issue_file(path, slug, content_dir, data)
    return index, found.key, pack_check(found)
