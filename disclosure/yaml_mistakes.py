"""The YAML mistakes a Chinese keyboard makes, each explained on its own line with what to type instead.

PyYAML's messages ('while scanning a simple key, could not find expected ':'') name the line where
its reader gave up, often the one after the mistake or the start of the whole list. So the text is
looked at here: before parsing, for the mistakes PyYAML accepts silently as text (a list item
started with a full-width dash, an item written after 'measures:' followed by '- ' lines); after
PyYAML fails, for the mistakes on and around the line it names (full-width colon, no space after
':', tabs, a full-width space, a colon inside unquoted text, misaligned items, an unclosed quote).
Each finder returns (line, message, hint) or None, the line counted from first_line (the file's line
of the text's first line).
"""
from __future__ import annotations

import re
from functools import cache

import yaml

from .i18n import _

# 'key: value' (or '- key: value') as an editor writes it: the indent, an item's dash, the key, the rest.
_KEY_LINE = re.compile(r"^([ \t]*)(-[ \t]+)?([^\s:#'\"\-][^:#]*?):(?:[ \t]+(.*))?$")
_FULL_WIDTH_DASH = re.compile(r"^([ \t\u3000]*)([－—–])[ \t\u3000]*(\S.*)$")
_FULL_WIDTH_SPACE_ITEM = re.compile(r"^([ \t]*\u3000[ \t\u3000]*)([-－—–])[ \t\u3000]*(\S.*)$")
# A list item's line, and a key with its value on the same line (not a '- ' item, a block or a flow).
_ITEM_START = re.compile(r"\n([ \t]*)- ")
_KEY_WITH_VALUE = re.compile(r"([ \t]*)(?!-)([^\s:#][^:\n]*):[ \t]+([^\s|>\[{'\"&*!#][^\n]*)")
Found = tuple[int, str, str]


@cache
def known_names() -> frozenset[str]:
    """Every key and Chinese label a content or settings file may hold, at any level."""
    from .model import ISSUE_KEYS, KEY_BY_ALIAS
    from .subkeys import SUB_KEY_NAMES

    return frozenset(ISSUE_KEYS) | frozenset(KEY_BY_ALIAS) | SUB_KEY_NAMES | {
        "title", "office", "issued_on", "document_number", "source_url", "summary", "categories"}


def find_silent_mistake(text: str, first_line: int) -> Found | None:
    """A mistake PyYAML would read as ordinary text: the first one, or None."""
    found = _inline_list(text)
    if "－" in text or "—" in text or "–" in text or "\u3000" in text:
        found += _dash_mistakes(text.split("\n"))
    if not found:
        return None
    line, message, hint = min(found)
    return line + first_line, message, hint


def _inline_list(text: str) -> list[Found]:
    """A key with a value on its line, then '- ' items at its indent or deeper: a list begun inline."""
    for item in _ITEM_START.finditer(text):
        start = text.rfind("\n", 0, item.start()) + 1
        key = _KEY_WITH_VALUE.fullmatch(text, start, item.start())
        if key and len(key.group(1)) <= len(item.group(1)):
            return [(text.count("\n", 0, start), _(
                "the first item of '{key}' is written after its colon, and '- ' items follow", key=key.group(2).strip()),
                _("move it to a line of its own: - {value}", value=key.group(3).strip()))]
    return []


def _dash_mistakes(lines: list[str]) -> list[Found]:
    """List items started with a full-width dash, or indented with a full-width space."""
    for number, line in enumerate(lines):
        spaced = _FULL_WIDTH_SPACE_ITEM.match(line)
        if spaced:
            fixed = " " * len(spaced.group(1).replace("\u3000", "  ")) + "- " + spaced.group(3)
            return [(number, _("a full-width space (全角空格) starts this list item"),
                     _("indent with half-width spaces: {fixed}", fixed=fixed.strip()))]
        if line.startswith("\u3000") and _KEY_LINE.match(line.lstrip(" \t\u3000")):
            return [(number, _("a full-width space (全角空格) starts the line"),
                     _("indent with half-width spaces: {fixed}", fixed=line.strip(" \t\u3000")))]
        dashed = _FULL_WIDTH_DASH.match(line)
        if dashed and _opens_list(lines, number):
            return [(number, _("the list item starts with the full-width dash '{dash}'", dash=dashed.group(2)),
                     _("start each item with a half-width '-' and a space: - {text}", text=dashed.group(3)))]
    return []


def _opens_list(lines: list[str], number: int) -> bool:
    """Whether the line comes where a list item would: under a key left empty, or after another item."""
    for line in reversed(lines[:number]):
        if not line.strip():
            continue
        key = _KEY_LINE.match(line)
        return bool(key and not key.group(4)) or bool(_FULL_WIDTH_DASH.match(line))
    return False


def explain_error(text: str, error: yaml.MarkedYAMLError, names: frozenset[str], first_line: int) -> Found | None:
    """The mistake behind PyYAML's error, on its own line; None when it is none of the known ones.

    names: the keys and labels the file may hold (a full-width colon is recognised after them)."""
    found = _explain(text, error, names, first_line)
    return None if found is None else (found[0] + first_line, found[1], found[2])


