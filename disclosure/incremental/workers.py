"""Spread work over the machine's cores with forked processes (they inherit the build's data)."""
from __future__ import annotations

import functools
import gc
import itertools
import multiprocessing
import os
import time
from contextlib import contextmanager

from ..errors import ContentError
from ..i18n import _

# Below this many items, forking workers costs more than it saves.
PARALLEL_FROM = 64


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def chunk_size(count: int, jobs: int) -> int:
    """Items a worker takes at a time: small, so a large item does not drag its chunk."""
    return max(1, min(16, count // (jobs * 8)))


def imap_forked(function, items, jobs: int, context=None, parallel_from: int = PARALLEL_FROM,
                chunk: int | None = None, count: int | None = None, tasks_per_worker: int | None = None):
    """Yield function(context, item) for every item (function(item) without a context), from forked
    workers when there is enough to do, in any order, each result as it comes (a large site's
    results together would fill memory).

    context: what every call needs (a build's outputs, its stage...): a forked worker inherits it
    with the rest of this process's memory, never a pickled copy.
    parallel_from: fewer items than this run in this process (lower it when items are costly).
    chunk: items a worker takes at a time (default: chunk_size).
    count: how much there is to do, when items is an iterator: it is then consumed as the workers
    need more, by a thread of this process, while the workers work on what it gave them so far.

    tasks_per_worker: a worker is replaced by a new fork after this many tasks (chunks), and the
    memory it copied is freed. Python writes to every object it uses (its reference count), so a
    forked worker ends up with its own copy of every page of inherited data it touched.

    A function reports an editor's problem by returning a ContentError; all of them are raised together.
    """
    errors = []
    count = len(items) if count is None else count
    call = function if context is None else functools.partial(function, context)
    if jobs <= 1 or count < max(2, parallel_from):
        yield from _sorted_out(map(call, items), errors)
    else:
        # Frozen objects are never scanned by the garbage collector: workers neither spend time on
        # the inherited data nor touch (and so copy) its pages.
        # A worker collects its own garbage even when the caller paused the collector.
        with collector_skipping_existing(), multiprocessing.get_context("fork").Pool(
                jobs, initializer=_worker_started, initargs=(function, context),
                maxtasksperchild=tasks_per_worker) as pool:
            # (Chunked here, not by imap: its chunked results are a generator that cannot wait with a timeout.)
            batches = pool.imap_unordered(_each, _batched(items, chunk or chunk_size(count, jobs)))
            for batch in _watched(pool, batches):
                yield from _sorted_out(batch, errors)
    if errors:
        raise ContentError([problem for error in errors for problem in error.problems])


@contextmanager
def collector_skipping_existing():
    """Leave the objects that exist now out of garbage collection until the block ends (gc.freeze):
    a build's model lives as long as the build, and each collection would scan it again.

    Nested blocks leave them out until the outermost one ends."""
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


# In a worker: the function and context its pool was started with (Pool's initargs, inherited by
# the fork, not pickled).
_work: tuple = (None, None)


@contextmanager
def collector_paused():
    """Without the cyclic garbage collector, which would scan the large structures a build holds
    (its checks, its output records) again and again while it adds to them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _worker_started(function, context) -> None:
    """In a new worker: leave what it inherited out of garbage collection, which would scan (and so
    copy) it; collect the worker's own garbage even when the parent paused the collector."""
    global _work
    _work = (function, context)
    gc.freeze()
    gc.enable()


def _each(batch: list) -> list:
    """In a worker: the function its pool was started with, on each item of a batch."""
    function, context = _work
    return [function(item) if context is None else function(context, item) for item in batch]


def _batched(items, size: int):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class WorkerError(Exception):
    """A worker process died or stopped answering: its share of the work would never come."""


# A task is at most a few thousand pages or one data file: none takes this long without a hang.
SILENCE_SECONDS = 600
_POLL_SECONDS = 0.5


def _watched(pool, results):
    """results, while the pool's workers live: a worker killed (by the kernel out of memory, or a
    signal) takes its task with it, and the pool would wait for its result for ever."""
    workers, last = {}, time.monotonic()
    while True:
        workers.update((worker.pid, worker) for worker in list(pool._pool))  # (and the workers replacing them)
        try:
            result = results.next(timeout=_POLL_SECONDS)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            killed = [worker for worker in workers.values() if worker.exitcode not in (None, 0)]
            if killed:
                raise WorkerError(_("a worker process ended abnormally (exit code {code}); out of memory? Try again "
                                    "with --jobs 1", code=killed[0].exitcode)) from None
            if time.monotonic() - last > SILENCE_SECONDS:
                raise WorkerError(_("no worker process answered for {seconds} seconds; try again with --jobs 1",
                                    seconds=SILENCE_SECONDS)) from None
            continue
        last = time.monotonic()
        yield result


def _sorted_out(results, errors: list):
    """The results that are not ContentErrors; those are noted in errors."""
    for result in results:
        if isinstance(result, ContentError):
            errors.append(result)
        else:
            yield result

