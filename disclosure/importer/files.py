"""PlanDoc -> content files: new files for new problems, plan fields updated in existing ones.

Editors own everything but the plan fields: status, dates, progress, attachments, notes, any
other key, and the body (the resolution record) keep their exact bytes on re-import.
"""
from __future__ import annotations

import codecs
import fcntl
import os
import re
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..content import problem_files_in
from ..model import KEY_BY_ALIAS
from ..errors import ContentError, Diagnostic, display_path
from ..frontmatter import ReadError, parse_yaml, split_front_matter
from .merge import dump_fields, merge_fields, split_lines
from .model import PLAN_FIELDS, PlanDoc
from ..i18n import N_, _

PLAN_FILE = "plan.yaml"
PLAN_KEYS = ("title", "office", "issued_on", "document_number", "categories")
NEW_STATUS = "not started"
# (Each kind of change is also the word the import report prints for it, in the catalogue.)
NEW = N_("new")
UPDATED = N_("updated")
UNCHANGED = N_("unchanged")
NOT_IN_DOCUMENT = N_("not in the document")


@dataclass
class FileChange:
    """What an import does to one content file."""

    path: Path
    kind: str  # NEW, UPDATED, UNCHANGED or NOT_IN_DOCUMENT
    number: int | None = None  # the problem's number; None for plan.yaml
    fields: list = field(default_factory=list)  # the keys that change
    text: str | None = None  # the file's new content, when it changes


@dataclass
class _Existing:
    """A problem file already in the plan folder."""

    path: Path
    text: str
    meta: dict  # keys by their English name, even where the editor wrote a Chinese one ('整改目标')
    key_lines: dict
    has_bom: bool
    names: dict  # English name -> the key as written in the file


def plan_changes(doc: PlanDoc, plan_dir: Path) -> list[FileChange]:
    """Every file change the import makes, plan.yaml first; ContentError if an existing file is broken."""
    existing = load_existing(plan_dir)
    changes = [plan_file_change(doc, plan_dir / PLAN_FILE)]
    problems, numbers = [], set()
    for problem in doc.problems:
        numbers.add(problem.number)
        values = problem.front_matter()
        if problem.number in existing:
            changes.append(update_problem_file(existing[problem.number], problem.number, values))
            continue
        path = plan_dir / f"{problem.number:02d}.md"
        if path.exists():
            holder = next((number for number, file in existing.items() if file.path == path), None)
            problems.append(Diagnostic(display_path(path), None, _("problem {number} would be written here, but the "
                                                                   "file holds problem {holder}",
                                                                   number=problem.number, holder=holder),
                                       hint=_("give each problem file the name of its number, such as 07.md")))
            continue
        changes.append(FileChange(path, NEW, problem.number, list(values), render_new_problem(values)))
    for number in sorted(set(existing) - numbers):
        changes.append(FileChange(existing[number].path, NOT_IN_DOCUMENT, number))
    if problems:
        raise ContentError(problems)
    return changes


def render_new_problem(values: dict) -> str:
    """A new problem file: the plan fields, 'status: not started', then any extra fields; no body."""
    fields = {key: value for key, value in values.items() if key != "extra"}
    fields["status"] = NEW_STATUS
    if "extra" in values:
        fields["extra"] = values["extra"]
    return "---\n" + "".join(dump_fields(fields)) + "---\n"


def load_existing(plan_dir: Path) -> dict:
    """Problem number -> the existing file that holds it (matched by 'number', not file name or folder)."""
    found, problems = {}, []
    for path in map(Path, problem_files_in(plan_dir)):
        shown = display_path(path)
        try:
            existing = read_existing(path, shown)
        except ReadError as error:
            problems.append(error.problem)
            continue
        number = existing.meta.get("number")
        if not isinstance(number, str) or not number.strip().isdigit():
            problems.append(Diagnostic(shown, existing.key_lines.get("number", 2),
                                       _("'{number}' is not a problem number", number=number), field="number",
                                       hint=_("write a whole number, such as 'number: 7'")))
        elif int(number) in found:
            problems.append(Diagnostic(shown, existing.key_lines["number"],
                                       _("problem {number} is also in {path}", number=int(number),
                                         path=display_path(found[int(number)].path)), field="number",
                                       hint=_("each problem must be in one file only")))
        else:
            found[int(number)] = existing
    if problems:
        raise ContentError(problems)
    return found


