"""Where each kind of page lives in the output. One place, so links and files always agree."""
from __future__ import annotations

import hashlib
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
