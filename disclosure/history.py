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


def read_log(repo: Path, paths: list[str]) -> dict[str, list[Commit]]:
    """Commits of HEAD touching each path, oldest first (one git call for all of them)."""
    out = _git(repo, "log", "HEAD", "--no-renames", "--name-only", f"--format={_MARK}%H%x1f%cs%x1f%s", "--", *paths)
    found: dict[str, list[Commit]] = {}
    for block in (out or b"").decode("utf-8", "replace").split(_MARK)[1:]:
        header, _, names = block.partition("\n")
        sha, day, subject = header.split("\x1f", 2)
        commit = Commit(sha, date.fromisoformat(day), subject.strip())
        for name in names.split("\n"):
            if name.strip():
                found.setdefault(name.strip(), []).append(commit)
    return {name: commits[::-1] for name, commits in found.items()}


def read_blobs(repo: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """The content of path at commit for each (sha, path), via one `git cat-file --batch`."""
    if not wanted:
        return {}
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{sha}:{path}\n" for sha, path in wanted).encode())
    blobs, position = {}, 0
    for key in wanted:
        if out is None:
            break
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs[key] = out[position:position + size]
            position += size + 1
    return blobs


def public_view(data: bytes) -> tuple[bool, tuple] | None:
    """(is finished, what the public sees) of one version of a problem file; None when unreadable."""
    try:
        doc = split_front_matter(decode_text(data, ""), "")
    except ReadError:
        return None
    meta = {KEY_BY_ALIAS.get(key, key): value for key, value in doc.meta.items()}
    status = meta.get("status")
    finished = isinstance(status, str) and STATUS_BY_WORD.get(status.strip().lower()) in (DONE, CLOSED)
    public = {key: value for key, value in meta.items() if key not in _PRIVATE_KEYS}
    return finished, (repr(sorted(public.items())), doc.body.strip())


def revisions_of(issue: Issue, versions: list[tuple[Commit, bytes]], today: date) -> tuple[Revision, ...]:
    """首次公开 and each later public change, dated no later than the build date."""
    first, seen, changes = None, None, []
    for commit, data in versions:
        view = public_view(data)
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


def add_history(content: Content, site_dir: Path, today: date) -> Content:
    """The content with each finished problem's history filled in from git (unchanged without git)."""
    repo = find_repository(site_dir)
    finished = [issue for plan in content.plans for issue in plan.issues if issue.is_finished]
    if repo is None or not finished:
        return content
    root = repo.resolve()
    names = {issue.source_path: issue.source_path.resolve().relative_to(root).as_posix() for issue in finished}
    log = read_log(repo, sorted(set(names.values())))
    blobs = read_blobs(repo, [(c.sha, name) for name in sorted(log) for c in log[name]])
    history = {}
    for issue in finished:
        commits = log.get(names[issue.source_path], [])
        versions = [(c, blobs[(c.sha, names[issue.source_path])]) for c in commits
                    if (c.sha, names[issue.source_path]) in blobs]
        history[issue.source_path] = revisions_of(issue, versions, today)
    plans = [dataclasses.replace(plan, issues=tuple(
        dataclasses.replace(issue, history=history.get(issue.source_path, ())) for issue in plan.issues))
        for plan in content.plans]
    return Content(plans=plans, pages=content.pages)
