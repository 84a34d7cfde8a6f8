"""The quick rebuild: after edits to problems' records alone, redo only what shows those records.

A full build (incremental/__init__.py) notes which of its files show problems' records. With the built-in
templates they are each shown problem's own page, the feed (its newest problems) and the data
files; when no other file shows a record or reads a plan's problems, it keeps a QuickState for the
next build. That build takes the quick path (incremental/__init__.py, quick_build) when:

- everything but the problem files is as it was: code, templates, config, plans, pages, build date
  and options (the digest every fingerprint starts from, made from the plans without their problems);
- the problem files are the same files, and each one that changed reads without a problem and
  has the same front matter (Issue.head): only its record changed;
- in a content repository, the commits since only add to history (none was amended or dropped):
  the 修订记录 of the files they touched is read again, and their pages made again;
- every file of the last output is still the very file recorded.

It then renders the changed problems' pages, the feed when it shows one of them, and the data files
(the other rows copied from their previous copies), and keeps every other file. The problems are
not loaded: each is read from the cache only when a file being made needs it. Anything else takes
the full build; the output is the same either way (tests/test_quick.py).
"""
from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..content import ContentFiles, IssueFile, read_issue_file

from ..model import Content
from ..history import find_repository, histories, repository_names, touched_since
from ..publishing import Publication
from ..frozen import frozen
from .cache import BuildCache
from .documents import seen_files, settled, stat_signature
from .store import pack_check, unpickle


class Fallback(Exception):
    """The quick path does not apply: the full build runs instead."""


@frozen
class QuickState:
    """What the next build needs to take the quick path (kept with the output records)."""

    place: tuple[str, str, str]  # the working folder, the content folder as given, the language
    output: str  # the output folder (absolute) the build made
    base: bytes  # engine.base_digest: code, templates, config, build date, plans and pages
    git_head: str | None  # the commit 修订记录 was read from (None: no history)
    heads: dict  # every problem file (path text) -> Issue.head
    listed: tuple[str, ...]  # the problem file of each data row, in order
    feed: tuple[str, ...]  # the problem files the feed shows, in order
    updated: date  # the feed's date
    history: dict  # problem file -> its 修订记录, when it has one
    attachments: tuple  # (site path, source file) of every attachment copied
    counts: tuple[int, int, int]  # the BuildResult
    complaints: bytes = b""  # complaints.site.complaints_digest: the complaint files as that build read them


def learn(content: Content, showing: set[str], records: dict, **state) -> QuickState | None:
    """The state for the next build, or None when a file outside showing (the paths of the shown
    problems' pages, the feed and the data files) shows records, or any file reads a plan's problems
    (see fingerprint.py): the quick path could not know what to redo."""
    if any(record.deep or record.records and path not in showing for path, record in records.items()):
        return None
    issues = [issue for plan in content.plans for issue in plan.issues]
    if not all(issue.source and issue.head for issue in issues):
        return None
    history = {str(issue.source_path): issue.history for issue in issues if issue.history}
    return QuickState(heads={str(issue.source_path): issue.head for issue in issues}, history=history, **state)


