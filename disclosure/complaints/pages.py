"""The complaint pages: which exist, at which path, from which template and data.

Made from the public batches (rule.public_batches). Each list is cut into pages of PAGE_SIZE rows,
so a 5,000-row batch is 50 light pages on a phone. A page's context holds only what it shows (its
rows, and its batch's own fields without the items): a rebuild after a re-import re-renders the
pages whose rows changed (incremental/fingerprint.py), not every page of the batch.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import urls
from ..outputs import Output
from .model import STATUS_LABELS, VERIFIED, Batch, Item, replace_item
from .rule import ComplaintRule
from .stats import grouped, handled_by_month, tally

PAGE_SIZE = 100
COLUMN = "信访举报"
KINDS = {"regions": ("region", "行政区域"), "types": ("pollution_type", "污染类型")}


def complaint_pages(batches: list[Batch], rule: ComplaintRule) -> Iterator[Output]:
    """Every complaint page, in a fixed order (none when the site has no batches)."""
    if not batches:
        return
    infos = {batch.slug: _info(batch) for batch in batches}
    tallies = {batch.slug: tally(batch.items, rule.is_published) for batch in batches}  # (each counted once)
    items = [item for batch in batches for item in batch.items]
    yield Output(urls.complaints_url(), "complaints.html", {
        "column": COLUMN, "batches": [(infos[b.slug], tallies[b.slug]) for b in batches],
        "regions": _group_links("regions", items), "types": _group_links("types", items),
        "total": tally(items, rule.is_published)})
    yield _stats_page(batches, items, rule, tallies)
    listed = _listed(batches, rule)
    for batch in batches:
        yield from _batch_pages(batch, infos[batch.slug], tallies[batch.slug], listed)
    for kind, (attribute, label) in KINDS.items():
        for name, members in grouped(items, attribute).items():
            yield from _list_pages(kind, name, label, members, infos, listed)
    for batch in batches:
        for item in batch.items:
            if rule.is_shown(item):
                yield item_page(infos[batch.slug], item, rule)


def item_page(batch: Batch, item: Item, rule: ComplaintRule) -> Output:
    """A shown item's page."""
    return Output(urls.complaint_item_url(item), "complaint_item.html", {
        "column": COLUMN, "batch": batch, "item": item, "published": rule.is_published(item),
        "status_label": STATUS_LABELS[item.status]})


def _listed(batches: list[Batch], rule: ComplaintRule) -> dict[int, tuple[Item, str | None]]:
    """Each item (by id) as a list shows it, with the address of its page (None: it has none yet). A
    list never shows results: without them, a changed result leaves the lists it is on as they were.
    One copy serves every list (the fingerprints digest it once)."""
    return {id(item): (replace_item(item, investigation="", handling="", accountability="", personal_data=()),
                       urls.complaint_item_url(item) if rule.is_shown(item) else None)
            for batch in batches for item in batch.items}


def _rows(items: list[Item], listed: dict) -> list[tuple[Item, str | None]]:
    return [listed[id(item)] for item in items]


def _info(batch: Batch) -> Batch:
    """A batch's own fields, without its items: what a page about one of its items needs."""
    return dataclasses.replace(batch, items=())


def _pages(items: list[Item]) -> list[list[Item]]:
    return [items[start:start + PAGE_SIZE] for start in range(0, len(items), PAGE_SIZE)] or [[]]


def _batch_pages(batch: Batch, info: Batch, counts, listed: dict) -> Iterator[Output]:
    pages = _pages(list(batch.items))
    for number, rows in enumerate(pages, start=1):
        context = {"column": COLUMN, "batch": info, "rows": _rows(rows, listed), "page": number, "pages": len(pages),
                   "page_urls": [urls.batch_url(batch.slug, n) for n in range(1, len(pages) + 1)],
                   "statuses": STATUS_LABELS, "verdicts": VERIFIED, "total": len(batch.items)}
        if number == 1:  # (counts on the first page only: a status change elsewhere leaves the others alone)
            context["tally"] = counts
        yield Output(urls.batch_url(batch.slug, number), "complaint_batch.html", context)


def _group_links(kind: str, items: list[Item]) -> list[tuple[str, str, int]]:
    attribute = KINDS[kind][0]
    return [(name, urls.complaint_group_url(kind, name), len(members))
            for name, members in grouped(items, attribute).items()]


def _list_pages(kind: str, name: str, label: str, items: list[Item], infos: dict,
                listed: dict) -> Iterator[Output]:
    pages = _pages(items)
    for number, rows in enumerate(pages, start=1):
        yield Output(urls.complaint_group_url(kind, name, number), "complaint_group.html", {
            "column": COLUMN, "label": label, "name": name, "rows": _rows(rows, listed), "page": number, "pages": len(pages),
            "page_urls": [urls.complaint_group_url(kind, name, n) for n in range(1, len(pages) + 1)],
            "batch_titles": {item.batch: infos[item.batch].title for item in rows}, "total": len(items),
            "statuses": STATUS_LABELS})


def _stats_page(batches: list[Batch], items: list[Item], rule: ComplaintRule, tallies: dict) -> Output:
    published = rule.is_published
    return Output(urls.complaint_stats_url(), "complaint_stats.html", {
        "column": COLUMN, "total": tally(items, published),
        "batches": [(b.title, tallies[b.slug]) for b in batches],
        "batch_labels": [(f"第{b.number}批" if b.number else b.title, tallies[b.slug]) for b in batches],
        "regions": [(name, tally(members, published)) for name, members in grouped(items, "region").items()],
        "types": [(name, tally(members, published)) for name, members in grouped(items, "pollution_type").items()],
        "months": handled_by_month(items, published)})
