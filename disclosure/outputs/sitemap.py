"""sitemap.xml: every public page, for search engines.

One file holds at most MAX_URLS addresses and MAX_BYTES bytes (sitemaps.org). When the site's pages
fit, sitemap.xml lists them; when not, sitemap.xml is a sitemap index naming sitemap-1.xml, … each
within the limits (robots.txt names sitemap.xml either way). A file an earlier build wrote and this
one does not (a sitemap-N.xml of a larger site) is removed with the rest of the old site (staging.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from markupsafe import escape

from .. import urls
from . import Output

MAX_URLS = 50_000  # per sitemap file (sitemaps.org)
MAX_BYTES = 50 * 1024 * 1024  # per sitemap file, uncompressed (sitemaps.org)
# Bytes of a file's XML around its entries, and of an entry around its address (a date included).
_FILE_BYTES = 200
_ENTRY_BYTES = 64

Entry = tuple[str, "date | None"]  # (site path, last modified)


def sitemap_outputs(published, today: date, plans, unpublished=(), complaints: Iterable[Entry] = (),
                    base_url: str = "") -> list[Output]:
    """The sitemap files. today: the build date (the home and plan pages carry it); published: the
    shown problems (dated by their last change); unpublished: the other listed problems, whose pages
    show their plan fields (undated: nothing of theirs has a public date); complaints: the complaint
    pages (complaint_entries); base_url: the site's, which each address starts with."""
    entries: list[Entry] = [("index.html", today), *((urls.plan_url(plan.slug), today) for plan in plans),
                            *((urls.issue_url(issue), issue.updated_on or issue.published_on) for issue in published),
                            *((urls.issue_url(issue), None) for issue in unpublished), *complaints,
                            ("sitemap.html", None)]
    files = list(_split(entries, base_url))
    if len(files) == 1:
        return [Output("sitemap.xml", "sitemap.xml", {"entries": files[0]})]
    names = [f"sitemap-{number}.xml" for number in range(1, len(files) + 1)]
    return [Output("sitemap.xml", "sitemap_index.xml", {"sitemaps": names}),
            *(Output(name, "sitemap.xml", {"entries": entries}) for name, entries in zip(names, files))]


def complaint_entries(pages: Iterable[Output], is_published) -> Iterator[Entry]:
    """The complaint pages among pages: every list, and each published item's page, dated by its
    publication (an editors' preview renders unpublished items' pages too: never listed here)."""
    for page in pages:
        if page.template is None:
            continue
        item = page.context.get("item")
        if item is None:
            yield page.path, None
        elif is_published(item):
            yield page.path, item.published_on


def _split(entries: list[Entry], base_url: str) -> Iterator[list[Entry]]:
    """The entries in files of at most MAX_URLS entries and MAX_BYTES bytes, in their order."""
    prefix = len(str(escape(base_url)).encode("utf-8")) + _ENTRY_BYTES
    current: list[Entry] = []
    size = _FILE_BYTES
    for entry in entries:
        length = prefix + len(str(escape(entry[0])).encode("utf-8"))
        if current and (len(current) >= MAX_URLS or size + length > MAX_BYTES):
            yield current
            current, size = [], _FILE_BYTES
        current.append(entry)
        size += length
    yield current
