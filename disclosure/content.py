"""Content files -> Plan, Issue and Page models, with every problem collected, not just the first.

Front matter is read as text (see frontmatter.py) and each field converted here, so an editor gets
'completed_on: '2018-13-31' is not a date' rather than a silent surprise.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import lz4.block

from .deadlines import Deadline, parse_deadline
from .attachments import AttachmentRefused, check_attachment
from .comments import strip_comments
from .errors import ContentError, Problem, did_you_mean, display_path
from .frontmatter import (Document, ReadError, decode_text, parse_document, parse_yaml, read_text,
                          split_front_matter)
from .lifecycle_fields import EMPTY, LIFECYCLE_KEYS, Lifecycle, objection_contacts, read_lifecycle
from .photos import file_reader, read_photos
from .names import SLUG_HINT, file_name_problem, is_slug, resolves_inside
from .records import frozen
from .privacy import issue_findings, page_findings, plan_findings
from .textclean import clean_meta, clean_text

NOT_STARTED, IN_PROGRESS, DONE, CLOSED = "not started", "in progress", "done", "closed"
STATUS_LABELS = {NOT_STARTED: "未开始", IN_PROGRESS: "整改中", DONE: "办理到位", CLOSED: "已销号"}
_STATUS_ALIASES = {
    NOT_STARTED: ("not started", "未开始", "未启动"),
    IN_PROGRESS: ("in progress", "整改中", "推进中", "正在整改"),
    DONE: ("done", "办理到位", "已完成", "完成"),
    CLOSED: ("closed", "销号", "已销号"),
}
STATUS_BY_WORD = {word: status for status, words in _STATUS_ALIASES.items() for word in words}

# Front-matter keys of a problem file, with the Chinese labels accepted for each.
ISSUE_KEYS = {
    "number": ("编号", "序号"),
    "category": ("类别", "问题类别"),
    "problem": ("问题", "存在问题", "问题描述"),
    "title": ("标题",),
    "goal": ("整改目标", "目标"),
    "measures": ("整改措施", "措施"),
    "deadline": ("整改时限", "完成时限", "时限"),
    "deadline_date": ("时限日期",),
    "deadline_changes": ("时限调整",),
    "responsible": ("主体责任单位", "责任单位"),
    "supervising": ("监管责任单位", "监管单位"),
    "leader": ("督办市领导", "督办领导"),
    "status": ("状态", "整改状态"),
    "completed_on": ("完成日期", "办结日期"),
    "published_on": ("公开日期", "发布日期"),
    "updated_on": ("更新日期",),
    "progress": ("进展", "工作进展"),
    "attachments": ("附件",),
    "internal_notes": ("内部备注",),
    "extra": ("其他",),
    **LIFECYCLE_KEYS,  # 公示期, 异议受理, 验收, 销号, …: lifecycle_fields.py
    "public_data": ("公开信息",),
}
KEY_BY_ALIAS = {alias: key for key, aliases in ISSUE_KEYS.items() for alias in aliases}


@frozen
class Category:
    number: int
    title: str
    summary: str = ""


@frozen
class Note:
    """A dated progress note (never public before the problem is published)."""

    date: date
    text: str


@frozen
class DeadlineChange:
    """An official change of a deadline: when it was decided, the new deadline, and why."""

    date: date
    deadline: Deadline
    reason: str


@frozen
class Attachment:
    title: str
    source_path: Path
    name: str  # file name in the output


@frozen(shared=("plan", "status", "responsible", "supervising", "leader"))
class Issue:
    """One problem of a plan: the plan's public fields, its status and its resolution record."""

    plan: str
    number: int
    category: int
    problem: str
    title: str
    status: str
    source_path: Path
    goal: str = ""
    measures: tuple[str, ...] = ()
    deadline: Deadline = Deadline("", "text")  # as the plan wrote it; never overwritten
    deadline_changes: tuple[DeadlineChange, ...] = ()
    responsible: str = ""
    supervising: str = ""
    leader: str = ""
    completed_on: date | None = None
    published_on: date | None = None
    updated_on: date | None = None
    progress: tuple[Note, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    lifecycle: Lifecycle = EMPTY  # 公示期, 验收, 销号: lifecycle_fields.py; the phase: lifecycle.py
    photos: tuple = ()  # photos.Photo items (整改前 / 整改后)
    packed_record: bytes = field(default=b"", repr=False)  # the Markdown body, compressed: see record
    history: tuple = ()  # 修订记录 (history.Revision items), filled from git by history.add_history
    # file_key of the file every other field was read from; fingerprint.py digests a problem by it.
    source: bytes = field(default=b"", repr=False)
    # A digest of that file without its record: what every field but the record depends on.
    head: bytes = field(default=b"", repr=False)
    # privacy.FieldFinding of each piece of personal data in a public field (masked, never the value):
    # the build refuses to publish them (guard.py). public_data: values the file declares public.
    personal_data: tuple = ()
    public_data: tuple[str, ...] = ()

    @property
    def record(self) -> str:
        """The Markdown body: the resolution record. Kept compressed (LZ4, about half the memory of the
        text) and unpacked where a page or data file reads it: a large site holds every record for
        the whole build, and each forked worker that touches one copies the memory it is in."""
        return lz4.block.decompress(self.packed_record).decode("utf-8") if self.packed_record else ""

    @property
    def is_finished(self) -> bool:
        return self.status in (DONE, CLOSED)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def current_deadline(self) -> Deadline:
        """The deadline in force: the last change's, or the plan's own when never changed."""
        return self.deadline_changes[-1].deadline if self.deadline_changes else self.deadline


@frozen
class Plan:
    slug: str
    title: str
    source_path: Path
    office: str = ""
    issued_on: date | None = None
    document_number: str = ""
    source_url: str = ""
    summary: str = ""
    categories: tuple[Category, ...] = ()
    issues: tuple[Issue, ...] = ()
    personal_data: tuple = ()  # privacy.FieldFinding in plan.yaml (see Issue)


@frozen
class Page:
    slug: str
    title: str
    body: str
    order: int = 0
    source_path: Path | None = None
    personal_data: tuple = ()  # privacy.FieldFinding in the page (see Issue)


@dataclass
class Content:
    plans: list[Plan] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)


