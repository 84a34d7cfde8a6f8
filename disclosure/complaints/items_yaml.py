"""items.yaml read fast: the YAML that `import --batch` writes, parsed line by line.

libyaml builds every value as a Python object through PyYAML's constructor, about 0.4 ms an item:
40 s for 100,000 items. The file import writes (importer/batch_files.dump_items) uses a small part of
YAML: a list of flat mappings whose values are plain or single-quoted scalars on one line, literal
blocks (|, |-, |+), or lists of such scalars, and the editors' comments on lines of their own (kept
by a re-import: importer/batch_comments.py). This reads exactly that part, giving the values
yaml.load(..., BaseLoader) gives (tests/test_complaints_yaml.py checks them equal on any text);
anything else in the file, a hand edit in another YAML style included, returns None and the
caller reads the file with libyaml instead.
"""
from __future__ import annotations

import re

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?\Z")
# A plain scalar that reads as itself: no indicator first, no ': ' or ' #' inside, no trailing space or
# colon, no character YAML would treat specially.
_PLAIN = re.compile(r"(?![-?:,\[\]{}#&*!|>'\"%@`\s])(?:(?!: | #)[^\t\r\n\x00-\x1f\x7f\ufeff])*(?<![\s:])\Z")
_QUOTED = re.compile(r"'((?:[^'\x00-\x1f\x7f]|'')*)'\Z")
_BLOCK = re.compile(r"\|([-+]?)\Z")


def load_items(text: str) -> list[dict] | None:
    """The items of items.yaml's text, or None when the text is not in the part of YAML read here."""
    if "\r" in text or "\t" in text:
        return None
    lines = text.split("\n")
    items: list[dict] = []
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        if not line or line.startswith("#"):
            index += 1
            continue
        if not line.startswith("- "):
            return None
        item: dict = {}
        items.append(item)
        index = _read_entry(lines, index, line[2:], item)
        while index is not None and index < count and lines[index].startswith("  "):
            if lines[index].lstrip().startswith("#"):  # an editor's comment on a line of its own
                index += 1
                continue
            index = _read_entry(lines, index, lines[index][2:], item)
        if index is None:
            return None
    return items if items else None


def _read_entry(lines: list[str], index: int, entry: str, item: dict) -> int | None:
    """One 'key: value' of an item (its line's text after the indent); the next line's index."""
    match = _KEY.match(entry)
    if match is None or match.group(1) in item:
        return None
    key, value = match.group(1), match.group(2)
    if value is None:  # 'key:' then a block list ('  - value' lines)
        values, index = [], index + 1
        while index < len(lines) and lines[index].startswith("  - "):
            scalar = _scalar(lines[index][4:])
            if scalar is None:
                return None
            values.append(scalar)
            index += 1
        if not values:
            return None
        item[key] = values
        return index
    block = _BLOCK.match(value)
    if block:
        return _read_block(lines, index + 1, block.group(1), key, item)
    scalar = _scalar(value)
    if scalar is None:
        return None
    item[key] = scalar
    return index + 1


def _scalar(value: str) -> str | None:
    if _PLAIN.match(value):
        return value
    quoted = _QUOTED.match(value)
    return quoted.group(1).replace("''", "'") if quoted else None


def _read_block(lines: list[str], index: int, chomping: str, key: str, item: dict) -> int | None:
    """A literal block indented by four spaces (as dumped under '  key: |'); its lines kept as written."""
    end = index
    while end < len(lines) and (lines[end].startswith("    ") or lines[end] == ""):
        end += 1
    last = end
    while last > index and lines[last - 1] == "":
        last -= 1
    body = [line[4:] for line in lines[index:last]]
    if not body or body[0].startswith(" ") or any("\x00" in line or "\ufeff" in line for line in body):
        return None  # (a block indented more, or holding what YAML refuses: libyaml reads it)
    # Empty lines after the text: kept with '+'; the last element of lines is no line when the file ends in one.
    blank = end - last - (1 if end == len(lines) and lines[-1] == "" else 0)
    text = "\n".join(body)
    item[key] = text if chomping == "-" else text + "\n" + ("\n" * blank if chomping == "+" else "")
    return end
