"""frozen: the model's value classes, small in memory and quick to pickle."""
from __future__ import annotations

import sys
from dataclasses import dataclass, fields


def frozen(cls=None, *, shared: tuple[str, ...] = (), reused: bool = False):
    """@dataclass(frozen=True, slots=True), pickled as the tuple of its fields.

    The dataclasses module pickles a frozen slotted class through a function that looks up the
    class's fields again for every object, which dominated loading a large site's cached checks.
    Here the fields are looked up once and set through their slots (bench/RESULTS.md).

    A large site's model repeats a few texts and values many times over (units, leaders, statuses,
    deadlines). Unpickled, one copy serves them all: less memory, and fewer pages for a forked
    worker to copy when it reads them (see workers.imap_forked). shared: the fields whose text is
    interned; reused: equal objects are one object."""
    if cls is None:
        return lambda cls: frozen(cls, shared=shared, reused=reused)
    cls = dataclass(frozen=True, slots=True)(cls)
    names = tuple(f.name for f in fields(cls))
    setters = tuple(getattr(cls, name).__set__ for name in names)
    interned = tuple((names.index(name), setters[names.index(name)]) for name in shared)

    def __getstate__(self):
        return tuple([getattr(self, name) for name in names])

    def __setstate__(self, state):
        for set_slot, value in zip(setters, state):
            set_slot(self, value)
        for index, set_slot in interned:
            if type(state[index]) is str:
                set_slot(self, sys.intern(state[index]))

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    if reused:
        cls.__reduce__ = lambda self: (_reused, (cls, __getstate__(self)))
    return cls


_known: dict = {}  # (class, fields) -> the one object, for classes whose equal objects are reused


def _reused(cls, state: tuple):
    found = _known.get((cls, state))
    if found is None:
        found = _known[cls, state] = cls(*state)
    return found