def _explain(text: str, error: yaml.MarkedYAMLError, names: frozenset[str], first_line: int) -> Found | None:
    if error.problem_mark is None:
        return None
    lines = text.split("\n")
    problem = min(error.problem_mark.line, len(lines) - 1)
    context = min(error.context_mark.line, len(lines) - 1) if error.context_mark else problem
    if error.context and "quoted scalar" in error.context:
        return _unclosed_quote(lines, context)
    # The line PyYAML names and the one above (a key's mistake is found on the line after it), and
    # where a simple key began; never the whole collection a 'block end' context points back to.
    simple_key = bool(error.context and "simple key" in error.context)
    for number in sorted({max(problem - 1, 0), problem, *([context] if simple_key else [])}):
        found = _line_mistake(lines[number], number, names)
        if found:
            return found
    if "mapping values are not allowed" in (error.problem or ""):
        return (_misaligned(lines, problem, True, first_line) or _colon_in_text(lines[problem], problem))
    if "expected <block end>" in (error.problem or ""):
        return _misaligned(lines, problem, False, first_line)
    return None


def _line_mistake(line: str, number: int, names: frozenset[str]) -> Found | None:
    """Tabs, a full-width space before a field, a full-width colon after a key, no space after ':'."""
    indent = line[:len(line) - len(line.lstrip(" \t\u3000"))]
    if "\t" in indent:
        return number, _("a tab (Tab key) in the indentation"), _("indent with spaces only, two for each level")
    if "\t" in line and not re.search("[\"'][^\t]*\t", line):  # (a tab inside quotes is text)
        return number, _("a tab (Tab key) in the text"), _("replace it with a space")
    if "\u3000" in indent:
        fixed = line.replace("\u3000", "  ", indent.count("\u3000")).strip()
        return number, _("a full-width space (全角空格) starts the line"), _(
            "indent with half-width spaces: {fixed}", fixed=fixed)
    colon = re.match(r"^[ \t]*(?:-[ \t]+)?([^\s:：#'\"]{1,16}?)[ \t]*：[ \t]*(.*)$", line)
    if colon and (colon.group(1) in names or not indent) and ": " not in line:
        key, value = colon.group(1), colon.group(2)
        return number, _("a full-width colon '：' after '{key}'", key=key), _(
            "type a half-width colon and a space: {fixed}", fixed=f"{key}: {value}".rstrip())
    tight = re.match(r"^[ \t]*(?:-[ \t]+)?([^\s:#'\"\-][^\s:#'\"]{0,30}):([^\s/:][^\n]*)$", line)
    if tight:
        return number, _("no space after the colon of '{key}'", key=tight.group(1)), _(
            "type a space after the colon: {fixed}", fixed=f"{tight.group(1)}: {tight.group(2)}")
    return None


def _unclosed_quote(lines: list[str], number: int) -> Found | None:
    key = _KEY_LINE.match(lines[number])
    value = (key.group(4) or "") if key else lines[number].strip()
    quote = next((char for char in value if char in "\"'"), None)
    if quote is None:
        return None
    return number, _("the quote {quote} opened here is never closed", quote=quote), _(
        "type the same {quote} at the end of the text, or delete it", quote=quote)


def _colon_in_text(line: str, number: int) -> Found | None:
    key = _KEY_LINE.match(line)
    if not key or not key.group(4) or ":" not in key.group(4):
        return None
    fixed = f"{key.group(3)}: {key.group(4).replace(': ', '：')}"
    return number, _("the text of '{key}' holds a colon and a space, which YAML reads as a new field",
                     key=key.group(3)), _("use the full-width colon '：' in the text, or put the text in quotes: {fixed}",
                                          fixed=fixed)


def _column(match: re.Match) -> int:
    """Where a key line's key starts (after an item's '- ')."""
    return len(match.group(1)) + len(match.group(2) or "")


def _misaligned(lines: list[str], number: int, deeper_only: bool, first_line: int) -> Found | None:
    """A field or list item not lined up with the one it belongs with, named by its line."""
    line = lines[number]
    own = _KEY_LINE.match(line)
    above = next((n for n in range(number - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), None)
    if above is None:
        return None
    sibling = _KEY_LINE.match(lines[above])
    if own and not own.group(2) and sibling:
        column, wanted = _column(own), _column(sibling)
        if column != wanted and (column > wanted or not deeper_only):
            names = {"key": own.group(3).strip(), "sibling": sibling.group(3).strip()}
            hint = (_("put {count} spaces before '{key}', as before '{sibling}'", count=wanted, **names) if wanted
                    else _("start '{key}' at the beginning of the line, as '{sibling}'", **names))
            return number, _("'{key}' is not lined up with '{sibling}' on line {line}", line=above + first_line,
                             **names), hint
    if line.lstrip().startswith("- ") and not deeper_only:
        return _misaligned_item(lines, number, first_line)
    return None


def _misaligned_item(lines: list[str], number: int, first_line: int) -> Found | None:
    """A '- ' item whose dash is not under the dash of the items before it."""
    indent = len(lines[number]) - len(lines[number].lstrip())
    for above in range(number - 1, -1, -1):
        stripped = lines[above].lstrip()
        other = len(lines[above]) - len(stripped)
        if stripped.startswith("- ") and other != indent:
            hint = (_("put {count} spaces before the '-', as in the items above", count=other) if other
                    else _("start the '-' at the beginning of the line, as in the items above"))
            return number, _("this item's '-' is not lined up with the '-' on line {line}", line=above + first_line), hint
        if stripped and not stripped.startswith("- ") and other < indent and other == 0:
            break
    return None
