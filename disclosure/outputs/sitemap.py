"""sitemap.xml: every public page, for search engines."""
from __future__ import annotations

from datetime import date

from . import Output


def sitemap_output(published, updated: date, plans) -> Output:
    return Output("sitemap.xml", "sitemap.xml", {"published": published, "updated": updated, "plans": plans})
