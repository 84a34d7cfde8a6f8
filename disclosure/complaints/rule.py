"""The publication rule for complaint items: the ONE place that decides what of an item is public.

An item's results (调查核实情况, 处理和整改情况, 责任人被处理情况) are public once it is 已办结 (or
阶段性办结, when site_config.yaml says complaint_publish_interim: true) and its publication date (its
own published_on, else its batch's) is not after the build date. Before that only what
complaint_listed_fields allows is listed (by default its 受理编号, 交办时间, 行政区域, 污染类型 and
summary), with its 序号; its status reads 未办结 unless status is listed. Everything else (pages,
statistics, search, data files) is made from public_batches' result and asks this module.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from .model import DEFAULT_LISTED, DONE, INTERIM, OPEN, Batch, Item, replace_item


@dataclass(frozen=True)
class ComplaintRule:
    """What the public may see of complaint items on one build date."""

    today: date
    publish_interim: bool = False  # 阶段性办结 items are published like 已办结 ones
    listed_fields: tuple[str, ...] = DEFAULT_LISTED  # what an unpublished item shows
    preview: bool = False  # editors' preview: everything shown

    def is_handled(self, item: Item) -> bool:
        """True when the item is handled far enough to be published (once its publication date comes)."""
        return item.status == DONE or (item.status == INTERIM and self.publish_interim)

    def is_published(self, item: Item) -> bool:
        """True when the item's results are public."""
        return self.is_handled(item) and item.published_on is not None and item.published_on <= self.today

    def is_shown(self, item: Item) -> bool:
        """True when the item's results are rendered: published, or an editors' preview."""
        return self.preview or self.is_published(item)

    def public(self, item: Item) -> Item:
        """The item as the public may see it: a shown item whole; any other without its results, its
        publication date, and each field not listed (status open, 是否属实 empty, …)."""
        if self.is_shown(item):
            return item
        listed = self.listed_fields
        kept = {key: getattr(item, key) if key in listed else blank
                for key, blank in (("case_number", ""), ("received_on", None), ("region", ""),
                                   ("pollution_type", ""), ("summary", ""), ("verified", ""))}
        return replace_item(item, investigation="", handling="", accountability="", published_on=None,
                                   status=item.status if "status" in listed else OPEN,
                                   personal_data=tuple(f for f in item.personal_data
                                                       if not f.with_record and f.field in listed), **kept)

    def public_batches(self, batches: list[Batch]) -> list[Batch]:
        """Every batch with each item as public() leaves it: what the pages and data files are made from."""
        if self.preview:
            return batches
        return [dataclasses.replace(batch, items=tuple(map(self.public, batch.items))) for batch in batches]