class _Reader:
    """Converts one file's raw values to typed ones, noting each problem with its line."""

    def __init__(self, shown: str, doc: Document, problems: list[Problem], doc_dir: Path | None = None):
        self.shown, self.doc, self.problems, self.doc_dir = shown, doc, problems, doc_dir

    def fail(self, key, message, *sub, hint=None, line=None):
        line = line or self.doc.line_of(key, *sub)
        self.problems.append(Problem(self.shown, line, message, field=key, hint=hint))

    def text(self, key, required=False) -> str:
        value = self.doc.meta.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(key, "must be text, not a list or mapping")
            return ""
        return value.strip()

    def integer(self, key, required=False) -> int | None:
        value = self.text(key, required)
        if value and not re.fullmatch(r"\d{1,6}", value):
            self.fail(key, f"'{value}' is not a whole number")
            return None
        return int(value) if value else None

    def day(self, key, *sub, value=None) -> date | None:
        value = self.text(key) if value is None else value
        if not value:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"'{value}' is not a date", *sub, hint="use YYYY-MM-DD")
            return None

    def item_list(self, key, message: str) -> list:
        """The items of an optional list field: [] when absent; [] and `message` when not a list."""
        value = self.doc.meta.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            self.fail(key, message)
            return []
        return value

    def text_list(self, key) -> tuple[str, ...]:
        value = self.doc.meta.get(key)
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(item.strip() for item in value)
        self.fail(key, "must be a list of text items ('- ...' lines)")
        return ()


