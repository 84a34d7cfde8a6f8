"""data/issues.json and data/issues.csv: one row per listed problem; records only once published."""
from __future__ import annotations

import csv
import io
import json

from .. import urls
from ..publishing import Publication

COLUMNS = ["plan", "number", "category", "problem", "goal", "measures", "deadline", "deadline_date",
           "responsible", "supervising", "leader", "status", "overdue", "published",
           "completed_on", "published_on", "url", "record"]
_PUBLISHED_ONLY = ("completed_on", "published_on", "url", "record")


def issue_rows(content, publication: Publication, base_url: str) -> list[dict]:
    """The rows, sorted by plan and number; unpublished rows carry only the plan's own fields."""
    rows = []
    for plan in sorted(content.plans, key=lambda p: p.slug):
        for issue in publication.listed(plan):
            row = {
                "plan": plan.slug, "number": issue.number, "category": issue.category,
                "problem": issue.problem, "goal": issue.goal, "measures": list(issue.measures),
                "deadline": issue.deadline.text,
                "deadline_date": issue.deadline.date.isoformat() if issue.deadline.date else None,
                "responsible": issue.responsible, "supervising": issue.supervising, "leader": issue.leader,
                "status": issue.status, "overdue": publication.is_overdue(issue),
                "published": publication.is_published(issue),
            }
            if publication.is_shown(issue):
                row.update(completed_on=issue.completed_on.isoformat() if issue.completed_on else None,
                           published_on=issue.published_on.isoformat() if issue.published_on else None,
                           url=urls.absolute(base_url, urls.issue_url(issue)), record=issue.record)
            rows.append(row)
    return rows


def render_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_csv(rows: list[dict]) -> bytes:
    """CSV with a UTF-8 BOM so Excel opens the Chinese text correctly; measures joined by newlines."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = {key: row.get(key) for key in COLUMNS}
        cells["measures"] = "\n".join(row["measures"])
        for key, value in cells.items():
            if isinstance(value, bool):
                cells[key] = "true" if value else "false"
            elif value is None:
                cells[key] = ""
        writer.writerow(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
