"""`status` for complaint batches: per batch the items by state (已办结, 阶段性办结, 未办结) and
published, the items not yet 已办结 per 行政区域, and the items handled but not yet published (their
publication date to come, or none given). Judged on the build date with the site's rule
(complaints/rule.py); only numbers, 序号, 受理编号 and regions are shown, never an item's texts.
"""
from __future__ import annotations

from datetime import date

from .complaints.model import DONE, OPEN, Batch
from .complaints.rule import ComplaintRule
from .complaints.stats import UNKNOWN, grouped, tally
from .i18n import _
from .status_groups import Section


def complaint_sections(batches: list[Batch], rule: ComplaintRule) -> list[Section]:
    """The complaint tables of the status report (none when the site has no batches)."""
    if not batches:
        return []
    return [_batch_section(batches, rule), _region_section(batches), _waiting_section(batches, rule)]


def _counts(items, rule: ComplaintRule) -> tuple[str, ...]:
    counts = tally(items, rule.is_published)
    return tuple(map(str, (counts.total, counts.done, counts.interim, counts.open, counts.published)))


def _batch_section(batches: list[Batch], rule: ComplaintRule) -> Section:
    rows = [(f"{batch.title} ({batch.slug})", *_counts(batch.items, rule)) for batch in batches]
    rows.append((_("total"), *_counts([item for batch in batches for item in batch.items], rule)))
    columns = (_("complaint batch"), _("items"), _("handled"), _("handled for now"), _("not handled"), _("published"))
    return Section(_("Complaint batches"), _("Complaint batches by state"), columns, tuple(rows), 1)


def _region_section(batches: list[Batch]) -> Section:
    """Regions with items not 已办结, the most 未办结 first."""
    items = [item for batch in batches for item in batch.items if item.status != DONE]
    rows = []
    for region, members in grouped(items, "region").items():
        open_items = sum(item.status == OPEN for item in members)
        rows.append((_("(not given)") if region == UNKNOWN else region, str(open_items), str(len(members) - open_items)))
    rows.sort(key=lambda row: (-int(row[1]), -int(row[2]), row[0]))
    return Section(_("Open complaints by region"), _("Complaint items not handled, by region ({count})", count=len(items)),
                   (_("region"), _("not handled"), _("handled for now")), tuple(rows), 1)


def _waiting_section(batches: list[Batch], rule: ComplaintRule) -> Section:
    """Items handled (已办结, or 阶段性办结 where the site publishes those) whose results are not public yet."""
    waiting = sorted((item for batch in batches for item in batch.items
                      if rule.is_handled(item) and not rule.is_published(item)),
                     key=lambda item: (item.published_on or date.max, item.batch, item.seq))
    rows = tuple((item.batch, str(item.seq), item.case_number or "—", item.region or "—",
                  item.published_on.isoformat() if item.published_on else _("not set")) for item in waiting)
    return Section(_("Complaints to publish"), _("Complaint items handled, waiting for publication ({count})",
                                                 count=len(rows)),
                   (_("complaint batch"), _("no."), _("case number"), _("region"), _("published on")), rows)
