"""data/issues.json and data/issues.csv: one row per listed problem; records only once published."""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import urls
from ..model import Issue
from ..publishing import Publication

COLUMNS = ["plan", "number", "category", "problem", "goal", "measures", "deadline", "deadline_date",
           "responsible", "supervising", "leader", "status", "overdue", "published",
           "completed_on", "published_on", "url", "record",
           "phase", "notice_start", "notice_end", "closed_on", "acceptance_units", "long_term"]
_PUBLISHED_ONLY = ("completed_on", "published_on", "record")
# What each column holds, for the data page (data/index.html); one entry per column, in order.
COLUMN_NOTES = {
    "plan": "整改方案的代号（网址中的文件夹名），如 hengyang-2019",
    "number": "问题在整改方案中的编号",
    "category": "问题类别的编号（类别名称见整改方案页）",
    "problem": "问题，按整改方案原文",
    "goal": "整改目标，按整改方案原文",
    "measures": "整改措施，JSON 中为列表；CSV 和 Excel 中每条措施占一行",
    "deadline": "整改时限，按整改方案原文，如“2019年9月底前”“立行立改”",
    "deadline_date": "整改时限对应的日期（YYYY-MM-DD）；时限不是具体日期时为空",
    "responsible": "主体责任单位，按整改方案原文",
    "supervising": "监管责任单位，按整改方案原文",
    "leader": "督办市领导",
    "status": "状态：not started 未开始、in progress 整改中、done 办理到位、closed 已销号；"
              "已办理到位但未到公开日期的问题为 in progress",
    "overdue": "截至数据日期已过整改时限仍未办理到位时为 true",
    "published": "办理情况已公开时为 true",
    "completed_on": "办结日期（YYYY-MM-DD）；仅已公开的问题有",
    "published_on": "公开日期（YYYY-MM-DD）；仅已公开的问题有",
    "url": "该问题页面的网址（每个列出的问题都有页面；办理情况公开后在该页显示）",
    "record": "办理情况全文（Markdown 格式）；仅已公开的问题有",
    "phase": "公开阶段：not started 未开始、in progress 整改中（已完成但未到公开日期的也是）、in notice 公示中、"
             "notice ended 公示期满、closed 已销号",
    "notice_start": "公示期第一天（YYYY-MM-DD）；仅已公开的问题有",
    "notice_end": "公示期最后一天（含当天，YYYY-MM-DD）；仅已公开的问题有",
    "closed_on": "销号日期（YYYY-MM-DD）；仅已销号的问题有",
    "acceptance_units": "验收单位，牵头验收单位在前；JSON 中为列表，CSV 和 Excel 中每个单位占一行；仅已公开的问题有",
    "long_term": "已完成、需长期坚持的问题为 true；仅已公开的问题有",
}


@dataclass(frozen=True)
class IssueRows:
    """The data files' rows, each made when a writer reaches it (a large site's rows would fill
    memory); iterate as often as needed. Unpublished rows carry only the plan's own fields."""

    issues: Sequence[Issue]  # the listed problems, by plan and number
    publication: Publication
    base_url: str
    # Each one's source (Issue.source), when issues reads each problem only when asked (incremental's
    # quick build): then only the rows not found in the previous copy read theirs.
    sources: tuple[bytes, ...] | None = None

    def __len__(self) -> int:
        return len(self.issues)

    def __iter__(self):
        return (self.row(issue) for issue in self.issues)

    def keyed(self):
        """(key, make) for each row: make() gives the row; the key names everything the row is made
        from (its problem's file, the rule, the base URL), or is None when that is not known."""
        setting = pickle.dumps((self.publication, self.base_url), protocol=5)
        sources = self.sources if self.sources is not None else (issue.source for issue in self.issues)
        for index, source in enumerate(sources):
            key = hashlib.sha256(setting + source).digest() if source else None
            yield key, functools.partial(self._row_at, index)

    def _row_at(self, index: int) -> dict:
        return self.row(self.issues[index])

    def row(self, issue: Issue) -> dict:
        publication = self.publication
        row = {
            "plan": issue.plan, "number": issue.number, "category": issue.category,
            "problem": issue.problem, "goal": issue.goal, "measures": list(issue.measures),
            "deadline": issue.deadline.text,
            # 'deadline' as the plan wrote it; 'deadline_date' is the one in force after any changes.
            "deadline_date": issue.current_deadline.date.isoformat() if issue.current_deadline.date else None,
            "responsible": issue.responsible, "supervising": issue.supervising, "leader": issue.leader,
            "status": issue.status, "overdue": publication.is_overdue(issue),
            "published": publication.is_published(issue), "phase": publication.phase(issue),
            "url": urls.absolute(self.base_url, urls.issue_url(issue)),  # (every listed problem has its page)
            # (The lifecycle's keys are null, not absent, where not public, as the data page says.)
            "notice_start": None, "notice_end": None, "closed_on": None, "acceptance_units": None, "long_term": None,
        }
        if publication.is_shown(issue):
            row.update(completed_on=issue.completed_on.isoformat() if issue.completed_on else None,
                       published_on=issue.published_on.isoformat() if issue.published_on else None,
                       record=issue.record)
            row.update(_lifecycle_cells(issue, publication))
        return row


