"""feed.xml: an Atom feed of the newest published records in full, notices opened and 销号 (a feed is for news)."""
from __future__ import annotations

from datetime import date

from ..lifecycle import events
from . import Output

# The newest records; the data files hold all.
FEED_ENTRIES = 50


def feed_output(published, updated: date, plans, publication) -> Output:
    """The feed of the newest steps of published problems: records, notices opened, 销号 (lifecycle.events)."""
    entries = events(published, publication.today, publication.notice)[:FEED_ENTRIES]
    shown = list({id(event.issue): event.issue for event in entries}.values())  # (what the feed reads)
    return Output("feed.xml", "feed.xml", {"published": shown, "events": entries, "updated": updated, "plans": plans})


def last_updated(published, today: date) -> date:
    """The date of the newest change the public can see (a 销号 included)."""
    closed = (i.lifecycle.closed_on for i in published if i.lifecycle.closed_on and i.lifecycle.closed_on <= today)
    return max((*(i.updated_on or i.published_on or today for i in published), *closed), default=today)
