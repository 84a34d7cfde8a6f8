"""robots.txt: everything may be crawled; it names the sitemap when the site's address is known."""
from __future__ import annotations

from datetime import date

from . import Output


def robots_output(updated: date, plans) -> Output:
    return Output("robots.txt", "robots.txt", {"published": (), "updated": updated, "plans": plans})
