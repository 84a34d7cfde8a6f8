"""A file's raw front-matter values -> typed ones (text, numbers, dates, lists), each problem noted
with its line: the readers content.py builds a problem, plan or page with."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .dates import DateProblem, looks_like_day, parse_day
from .deadlines import Deadline, parse_deadline
from .attachments import AttachmentRefused, check_attachment
from .errors import Diagnostic, did_you_mean
from .frontmatter import Document
from .model import Attachment, Category, DeadlineChange, ISSUE_KEYS, KEY_BY_ALIAS, Note
from .i18n import _


class FieldReader:
    """Converts one file's raw values to typed ones, noting each problem with its line."""

    def __init__(self, shown: str, doc: Document, problems: list[Diagnostic], doc_dir: Path | None = None):
        self.shown, self.doc, self.problems, self.doc_dir = shown, doc, problems, doc_dir

    def fail(self, key, message, *sub, hint=None, line=None):
        line = line or self.doc.line_of(key, *sub)
        self.problems.append(Diagnostic(self.shown, line, message, field=key, hint=hint))

    def text(self, key, required=False) -> str:
        value = self.doc.meta.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, _("is required"))
            return ""
        if not isinstance(value, str):
            self.fail(key, _("must be text, not a list or mapping"))
            return ""
        return value.strip()

    def integer(self, key, required=False) -> int | None:
        value = self.text(key, required)
        if value and not re.fullmatch(r"\d{1,6}", value):
            self.fail(key, _("'{value}' is not a whole number", value=value))
            return None
        return int(value) if value else None

    def day(self, key, *sub, value=None) -> date | None:
        value = self.text(key) if value is None else value
        if not value:
            return None
        try:
            return parse_day(value)
        except DateProblem as problem:
            self.fail(key, problem.message, *sub, hint=problem.hint)
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
        self.fail(key, _("must be a list of text items ('- ...' lines)"))
        return ()


def canonical_keys(shown: str, doc: Document, problems: list[Diagnostic]) -> None:
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
            problems.append(Diagnostic(shown, doc.line_of(key), _("'{key}' is not a field", key=key), hint=hint))
            continue
        if name in meta:
            problems.append(Diagnostic(shown, doc.line_of(key), _("'{key}' repeats '{name}'", key=key, name=name),
                                       hint=_("keep one of them")))
            continue
        meta[name] = value
        for path, line in lines_by_key.get(key, ()):
            lines[(name,) + path[1:]] = line
    doc.meta, doc.lines = meta, lines


def derive_title(problem: str) -> str:
    """The title lists show when the editor wrote none: the problem's first sentence, in full. A clause
    cut at a comma can say the opposite of the sentence ('……企业虽已停产'), so nothing is cut."""
    return re.split(r"(?<=[。！？!?])", problem.strip(), maxsplit=1)[0].strip()


def read_progress(reader: FieldReader) -> tuple[Note, ...]:
    value = reader.item_list("progress", _("must be a list of '- date: YYYY-MM-DD' / 'note: ...' items"))
    notes = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("note"), str):
            reader.fail("progress", _("item {number} needs 'date' and 'note'", number=index + 1), index)
            continue
        day = reader.day("progress", index, "date", value=item.get("date") or "")
        if day is None:
            if not item.get("date"):
                reader.fail("progress", _("item {number} needs a 'date'", number=index + 1), index)
            continue
        notes.append(Note(day, item["note"].strip()))
    return tuple(notes)


def _parse_new_deadline(text: str) -> Deadline:
    """A changed deadline: YYYY-MM-DD or written like the plan's ('2019年6月底前')."""
    if looks_like_day(text):  # (an impossible one raises DateProblem, a ValueError)
        return Deadline(text, "date", parse_day(text))
    return parse_deadline(text)


