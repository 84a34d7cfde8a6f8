"""Render the site's files on every core, redoing only the files whose inputs changed.

A build lists every output file first (path, template and context, or a function and its values).
Each file's fingerprint (fingerprint.py) is compared with the earlier builds': an unchanged file is
left as it is when the stage is the spare site that already holds it (spare.py), or else hard-linked
from the previous output folder; the rest are rendered by forked worker processes that write
straight into the stage. Markdown is converted once per distinct text
by the pages that show it; the parent keeps every conversion for the next build.
"""
from __future__ import annotations

import hashlib
import itertools
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from ..outputs import Output
from ..outputs.search_text import page_entry
from ..templating import render_template
from ..staging import Stage
from .cache import BuildCache, OutputRecord
from .fingerprint import Fingerprints, WatchedEnvironment
from .quick_markdown import render_markdown
from .rows import PreviousCopy
from .store import pack, text_key
from .workers import PARALLEL_FROM, chunk_size, imap_forked

# A render worker is replaced after this many tasks (up to 16 files each), and the memory it copied
# from this process goes with it (see workers.imap_forked).
_TASKS_PER_WORKER = 256


class MarkdownMemo:
    """The markdown filter of a build's environment: a text's HTML as an earlier build converted it
    (from the store), or converted now and noted in converted, for the parent to keep."""

    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.stored = cache.store.has("markdown")  # (a first build's store holds none)
        self.converted = {}  # text key -> HTML converted for the current output (packed)

    def __call__(self, text: str) -> str:
        key = text_key(text)
        html = self.cache.store.get("markdown", key) if self.stored else None
        if html is not None:
            return html.decode("utf-8")
        html = render_markdown(text)
        self.converted[key] = pack(html.encode("utf-8"))
        return html


@dataclass(frozen=True)
class Job:
    """What rendering an output needs (imap_forked's context: forked workers inherit it)."""

    stage: Stage
    env: WatchedEnvironment
    markdown: MarkdownMemo  # the env's markdown filter
    shared: dict
    outputs: list[Output]
    cache: BuildCache
    fingerprints: Fingerprints | None
    search: dict[str, bytes] | None = None  # with search on: each page rendered, as the index takes it


def render_outputs(job: Job, plans: list, texts, jobs: int, base: bytes = b"") -> None:
    """Write every output of job into its stage, rendered or linked from the previous build; note
    them in the cache.

    texts: every Markdown text the site shows (the store keeps their HTML). base: base_digest of
    env and shared (with a cache)."""
    stage, outputs, cache = job.stage, job.outputs, job.cache
    for output in outputs:
        stage.claim(output.path)  # two outputs on one path are an error before any work is done
    cache.used["markdown"].update(text_key(text) for text in texts)
    groups = _groups_to_render(outputs, stage, cache, job.fingerprints, jobs)
    first = next(groups, None)  # none: nothing changed, and no worker is started
    if first is not None:
        # The workers start on the first groups while this process (a thread of it) finds the rest.
        for results in imap_forked(_render_group, itertools.chain([first], groups), jobs, job, chunk=1,
                                   count=len(outputs), tasks_per_worker=_TASKS_PER_WORKER):
            for index, record, converted, entry in results:
                cache.keep("markdown", converted)
                cache.new_outputs[outputs[index].path] = record
                if entry is not None:
                    job.search[outputs[index].path] = entry


def new_job(stage: Stage, outputs: list[Output], env: WatchedEnvironment, markdown: MarkdownMemo, shared: dict,
            plans: list, cache: BuildCache, base: bytes) -> Job:
    return Job(stage, env, markdown, shared, outputs, cache, Fingerprints(base, plans) if cache.folder else None,
               {} if shared["config"].search else None)


def _groups_to_render(outputs: list[Output], stage: Stage, cache: BuildCache, fingerprints: Fingerprints | None,
                      jobs: int):
    """Yield the indexes of the outputs to render, in groups (a worker task each); link the rest.

    An output whose fingerprint is an earlier build's keeps or links that build's file instead (see
    _linked). Files rendered now are fingerprinted by the workers, with the marks their rendering
    left (see fingerprint.py). Files that read many problems (data files, lists) come first: they
    take longest. In a first build they form one group: touching every problem makes a forked worker
    copy the memory that holds them, so one worker does, not each. Otherwise each is a task of its
    own as soon as it is found changed, so both cores work while the rest are checked; so are the
    first few other files found changed (a rebuild after an edit has only those)."""
    wide = sorted((i for i, output in enumerate(outputs) if _reads_many(output)),
                  key=lambda i: outputs[i].function is None)  # data files first
    narrow = [i for i, output in enumerate(outputs) if not _reads_many(output)]
    if not any(outputs[i].path in cache.outputs or outputs[i].path in cache.staged for i in wide):
        if wide:
            yield wide
    else:
        yield from ([i] for i in wide if not _linked(outputs[i], stage, cache, fingerprints))
    group, size = [], 1
    for index in narrow:
        if not _linked(outputs[index], stage, cache, fingerprints):
            group.append(index)
            if len(group) == size:
                yield group
                group, size = [], min(2 * size, chunk_size(len(narrow), jobs))
    if group:
        yield group


