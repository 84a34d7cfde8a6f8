"""The build cache: what an earlier build already worked out, kept so a rebuild can skip it.

What the cache folder holds (default `.cache/disclosure-<output>/` beside the content folder, owner-only):

- `cache.sqlite`: each problem file's check (content.IssueFile, pickled) by sha256 of its bytes and
  place, and each Markdown text rendered, by sha256 of the text. A build reads only the entries it
  needs. Keyed by content, so an entry is never stale: a changed file simply has a new key.
- `files.pickle`: each problem file's stat (times, size, inode) and key as the last build saw them,
  so an unchanged file is not even read.
- `history.pickle`: for 修订记录 (history.py), what the public sees of each version of a problem
  file, by its git blob id: a committed version is read and parsed once.
- `templates/`: Jinja's compiled templates (see render.make_environment).
- `site/`: the site the last build replaced (the spare, see write.py), patched by the next build.
- `output.pickle`: for each file of the last build's output, and of the spare, the fingerprint of
  everything it was made from (see fingerprint.py) and the file's identity (inode, size, mtime), so
  an unchanged page is kept in the spare, or hard-linked from the output, instead of rendered again.

Each names this program's code and library versions, and carries a sha256 of what they hold: a file
written by other code, cut short or damaged is ignored (the build then does the work itself),
never trusted. The cache can only save time; it never changes what is built.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import jinja2
import jinja2.bccache
import lz4.block

from .content import checked_files, file_key, listed_files, problem_paths, read_issue_file
from .records import frozen
from .workers import imap_forked
from .write import Stage

_MAGIC = b"disclosure-cache 1\n"
_CODE_DIR = Path(__file__).resolve().parent


def code_key() -> bytes:
    """A digest of this program's code and the versions of the libraries that shape its output."""
    digest = hashlib.sha256(sys.version.encode())
    for name in ("jinja2", "markdown", "nh3", "pyyaml", "markupsafe", "lz4"):
        try:
            digest.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none;".encode())
    for path in sorted(_CODE_DIR.rglob("*.py")):
        digest.update(path.relative_to(_CODE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def read_cache_file(path: Path, key: bytes):
    """The object saved at path under this key, or None when missing, from other code, or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + 64
    if len(data) < header or not data.startswith(_MAGIC) or data[len(_MAGIC):len(_MAGIC) + 32] != key:
        return None
    payload = memoryview(data)[header:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) + 32:header]:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a checksum match makes this unlikely; any failure still means "no cache"
        return None


def write_cache_file(path: Path, key: bytes, value) -> None:
    """Save value atomically: a reader sees the old file or the new one, never half of one.

    The pickle is streamed to the file and its checksum filled in after."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + key + bytes(32))
            stream = _HashingWriter(out)
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            out.seek(len(_MAGIC) + len(key))
            out.write(stream.digest.digest())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _HashingWriter:
    """A file-like writer that passes bytes on to out and keeps their sha256."""

    def __init__(self, out):
        self.out, self.digest = out, hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return self.out.write(data)


def default_cache_dir(content_dir: Path, output_dir: Path) -> Path:
    """`.cache/disclosure-<output name>/` beside the content folder (git-ignored): never beside the
    output, which may be a sub-folder of the web root (the cache holds every draft)."""
    return content_dir.absolute().parent / ".cache" / f"disclosure-{output_dir.absolute().name}"


@frozen
class OutputRecord:
    """One file of the previous build: what it was made from, and which file on disk it is."""

    fingerprint: bytes
    deep: bool  # rendering it read every problem of a plan (see fingerprint.py)
    records: bool  # it may show problems' records
    inode: int
    size: int
    mtime_ns: int
    rows: dict | None = None  # a data file's rows: key -> (offset, length), see outputs/data.py
    digest: bytes = b""  # sha256 of its bytes: a file reused is known to hold them (a damaged copy keeps size and mtime)


class Store:
    """Cached values by key in one SQLite file: a table of problem-file checks, one of Markdown.

    Each value is kept compressed, with the sha256 of its key and bytes, and the file with the code
    key: a damaged value (or one found under another key) reads as missing, and a damaged file or
    one from other code is replaced. Workers read (each process opens its own connection); the
    parent writes, in batches as results arrive, so neither holds a large site's values in memory.
    Without a path (no cache) nothing is found and nothing can be stored."""

    TABLES = ("checks", "markdown")

    def __init__(self, path: Path | None, key: bytes):
        self.path, self.key = path, key
        self._connection, self._pid = None, None

    def get(self, table: str, key: bytes) -> bytes | None:
        try:
            with self._using() as connection:
                found = connection.execute(f"SELECT digest, value FROM {table} WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError):
            return None
        if found is None or hashlib.sha256(key + found[1]).digest() != found[0]:
            return None
        return unpack(found[1])

    def values(self, table: str, keys) -> Iterator[tuple[bytes, bytes]]:
        """(key, value) of every entry among keys that is found, undamaged, in no particular order.

        The table is read as a stream (it holds what the last build used, so about as much as is
        asked for): far quicker than a query per key, and never all in memory."""
        keys = set(keys)
        try:
            with self._using() as connection:
                rows = connection.execute(f"SELECT key, digest, value FROM {table}") if keys else None
            while rows is not None:
                with _in_sqlite:
                    batch = rows.fetchmany(256)
                if not batch:
                    return
                for key, digest, value in batch:
                    if key in keys and hashlib.sha256(key + value).digest() == digest:
                        value = unpack(value)
                        if value is not None:
                            yield key, value
        except (sqlite3.Error, OSError):
            return

    def has(self, table: str) -> bool:
        try:
            with self._using() as connection:
                return connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
        except (sqlite3.Error, OSError):
            return False

    def put_all(self, table: str, values: dict[bytes, bytes]) -> None:
        """Store values made by pack() (in the workers, which have the time for it)."""
        rows = [(key, hashlib.sha256(key + value).digest(), value) for key, value in values.items()]
        with self._using() as connection, connection:
            connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", rows)

    def keep_only(self, table: str, keys: set[bytes]) -> None:
        """Remove every entry not in keys (what no file or page of this build needed)."""
        with self._using() as connection, connection:
            stored = {row[0] for row in connection.execute(f"SELECT key FROM {table}")}
            connection.executemany(f"DELETE FROM {table} WHERE key = ?", ((key,) for key in stored - keys))

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            with _in_sqlite:
                self._connection.close()
        self._connection = None

    @contextmanager
    def _using(self):
        """This process's connection, held against forks while in use (see _in_sqlite)."""
        with _in_sqlite:
            yield self._connect()

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            raise sqlite3.OperationalError("no cache")
        if self._pid != os.getpid():  # a forked worker: the parent's connection is not for it
            self._connection, self._pid = None, os.getpid()
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        for _ in range(2):
            try:  # (it holds every draft: owner-only, not as the umask would make it)
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            except OSError:
                pass  # sqlite3 says why below
            connection = sqlite3.connect(self.path)  # creates the file: it fails only on an unusable folder
            try:
                # A cache needs neither a journal on disk nor a flush (damage is detected, see get):
                # each value is then written once.
                connection.execute("PRAGMA journal_mode=MEMORY")
                connection.execute("PRAGMA synchronous=OFF")
                for table in self.TABLES:
                    connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, digest BLOB, value BLOB)")
                connection.execute("CREATE TABLE IF NOT EXISTS code (key BLOB)")
                known = connection.execute("SELECT key FROM code").fetchall()
                if known == [(self.key,)]:
                    connection.commit()
                    return connection
                if known or any(connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
                                for table in self.TABLES):
                    # Other code's: replaced whole (deleting its rows would hold them all in the
                    # journal, in memory: hundreds of megabytes for a large site).
                    raise sqlite3.DatabaseError("another program's cache")
                with connection:
                    connection.execute("INSERT INTO code VALUES (?)", (self.key,))
                return connection
            except sqlite3.Error:
                connection.close()
                self.path.unlink(missing_ok=True)  # not a database of ours (any more): start afresh
        raise sqlite3.OperationalError(f"cannot use {self.path}")


# A pool's thread may fork a new worker (one replaces a worker that did its share, see workers.py)
# while this process is inside SQLite: the new worker would inherit SQLite's own locks held, and wait
# on them for ever when it opens its connection. So a fork waits while the store is in use.
_in_sqlite = threading.Lock()
os.register_at_fork(before=_in_sqlite.acquire, after_in_parent=_in_sqlite.release,
                    after_in_child=_in_sqlite.release)

_BATCH = 500  # values kept in memory before they are written to the store


@dataclass
class BuildCache:
    """What a build may reuse, and what it learns for the next one."""

    folder: Path | None  # None: no cache at all (every file is read and rendered)
    key: bytes = b""
    store: Store = Store(None, b"")
    outputs: dict = field(default_factory=dict)  # output path -> OutputRecord (previous build)
    staged: dict = field(default_factory=dict)  # output path -> OutputRecord, of files already in the stage
    new_outputs: dict = field(default_factory=dict)  # output path -> OutputRecord (this build)
    previous_root: Path | None = None  # the output folder of the previous build
    outputs_read: dict | None = None
    files: dict | None = None  # what reading_documents saw of each problem file, for the next build
    history: dict | None = None  # the public view of each git blob of the problem files (history.py), when new
    quick: object = None  # what the next build needs to take the quick path (quick.QuickState), if it may
    used: dict = field(default_factory=lambda: {table: set() for table in Store.TABLES})
    unsaved: dict = field(default_factory=lambda: {table: {} for table in Store.TABLES})

    @classmethod
    def open(cls, folder: Path | None) -> "BuildCache":
        """Open the cache in folder (None: build without a cache)."""
        if folder is None:
            return cls(None)
        key = code_key()
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder, key, Store(folder / "cache.sqlite", key))

    def keep(self, table: str, values: dict[bytes, bytes]) -> None:
        """Store values as they arrive, a batch at a time."""
        if self.folder is None:
            return
        self.unsaved[table].update(values)
        if len(self.unsaved[table]) >= _BATCH:
            self.flush(table)

    def flush(self, table: str) -> None:
        """Store the values kept so far."""
        try:
            self.store.put_all(table, self.unsaved[table])
        except sqlite3.Error:
            pass  # not kept: the next build works them out again
        self.unsaved[table] = {}

    def read(self, name: str):
        """The object saved in the cache folder under name, or None."""
        return read_cache_file(self.folder / name, self.key) if self.folder is not None else None

    @property
    def compiled(self) -> "CompiledTemplates | None":
        """Where Jinja keeps compiled templates (see render.make_environment)."""
        return CompiledTemplates(self.folder / "templates", self.key) if self.folder is not None else None

    @property
    def spare(self) -> Path | None:
        """Where the site a build replaces is kept, for the next build to patch (see write.py)."""
        return self.folder / "site" if self.folder is not None else None

    def load_outputs(self, previous_root: Path, stage: Stage) -> None:
        """Read what the previous build wrote into previous_root, and what the stage already holds when
        it is the spare (call while holding the output lock)."""
        self.previous_root = previous_root
        if self.folder is not None:
            self.outputs = self.read_outputs()["live"]
            self.staged = self.outputs_read["spare"] if stage.reused else {}

    def read_outputs(self) -> dict:
        """output.pickle as the previous build left it: its files' records ("live"), the spare's,
        and its quick.QuickState ("quick", when it kept one)."""
        if self.outputs_read is None:
            outputs = self.read("output.pickle")
            self.outputs_read = outputs if isinstance(outputs, dict) else {"live": {}, "spare": {}}
        return self.outputs_read

    def save(self, kept: bool, prune: bool = True) -> None:
        """Keep only what this build used, so the cache never grows beyond one site's worth.

        kept: whether the previous output is now the spare. prune: False when this build did not
        note all it used (a quick build): nothing is removed then."""
        if self.folder is None:
            return
        outputs = {"live": self.new_outputs, "spare": self.outputs if kept else {}, "quick": self.quick}
        if outputs != self.outputs_read:
            write_cache_file(self.folder / "output.pickle", self.key, outputs)
        if self.files is not None:
            write_cache_file(self.folder / "files.pickle", self.key, self.files)
        if self.history is not None:
            write_cache_file(self.folder / "history.pickle", self.key, self.history)
        try:
            for table in Store.TABLES:
                self.flush(table)
                if prune:
                    self.store.keep_only(table, self.used[table])
            self.store.close()
        except sqlite3.Error:  # damaged since it was opened: the next build starts a new one
            self.store.close()
            self.store.path.unlink(missing_ok=True)


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, a file each, checked like every cache file: Python would run
    damaged bytecode (Jinja itself only checks that the template's source is the same)."""

    def __init__(self, folder: Path, key: bytes):
        self.folder, self.key = folder, key

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = read_cache_file(self.folder / bucket.key, self.key)
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            write_cache_file(self.folder / bucket.key, self.key, bucket.bytecode_to_string())
        except OSError:
            pass  # not kept: compiled again next time


# A file changed this close to a scan may keep the times that scan saw (file times move in clock
# ticks, coarse on some file systems): its stat is not trusted the next time.
RACY_NS = 2_000_000_000


def settled(signature: tuple, scanned: int) -> bool:
    """Whether a file's stat (as reading_documents keeps it) may be trusted by the next build."""
    return max(signature[:2]) < scanned - RACY_NS


def stat_signature(status: os.stat_result) -> tuple:
    """What files.pickle keeps of a problem file's stat: a change to any of it means a changed file."""
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev


def content_place(content_dir: Path) -> tuple[str, str]:
    """The working folder and the content folder as given: the problem files' paths are relative to both."""
    return os.getcwd(), str(content_dir)


def seen_files(cache: BuildCache, place: tuple[str, str]) -> dict:
    """files.pickle: each problem file's stat signature and key as the last build at place saw them."""
    previous = cache.read("files.pickle")
    return previous["files"] if isinstance(previous, dict) and previous.get("place") == place else {}


@contextmanager
def reading_documents(cache: BuildCache, content_dir: Path, jobs: int, keep: bool = False):
    """While loading content: every problem file checked once, in parallel, or taken from the cache.

    A file whose stat (times, size, inode) is what the previous build saw is known by the key it had
    then, without being read again; every other file is read and hashed, and checked (by the
    workers, which read it themselves) when its key is not in the cache.

    keep: keep the checks in this process's memory for its next build (the preview server builds
    again after every edit); otherwise those kept by an earlier build are let go."""
    global _pending, _resident
    scanned = time.time_ns()
    place = content_place(content_dir)
    plans_dir = content_dir / "plans"
    paths = problem_paths(plans_dir) if plans_dir.is_dir() else []
    seen = seen_files(cache, place)
    stored = cache.store.has("checks")
    wanted, todo = {}, []  # key -> (path, slug, stat) of files the cache may know; files to check
    prefix = os.path.join(str(plans_dir), "")
    listed = {}  # plan folder -> its problem files, in order
    for path in paths:
        slug = str(path)[len(prefix):].split(os.sep, 1)[0]
        listed.setdefault(prefix + slug, []).append(path)
        try:
            status = os.stat(path)
        except OSError:
            continue  # loading the content reports it
        signature = stat_signature(status)
        known = seen.get(str(path))
        if known is not None and known[0] == signature:
            key = known[1]
        elif stored:
            try:
                key = file_key(path, slug, content_dir, path.read_bytes())
            except OSError:
                continue
        else:  # a first build: the workers read each file once, not this process too
            todo.append((path, slug, signature))
            continue
        wanted[key] = (path, slug, signature)
    checked, files = {}, {}  # path -> IssueFile; path text -> (stat, key)
    for key in [key for key in wanted if key in _resident]:
        path, _, signature = wanted.pop(key)
        checked[path], files[str(path)] = _resident[key], (signature, key)
    with _collector_paused():
        for key, value in cache.store.values("checks", wanted):
            found = unpickle(value)
            if found is not None:
                path, _, signature = wanted.pop(key)
                checked[path], files[str(path)] = found, (signature, key)
        todo += wanted.values()
        _pending = [(path, slug, content_dir) for path, slug, _ in todo]  # not the bytes: they would fill memory
        for index, key, packed in filter(None, imap_forked(_check_pending, range(len(_pending)), jobs, chunk=64)):
            # Unpickled here, never pickled again: pickling text makes Python keep a UTF-8 copy of it.
            path, _, signature = todo[index]
            checked[path] = found = pickle.loads(unpack(packed))
            if not found.has_attachments:  # attachments are other files, which may change: checked every time
                cache.keep("checks", {key: packed})
                files[str(path)] = (signature, key)
    _pending = []
    _resident = {files[str(path)][1]: found for path, found in checked.items() if str(path) in files} if keep else {}
    cache.flush("checks")  # (a large site's data files read them from the store: see site.py)
    cache.used["checks"].update(key for _, key in files.values())
    seen_now = {path: known for path, known in files.items() if settled(known[0], scanned)}
    cache.files = {"place": place, "files": seen_now} if seen_now != seen else None  # None: nothing new to save
    tokens = checked_files.set(checked), listed_files.set(listed)
    try:
        yield
    finally:
        checked_files.reset(tokens[0])
        listed_files.reset(tokens[1])


@contextmanager
def _collector_paused():
    """Without the cyclic garbage collector, which would scan the growing model again and again while
    it is loaded (about 0.1 s at 10,000 problems); what is loaded here lives as long as the build."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The checks of this process's last build, by key, when it kept them: the preview server builds
# again after every edit, and takes them from here rather than from the store (unpickling them took
# most of the time). A one-shot build keeps none: they would outlive the model they were read into.
_resident: dict = {}

# (path, plan slug, content folder) of files still to check; inherited by forked workers.
_pending: list[tuple[Path, str, Path]] = []


def unpickle(data: bytes | None):
    try:
        return pickle.loads(data) if data is not None else None
    except Exception:  # a checksum match makes this unlikely; any failure still means "not cached"
        return None


def _check_pending(index: int):
    """Check one file, keyed by the bytes read here (the file may have changed since it was hashed).

    The check comes back packed as the store keeps it (a third of the bytes to send)."""
    path, slug, content_dir = _pending[index]
    try:
        data = path.read_bytes()
    except OSError:
        return None  # loading the content reads it again and reports the problem
    found = read_issue_file(path, slug, content_dir, data)
    return index, found.key, pack_check(found)


def pack_check(found) -> bytes:
    """A problem file's check (content.IssueFile) as the store keeps it."""
    return pack(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))


def pack(value: bytes) -> bytes:
    """A value as the store keeps it: compressed with LZ4 (Chinese text to about 40%), so it is
    written once, small. zlib packs 20% tighter but takes ten times as long each way: at 10,000
    problems 0.8 s to pack every check and 0.2 s to unpack them, against 0.07 s and 0.05 s."""
    return lz4.block.compress(value)


def unpack(packed: bytes) -> bytes | None:
    """pack() undone; None when the bytes are not what pack() made."""
    try:
        return lz4.block.decompress(packed)
    except lz4.block.LZ4BlockError:
        return None


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()
