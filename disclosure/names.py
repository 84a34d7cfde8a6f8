"""One rule for the names an editor gives: plan slugs, and file names (problem files, attachments).

A slug becomes a folder and part of every address of its plan, so it is plain lower-case ASCII. A
file name may be Chinese, but never holds a character that would split a message line, hide in a
terminal or turn text around (control, line-separator and bidirectional-override characters).
"""
from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
from .i18n import _
# Bidirectional controls: they make 'report\u202efdp.html' read as 'reportlmth.pdf'.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_slug(text: str) -> bool:
    """Whether text is a usable plan (or page) name: 'hengyang-2019'. (fullmatch: '$' would let 'abc\\n' by.)"""
    return isinstance(text, str) and _SLUG.fullmatch(text) is not None


def is_unsafe_character(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Zl", "Zp") or character in _BIDI


def slug_hint() -> str:
    return _("use lower-case letters, digits and '-', e.g. hengyang-2019")


def file_name_problem(name: str, shown: str | None = None) -> str | None:
    """What is wrong with a file (or folder) name an editor gave (shown: as the message writes it), or None."""
    shown = shown or repr(name)
    if not name or name in (".", ".."):
        return _("the file name {name} is not a file name", name=shown)
    if "/" in name or "\\" in name:
        return _("the file name {name} is not a single file name", name=shown)
    if any(is_unsafe_character(c) for c in name):
        return _("the file name {name} holds a control character (a line break, tab or direction mark)", name=shown)
    return None


def printable(text: str) -> str:
    """text with every unsafe character written as an escape (\\n, \\u202e): one line, read as it is."""
    if not any(is_unsafe_character(c) for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if is_unsafe_character(c) else c for c in text)


def resolves_inside(path: Path, root: Path) -> bool:
    """Whether path, with every symbolic link followed, is inside root (itself resolved)."""
    return root in Path(os.path.realpath(path)).parents
