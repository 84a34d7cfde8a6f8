"""修订记录: when each published problem was first published and when its public record changed.

Read from committed git history only (never the working tree or the clock), so the same commit
and the same build date always give the same pages. History is read only when the site folder
(the one holding the config file) is the root of a git repository, as in a content repository;
anywhere else, and without git, problems simply have no history.

Only commits from the first one that marks the problem done or closed onwards are used: nothing
about its unfinished past (commit subjects included) reaches a page. A commit counts as a revision
when it changed what the public sees: any field but internal_notes, or the record itself.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import posixpath
import subprocess
from datetime import date
from pathlib import Path

from .content import KEY_BY_ALIAS, STATUS_BY_WORD, DONE, CLOSED, Content, Issue
from .frontmatter import ReadError, decode_text, split_front_matter
from .records import frozen

_PRIVATE_KEYS = ("internal_notes",)
_MARK = "\x1e"  # starts each commit in the log; never in a subject line


@frozen
class Commit:
    sha: str
    date: date
    subject: str


@frozen
class Revision:
    """One line of 修订记录: the first publication, or a later change to the public record."""

    date: date
    subject: str
    first: bool = False


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(repo), *args], input=stdin,
                                capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def find_repository(site_dir: Path) -> Path | None:
    """The git repository whose root is the site folder, or None."""
    top = _git(site_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    top_dir = Path(top.decode("utf-8").strip())
    return top_dir if top_dir.resolve() == site_dir.resolve() else None


def read_log(repo: Path, paths: list[str]) -> dict[str, list[tuple[Commit, str]]]:
    """Commits of HEAD touching each path, oldest first, each with the file's blob after it (one git
    call for all of them).

    Git is given the paths' folders, not the paths: it matches every path given against every
    file of every commit, which takes thirty times as long on a large site (bench/RESULTS.md)."""
    wanted = set(paths)
    folders = sorted({posixpath.dirname(path) or "." for path in paths})
    out = _git(repo, "log", "HEAD", "--no-renames", "--raw", "--no-abbrev", f"--format={_MARK}%H%x1f%cs%x1f%s",
               "--", *folders)
    found: dict[str, list[tuple[Commit, str]]] = {}
    for block in (out or b"").decode("utf-8", "replace").split(_MARK)[1:]:
        header, _, changes = block.partition("\n")
        sha, day, subject = header.split("\x1f", 2)
        commit = Commit(sha, date.fromisoformat(day), subject.strip())
        for line in changes.split("\n"):
            # ":<old mode> <new mode> <old blob> <new blob> <status>\t<path>"; a deleted file has no blob after.
            fields, _, name = line.partition("\t")
            fields = fields.split()
            if len(fields) == 5 and fields[4] != "D" and name.strip() in wanted:
                found.setdefault(name.strip(), []).append((commit, fields[3]))
    return {name: commits[::-1] for name, commits in found.items()}


def read_views(repo: Path, blobs: set[str], known: dict[str, tuple | None]) -> None:
    """Add to known the public view (see public_view) of each blob it lacks, via one
    `git cat-file --batch`. A blob never changes, so what is known stays true."""
    wanted = sorted(blob for blob in blobs if blob not in known)
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode()) if wanted else None
    position = 0
    for blob in wanted:
        if out is None:
            break
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            known[blob] = public_view(out[position:position + size])
            position += size + 1


def public_view(data: bytes) -> tuple[bool, bytes] | None:
    """(is finished, digest of what the public sees) of one version of a problem file; None when
    unreadable."""
    try:
        doc = split_front_matter(decode_text(data, ""), "")
    except ReadError:
        return None
    meta = {KEY_BY_ALIAS.get(key, key): value for key, value in doc.meta.items()}
    status = meta.get("status")
    finished = isinstance(status, str) and STATUS_BY_WORD.get(status.strip().lower()) in (DONE, CLOSED)
    public = {key: value for key, value in meta.items() if key not in _PRIVATE_KEYS}
    return finished, hashlib.sha256(f"{sorted(public.items())!r}\0{doc.body.strip()}".encode()).digest()


def revisions_of(issue: Issue, versions: list[tuple[Commit, tuple | None]], today: date) -> tuple[Revision, ...]:
    """首次公开 and each later public change, dated no later than the build date, from each commit's
    public view of the file (see public_view)."""
    first, seen, changes = None, None, []
    for commit, view in versions:
        if view is None:
            continue
        finished, public = view
        if first is None:
            if finished:
                first, seen = commit, public
            continue
        if public != seen:
            changes.append(commit)
            seen = public
    if first is None:
        return ()
    # Published when both committed and due: a later commit before that day was never seen by anyone.
    published = max(first.date, issue.published_on or first.date)
    if published > today:
        return ()
    later = [Revision(c.date, c.subject) for c in changes if published <= c.date <= today]
    return (Revision(published, first.subject, first=True), *later)


def add_history(content: Content, site_dir: Path, today: date, known: dict[str, tuple | None] | None = None) -> Content:
    """The content with each finished problem's history filled in from git (unchanged without git).

    known: the public view of each file version (by git blob) that earlier builds read; it is left
    holding those of this build's versions only."""
    repo = find_repository(site_dir)
    finished = [issue for plan in content.plans for issue in plan.issues if issue.is_finished]
    if repo is None or not finished:
        return content
    history = histories(repo, finished, today, {} if known is None else known, forget=True)
    plans = [dataclasses.replace(plan, issues=tuple(
        dataclasses.replace(issue, history=history[issue.source_path]) if history.get(issue.source_path) else issue
        for issue in plan.issues)) for plan in content.plans]
    return Content(plans=plans, pages=content.pages)


