"""Update some top-level keys of a YAML text in place, leaving every other line as it was."""
from __future__ import annotations

import re

import yaml

YAML_WIDTH = 1_000_000  # long enough that no text is folded onto a second line


def dump_fields(values: dict, newline: str = "\n") -> list[str]:
    """YAML lines for the given keys, one text per line; numbers, dates and 'yes' as text get quoted."""
    if not values:
        return []
    text = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=YAML_WIDTH)
    return [line + newline for line in text.split("\n")[:-1]]


def convert_as_read(value):
    """A value as our YAML reader gives it back: every scalar as text."""
    if isinstance(value, dict):
        return {str(key): convert_as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [convert_as_read(item) for item in value]
    return str(value)


def split_lines(text: str) -> list[str]:
    """Lines with their line ends kept, split at '\\n' only (unlike str.splitlines)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def find_key_ranges(lines: list[str], key_lines: dict) -> dict:
    """Key -> (first, end) line indexes of each top-level key's text, without trailing comments."""
    starts = sorted((line - 1, key) for key, line in key_lines.items())
    ranges = {}
    for i, (start, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1  # a blank line or a comment above the next key stays with that key
        ranges[key] = (start, end)
    return ranges


def merge_fields(lines: list[str], meta: dict, key_lines: dict, new: dict, owned: tuple,
                 names: dict | None = None) -> tuple[list[str], list[str]]:
    """Replace, add or remove the owned keys so they hold `new`; returns (lines, changed keys).

    `key_lines` maps each top-level key of `meta` to its 1-based line in `lines`. Keys not owned,
    comments and unchanged keys keep their exact text; added keys go after the owned key before them.
    `names` gives the key as the file writes it ('整改目标' for goal), so a rewritten key keeps it.
    """
    names = names or {}
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    ranges = find_key_ranges(lines, key_lines)
    replace: dict = {}  # first line index -> (end, new lines)
    insert: dict = {}  # line index -> new lines to put before it
    changed = []
    anchor = min((first for first, _ in ranges.values()), default=len(lines))
    for key in owned:
        value = new.get(key)
        if key in meta:
            if value is None or convert_as_read(value) != meta[key]:
                changed.append(key)
                first, end = ranges[key]
                written = {names.get(key, key): value}
                replace[first] = (end, dump_fields(written, newline) if value is not None else [])
            anchor = ranges[key][1]
        elif value is not None:
            changed.append(key)
            insert.setdefault(anchor, []).extend(dump_fields({key: value}, newline))
    if len(lines) in insert and lines and not lines[-1].endswith("\n"):
        lines = lines[:-1] + [lines[-1] + newline]
    merged, index = [], 0
    while index <= len(lines):
        merged += insert.get(index, [])
        if index == len(lines):
            break
        if index in replace:
            end, new_lines = replace[index]
            merged += new_lines
            index = end
        else:
            merged.append(lines[index])
            index += 1
    return merged, changed
