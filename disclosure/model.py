"""The content model: plans, their problems (Issue) and pages, as the build holds them; the
statuses and the front-matter keys editors write."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import lz4.block

from .deadlines import Deadline
from .frozen import frozen
from .lifecycle_fields import EMPTY, LIFECYCLE_KEYS, Lifecycle


NOT_STARTED, IN_PROGRESS, DONE, CLOSED = "not started", "in progress", "done", "closed"


STATUS_LABELS = {NOT_STARTED: "未开始", IN_PROGRESS: "整改中", DONE: "办理到位", CLOSED: "已销号"}
_STATUS_ALIASES = {
    NOT_STARTED: ("not started", "未开始", "未启动"),
    IN_PROGRESS: ("in progress", "整改中", "推进中", "正在整改"),
    DONE: ("done", "办理到位", "已完成", "完成", "办结", "已办结"),
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
    "accept": ("接受", "接受警告"),  # warnings accepted on purpose, with a reason: accepts.py
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


def pack_record(text: str) -> bytes:
    """A record as Issue keeps it (see Issue.record)."""
    return lz4.block.compress(text.encode("utf-8")) if text else b""