def read_deadline_changes(reader: FieldReader) -> tuple[DeadlineChange, ...]:
    value = reader.item_list(
        "deadline_changes", _("must be a list of '- date: YYYY-MM-DD' / 'deadline: ...' / 'reason: ...' items"))
    changes = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            reader.fail("deadline_changes", _("item {number} needs 'date', 'deadline' and 'reason'", number=index + 1),
                        index)
            continue
        day = reader.day("deadline_changes", index, "date", value=item.get("date") or "")
        if not item.get("date"):
            reader.fail("deadline_changes", _("item {number} needs the 'date' the change was decided",
                                              number=index + 1), index)
        text, reason = item.get("deadline"), item.get("reason")
        if not isinstance(text, str) or not text.strip():
            reader.fail("deadline_changes", _("item {number} needs the new 'deadline'", number=index + 1), index)
            continue
        if not isinstance(reason, str) or not reason.strip():
            reader.fail("deadline_changes", _("item {number} has no 'reason'", number=index + 1), index,
                        hint=_("every deadline change must say why it was made (reason: ...)"))
            continue
        try:
            deadline = _parse_new_deadline(text.strip())
        except ValueError:
            reader.fail("deadline_changes", _("'{text}' names a date that does not exist", text=text), index, "deadline")
            continue
        if day is None:
            continue
        if changes and day < changes[-1].date:
            reader.fail("deadline_changes", _("item {number} ({day}) is dated before the change above it",
                                              number=index + 1, day=day),
                        index, hint=_("list the changes oldest first"))
            continue
        changes.append(DeadlineChange(day, deadline, reason.strip()))
    return tuple(changes)


def read_attachments(reader: FieldReader, content_dir: Path) -> tuple[Attachment, ...]:
    value = reader.item_list("attachments", _("must be a list of files ('- path' or '- title: ...' / 'path: ...')"))
    if not value:
        return ()  # most problems have none: skip resolving the content folder
    found = []
    root = content_dir.resolve()
    for index, item in enumerate(value):
        path_text = item if isinstance(item, str) else item.get("path") if isinstance(item, dict) else None
        if not isinstance(path_text, str) or not path_text.strip():
            reader.fail("attachments", _("item {number} needs a 'path'", number=index + 1), index)
            continue
        title = item.get("title", "") if isinstance(item, dict) else ""
        try:
            source = check_attachment(path_text.strip(), reader.doc_dir, root)
        except (AttachmentRefused, OSError) as error:
            refused = error if isinstance(error, AttachmentRefused) else AttachmentRefused(
                _("'{path}' cannot be read ({reason})", path=path_text, reason=error.strerror))
            reader.fail("attachments", refused.message, index, hint=refused.hint)
            continue
        name = re.sub(r"[^\w.\-]", "_", source.name)
        found.append(Attachment(title.strip() if isinstance(title, str) and title.strip() else source.name, source, name))
    return tuple(found)


def read_extra(reader: FieldReader) -> tuple[tuple[str, str], ...]:
    value = reader.doc.meta.get("extra")
    if value is None or value == "":
        return ()
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        reader.fail("extra", _("must be 'label: text' lines"))
        return ()
    return tuple((label, text.strip()) for label, text in value.items())


def read_categories(reader: FieldReader) -> tuple[Category, ...]:
    value = reader.doc.meta.get("categories")
    if not isinstance(value, list) or not value:
        reader.fail("categories", _("is required: a list of '- number: 1' / 'title: ...' items"))
        return ()
    found, numbers = [], set()
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            reader.fail("categories", _("item {number} must have 'number' and 'title'", number=index + 1), index)
            continue
        number, title = item.get("number", ""), item.get("title", "")
        if not isinstance(number, str) or not re.fullmatch(r"\d{1,4}", number):
            reader.fail("categories", _("item {index}: '{number}' is not a category number", index=index + 1,
                                        number=number), index, "number")
            continue
        if not isinstance(title, str) or not title.strip():
            reader.fail("categories", _("category {number} needs a title", number=number), index)
            continue
        if int(number) in numbers:
            reader.fail("categories", _("category {number} is listed twice", number=number), index, "number")
            continue
        numbers.add(int(number))
        summary = item.get("summary", "")
        found.append(Category(int(number), title.strip(), summary.strip() if isinstance(summary, str) else ""))
    return tuple(sorted(found, key=lambda c: c.number))
