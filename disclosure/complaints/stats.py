"""Counts of public complaint items: per batch, region and pollution type, and handled per month.

Made from the items rule.public_batches leaves, so an unpublished item counts as 未办结 with no
verdict or 问责 (unless the site lists those): a statistic never tells more than the list does.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import DONE, INTERIM, TRUE_VERDICTS, Item

# What an 问责 column says when nobody was held accountable.
_NO_ACCOUNTABILITY = frozenset({"", "无", "/", "-", "—", "不涉及", "暂无", "无问责", "未问责"})
UNKNOWN = "未注明"


@dataclass(frozen=True)
class Tally:
    total: int = 0
    published: int = 0
    done: int = 0
    interim: int = 0
    true: int = 0  # 属实, 基本属实 or 部分属实
    judged: int = 0  # with a public 是否属实
    accountable: int = 0  # published with someone held accountable

    @property
    def open(self) -> int:
        return self.total - self.done - self.interim

    @property
    def true_percent(self) -> int:
        """The 属实 rate, in whole percent of the items judged."""
        return round(100 * self.true / self.judged) if self.judged else 0

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def tally(items: Iterable[Item], is_published) -> Tally:
    counts = defaultdict(int)
    for item in items:
        published = is_published(item)
        counts["total"] += 1
        counts["published"] += published
        counts["done"] += item.status == DONE
        counts["interim"] += item.status == INTERIM
        counts["judged"] += bool(item.verified)
        counts["true"] += item.verified in TRUE_VERDICTS
        counts["accountable"] += published and item.accountability.strip() not in _NO_ACCOUNTABILITY
    return Tally(**counts)


def grouped(items: Iterable[Item], attribute: str) -> dict[str, list[Item]]:
    """Items by the value of one attribute (region, pollution_type), values sorted; empty as 未注明."""
    found = defaultdict(list)
    for item in items:
        found[getattr(item, attribute) or UNKNOWN].append(item)
    return dict(sorted(found.items()))


def handled_by_month(items: Iterable[Item], is_published) -> list[tuple[str, int]]:
    """(YYYY-MM, items published that month) from the first month to the last, gaps as 0."""
    months = defaultdict(int)
    for item in items:
        if is_published(item):
            months[item.published_on.strftime("%Y-%m")] += 1
    if not months:
        return []
    first, last = min(months), max(months)
    year, month, found = int(first[:4]), int(first[5:]), []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        found.append((key, months.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found
