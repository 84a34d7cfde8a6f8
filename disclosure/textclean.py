"""Text pasted from Word, cleaned for publishing: invisible and control characters out, line breaks kept.

Word pastes its manual line break as U+000B (invalid in XML: it broke feed.xml), and zero-width
spaces, soft hyphens, no-break and full-width spaces that readers cannot see but search, copy and
XML do. The model holds the cleaned text; the source files are left as the editor wrote them, and
`check` lists what was cleaned (find_invisible).
"""
from __future__ import annotations

import re
import unicodedata

from .i18n import N_, _

# What each character becomes in published text.
_LINE_BREAKS = {0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"}
_REMOVED = {0x200B: "", 0x200C: "", 0x200D: "", 0x2060: "", 0xFEFF: "", 0xAD: "", 0xFFFE: "", 0xFFFF: ""}
_SPACES = {0xA0: " ", 0x3000: " ", 0x202F: " ", 0x2007: " "}
# (Lone surrogates: a YAML escape such as "\ud800" makes one; no file can encode it.)
_TABLE = {**{code: "" for code in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0),
                                   *range(0xD800, 0xE000))},
          **_LINE_BREAKS, **_REMOVED, **_SPACES}
_NAMES = {0x0B: N_("Word manual line break"), 0x200B: N_("zero-width space"), 0xAD: N_("soft hyphen"),
          0xA0: N_("no-break space"), 0x3000: N_("full-width space"), 0xFEFF: N_("zero-width no-break space")}
_FOUND = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE) if code not in (0x09, 0x0A, 0x0D))
                    + "]")
# Full-width spaces opening a line are Word's first-line indent (首行缩进): dropped, not made spaces
# (four would turn the paragraph into a Markdown code block).
_INDENT = re.compile(r"^ *[\u3000\u00a0][\u3000\u00a0 ]*", re.MULTILINE)


def clean_text(text: str) -> str:
    """The text as it is published: invisible characters removed, Word line breaks as newlines."""
    if not _FOUND.search(text):
        return text
    return _INDENT.sub("", text).translate(_TABLE)


def clean_meta(value):
    """clean_text over every text of a front-matter value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_meta(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_meta(item) for key, item in value.items()}
    return value


def yaml_safe(text: str) -> str:
    """Front-matter text YAML can read: each control character YAML refuses (U+000B...) as a space,
    one for one, so that line numbers stay those of the file."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]", " ", text).replace("\x85", " ")


def find_invisible(text: str) -> list[tuple[int, str, int]]:
    """(line, name of the character, how many on that line) for each kind cleaned on each line."""
    found: dict[tuple[int, str], int] = {}
    for match in _FOUND.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        code = ord(match.group())
        known = _NAMES.get(code)
        described = _(known) if known else unicodedata.name(match.group(), "") or _("control character")
        name = f"{described} (U+{code:04X})"
        found[line, name] = found.get((line, name), 0) + 1
    return sorted((line, name, count) for (line, name), count in found.items())