def _canonical_keys(shown: str, doc: Document, problems: list[Problem]) -> None:
    """Rename Chinese labels to keys; report unknown keys with a suggestion."""
    meta, lines = {}, {}
    lines_by_key: dict = {}  # first key -> [(path, line)], so each key finds its lines without a scan
    for path, line in doc.lines.items():
        if path:
            lines_by_key.setdefault(path[0], []).append((path, line))
    for key, value in doc.meta.items():
        name = KEY_BY_ALIAS.get(key, key)
        if name not in ISSUE_KEYS:
            hint = did_you_mean(key, list(ISSUE_KEYS) + list(KEY_BY_ALIAS))
            problems.append(Problem(shown, doc.line_of(key), f"'{key}' is not a field", hint=hint))
            continue
        if name in meta:
            problems.append(Problem(shown, doc.line_of(key), f"'{key}' repeats '{name}'", hint="keep one of them"))
            continue
        meta[name] = value
        for path, line in lines_by_key.get(key, ()):
            lines[(name,) + path[1:]] = line
    doc.meta, doc.lines = meta, lines


def derive_title(problem: str) -> str:
    """A short title from the problem text: its first clause, at most 40 characters."""
    first = re.split(r"[，,。；;：:]", problem, maxsplit=1)[0].strip()
    return first if len(first) <= 40 else first[:39] + "…"


def _read_progress(reader: _Reader) -> tuple[Note, ...]:
    value = reader.item_list("progress", "must be a list of '- date: YYYY-MM-DD' / 'note: ...' items")
    notes = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("note"), str):
            reader.fail("progress", f"item {index + 1} needs 'date' and 'note'", index)
            continue
        day = reader.day("progress", index, "date", value=item.get("date") or "")
        if day is None:
            if not item.get("date"):
                reader.fail("progress", f"item {index + 1} needs a 'date'", index)
            continue
        notes.append(Note(day, item["note"].strip()))
    return tuple(notes)


def _parse_new_deadline(text: str) -> Deadline:
    """A changed deadline: YYYY-MM-DD or written like the plan's ('2019年6月底前')."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return Deadline(text, "date", date.fromisoformat(text))
    return parse_deadline(text)


def _read_deadline_changes(reader: _Reader) -> tuple[DeadlineChange, ...]:
    value = reader.item_list(
        "deadline_changes", "must be a list of '- date: YYYY-MM-DD' / 'deadline: ...' / 'reason: ...' items")
    changes = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            reader.fail("deadline_changes", f"item {index + 1} needs 'date', 'deadline' and 'reason'", index)
            continue
        day = reader.day("deadline_changes", index, "date", value=item.get("date") or "")
        if not item.get("date"):
            reader.fail("deadline_changes", f"item {index + 1} needs the 'date' the change was decided", index)
        text, reason = item.get("deadline"), item.get("reason")
        if not isinstance(text, str) or not text.strip():
            reader.fail("deadline_changes", f"item {index + 1} needs the new 'deadline'", index)
            continue
        if not isinstance(reason, str) or not reason.strip():
            reader.fail("deadline_changes", f"item {index + 1} has no 'reason'", index,
                        hint="every deadline change must say why it was made (reason: ...)")
            continue
        try:
            deadline = _parse_new_deadline(text.strip())
        except ValueError:
            reader.fail("deadline_changes", f"'{text}' names a date that does not exist", index, "deadline")
            continue
        if day is None:
            continue
        if changes and day < changes[-1].date:
            reader.fail("deadline_changes", f"item {index + 1} ({day}) is dated before the change above it",
                        index, hint="list the changes oldest first")
            continue
        changes.append(DeadlineChange(day, deadline, reason.strip()))
    return tuple(changes)


def _read_attachments(reader: _Reader, content_dir: Path) -> tuple[Attachment, ...]:
    value = reader.item_list("attachments", "must be a list of files ('- path' or '- title: ...' / 'path: ...')")
    if not value:
        return ()  # most problems have none: skip resolving the content folder
    found = []
    root = content_dir.resolve()
    for index, item in enumerate(value):
        path_text = item if isinstance(item, str) else item.get("path") if isinstance(item, dict) else None
        if not isinstance(path_text, str) or not path_text.strip():
            reader.fail("attachments", f"item {index + 1} needs a 'path'", index)
            continue
        title = item.get("title", "") if isinstance(item, dict) else ""
        try:
            source = check_attachment(path_text.strip(), reader.doc_dir, root)
        except (AttachmentRefused, OSError) as error:
            refused = error if isinstance(error, AttachmentRefused) else AttachmentRefused(
                f"'{path_text}' cannot be read ({error.strerror})")
            reader.fail("attachments", refused.message, index, hint=refused.hint)
            continue
        name = re.sub(r"[^\w.\-]", "_", source.name)
        found.append(Attachment(title.strip() if isinstance(title, str) and title.strip() else source.name, source, name))
    return tuple(found)


def _read_extra(reader: _Reader) -> tuple[tuple[str, str], ...]:
    value = reader.doc.meta.get("extra")
    if value is None or value == "":
        return ()
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        reader.fail("extra", "must be 'label: text' lines")
        return ()
    return tuple((label, text.strip()) for label, text in value.items())


def _read_lifecycle(reader: _Reader, status: str, content_dir: Path) -> dict:
    """The lifecycle's fields (lifecycle_fields.py) and photos (photos.py) of one file."""
    read_file = file_reader(reader, content_dir)
    return {"lifecycle": read_lifecycle(reader, status, read_file), "photos": read_photos(reader, read_file)}


