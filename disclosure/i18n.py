"""The language of everything an editor reads: Chinese, unless `--lang en` or DISCLOSURE_LANG=en.

Code writes each message once, in English, through `_()`; its Chinese is in the catalogue
disclosure/locale/zh/LC_MESSAGES/disclosure.po, read with Babel. Placeholders are named:
    _("'{key}' is not a plan field", key=key)
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
CATALOGUES = Path(__file__).parent / "locale"
_chosen: str | None = None


def set_language(code: str | None) -> None:
    """Use this language from now on (None: the environment's DISCLOSURE_LANG, else Chinese)."""
    global _chosen
    _chosen = code


def language() -> str:
    if _chosen:
        return _chosen
    return "en" if os.environ.get("DISCLOSURE_LANG", "").lower().startswith("en") else "zh"


@cache
def catalogue(code: str) -> dict[str, str]:
    """English message → its translation, for one language (empty for English)."""
    path = CATALOGUES / code / "LC_MESSAGES" / "disclosure.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as file:
        messages = read_po(file)
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def _(message: str, **values) -> str:
    """The message in the current language, its {placeholders} filled in."""
    text = catalogue(language()).get(message, message)
    return text.format(**values) if values else text
