"""Where each kind of page lives in the output. One place, so links and files always agree."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit


def plan_url(plan_slug: str) -> str:
    return f"plans/{plan_slug}/index.html"


def issue_url(issue) -> str:
    return f"plans/{issue.plan}/issues/{issue.number}.html"


def attachment_url(issue, attachment) -> str:
    return f"plans/{issue.plan}/issues/{issue.number}/{attachment.name}"


def category_url(plan_slug: str, number: int) -> str:
    return f"plans/{plan_slug}/categories/{number}.html"


def status_url(plan_slug: str, key: str) -> str:
    """A plan's static page of the problems in one phase (or 'done': the three phases after it)."""
    return f"plans/{plan_slug}/status/{key.replace(' ', '-')}.html"


def leader_url(name: str) -> str:
    # Names are Chinese; a short stable hash keeps URLs plain ASCII on every server and file system.
    return f"leaders/{hashlib.sha1(name.encode('utf-8')).hexdigest()[:10]}.html"


def unit_url(name: str) -> str:
    return f"units/{hashlib.sha1(name.encode('utf-8')).hexdigest()[:10]}.html"


def page_url(slug: str) -> str:
    return f"pages/{slug}.html"


def absolute(base_url: str, path: str) -> str:
    """An absolute URL when the site's base URL is configured, else the site-relative path."""
    return base_url + path if base_url else path


def root_path(base_url: str) -> str:
    """The path the site is served under ("/gongkai/"), from its base URL; "" when none is configured."""
    return urlsplit(base_url).path.rstrip("/") + "/" if base_url else ""


# Complaint batches (complaints/): the batches, each batch's pages, an item's page, and the pages
# across batches per region and pollution type.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def complaints_url() -> str:
    return "complaints/index.html"


def complaint_stats_url() -> str:
    return "complaints/stats.html"


def batch_url(slug: str, page: int = 1) -> str:
    return f"complaints/{slug}/index.html" if page == 1 else f"complaints/{slug}/page-{page}.html"


def complaint_item_url(item) -> str:
    # (A 受理编号 is plain ASCII as offices write it; any other key is hashed like a leader's name.)
    key = item.key if _PLAIN_KEY.fullmatch(item.key) else hashlib.sha1(item.key.encode("utf-8")).hexdigest()[:12]
    return f"complaints/{item.batch}/items/{key}.html"


def complaint_group_url(kind: str, name: str, page: int = 1) -> str:
    """A region's or a pollution type's page (kind: regions | types)."""
    stem = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return f"complaints/{kind}/{stem}.html" if page == 1 else f"complaints/{kind}/{stem}-{page}.html"
