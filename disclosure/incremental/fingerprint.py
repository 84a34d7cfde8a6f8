"""Fingerprints: a digest of everything an output file is made from, to know when it must be redone.

A page's fingerprint covers the code and library versions, every template, the values every page
shares (config, build date, navigation) and its own context. Problems (Issue) enter by the digest of
all their fields. A plan enters by its own fields only, not its list of problems: a problem's page
shows its plan's title, not its siblings, so editing one problem must not redo its whole plan.

Likewise a page that never shows a problem's record (a list, the sitemap) enters each problem by
the digest of its file without the record: editing a record redoes that problem's page, the feed
and the data files, not every list the problem is on.

That economy is checked rather than assumed: while a page renders, any template access to a plan's
problems (or to anything on a plan or on the publication rule not known to be safe) marks the page
*deep*, and a deep page's fingerprint covers every problem of every plan; any access to a problem's
record marks it as *showing records*. The marks are kept with the output record, so the next build
fingerprints that page the same way. A page rendered for the first time is taken to show records.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import pickle
import types
from datetime import date

import jinja2

from ..complaints.model import Batch, Item, item_state
from ..model import Issue, Plan
from ..publishing import Publication

# What a template may read on a plan or on the rule without depending on a plan's other problems.
_PLAN_SAFE = frozenset({f.name for f in dataclasses.fields(Plan)} - {"issues"})
_RULE_SAFE = frozenset({"today", "list_unfinished", "preview", "is_published", "is_shown", "is_listed",
                        "is_overdue", "days_overdue",
                        # the lifecycle (lifecycle.py): of the one problem given, and the rule's own fields
                        "notice", "publish_progress", "phase", "phase_label", "window", "days_left"})


_RECORD = ("record", "packed_record")  # what shows a problem's record
_LONG = 256  # lists at least this long are digested once and remembered
_PLAIN = frozenset({str, int, bool, float, bytes, type(None), date})
_CODE = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)


class WatchedEnvironment(jinja2.Environment):
    """A Jinja environment that notes, in log, whether the page being rendered reached a plan's
    problems, or a record, through the template (Jinja routes every attribute and item lookup of a
    template through these two methods).

    The plain case (an attribute that exists, on an object not watched) is answered directly:
    templates look up over a million attributes on a large site."""

    _WATCHED = {Plan: _PLAN_SAFE, Publication: _RULE_SAFE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = AccessLog()

    def getattr(self, obj, attribute):
        safe = self._WATCHED.get(type(obj))
        if safe is not None and attribute not in safe:
            self.log.deep = True
        elif attribute in _RECORD and type(obj) is Issue:
            self.log.records = True
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        safe = self._WATCHED.get(type(obj))
        if safe is not None and isinstance(argument, str) and argument not in safe:
            self.log.deep = True
        elif argument in _RECORD and type(obj) is Issue:
            self.log.records = True
        return super().getitem(obj, argument)


class AccessLog:
    """What the page being rendered reached (see WatchedEnvironment)."""

    def __init__(self):
        self.deep = self.records = False


class Fingerprints:
    """Computes page fingerprints, remembering each problem's and plan's digest for the whole build.

    A context is described by its pickle (exact types and values, at C speed), with problems, plans,
    long lists and code replaced by their digests or names."""

    def __init__(self, base: bytes, plans: list[Plan]):
        self.base, self.plans = base, plans
        self._memo: dict[tuple, tuple[object, bytes]] = {}  # (id, records) -> (object kept alive, digest)

    def of(self, path: str, template: str, context, deep: bool, records: bool = True) -> bytes:
        """records: the page may show problems' records (False: it is made from their other fields)."""
        digest = hashlib.sha256(self.base)
        digest.update(f"{path}\0{template}\0".encode())
        digest.update(self._pickled(context, records))
        if deep:
            digest.update(self._remember(self.plans, records, lambda: b"".join(
                self.issue(issue, records) for plan in self.plans for issue in plan.issues)))
        return digest.digest()

    def issue(self, issue: Issue, records: bool) -> bytes:
        """By the file it was read from (without its record, unless records) and what was added since
        (its history); pickling all its text would make Python keep a UTF-8 copy of each string."""
        source = issue.source if records else issue.head
        if source:
            # (A pickle starts with its protocol's opcode: no history cannot read as some history.)
            return self._remember(issue, records, lambda: source + (
                self._pickled(issue.history, records) if issue.history else b""))
        return self._remember(issue, True, lambda: pickle.dumps(issue, protocol=5))

    def plan(self, plan: Plan) -> bytes:
        return self._remember(plan, True, lambda: pickle.dumps(dataclasses.replace(plan, issues=()), protocol=5))

    def item(self, item: Item) -> bytes:
        """A complaint item, by its fields: digested once per build, however many pages list it."""
        return self._remember(item, True, lambda: pickle.dumps(item_state(item), protocol=5))

    def batch(self, batch: Batch) -> bytes:
        """A complaint batch (its own fields, as pages hold it: without its items), once per build."""
        return self._remember(batch, True, lambda: self._pickled(batch, True, inside=batch))

    def long(self, value, records: bool) -> bytes:
        return self._remember(value, records, lambda: self._pickled(value, records, inside=value))

    def _remember(self, value, records: bool, describe) -> bytes:
        known = self._memo.get((id(value), records))
        if known is None:
            known = self._memo[id(value), records] = (value, hashlib.sha256(describe()).digest())
        return known[1]

    def _pickled(self, value, records: bool, inside=None) -> bytes:
        buffer = io.BytesIO()
        try:
            _Describer(buffer, self, records, inside).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError):
            return os.urandom(32)  # a value that cannot be described: always redone, never wrong
        return buffer.getvalue()


class _Describer(pickle.Pickler):
    """A pickler that writes problems, plans, long lists and code as references to their digests."""

    def __init__(self, file, fingerprints: Fingerprints, records: bool, inside=None):
        super().__init__(file, protocol=5)
        self.fingerprints, self.records, self.inside = fingerprints, records, inside

    def persistent_id(self, value):
        if type(value) in _PLAIN:  # most of what is pickled: answered first
            return None
        if isinstance(value, Issue):
            return (b"I" if self.records else b"H") + self.fingerprints.issue(value, self.records)
        if isinstance(value, Plan):
            return b"P" + self.fingerprints.plan(value)
        if type(value) is Item:
            return b"C" + self.fingerprints.item(value)
        if type(value) is Batch and value is not self.inside:
            return b"B" + self.fingerprints.batch(value)
        if isinstance(value, (list, tuple)) and len(value) >= _LONG and value is not self.inside:
            # Long lists (all problems, all rows) reach several outputs: digested once per build.
            return b"L" + self.fingerprints.long(value, self.records)
        if isinstance(value, _CODE):
            # Code: covered by the code digest in `base`.
            return f"code:{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value.__name__)}"
        return None
