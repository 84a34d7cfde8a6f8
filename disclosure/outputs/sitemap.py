"""sitemap.xml: every public page, for search engines."""
from __future__ import annotations

from datetime import date

from . import Output


def sitemap_output(published, updated: date, plans, unpublished=()) -> Output:
    """published: the shown problems (dated by their last change); unpublished: the other listed
    problems, whose pages show their plan fields (undated: nothing of theirs has a public date)."""
    return Output("sitemap.xml", "sitemap.xml", {"published": published, "updated": updated, "plans": plans,
                                                 "unpublished": unpublished})