@frozen
class IssueFile:
    """What one problem file says on its own: its Issue (None when it has problems), its problems,
    and what the checks against its plan need. Depends only on the file's bytes and place, except
    for attachments (other files), so a build can keep it by content hash when there are none."""

    issue: Issue | None
    problems: tuple[Problem, ...]
    number: int | None
    category: int | None
    completed_on: date | None
    # The line of each of the three fields above (see _CHECKED_LINES). A tuple, not a dict by
    # name: a large site unpickles one per file, and its garbage is left as holes among the model.
    lines: tuple
    has_attachments: bool
    key: bytes = b""  # file_key: what the check depends on


_CHECKED_LINES = ("number", "category", "completed_on")  # the fields of IssueFile.lines, in order

def read_issue(path: Path, plan_slug: str, content_dir: Path, problems: list[Problem],
               plan: Plan | None = None, numbers: dict[int, str] | None = None,
               found: IssueFile | None = None) -> Issue | None:
    """One problem file -> Issue, or None with its problems noted (checked against its plan when given).

    found: the file's check, when already made (read_issue_file)."""
    if found is None:
        found = read_issue_file(path, plan_slug, content_dir)
    problems += found.problems
    if plan is None:
        return found.issue
    before = len(problems)
    shown = display_path(path)

    def fail(key, message, hint=None):
        problems.append(Problem(shown, found.lines[_CHECKED_LINES.index(key)], message, field=key, hint=hint))

    known_categories = {c.number for c in plan.categories}
    if found.category is not None and known_categories and found.category not in known_categories:
        fail("category", f"category {found.category} is not in {display_path(plan.source_path)}",
             hint=f"use one of {sorted(known_categories)}")
    numbers = {} if numbers is None else numbers
    if found.number is not None and found.number in numbers:
        fail("number", f"number {found.number} is also used by {numbers[found.number]}",
             hint="give each problem its own number")
    if found.number is not None:
        numbers.setdefault(found.number, shown)
    if plan.issued_on and found.completed_on and found.completed_on < plan.issued_on:
        fail("completed_on", f"{found.completed_on} is before the plan was issued ({plan.issued_on})")
    return found.issue if len(problems) == before else None


def file_key(path: Path, slug: str, content_dir: Path, data: bytes) -> bytes:
    """A problem file's check depends on its bytes, its place (messages name it) and its plan's slug."""
    place = f"{path}\0{display_path(path)}\0{slug}\0{content_dir}\0".encode()
    return hashlib.sha256(place + data).digest()


def pack_record(text: str) -> bytes:
    """A record as Issue keeps it (see Issue.record)."""
    return lz4.block.compress(text.encode("utf-8")) if text else b""


