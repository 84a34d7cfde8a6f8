"""A bound on the work one record may cost: Markdown that cannot be rendered in a few seconds is an
error naming its file, not a build (or a preview) that hangs for minutes.

Python-Markdown takes quadratic time on some input (60 KB of `<a ` took a minute). The bound is a
timer (SIGALRM), which interrupts Python between two steps of the conversion. It grows with the
record's size, so a long but ordinary record is never refused. Signals reach the main thread only:
the build renders there or in forked workers (each its own main thread); elsewhere no bound applies.
"""
from __future__ import annotations

import hashlib
import signal
import threading
from contextlib import contextmanager

BASE_SECONDS = 5.0
SECONDS_PER_100_KB = 1.0  # an 800 KB table of links renders in about 3 s


class RecordTooSlow(Exception):
    """A text whose rendering took longer than its bound."""

    def __init__(self, text: str, seconds: float):
        super().__init__(f"cannot be rendered in {seconds:g} seconds")
        self.text, self.seconds = text, seconds


# Texts this process found too slow (by digest): another page showing one fails at once, not after
# its whole bound again.
_too_slow: set[bytes] = set()


def seconds_for(text: str) -> float:
    return round(BASE_SECONDS + SECONDS_PER_100_KB * len(text) / 100_000, 1)


@contextmanager
def bounded_time(text: str):
    """Raise RecordTooSlow if the block runs longer than text's bound."""
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield  # (no signals here, or a timer of someone else's already runs)
        return
    seconds, key = seconds_for(text), hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    if key in _too_slow:
        raise RecordTooSlow(text, seconds)

    def expired(signum, frame):
        _too_slow.add(key)
        raise RecordTooSlow(text, seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def source_of(text: str, context: dict) -> str | None:
    """The file a slow text came from, found among the problems and pages a page was given."""
    for value in context.values():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if getattr(item, "packed_record", None) and item.record == text:
                return str(item.source_path)
            if getattr(item, "body", None) == text and hasattr(item, "slug"):
                return f"pages/{item.slug}.md"
    return None
