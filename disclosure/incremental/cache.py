"""The build cache: what an earlier build already worked out, kept so a rebuild can skip it.

What the cache folder holds (default `.cache/disclosure-<output>/` beside the content folder, owner-only):

- `cache.sqlite`: each problem file's check (content.IssueFile, pickled) by sha256 of its bytes and
  place, and each Markdown text rendered, by sha256 of the text. A build reads only the entries it
  needs. Keyed by content, so an entry is never stale: a changed file simply has a new key.
- `files.pickle`: each problem file's stat (times, size, inode) and key as the last build saw them,
  so an unchanged file is not even read.
- `history.pickle`: for 修订记录 (history.py), what the public sees of each version of a problem
  file, by its git blob id: a committed version is read and parsed once.
- `complaints/`: each complaint batch as a build read it, by the digest of its files (complaints.py).
- `templates/`: Jinja's compiled templates (see templating.make_environment).
- `site/`: the site the last build replaced (the spare, see spare.py), patched by the next build.
- `output.pickle`: for each file of the last build's output, and of the spare, the fingerprint of
  everything it was made from (see fingerprint.py) and the file's identity (inode, size, mtime), so
  an unchanged page is kept in the spare, or hard-linked from the output, instead of rendered again;
  and each complaint batch's key, whose item pages are then kept unplanned (complaints.py).

Each names this program's code and library versions, and carries a sha256 of what they hold: a file
written by other code, cut short or damaged is ignored (the build then does the work itself),
never trusted. The cache can only save time; it never changes what is built.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache

from ..frozen import frozen
from ..staging import Stage
from .store import Store, code_key, read_cache_file, write_cache_file

_BATCH = 500  # values kept in memory before they are written to the store


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
    files: dict | None = None  # what check_documents saw of each problem file, for the next build
    history: dict | None = None  # the public view of each git blob of the problem files (history.py), when new
    quick: object = None  # what the next build needs to take the quick path (quick.QuickState), if it may
    complaint_pages: dict | None = None  # each complaint batch's key (incremental/complaints.py), when new
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
        """Where Jinja keeps compiled templates (see templating.make_environment)."""
        return CompiledTemplates(self.folder / "templates", self.key) if self.folder is not None else None

    @property
    def spare(self) -> Path | None:
        """Where the site a build replaces is kept, for the next build to patch (see spare.py)."""
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
        # (A build that did not plan complaint pages, a quick one, leaves the batches' keys as they were.)
        pages = self.complaint_pages if self.complaint_pages is not None else self.read_outputs().get("complaints")
        outputs = {"live": self.new_outputs, "spare": self.outputs if kept else {}, "quick": self.quick,
                   "complaints": pages}
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