def read_issue_file(path: Path, plan_slug: str, content_dir: Path, data: bytes | None = None) -> IssueFile:
    """Check one problem file on its own (data: its bytes, when already read)."""
    shown = display_path(path)
    problems: list[Problem] = []
    data = path.read_bytes() if data is None else data
    key = file_key(path, plan_slug, content_dir, data)
    refused = _refused_content_file(path, content_dir)
    if refused is not None:
        return IssueFile(None, (refused,), None, None, None, (1, 1, 1), False, key)
    try:
        doc = parse_document(data, shown)
    except ReadError as error:
        return IssueFile(None, (error.problem,), None, None, None, (1, 1, 1), False, key)
    _canonical_keys(shown, doc, problems)
    public_data = _Reader(shown, doc, problems).text_list("public_data")
    personal = issue_findings(doc, lambda: decode_text(data, shown), public_data + objection_contacts(doc.meta))
    # Word's invisible characters are cleaned from what is published (check reports them; the file is kept).
    doc.meta, doc.body = clean_meta(doc.meta), clean_text(doc.body)
    reader = _Reader(shown, doc, problems, doc_dir=path.parent)
    number = reader.integer("number", required=True)
    category = reader.integer("category", required=True)
    problem = reader.text("problem", required=True)
    status_word = reader.text("status", required=True)
    status = STATUS_BY_WORD.get(status_word.lower())
    if status_word and status is None:
        reader.fail("status", f"'{status_word}' is not a status",
                    hint=did_you_mean(status_word, STATUS_BY_WORD) or "use not started, in progress, done or closed")
    deadline_text = reader.text("deadline")
    try:
        deadline = parse_deadline(deadline_text)
    except ValueError:
        reader.fail("deadline", f"'{deadline_text}' names a date that does not exist")
        deadline = Deadline(deadline_text, "text")
    explicit = reader.day("deadline_date")
    if explicit:
        deadline = Deadline(deadline_text, "date", explicit)
    completed_on, published_on = reader.day("completed_on"), reader.day("published_on")
    updated_on = reader.day("updated_on")
    if status in (DONE, CLOSED) and completed_on is None and "completed_on" not in {p.field for p in problems}:
        reader.fail("completed_on", f"a problem with status '{status_word}' needs its completion date",
                    hint="add 'completed_on: YYYY-MM-DD'", line=doc.line_of("status"))
    if completed_on and published_on and published_on < completed_on:
        reader.fail("published_on", f"{published_on} is before the completion date {completed_on}")
    if updated_on and (published_on or completed_on) and updated_on < (published_on or completed_on):
        reader.fail("updated_on", f"{updated_on} is before the publication date")
    issue_fields = dict(
        goal=reader.text("goal"), measures=reader.text_list("measures"), deadline=deadline,
        deadline_changes=_read_deadline_changes(reader),
        responsible=reader.text("responsible"), supervising=reader.text("supervising"),
        leader=reader.text("leader"), completed_on=completed_on,
        published_on=published_on or completed_on, updated_on=updated_on,
        progress=_read_progress(reader), attachments=_read_attachments(reader, content_dir),
        extra=_read_extra(reader), packed_record=pack_record(strip_comments(doc.body)),
        **_read_lifecycle(reader, status, content_dir),
    )
    # 内部备注 are checked, never kept: no template, not even a site's own, can show them.
    reader.text("internal_notes")
    title = reader.text("title") or derive_title(problem)
    head = hashlib.sha256(f"{path}\0{plan_slug}\0{content_dir}\0".encode() + pickle.dumps(doc.meta, 5)).digest()
    issue = None if problems else Issue(plan=plan_slug, number=number, category=category, problem=problem, title=title,
                                        status=status, source_path=path, source=key, head=head, personal_data=personal,
                                        public_data=public_data, **issue_fields)
    lines = tuple(doc.line_of(name) for name in _CHECKED_LINES)
    return IssueFile(issue, tuple(problems), number, category, completed_on, lines,
                     bool(doc.meta.keys() & {"attachments", "photos", "closing_document"}), key)


def _refused_content_file(path: Path, content_dir: Path) -> Problem | None:
    """The one rule for content files that attachments follow too (see attachments.py): a usable
    name, and, when it is a link, a target inside the content folder."""
    problem = file_name_problem(path.name)
    if problem:
        return Problem(display_path(path), None, f"the file name {problem}", hint="rename the file")
    if path.is_symlink() and not resolves_inside(path, content_dir.resolve()):
        return Problem(display_path(path), None, "is a link to a file outside the content folder",
                       hint="put the file itself (not a link to it) in the content folder")
    return None


