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
from datetime import date
from pathlib import Path

from .deadlines import Deadline, parse_deadline
from .comments import strip_comments
from .errors import ContentError, Diagnostic, did_you_mean, display_path
from .i18n import _, language
from .frontmatter import (Document, ReadError, decode_text, parse_document, parse_yaml, read_text,
                          split_front_matter)
from .lifecycle_fields import objection_contacts, read_lifecycle
from .photos import file_reader, read_photos
from .names import file_name_problem, is_slug, resolves_inside, slug_hint
from .frozen import frozen
from .fields import (canonical_keys, derive_title, FieldReader, read_attachments, read_categories,
                     read_deadline_changes, read_extra, read_progress)
from .model import CLOSED, Content, DONE, Issue, Page, Plan, STATUS_BY_WORD, pack_record
from .accepts import read_accepts
from .subkeys import canonical_sub_keys
from .status_words import ambiguous_problem, is_ambiguous, suggest_status
from .privacy import issue_findings, page_findings, plan_findings
from .textclean import clean_meta, clean_text


@frozen
class IssueFile:
    """What one problem file says on its own: its Issue (None when it has problems), its problems,
    and what the checks against its plan need. Depends only on the file's bytes and place, except
    for attachments (other files), so a build can keep it by content hash when there are none."""

    issue: Issue | None
    problems: tuple[Diagnostic, ...]
    number: int | None
    category: int | None
    completed_on: date | None
    # The line of each of the three fields above (see _CHECKED_LINES). A tuple, not a dict by
    # name: a large site unpickles one per file, and its garbage is left as holes among the model.
    lines: tuple
    has_attachments: bool
    key: bytes = b""  # file_key: what the check depends on


_CHECKED_LINES = ("number", "category", "completed_on")  # the fields of IssueFile.lines, in order

