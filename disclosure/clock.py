"""The build date: today in the site's time zone (site_config.yaml `timezone`), not the machine's.

A runner in UTC would otherwise publish a problem scheduled for tomorrow in China a day early, or
one due today a day late. Only the date is taken from the clock, and only when --today is not given.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "Asia/Shanghai"


def is_time_zone(name: str) -> bool:
    """Whether name is a time zone this machine knows (an IANA name such as Asia/Shanghai)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def site_today(config_path: Path) -> date:
    """Today's date in the site's time zone (the default zone when the config cannot be read: the
    build then reports why)."""
    from .config import load_config
    from .errors import ContentError

    try:
        zone = load_config(config_path).timezone
    except ContentError:
        zone = DEFAULT_TIME_ZONE
    return datetime.now(timezone.utc).astimezone(ZoneInfo(zone)).date()