_PLAN_KEYS = {"title", "office", "issued_on", "document_number", "source_url", "summary", "categories"}


def _read_categories(reader: _Reader) -> tuple[Category, ...]:
    value = reader.doc.meta.get("categories")
    if not isinstance(value, list) or not value:
        reader.fail("categories", "is required: a list of '- number: 1' / 'title: ...' items")
        return ()
    found, numbers = [], set()
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            reader.fail("categories", f"item {index + 1} must have 'number' and 'title'", index)
            continue
        number, title = item.get("number", ""), item.get("title", "")
        if not isinstance(number, str) or not re.fullmatch(r"\d{1,4}", number):
            reader.fail("categories", f"item {index + 1}: '{number}' is not a category number", index, "number")
            continue
        if not isinstance(title, str) or not title.strip():
            reader.fail("categories", f"category {number} needs a title", index)
            continue
        if int(number) in numbers:
            reader.fail("categories", f"category {number} is listed twice", index, "number")
            continue
        numbers.add(int(number))
        summary = item.get("summary", "")
        found.append(Category(int(number), title.strip(), summary.strip() if isinstance(summary, str) else ""))
    return tuple(sorted(found, key=lambda c: c.number))


@frozen
class ContentFiles:
    """The content folder's files: each plan folder with its problem files (in path order), and the pages."""

    plans: tuple[tuple[Path, tuple[str, ...]], ...]  # (as text: a large site's paths are made once, when read)
    pages: tuple[Path, ...]

    def problem_files(self) -> list[tuple[str, str]]:
        """(plan slug, problem file) of every problem file, plan by plan."""
        return [(folder.name, path) for folder, paths in self.plans for path in paths]

    def without_problems(self) -> "ContentFiles":
        """The plans without their problem files: what loads their own fields only."""
        return ContentFiles(tuple((folder, ()) for folder, _ in self.plans), self.pages)


def scan_content(content_dir: Path) -> ContentFiles:
    """List the content folder's plans, problem files (*.md anywhere under a plan folder) and pages:
    the one place that decides which files are content."""
    plans_dir = content_dir / "plans"
    folders = sorted(p for p in plans_dir.iterdir() if p.is_dir()) if plans_dir.is_dir() else []
    pages_dir = content_dir / "pages"
    pages = tuple(sorted(pages_dir.glob("*.md"))) if pages_dir.is_dir() else ()
    return ContentFiles(tuple((folder, tuple(_problem_files(folder))) for folder in folders), pages)


