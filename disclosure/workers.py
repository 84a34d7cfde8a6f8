"""Spread work over the machine's cores with forked processes (they inherit the build's data)."""
from __future__ import annotations

import multiprocessing
import os

from .errors import ContentError

# Below this many items, forking workers costs more than it saves.
PARALLEL_FROM = 64


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def map_forked(function, items: list, jobs: int) -> list:
    """[function(item)], in forked workers when there is enough to do; results in any order.

    A function reports an editor's problem by returning a ContentError; all of them are raised together.
    """
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        results = [function(item) for item in items]
    else:
        chunk = max(1, min(16, len(items) // (jobs * 8)))  # small, so a large item does not drag its chunk
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = list(pool.imap_unordered(function, items, chunksize=chunk))
    errors = [result for result in results if isinstance(result, ContentError)]
    if errors:
        raise ContentError([problem for error in errors for problem in error.problems])
    return results
