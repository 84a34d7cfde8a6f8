"""frozen: the model's value classes, small in memory and quick to pickle."""
from __future__ import annotations

from dataclasses import dataclass, fields


def frozen(cls):
    """@dataclass(frozen=True, slots=True), pickled as the tuple of its fields.

    The dataclasses module pickles a frozen slotted class through a function that looks up the
    class's fields again for every object: loading a 10,000-problem site's cached checks spent most
    of its 0.4 s there. Here the fields are looked up once and set through their slots."""
    cls = dataclass(frozen=True, slots=True)(cls)
    names = tuple(f.name for f in fields(cls))
    setters = tuple(getattr(cls, name).__set__ for name in names)

    def __getstate__(self):
        return tuple([getattr(self, name) for name in names])

    def __setstate__(self, state):
        for set_slot, value in zip(setters, state):
            set_slot(self, value)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    return cls