def histories(repo: Path, issues: list[Issue], today: date, known: dict[str, tuple | None],
              forget: bool = False) -> dict[Path, tuple[Revision, ...]]:
    """The history of each finished problem of issues that is in the repository, by its file.

    known: the public views read before (see read_views), added to; forget: drop from it the views
    of blobs that are not versions of these problems."""
    finished = [issue for issue in issues if issue.is_finished]
    names = repository_names(repo, [issue.source_path for issue in finished])
    finished = [issue for issue in finished if issue.source_path in names]
    if not names:
        return {}
    log = read_log(repo, sorted(set(names.values())))
    blobs = {blob for commits in log.values() for _, blob in commits}
    read_views(repo, blobs, known)
    if forget:
        for blob in set(known) - blobs:
            del known[blob]
    return {issue.source_path: revisions_of(issue, [(commit, known.get(blob)) for commit, blob
                                                    in log.get(names[issue.source_path], [])], today)
            for issue in finished}


def repository_names(repo: Path, paths) -> dict:
    """Each path's name in the repository (paths outside it are left out). Each folder is resolved
    (once), not the file, which git tracks as it is, symbolic link or not."""
    root, folders = repo.resolve(), {}
    names = {}
    for path in paths:
        folder = os.path.dirname(path)
        if folder not in folders:
            resolved = Path(folder).resolve()
            folders[folder] = resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else None
        if folders[folder] is not None:
            names[path] = posixpath.normpath(posixpath.join(folders[folder], os.path.basename(path)))
    return names


def touched_since(repo: Path, old: str, new: str) -> set[str] | None:
    """The names of the files the commits after old up to new touched; None when old is not behind
    new (history was rewritten: a file's log may have lost commits)."""
    if _git(repo, "merge-base", "--is-ancestor", old, new) is None:
        return None
    out = _git(repo, "log", "-z", "--no-renames", "--name-only", "--format=", f"{old}..{new}")
    if out is None:
        return None
    return {name.strip("\n") for name in out.decode("utf-8", "surrogateescape").split("\0")} - {""}


def head_commit(site_dir: Path) -> str | None:
    """The commit HEAD names in the site folder's repository (None without one, or before a commit)."""
    repo = find_repository(site_dir)
    out = _git(repo, "rev-parse", "HEAD") if repo is not None else None
    return out.decode("utf-8").strip() if out else None