def read_issue(path: Path, plan_slug: str, content_dir: Path, problems: list[Diagnostic],
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
        problems.append(Diagnostic(shown, found.lines[_CHECKED_LINES.index(key)], message, field=key, hint=hint))

    known_categories = {c.number for c in plan.categories}
    if found.category is not None and known_categories and found.category not in known_categories:
        fail("category", _("category {number} is not in {plan}", number=found.category,
                           plan=display_path(plan.source_path)),
             hint=_("use one of {numbers}", numbers=sorted(known_categories)))
    numbers = {} if numbers is None else numbers
    if found.number is not None and found.number in numbers:
        fail("number", _("number {number} is also used by {path}", number=found.number, path=numbers[found.number]),
             hint=_("give each problem its own number"))
    if found.number is not None:
        numbers.setdefault(found.number, shown)
    if plan.issued_on and found.completed_on and found.completed_on < plan.issued_on:
        fail("completed_on", _("{day} is before the plan was issued ({issued})", day=found.completed_on,
                               issued=plan.issued_on))
    return found.issue if len(problems) == before else None


def file_key(path: Path, slug: str, content_dir: Path, data: bytes) -> bytes:
    """A problem file's check depends on its bytes, its place (messages name it), its plan's slug and
    the language of its messages."""
    place = f"{language()}\0{path}\0{display_path(path)}\0{slug}\0{content_dir}\0".encode()
    return hashlib.sha256(place + data).digest()


def read_issue_file(path: Path, plan_slug: str, content_dir: Path, data: bytes | None = None) -> IssueFile:
    """Check one problem file on its own (data: its bytes, when already read)."""
    shown = display_path(path)
    problems: list[Diagnostic] = []
    data = path.read_bytes() if data is None else data
    key = file_key(path, plan_slug, content_dir, data)
    refused = _refused_content_file(path, content_dir)
    if refused is not None:
        return IssueFile(None, (refused,), None, None, None, (1, 1, 1), False, key)
    try:
        doc = parse_document(data, shown)
    except ReadError as error:
        return IssueFile(None, (error.problem,), None, None, None, (1, 1, 1), False, key)
    canonical_keys(shown, doc, problems)
    canonical_sub_keys(shown, doc, problems)
    public_data = FieldReader(shown, doc, problems).text_list("public_data")
    personal = issue_findings(doc, lambda: decode_text(data, shown), public_data + objection_contacts(doc.meta))
    # Word's invisible characters are cleaned from what is published (check reports them; the file is kept).
    doc.meta, doc.body = clean_meta(doc.meta), clean_text(doc.body)
    reader = FieldReader(shown, doc, problems, doc_dir=path.parent)
    number = reader.integer("number", required=True)
    category = reader.integer("category", required=True)
    problem = reader.text("problem", required=True)
    status = _read_status(reader)
    completed_on, published_on, updated_on = _read_dates(reader, status)
    issue_fields = dict(
        goal=reader.text("goal"), measures=reader.text_list("measures"), deadline=_read_deadline(reader),
        deadline_changes=read_deadline_changes(reader),
        responsible=reader.text("responsible"), supervising=reader.text("supervising"),
        leader=reader.text("leader"), completed_on=completed_on,
        published_on=published_on or completed_on, updated_on=updated_on,
        progress=read_progress(reader), attachments=read_attachments(reader, content_dir),
        extra=read_extra(reader), packed_record=pack_record(strip_comments(doc.body)),
        **_read_lifecycle(reader, status, content_dir),
    )
    # 内部备注 are checked, never kept: no template, not even a site's own, can show them.
    reader.text("internal_notes")
    read_accepts(reader)  # (checked here; `check` reads them again where it lists them)
    title = reader.text("title") or derive_title(problem)
    head = hashlib.sha256(f"{path}\0{plan_slug}\0{content_dir}\0".encode() + pickle.dumps(doc.meta, 5)).digest()
    issue = None if problems else Issue(plan=plan_slug, number=number, category=category, problem=problem, title=title,
                                        status=status, source_path=path, source=key, head=head, personal_data=personal,
                                        public_data=public_data, **issue_fields)
    lines = tuple(doc.line_of(name) for name in _CHECKED_LINES)
    return IssueFile(issue, tuple(problems), number, category, completed_on, lines,
                     bool(doc.meta.keys() & {"attachments", "photos", "closing_document"}), key)


def _read_lifecycle(reader: FieldReader, status: str, content_dir: Path) -> dict:
    """The lifecycle's fields (lifecycle_fields.py) and photos (photos.py) of one file."""
    read_file = file_reader(reader, content_dir)
    return {"lifecycle": read_lifecycle(reader, status, read_file), "photos": read_photos(reader, read_file)}


def _read_status(reader: FieldReader) -> str | None:
    """The status, from any of the words editors write for it."""
    status_word = reader.text("status", required=True)
    status = STATUS_BY_WORD.get(status_word.lower())
    if status_word and status is None and is_ambiguous(status_word):
        message, hint = ambiguous_problem(status_word)
        reader.fail("status", message, hint=hint)
    elif status_word and status is None:
        reader.fail("status", _("'{word}' is not a status", word=status_word),
                    hint=suggest_status(status_word) or _("use not started, in progress, done or closed"))
    return status


def _read_deadline(reader: FieldReader) -> Deadline:
    """The plan's deadline as written, understood as a date where it names one."""
    deadline_text = reader.text("deadline")
    try:
        deadline = parse_deadline(deadline_text)
    except ValueError:
        reader.fail("deadline", _("'{text}' names a date that does not exist", text=deadline_text))
        deadline = Deadline(deadline_text, "text")
    explicit = reader.day("deadline_date")
    return Deadline(deadline_text, "date", explicit) if explicit else deadline


def _read_dates(reader: FieldReader, status: str | None) -> tuple:
    """completed_on, published_on and updated_on, checked against the status and each other."""
    completed_on, published_on = reader.day("completed_on"), reader.day("published_on")
    updated_on = reader.day("updated_on")
    if status in (DONE, CLOSED) and completed_on is None and "completed_on" not in {p.field for p in reader.problems}:
        reader.fail("completed_on", _("a problem with status '{status}' needs its completion date",
                                      status=reader.text("status")),
                    hint=_("add 'completed_on: YYYY-MM-DD'"), line=reader.doc.line_of("status"))
    if completed_on and published_on and published_on < completed_on:
        reader.fail("published_on", _("{day} is before the completion date {completed}", day=published_on,
                                      completed=completed_on))
    if updated_on and (published_on or completed_on) and updated_on < (published_on or completed_on):
        reader.fail("updated_on", _("{day} is before the publication date", day=updated_on))
    return completed_on, published_on, updated_on


def _refused_content_file(path: Path, content_dir: Path) -> Diagnostic | None:
    """The one rule for content files that attachments follow too (see attachments.py): a usable
    name, and, when it is a link, a target inside the content folder."""
    problem = file_name_problem(path.name)
    if problem:
        return Diagnostic(display_path(path), None, problem, hint=_("rename the file"))
    if path.is_symlink() and not resolves_inside(path, content_dir.resolve()):
        return Diagnostic(display_path(path), None, _("is a link to a file outside the content folder"),
                          hint=_("put the file itself (not a link to it) in the content folder"))
    return None


_PLAN_KEYS = {"title", "office", "issued_on", "document_number", "source_url", "summary", "categories"}


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
    return ContentFiles(tuple((folder, tuple(problem_files_in(folder))) for folder in folders), pages)


def problem_files_in(folder: Path) -> list[str]:
    """The problem files of a plan folder: the *.md files anywhere under it, in path order (pathlib's
    rglob at scandir speed)."""
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


def read_plan(folder: Path, issue_paths: tuple[str, ...], content_dir: Path, problems: list[Diagnostic],
              checked: Mapping[str, IssueFile]) -> Plan | None:
    """A plan folder (plan.yaml and its problem files, issue_paths) -> Plan with its issues.

    checked: problem files already checked (read_issue_file), by path (as text)."""
    path = folder / "plan.yaml"
    shown = display_path(path)
    slug = folder.name
    refused = _refused_plan_folder(folder, content_dir)
    if refused is not None:
        problems.append(refused)
        return None
    if not path.is_file():
        problems.append(Diagnostic(shown, None, _("the plan has problem files but no plan.yaml"),
                                   hint=_("create plan.yaml with the plan's title and categories")))
        return None
    try:
        text = read_text(path, shown)
        meta, lines = parse_yaml(text, shown)
    except ReadError as error:
        problems.append(error.problem)
        return None
    if not isinstance(meta, dict):
        problems.append(Diagnostic(shown, 1, _("plan.yaml must be 'field: value' lines")))
        return None
    personal = plan_findings(Document(meta, lines), text)
    meta = clean_meta(meta)
    before = len(problems)
    reader = FieldReader(shown, Document(meta, lines), problems)
    for key in meta:
        if key not in _PLAN_KEYS:
            problems.append(Diagnostic(shown, lines.get((key,)), _("'{key}' is not a plan field", key=key),
                                       hint=did_you_mean(key, _PLAN_KEYS)))
    plan = Plan(slug=slug, title=reader.text("title", required=True), source_path=path,
                office=reader.text("office"), issued_on=reader.day("issued_on"),
                document_number=reader.text("document_number"), source_url=reader.text("source_url"),
                summary=reader.text("summary"), categories=read_categories(reader), personal_data=personal)
    # The link to the original document is the one editor-written href: only web addresses, never script.
    if plan.source_url and not re.match(r"https?://[^\s/]+", plan.source_url):
        reader.fail("source_url", _("'{url}' is not an http(s) address", url=plan.source_url),
                    hint=_("write it like {example}", example="https://www.example.gov.cn/zwgk/plan.html"))
    issues, numbers = [], {}
    for issue_path in issue_paths:
        issue = read_issue(Path(issue_path), slug, content_dir, problems, plan, numbers, checked.get(issue_path))
        if issue is not None:
            issues.append(issue)
    if len(problems) > before:
        return None
    return dataclasses.replace(plan, issues=tuple(sorted(issues, key=lambda i: i.number)))


def _refused_plan_folder(folder: Path, content_dir: Path) -> Diagnostic | None:
    """Why a plan folder cannot be read: a name that is no slug, or a link out of the content folder."""
    if not is_slug(folder.name):
        return Diagnostic(display_path(folder), None, _("'{name}' is not a usable plan folder name", name=folder.name),
                          hint=slug_hint())
    if not resolves_inside(folder / "plan.yaml", content_dir.resolve()):
        return Diagnostic(display_path(folder), None, _("is a link to a folder outside the content folder"),
                          hint=_("put the plan folder itself (not a link to it) in the content folder"))
    return None


def read_page(path: Path, problems: list[Diagnostic], content_dir: Path | None = None) -> Page | None:
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
    reader = FieldReader(shown, doc, problems)
    for key in doc.meta:
        if key not in ("title", "order"):
            problems.append(Diagnostic(shown, doc.line_of(key), _("'{key}' is not a page field", key=key),
                                       hint=did_you_mean(key, ("title", "order"))))
    if not is_slug(path.stem):
        problems.append(Diagnostic(shown, None, _("'{name}' is not a usable page name", name=path.name),
                                   hint=_("use lower-case letters, digits and '-', e.g. about.md")))
    elif content_dir is not None and not resolves_inside(path, content_dir.resolve()):
        problems.append(Diagnostic(shown, None, _("is a link to a file outside the content folder"),
                                   hint=_("put the file itself (not a link to it) in the content folder")))
    page = Page(path.stem, reader.text("title", required=True), doc.body, reader.integer("order") or 0, path, personal)
    return page if len(problems) == before else None


def load_content(content_dir: Path, files: ContentFiles | None = None,
                 checked: Mapping[str, IssueFile] | None = None) -> Content:
    """Read every plan and page; raise ContentError listing all problems found.

    files: the content folder's files (default: scan_content). checked: problem files already
    checked (read_issue_file), by path (as text): those are not read again."""
    problems: list[Diagnostic] = []
    content = Content()
    plans_dir = content_dir / "plans"
    if not plans_dir.is_dir():
        raise ContentError([Diagnostic(display_path(plans_dir), None, _("there is no plans folder"),
                                       hint=_("import a plan with 'python build.py import FILE --plan SLUG'"))])
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
