"""Links a government site's pages carry: tap-to-call numbers and the 公安 record's registry entry.

Registered as template helpers in templating.py; nothing here decides what is public.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

_NUMBER = re.compile(r"\+?\d[\d-]{2,}\d")  # 0734-0000000, 12345, +86-731-1234567
_POLICE_CODE = re.compile(r"\d{10,}")


def phone_link(text: str) -> Markup:
    """A phone number as written ('0734-0000000（示例）'), its number a tel: link to tap on a phone."""
    found = _NUMBER.search(text or "")
    if found is None:
        return escape(text)
    return Markup('{}<a href="tel:{}">{}</a>{}').format(text[:found.start()], found.group().replace("-", ""),
                                                        found.group(), text[found.end():])


def police_record_url(record: str) -> str:
    """The registry's page of a 公安机关备案号 (湘公网安备43040000000000号), or the registry's home."""
    found = _POLICE_CODE.search(record or "")
    base = "https://beian.mps.gov.cn/#/query/webSearch"
    return f"{base}?code={found.group()}" if found else base
