"""Fingerprints: a digest of everything an output file is made from, to know when it must be redone.

A page's fingerprint covers the code and library versions, every template, the values every page
shares (config, build date, navigation) and its own context. Problems (Issue) enter by the digest of
all their fields. A plan enters by its own fields only, not its list of problems: a problem's page
shows its plan's title, not its siblings, so editing one problem must not redo its whole plan.

That economy is checked rather than assumed: while a page renders, any template access to a plan's
problems (or to anything on a plan or on the publication rule not known to be safe) marks the page
*deep*, and a deep page's fingerprint covers every problem of every plan. The mark is kept with the
output record, so the next build fingerprints that page the same way.
"""
from __future__ import annotations

import dataclasses
import hashlib
import types
from datetime import date

from .content import Issue, Plan
from .publishing import Publication

# What a template may read on a plan or on the rule without depending on a plan's other problems.
_PLAN_SAFE = frozenset({f.name for f in dataclasses.fields(Plan)} - {"issues"} | {"category"})
_RULE_SAFE = frozenset({"today", "list_unfinished", "preview", "is_published", "is_shown", "is_listed",
                        "is_overdue", "days_overdue"})


_LONG = 256  # lists at least this long are digested once and remembered
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _plain(row: dict) -> bool:
    """Whether a dict holds only text, numbers, booleans, None and lists of those (exact types)."""
    for key, item in row.items():
        if type(key) is not str:
            return False
        if type(item) in _PLAIN:
            continue
        if type(item) is not list or any(type(element) not in _PLAIN for element in item):
            return False
    return True


class AccessLog:
    """Notes whether the page being rendered reached a plan's problems through the template."""

    def __init__(self):
        self.deep = False

    def watch(self, env) -> None:
        """Route the environment's attribute and item lookups through this log."""
        getattr_, getitem = env.getattr, env.getitem

        def logged_getattr(obj, attribute):
            self.note(obj, attribute)
            return getattr_(obj, attribute)

        def logged_getitem(obj, argument):
            if isinstance(argument, str):
                self.note(obj, argument)
            return getitem(obj, argument)

        env.getattr, env.getitem = logged_getattr, logged_getitem

    def note(self, obj, attribute: str) -> None:
        if isinstance(obj, Plan) and attribute not in _PLAN_SAFE:
            self.deep = True
        elif isinstance(obj, Publication) and attribute not in _RULE_SAFE:
            self.deep = True


class Fingerprints:
    """Computes page fingerprints, remembering each problem's and plan's digest for the whole build."""

    def __init__(self, base: bytes, plans: list[Plan]):
        self.base = base
        self._memo: dict[int, tuple[object, bytes]] = {}  # id -> (object kept alive, digest)
        everything = hashlib.sha256(b"all problems")
        for plan in plans:
            for issue in plan.issues:
                everything.update(self._issue(issue))
        self._all_problems = everything.digest()

    def of(self, path: str, template: str, context, deep: bool) -> bytes:
        digest = hashlib.sha256(self.base)
        digest.update(f"{path}\0{template}\0".encode())
        self._feed(digest, context)
        if deep:
            digest.update(self._all_problems)
        return digest.digest()

    def _issue(self, issue: Issue) -> bytes:
        known = self._memo.get(id(issue))
        if known is None:
            known = (issue, hashlib.sha256(repr(issue).encode()).digest())
            self._memo[id(issue)] = known
        return known[1]

    def _plan(self, plan: Plan) -> bytes:
        known = self._memo.get(id(plan))
        if known is None:
            known = (plan, hashlib.sha256(repr(dataclasses.replace(plan, issues=())).encode()).digest())
            self._memo[id(plan)] = known
        return known[1]

    def _long(self, value) -> bytes:
        known = self._memo.get(id(value))
        if known is None:
            inner = hashlib.sha256()
            self._feed_items(inner, value)
            known = self._memo[id(value)] = (value, inner.digest())
        return known[1]

    def _feed_items(self, digest, value) -> None:
        digest.update(b"[")
        for item in value:
            if isinstance(item, Issue):  # the common case, inlined: lists of thousands of problems
                digest.update(b"I" + self._issue(item))
            else:
                self._feed(digest, item)
        digest.update(b"]")

    def _feed(self, digest, value) -> None:
        if isinstance(value, Issue):
            digest.update(b"I" + self._issue(value))
        elif isinstance(value, Plan):
            digest.update(b"P" + self._plan(value))
        elif isinstance(value, (str, int, float, bool, date, type(None))):
            digest.update(f"{type(value).__name__}:{value!r}\0".encode())
        elif type(value) is dict and _plain(value):
            # Plain data (the rows of the data files): its repr shows every type and value exactly.
            digest.update(b"D" + repr(value).encode())
        elif isinstance(value, dict):
            digest.update(b"{")
            for key, item in value.items():
                self._feed(digest, key)
                self._feed(digest, item)
            digest.update(b"}")
        elif isinstance(value, (list, tuple)) and len(value) >= _LONG:
            # Long lists (all problems, all rows) reach several outputs: digested once per build.
            digest.update(b"L" + self._long(value))
        elif isinstance(value, (list, tuple)):
            self._feed_items(digest, value)
        elif isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)):
            # Code: covered by the code digest in `base`.
            name = getattr(value, "__qualname__", value.__name__)
            digest.update(f"code:{getattr(value, '__module__', '')}.{name}\0".encode())
        else:
            # Dataclasses (config, tallies, categories...) show every field in their repr. An object
            # without one shows its address, which differs every build: always redone, never wrong.
            digest.update(f"{type(value).__qualname__}:{value!r}\0".encode())