class Changes:
    """The problem files changed since the quick state's build, checked; and every problem, read
    from the cache when asked for (as the full build's model would hold it)."""

    def __init__(self, state: QuickState, content_dir: Path, listed: ContentFiles, cache: BuildCache,
                 publication: Publication, also: set[str] = frozenset()):
        """listed: the content folder's files (content.scan_content). also: files read and checked as
        changed files are (see commits_since)."""
        self.state, self.cache, self.publication = state, cache, publication
        scanned = time.time_ns()
        seen = seen_files(cache, state.place)
        slugs = {path: slug for slug, path in listed.problem_files()}
        if state.heads.keys() != slugs.keys():
            raise Fallback
        self.keys, self.found, files = {}, {}, {}
        for path, slug in slugs.items():
            try:
                status = os.stat(path)
            except OSError:
                raise Fallback from None
            signature = stat_signature(status)
            known = seen.get(path)
            if known is not None and known[0] == signature and path not in also:
                self.keys[path] = known[1]
                files[path] = known
                continue
            found = self._check(path, slug, content_dir)
            self.keys[path] = found.key
            if not found.has_attachments:  # (as check_documents keeps them)
                cache.keep("checks", {found.key: pack_check(found)})
                if settled(signature, scanned):
                    files[path] = (signature, found.key)
        self.files = {"place": state.place, "files": files} if files != seen else None  # (None: as it was)
        self._loaded = {}

    def _check(self, path: str, slug: str, content_dir: Path) -> IssueFile:
        try:
            data = Path(path).read_bytes()
        except OSError:
            raise Fallback from None
        found = read_issue_file(Path(path), slug, content_dir, data)
        if found.issue is None or found.issue.head != self.state.heads[path] or found.issue.personal_data:
            raise Fallback  # a problem to report, a field other than the record changed, or personal data
        self.found[path] = found
        return found

    def take_history(self, repo: Path, head: str, today: date, paths: set[str]) -> None:
        """Read anew from the repository, at commit head, the 修订记录 of the files at paths (read as
        changed files): the commits since the state's build touched them."""
        views = self.cache.read("history.pickle")
        views = views if isinstance(views, dict) else {}
        before = set(views)
        found = histories(repo, [self.found[path].issue for path in paths], today, views)
        history = {path: revisions for path, revisions in self.state.history.items() if path not in paths}
        history.update({str(path): revisions for path, revisions in found.items() if revisions})
        self.state = dataclasses.replace(self.state, git_head=head, history=history)
        self.cache.history = views if views.keys() != before else None

    def issue(self, path: str):
        """The problem of a file, public as the full build's model holds it."""
        issue = self._loaded.get(path)
        if issue is None:
            found = self.found.get(path) or stored_check(self.cache, self.keys[path])
            issue = as_built(found, self.state.history.get(path), self.publication)
            if issue is None:
                raise Fallback  # not in the cache after all
            self._loaded[path] = issue
        return issue

    def listed(self) -> tuple["Loaded", tuple[bytes, ...]]:
        """The data rows' problems, and their sources (see data.IssueRows)."""
        return Loaded(self.state.listed, self.issue), tuple(self.keys[path] for path in self.state.listed)


def stored_check(cache: BuildCache, key: bytes):
    """The check the store keeps under key (a content.IssueFile), or None."""
    return unpickle(cache.store.get("checks", key)) if key else None


def as_built(found, history: tuple | None, publication: Publication):
    """The problem of a check (found) as a full build's model holds it: with its 修订记录, public on
    the build date. None when found is not a problem's check."""
    if not isinstance(found, IssueFile) or found.issue is None:
        return None
    issue = dataclasses.replace(found.issue, history=history) if history else found.issue
    return publication.public(issue)


def commits_since(site_dir: Path, state: QuickState, head: str | None) -> tuple[Path, set[str]] | None:
    """The repository, and the problem files whose 修订记录 may differ at commit head from the state's:
    those the commits since touched. None when that cannot be told (no repository, or no commit,
    then or now; or history rewritten)."""
    repo = find_repository(site_dir)
    touched = touched_since(repo, state.git_head, head) if repo and state.git_head and head else None
    if touched is None:
        return None
    return repo, {path for path, name in repository_names(repo, state.heads).items() if name in touched}


class Loaded(Sequence):
    """Problems, each read when asked for: issue(key) for each key (IssueRows' issues when a build
    reads them from the store, here and in incremental/__init__.py).

    described: what the problems are made from, for a fingerprint (see fingerprint.py); without
    it, the file made from them is never taken as unchanged."""

    def __init__(self, keys: Sequence, issue, described=None):
        self.keys, self._issue, self.described = keys, issue, described

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        return self._issue(self.keys[index])

    def __reduce__(self):
        if self.described is None:
            raise TypeError("problems read as asked for, not described")
        return Loaded, (self.described,)  # (a description only: never unpickled)
