"""Warnings a problem accepts on purpose: `accept: [{warning: CODE, reason: …}]` (接受: [{警告: …, 理由: …}]).

Every warning `check` gives has a stable code (shown in its message as [code]); a problem that
must keep what a warning points at accepts it with a reason, and `check` lists it instead of
warning, so `check --strict` passes on a real office's site."""
from __future__ import annotations

import re

from .errors import display_path
from .fields import FieldReader, canonical_keys
from .frontmatter import ReadError, decode_text, split_front_matter
from .frozen import frozen
from .i18n import _
from .subkeys import canonical_sub_keys

# The code of each warning check.py gives, and what it is about.
WARNING_CODES = {
    "record-empty": "a done problem's record (办理情况) is empty",
    "deadline-unread": "a deadline that seems to name a date cannot be read as one",
    "deadline-change-unread": "a changed deadline cannot be read as a date",
    "date-after-completion": "the record mentions a date after the completion date",
    "image-not-in-photos": "the record shows an image that is not in photos",
    "invisible-character": "Word's invisible characters, cleaned from the published text",
    "public-data": "a value published on purpose (public_data)",
}
_CODE = re.compile(r"^\[([a-z-]+)\] ")


@frozen
class Accepted:
    """One warning a problem accepts, why, and the line of the entry."""

    code: str
    reason: str
    line: int


def coded(code: str, message: str) -> str:
    """A warning's message with its code in front: '[deadline-unread] …'."""
    assert code in WARNING_CODES, code
    return f"[{code}] {message}"


def code_of(message: str) -> str | None:
    found = _CODE.match(message)
    return found.group(1) if found else None


def read_accepts(reader) -> tuple[Accepted, ...]:
    """The accept entries of one file (reader: fields.FieldReader, sub-keys already in English)."""
    value = reader.item_list("accept", _("must be a list of '- warning: CODE' / 'reason: …' items"))
    found = []
    for index, item in enumerate(value):
        line = reader.doc.line_of("accept", index)
        if not isinstance(item, dict):
            reader.fail("accept", _("item {number} needs 'warning' and 'reason'", number=index + 1), index)
            continue
        code, reason = item.get("warning"), item.get("reason")
        if not isinstance(code, str) or code.strip() not in WARNING_CODES:
            reader.fail("accept", _("item {number}: '{code}' is not a warning code", number=index + 1, code=code),
                        index, "warning", hint=_("use one of {codes}", codes=", ".join(WARNING_CODES)))
            continue
        if not isinstance(reason, str) or not reason.strip():
            reader.fail("accept", _("item {number} has no 'reason'", number=index + 1), index,
                        hint=_("say why the warning is accepted (reason: … / 理由: …)"))
            continue
        found.append(Accepted(code.strip(), reason.strip(), line))
    return tuple(found)


def accepts_of(path) -> tuple[Accepted, ...]:
    """The accept entries of one problem file, read again from disk (a file that built reads cleanly)."""
    shown, problems = display_path(path), []
    try:
        text = decode_text(path.read_bytes(), shown)  # (UTF-8, GBK or UTF-16, as the build read it)
        if "accept" not in text and "接受" not in text:
            return ()  # (most files accept nothing: not parsed again)
        doc = split_front_matter(text, shown)
    except (OSError, ReadError):
        return ()
    canonical_keys(shown, doc, problems)
    if "accept" not in doc.meta:
        return ()
    canonical_sub_keys(shown, doc, problems)
    return read_accepts(FieldReader(shown, doc, problems))


def split_accepted(content, warnings: list) -> tuple[list, list[str]]:
    """The warnings no problem accepts, and a line for each accept entry (path:line: [code] reason)."""
    accepted, lines = set(), []
    for plan in content.plans:
        for issue in plan.issues:
            shown = display_path(issue.source_path)
            for entry in accepts_of(issue.source_path):
                accepted.add((shown, entry.code))
                lines.append(_("{where}: accepted [{code}]: {reason}", where=f"{shown}:{entry.line}",
                               code=entry.code, reason=entry.reason))
    kept = [w for w in warnings if (w.path, code_of(w.message)) not in accepted]
    return kept, lines