def read_existing(path: Path, shown: str) -> _Existing:
    """A problem file as text (UTF-8 only, so its body can be kept byte for byte) with its fields."""
    data = path.read_bytes()
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data[len(codecs.BOM_UTF8) if has_bom else 0:].decode("utf-8")
    except UnicodeDecodeError:
        raise ReadError(Diagnostic(shown, None, _("the file is not UTF-8 text"),
                                   hint=_("save it as UTF-8, then import again"))) from None
    document = split_front_matter(text, shown)
    names = {KEY_BY_ALIAS.get(key, key): key for key in document.meta}
    meta = {name: document.meta[key] for name, key in names.items()}
    key_lines = {name: document.lines[(key,)] for name, key in names.items()}
    return _Existing(path, text, meta, key_lines, has_bom, names)


def update_problem_file(existing: _Existing, number: int, values: dict) -> FileChange:
    """Set the plan fields of an existing problem file; every other line stays as it was."""
    lines = split_lines(existing.text)
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    # Front matter lines are numbered from the file's first line, which is the opening '---'.
    header, changed = merge_fields(lines[1:end], existing.meta, {k: v - 1 for k, v in existing.key_lines.items()},
                                   values, PLAN_FIELDS, existing.names)
    if not changed:
        return FileChange(existing.path, UNCHANGED, number)
    text = "".join(lines[:1] + header + lines[end:])
    return FileChange(existing.path, UPDATED, number, changed, ("\ufeff" if existing.has_bom else "") + text)


def plan_file_change(doc: PlanDoc, path: Path) -> FileChange:
    """Create plan.yaml, or update the keys the document gives and keep every other key."""
    values = doc.plan_fields()
    if not path.exists():
        return FileChange(path, NEW, None, list(values), "".join(dump_fields(values)))
    shown = display_path(path)
    existing = read_existing_plan(path, shown)
    meta, where = parse_yaml(existing, shown)
    if not isinstance(meta, dict):
        raise ContentError([Diagnostic(shown, 1, _("plan.yaml must be 'field: value' lines"))])
    key_lines = {key[0]: line for key, line in where.items() if len(key) == 1}
    lines, changed = merge_fields(split_lines(existing), meta, key_lines, values, PLAN_KEYS)
    if not changed:
        return FileChange(path, UNCHANGED)
    return FileChange(path, UPDATED, None, changed, "".join(lines))


def read_existing_plan(path: Path, shown: str) -> str:
    """plan.yaml as UTF-8 text; ContentError otherwise."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError([Diagnostic(shown, None, _("the file is not UTF-8 text"),
                                       hint=_("save it as UTF-8, then import again"))]) from None


def write_changes(changes: list[FileChange]) -> None:
    """Write every new or changed file atomically; problem files first, plan.yaml last.

    Each folder written is locked meanwhile, and the temporary files a killed import left in it
    are removed first (one killed with SIGKILL could not remove its own)."""
    with ExitStack() as stack:
        for folder in sorted({change.path.parent for change in changes}):  # (unchanged files' folders too)
            if any(change.text is not None and change.path.parent == folder for change in changes):
                folder.mkdir(parents=True, exist_ok=True)
            if folder.is_dir():
                stack.enter_context(_locked(folder))
                remove_leftovers(folder)
        for change in sorted(changes, key=lambda change: change.number is None):
            if change.text is not None:
                write_atomically(change.path, change.text)


# A temporary file of write_atomically: '.07.md.' + mkstemp's 8 random characters + '.tmp'.
_LEFTOVER = re.compile(r"\.(?:[^/]+\.md|plan\.yaml)\.[a-z0-9_]{8}\.tmp")


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files of an import that was killed while writing into folder."""
    for entry in os.scandir(folder):
        if _LEFTOVER.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)


@contextmanager
def _locked(folder: Path):
    """Hold an exclusive lock on a folder (flock on the folder itself: no lock file in content/)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename it over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        mode = path.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