def _linked(output: Output, stage: Stage, cache: BuildCache, fingerprints: Fingerprints | None) -> bool:
    """Whether output is unchanged since an earlier build whose file it now has: the one the stage
    already holds (the spare), or the previous output's, hard-linked."""
    if fingerprints is None:
        return False
    digests = {}  # (deep, records) -> fingerprint

    def unchanged(record: OutputRecord) -> bool:
        marks = (record.deep, record.records)
        if marks not in digests:
            digests[marks] = fingerprints.of(output.path, output.maker, output.context or output.args, *marks)
        return digests[marks] == record.fingerprint

    staged, before = cache.staged.get(output.path), cache.outputs.get(output.path)
    if staged and unchanged(staged) and _is_recorded(stage.file_for(output.path), staged):
        cache.new_outputs[output.path] = staged
        return True
    if before and unchanged(before) and _link_previous(stage, output.path, cache.previous_root, before):
        cache.new_outputs[output.path] = before
        return True
    return False


def keep_outputs(stage: Stage, records: dict, cache: BuildCache) -> bool:
    """Keep each output of records (path -> the previous build's OutputRecord) as it is, without
    checking its fingerprint (the caller knows it unchanged): the stage's own file when it is that
    very file (a spare shares unchanged files with the live site), else the previous output's,
    hard-linked. False when the previous output no longer holds a file recorded."""
    return not keep_known(stage, records, cache)


def keep_known(stage: Stage, records: dict, cache: BuildCache) -> list[str]:
    """keep_outputs, returning the paths it could not keep (left unclaimed: the caller renders them)."""
    missed = []
    for path, record in records.items():
        file = stage.claim(path)
        if not (stage.reused and _is_recorded(file, record)) and not _link_previous(stage, path, cache.previous_root,
                                                                                     record):
            stage.written.discard(path)
            missed.append(path)
            continue
        cache.new_outputs[path] = record
    return missed


def _reads_many(output: Output) -> bool:
    """A data file, or a page listing many problems."""
    return output.function is not None or any(
        isinstance(value, (list, tuple)) and len(value) >= PARALLEL_FROM for value in output.context.values())


def base_digest(code: bytes, env, shared: dict) -> bytes:
    """Code, every template file, and what every page shares."""
    digest = hashlib.sha256(code)
    for folder in env.loader.searchpath:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(f"{folder}\0{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes())
    return Fingerprints(digest.digest(), []).of("", "", shared, deep=False)


def _link_previous(stage: Stage, relative: str, previous_root: Path, record: OutputRecord) -> bool:
    """Hard-link the previous build's file when it is still the very file that record describes."""
    old = f"{previous_root}/{relative}"
    if not _is_recorded(old, record):
        return False
    try:
        stage.link(relative, old)
    except OSError:
        return False
    return True


def _is_recorded(path: str, record: OutputRecord) -> bool:
    """Whether the file at path is still the very file that record describes (not edited, replaced or
    damaged: it holds the bytes the build recorded)."""
    try:
        status = os.stat(path)
    except OSError:
        return False
    if (status.st_ino, status.st_size, status.st_mtime_ns) != (record.inode, record.size, record.mtime_ns):
        return False
    return bool(record.digest) and _file_digest(path) == record.digest  # (damage may keep size and mtime)


def _file_digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").digest()
    except OSError:
        return None


# Data files are written, and their previous copies read, a row (a few KB) at a time: with a large
# buffer that is one system call per megabyte, not one or two per row.
_DATA_BUFFER = 1 << 20


@contextmanager
def _previous_rows(cache: BuildCache, output: Output):
    """The previous copy of a data file and its rows' index, when the rows can be reused (else None)."""
    record = cache.outputs.get(output.path)
    old = f"{cache.previous_root}/{output.path}"
    if record is None or not record.rows or not _is_recorded(old, record):
        yield None
        return
    try:
        stream = open(old, "rb", buffering=_DATA_BUFFER)
    except OSError:
        yield None
        return
    with stream:
        yield PreviousCopy(stream, record.rows)


def _render_group(job: Job, indexes: list[int]) -> list:
    """Render the outputs at indexes; a ContentError if any of them has problems."""
    results = [_render_one(job, index) for index in indexes]
    errors = [result for result in results if isinstance(result, ContentError)]
    if errors:
        return ContentError([problem for error in errors for problem in error.problems])
    return results


def _render_one(job: Job, index: int):
    """Render one output into the stage; return what its record needs (or the ContentError)."""
    output, log = job.outputs[index], job.env.log
    log.deep, log.records, job.markdown.converted = False, False, {}
    path = job.stage.file_for(output.path)
    try:
        if output.template is not None:
            data = render_template(job.env, output.template,
                                   {**job.shared, **output.context, "page_path": output.path}).encode("utf-8")
            with job.stage.create(output.path) as out:
                out.write(data)
            rows, digest = None, hashlib.sha256(data).digest()
            # (The search index's part of the page, made here, on every core, from the bytes in hand.)
            entry = page_entry(output.path, data) if job.search is not None and output.path.endswith(".html") else None
        else:
            with job.stage.create(output.path, _DATA_BUFFER) as out, _previous_rows(job.cache, output) as previous:
                rows = output.function(out, *output.args, previous=previous)
            digest, entry = _file_digest(path), None
    except ContentError as error:
        return error  # raised by imap_forked, with every other file's problems
    status = os.stat(path)
    # A data file is made in Python, unwatched: it may show anything, records included.
    marks = (log.deep, log.records or output.function is not None)
    fingerprint = job.fingerprints.of(output.path, output.maker, output.context or output.args, *marks) \
        if job.fingerprints else b""
    return (index, OutputRecord(fingerprint, *marks, status.st_ino, status.st_size, status.st_mtime_ns, rows, digest),
            job.markdown.converted, entry)