def _problem_files(folder: Path) -> list[str]:
    """The *.md files anywhere under folder, in path order: pathlib's rglob at scandir speed."""
    found, todo = [], [str(folder)]
    while todo:
        try:
            with os.scandir(todo.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        todo.append(entry.path)
                    elif entry.name.endswith(".md") and entry.is_file():
                        found.append(entry.path)
        except OSError:
            continue
    return sorted(found, key=lambda path: path.split(os.sep))


def read_plan(folder: Path, issue_paths: tuple[str, ...], content_dir: Path, problems: list[Problem],
              checked: Mapping[str, IssueFile]) -> Plan | None:
    """A plan folder (plan.yaml and its problem files, issue_paths) -> Plan with its issues.

    checked: problem files already checked (read_issue_file), by path (as text)."""
    path = folder / "plan.yaml"
    shown = display_path(path)
    slug = folder.name
    if not is_slug(slug):
        problems.append(Problem(display_path(folder), None, f"'{slug}' is not a usable plan folder name",
                                hint=SLUG_HINT))
        return None
    if not resolves_inside(path, content_dir.resolve()):
        problems.append(Problem(display_path(folder), None, "is a link to a folder outside the content folder",
                                hint="put the plan folder itself (not a link to it) in the content folder"))
        return None
    if not path.is_file():
        problems.append(Problem(shown, None, "the plan has problem files but no plan.yaml",
                                hint="create plan.yaml with the plan's title and categories"))
        return None
    try:
        text = read_text(path, shown)
        meta, lines = parse_yaml(text, shown)
    except ReadError as error:
        problems.append(error.problem)
        return None
    if not isinstance(meta, dict):
        problems.append(Problem(shown, 1, "plan.yaml must be 'field: value' lines"))
        return None
    personal = plan_findings(Document(meta, lines), text)
    meta = clean_meta(meta)
    before = len(problems)
    reader = _Reader(shown, Document(meta, lines), problems)
    for key in meta:
        if key not in _PLAN_KEYS:
            problems.append(Problem(shown, lines.get((key,)), f"'{key}' is not a plan field",
                                    hint=did_you_mean(key, _PLAN_KEYS)))
    plan = Plan(slug=slug, title=reader.text("title", required=True), source_path=path,
                office=reader.text("office"), issued_on=reader.day("issued_on"),
                document_number=reader.text("document_number"), source_url=reader.text("source_url"),
                summary=reader.text("summary"), categories=_read_categories(reader), personal_data=personal)
    # The link to the original document is the one editor-written href: only web addresses, never script.
    if plan.source_url and not re.match(r"https?://[^\s/]+", plan.source_url):
        reader.fail("source_url", f"'{plan.source_url}' is not an http(s) address",
                    hint="write it like https://www.example.gov.cn/zwgk/plan.html")
    issues, numbers = [], {}
    for issue_path in issue_paths:
        issue = read_issue(Path(issue_path), slug, content_dir, problems, plan, numbers, checked.get(issue_path))
        if issue is not None:
            issues.append(issue)
    if len(problems) > before:
        return None
    return dataclasses.replace(plan, issues=tuple(sorted(issues, key=lambda i: i.number)))


def read_page(path: Path, problems: list[Problem], content_dir: Path | None = None) -> Page | None:
    shown = display_path(path)
    try:
        text = read_text(path, shown)
        doc = split_front_matter(text, shown)
    except ReadError as error:
        problems.append(error.problem)
        return None
    personal = page_findings(doc, text)
    doc.meta, doc.body = clean_meta(doc.meta), clean_text(doc.body)
    before = len(problems)
    reader = _Reader(shown, doc, problems)
    for key in doc.meta:
        if key not in ("title", "order"):
            problems.append(Problem(shown, doc.line_of(key), f"'{key}' is not a page field",
                                    hint=did_you_mean(key, ("title", "order"))))
    if not is_slug(path.stem):
        problems.append(Problem(shown, None, f"'{path.name}' is not a usable page name",
                                hint="use lower-case letters, digits and '-', e.g. about.md"))
    elif content_dir is not None and not resolves_inside(path, content_dir.resolve()):
        problems.append(Problem(shown, None, "is a link to a file outside the content folder",
                                hint="put the file itself (not a link to it) in the content folder"))
    page = Page(path.stem, reader.text("title", required=True), doc.body, reader.integer("order") or 0, path, personal)
    return page if len(problems) == before else None


def load_content(content_dir: Path, files: ContentFiles | None = None,
                 checked: Mapping[str, IssueFile] | None = None) -> Content:
    """Read every plan and page; raise ContentError listing all problems found.

    files: the content folder's files (default: scan_content). checked: problem files already
    checked (read_issue_file), by path (as text): those are not read again."""
    problems: list[Problem] = []
    content = Content()
    plans_dir = content_dir / "plans"
    if not plans_dir.is_dir():
        raise ContentError([Problem(display_path(plans_dir), None, "there is no plans folder",
                                    hint="import a plan with 'python build.py import FILE --plan SLUG'")])
    files = files or scan_content(content_dir)
    for folder, issue_paths in files.plans:
        plan = read_plan(folder, issue_paths, content_dir, problems, checked or {})
        if plan is not None:
            content.plans.append(plan)
    for path in files.pages:
        page = read_page(path, problems, content_dir)
        if page is not None:
            content.pages.append(page)
    if problems:
        raise ContentError(problems)
    content.plans.sort(key=lambda p: (-(p.issued_on or date.min).toordinal(), p.slug))
    content.pages.sort(key=lambda p: (p.order, p.slug))
    return content