def _lifecycle_cells(issue: Issue, publication: Publication) -> dict:
    """A shown problem's notice window, 销号 date, acceptance units and 长期坚持."""
    window, life = publication.window(issue), issue.lifecycle
    closed = publication.phase(issue) == "closed"
    return {"notice_start": window.start.isoformat() if window else None,
            "notice_end": window.end.isoformat() if window else None,
            "closed_on": life.closed_on.isoformat() if closed else None,
            "acceptance_units": list(life.acceptance.units), "long_term": life.long_term}


def issue_rows(content, publication: Publication, base_url: str) -> IssueRows:
    """The rows of every listed problem, sorted by plan and number."""
    issues = tuple(issue for plan in sorted(content.plans, key=lambda p: p.slug) for issue in publication.listed(plan))
    return IssueRows(issues, publication, base_url)


class RowWriter:
    """Writes a data file's rows one after another, noting where each went: its index, key ->
    (offset, length), by which a rebuild may copy unchanged rows from this copy
    (incremental/rows.py). separator: written between rows."""

    def __init__(self, out, separator: bytes = b""):
        self.out, self.separator, self.position, self.index, self.rows = out, separator, 0, {}, 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def row(self, key: bytes | None, make) -> None:
        """Write the row of this key, make() (bytes)."""
        if self.rows:
            self.write(self.separator)
        self.rows += 1
        self.write_row(key, make())

    def write_row(self, key: bytes | None, data: bytes) -> None:
        if key is not None:
            self.index[key] = (self.position, len(data))
        self.out.write(data)
        self.position += len(data)

    def done(self) -> dict:
        """Write what is left; return the index."""
        return self.index


def keyed_rows(rows) -> Iterable:
    """(key, make) per row of an IssueRows (see IssueRows.keyed) or of rows that key themselves
    (complaints/data.ComplaintRows), or (None, make) per row of a plain list of dicts."""
    return rows.keyed() if hasattr(rows, "keyed") else ((None, functools.partial(dict, row)) for row in rows)


_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # the C encoder (no indent)


def write_json(out, rows: IssueRows, previous=None) -> dict:
    """A JSON array with one problem per line: readable, diffable, and written row by row.
    Returns the rows' index (see RowWriter). previous: a rebuild's previous copy (incremental/rows.py)."""
    writer = previous.row_writer(out, b",\n") if previous else RowWriter(out, b",\n")
    writer.write(b"[\n" if len(rows) else b"[")
    for key, make in keyed_rows(rows):
        writer.row(key, lambda: _dumps(make()).encode("utf-8"))
    writer.write(b"\n]\n")
    return writer.done()


def write_csv(out, rows: IssueRows, previous=None, columns: list[str] = COLUMNS) -> dict:
    """CSV with a UTF-8 BOM so Excel opens the Chinese text correctly; measures joined by newlines.
    Returns the rows' index (see RowWriter). previous: a rebuild's previous copy (incremental/rows.py);
    columns: another file's columns (data/complaints.csv)."""
    writer, line = previous.row_writer(out) if previous else RowWriter(out), io.StringIO()
    csv_writer = csv.writer(line, lineterminator="\r\n")

    def encode(values) -> bytes:
        line.seek(0)
        line.truncate()
        csv_writer.writerow(values)
        return line.getvalue().encode("utf-8")

    writer.write("\ufeff".encode("utf-8") + encode(columns))
    for key, make in keyed_rows(rows):
        writer.row(key, lambda: encode([_csv_cell(value) for value in map(make().get, columns)]))
    return writer.done()


def _csv_cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return neutralise_formula("\n".join(value))
    if isinstance(value, str):
        return neutralise_formula(value)
    return "" if value is None else value


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection). The full-width
# forms are included: some spreadsheet programs take them as the ASCII ones.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise_formula(text: str) -> str:
    """text as a CSV cell no spreadsheet runs: with a leading apostrophe (as OWASP recommends) when it
    starts like a formula, even after spaces; the text itself stays as it was, readable."""
    return "'" + text if text.lstrip(" \u3000").startswith(_FORMULA_STARTS) else text
