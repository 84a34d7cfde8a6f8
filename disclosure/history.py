"""修订记录: when each published problem was first published and when its public record changed.

Read from committed git history only (never the working tree or the clock), so the same commit
and the same build date always give the same pages. History is read only when the site folder
(the one holding the config file) is the root of a git repository, as in a content repository;
anywhere else, and without git, problems simply have no history.

Only versions that were public are shown: a committed version is public from the later of its commit
and its own publication date, when it marks the problem done or closed, until the next commit (a
version replaced before its publication date, or a retraction, was never seen). 首次公开 is the day
the first public version became public; a later public version whose public view differs is a
revision. Commit subjects are internal words and never published: the one public note is a line
`公开说明：…` in the commit message of the version it describes.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import posixpath
import subprocess
from datetime import date
from pathlib import Path

from .model import KEY_BY_ALIAS, STATUS_BY_WORD, DONE, CLOSED, Content, Issue
from .comments import strip_comments
from .dates import read_day
from .frontmatter import ReadError, decode_text, split_front_matter
from .frozen import frozen

_PRIVATE_KEYS = ("internal_notes",)
_MARK = "\x1e"  # starts each commit in the log
_END = "\x1d"  # ends its message
NOTE_PREFIXES = ("公开说明：", "公开说明:")
_NOTE_LIMIT = 500  # characters of a public note


@frozen
class Commit:
    sha: str
    date: date
    note: str  # the message's 公开说明 line, or ""; never its subject


@frozen
class Revision:
    """One line of 修订记录: the first publication, or a later change to the public record."""

    date: date
    note: str  # the public note (公开说明) of the commit, or ""
    first: bool = False


def public_note(message: str) -> str:
    """The text of a commit message's first line `公开说明：…` (the rest of the message is internal)."""
    for line in message.splitlines():
        line = line.strip()
        for prefix in NOTE_PREFIXES:
            if line.startswith(prefix):
                return "".join(c for c in line[len(prefix):].strip() if c.isprintable())[:_NOTE_LIMIT]
    return ""


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
    out = _git(repo, "log", "HEAD", "--no-renames", "--raw", "--no-abbrev",
               f"--format={_MARK}%H%x1f%cs%x1f%B{_END}", "--", *folders)
    found: dict[str, list[tuple[Commit, str]]] = {}
    for block in (out or b"").decode("utf-8", "replace").split(_MARK)[1:]:
        header, _, changes = block.rpartition(_END)  # (a message could hold the mark: the raw lines cannot)
        sha, day, message = header.split("\x1f", 2)
        commit = Commit(sha, date.fromisoformat(day), public_note(message))
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


def public_view(data: bytes) -> tuple[date | None, bytes] | None:
    """(the day this version makes itself public, or None when it does not; digest of what the
    public sees) of one version of a problem file; None when unreadable.

    A version makes itself public when it marks the problem done or closed, on its publication date
    (published_on, else completed_on); one without a valid date would not have built."""
    try:
        doc = split_front_matter(decode_text(data, ""), "")
    except ReadError:
        return None
    meta = {KEY_BY_ALIAS.get(key, key): value for key, value in doc.meta.items()}
    status = meta.get("status")
    finished = isinstance(status, str) and STATUS_BY_WORD.get(status.strip().lower()) in (DONE, CLOSED)
    public = {key: value for key, value in meta.items() if key not in _PRIVATE_KEYS}
    due = _day(meta.get("published_on")) or _day(meta.get("completed_on")) if finished else None
    return due, hashlib.sha256(f"{sorted(public.items())!r}\0{strip_comments(doc.body).strip()}".encode()).digest()


def _day(value) -> date | None:
    return read_day(value)  # (every form a date field accepts: dates.py)


def revisions_of(versions: list[tuple[Commit, tuple | None]], today: date) -> tuple[Revision, ...]:
    """首次公开 and each later public change, from the versions that were public (see the module's
    docstring), dated the day each became public, up to the build date."""
    revisions, seen = [], None
    for index, (commit, view) in enumerate(versions):
        if view is None or view[0] is None:
            continue
        due, public = view
        start = max(commit.date, due)
        end = versions[index + 1][0].date if index + 1 < len(versions) else None
        if start > today or (end is not None and start >= end):
            continue  # replaced (or retracted) before it became public: never seen
        if seen is None or public != seen:
            revisions.append(Revision(start, commit.note, first=seen is None))
            seen = public
    return tuple(revisions)


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
    return {issue.source_path: revisions_of([(commit, known.get(blob)) for commit, blob
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
