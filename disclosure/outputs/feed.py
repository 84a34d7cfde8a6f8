"""feed.xml: an Atom feed of the newest published records, in full (a feed is for news)."""
from __future__ import annotations

from datetime import date

from . import Output

# The newest records; the data files hold all.
FEED_ENTRIES = 50


def feed_output(published, updated: date, plans) -> Output:
    """The feed of the newest published problems (published: newest first)."""
    return Output("feed.xml", "feed.xml", {"published": published[:FEED_ENTRIES], "updated": updated, "plans": plans})


def last_updated(published, today: date) -> date:
    """The date of the newest change the public can see (a 销号 included)."""
    closed = (i.lifecycle.closed_on for i in published if i.lifecycle.closed_on and i.lifecycle.closed_on <= today)
    return max((*(i.updated_on or i.published_on or today for i in published), *closed), default=today)
