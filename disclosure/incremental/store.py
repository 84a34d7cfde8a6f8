"""The cache's storage: checksummed cache files, and a SQLite store of values by key.

Each file names this program's code and library versions, and carries a sha256 of what it holds: a
file written by other code, cut short or damaged is ignored (the build then does the work itself),
never trusted.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

import lz4.block

from ..i18n import _

_MAGIC = b"disclosure-cache 1\n"
_CODE_DIR = Path(__file__).resolve().parent.parent


def code_key() -> bytes:
    """A digest of this program's code and the versions of the libraries that shape its output."""
    digest = hashlib.sha256(sys.version.encode())
    for name in ("jinja2", "markdown", "nh3", "pyyaml", "markupsafe", "lz4", "phonenumbers", "lxml"):
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
        raise sqlite3.OperationalError(_("cannot use {path}", path=self.path))


# A pool's thread may fork a new worker (one replaces a worker that did its share, see workers.py)
# while this process is inside SQLite: the new worker would inherit SQLite's own locks held, and wait
# on them for ever when it opens its connection. So a fork waits while the store is in use.
_in_sqlite = threading.Lock()
os.register_at_fork(before=_in_sqlite.acquire, after_in_parent=_in_sqlite.release,
                    after_in_child=_in_sqlite.release)



def unpickle(data: bytes | None):
    try:
        return pickle.loads(data) if data is not None else None
    except Exception:  # a checksum match makes this unlikely; any failure still means "not cached"
        return None


def pack_check(found) -> bytes:
    """A problem file's check (content.IssueFile) as the store keeps it."""
    return pack(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))


def pack(value: bytes) -> bytes:
    """A value as the store keeps it: compressed with LZ4, so it is written once, small. zlib packs
    tighter but takes about ten times as long each way (bench/RESULTS.md)."""
    return lz4.block.compress(value)


def unpack(packed: bytes) -> bytes | None:
    """pack() undone; None when the bytes are not what pack() made."""
    try:
        return lz4.block.decompress(packed)
    except lz4.block.LZ4BlockError:
        return None


def text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()
