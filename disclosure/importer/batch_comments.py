"""Editors' # comments in items.yaml, kept through a re-import.

A re-import writes items.yaml whole (batch_files.dump_items), so each comment is first noted by
where it stands, then written back at the same place in the new text:
- above the first item (the file's head) and below the last one (its tail): kept there;
- on lines of their own between items: indented, at the end of the item above; at the line's
  start, above the item below; each by its item's key (受理编号, else 序号), wherever the merge
  puts the item;
- on lines of their own above one of an item's fields, or after its value on the same line: at
  that field of that item; when the field is no longer written (its column is now empty), at the
  end of the item's block, so no comment is lost.
The comments are found between libyaml's tokens (a '#' inside a value or a literal block is text,
not a comment). Other hand formatting (quoting, blank lines, key order) is written anew.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_OPEN = (yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken, yaml.FlowSequenceStartToken,
         yaml.FlowMappingStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
_FIELD = re.compile(r"(?:- |  )([A-Za-z_][A-Za-z0-9_]*):(?: |\Z)")
_KEYS = ("case_number", "seq")


@dataclass
class Comments:
    """The comments of one items.yaml, by where they stand."""

    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    before: dict[str, list[str]] = field(default_factory=dict)  # item key -> lines above the item
    after: dict[str, list[str]] = field(default_factory=dict)  # item key -> lines at the end of its block
    fields: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # item key -> field -> lines above it
    ends: dict[str, dict[str, str]] = field(default_factory=dict)  # item key -> field -> comment after its value

    def __bool__(self) -> bool:
        return bool(self.head or self.tail or self.before or self.after or self.fields or self.ends)


@dataclass
class _Walk:
    """Where the token walk stands: nesting depth, item entry, its field, comments not yet placed."""

    depth: int = 0
    entry: int = -1
    current: str | None = None  # the field being read
    pending: list[tuple[bool, str]] = field(default_factory=list)  # (indented, comment)
    placed: list[tuple[str, int, str | None, object]] = field(default_factory=list)  # (where, entry, field, text)
    keys: dict[int, dict[str, str]] = field(default_factory=dict)  # entry -> its case_number and seq
    expect: str | None = None  # "field": the next scalar names a field; "key": it is case_number's or seq's value


def read_comments(text: str) -> Comments:
    """The comments of items.yaml's text (which libyaml has read without error)."""
    comments = Comments()
    if "#" not in text:
        return comments
    walk, previous = _Walk(), None
    for token in yaml.scan(text, Loader=_LOADER):
        if previous is not None:
            gap = text[previous.end_mark.index:token.start_mark.index]
            if "#" in gap:
                _note(walk, gap, previous.end_mark.column > 0)
        _step(walk, token)
        previous = token
    _place(walk, "end of file")
    for where, entry, name, text_ in walk.placed:
        key = _key(walk.keys.get(entry, {}))
        if not text_:
            continue
        if where in ("head", "tail"):
            getattr(comments, where).extend(text_)
        elif not key:
            continue  # (an entry that is no item: libyaml reads it, the merge drops it)
        elif where in ("before", "after"):
            getattr(comments, where).setdefault(key, []).extend(text_)
        elif where == "field":
            comments.fields.setdefault(key, {}).setdefault(name, []).extend(text_)
        else:
            comments.ends.setdefault(key, {})[name] = text_
    return comments


def _note(walk: _Walk, gap: str, same_line: bool) -> None:
    """The comments of the text between two tokens: one after a value on its line, then lines of their own."""
    lines = gap.split("\n")
    if same_line:
        first = lines.pop(0)
        if "#" in first:
            comment = first[first.index("#"):].rstrip()
            if walk.depth == 2 and walk.current is not None:
                walk.placed.append(("end", walk.entry, walk.current, comment))
            else:
                walk.pending.append((True, comment))
    walk.pending += [(line[:1].isspace(), line.strip()) for line in lines if line.strip().startswith("#")]


def _step(walk: _Walk, token) -> None:
    """Follow one token: nesting, items, their fields and keys; comments waiting are placed at what comes."""
    if isinstance(token, _OPEN):
        walk.depth += 1
    elif isinstance(token, _CLOSE):
        walk.depth -= 1
    elif isinstance(token, yaml.BlockEntryToken) and walk.depth == 1:
        walk.entry, walk.current = walk.entry + 1, None
        _place(walk, "before")
    elif isinstance(token, yaml.KeyToken) and walk.depth == 2:
        walk.expect = "field"
    elif isinstance(token, yaml.ValueToken) and walk.depth == 2:
        walk.expect = "key" if walk.current in _KEYS else None
    elif isinstance(token, yaml.ScalarToken) and walk.expect is not None:
        if walk.expect == "field":
            walk.current = token.value
            _place(walk, "field")
        else:
            walk.keys.setdefault(walk.entry, {})[walk.current] = token.value
        walk.expect = None
    else:
        walk.expect = None


def _place(walk: _Walk, where: str) -> None:
    """Place the comments waiting: above a field; or, between items, the indented ones at the end of
    the item above and the others above the next item (or in the file's head or tail)."""
    if not walk.pending:
        return
    if where == "field":
        walk.placed.append((where, walk.entry, walk.current, [comment for _, comment in walk.pending]))
    else:
        last = walk.entry - (where != "end of file")  # the item above
        indented = [comment for indent, comment in walk.pending if indent and last >= 0]
        walk.placed += [("after", last, None, indented)] if indented else []
        walk.placed.append(("head" if last < 0 else "before" if where == "before" else "tail", walk.entry, None,
                            [comment for indent, comment in walk.pending if not (indent and last >= 0)]))
    walk.pending = []


def _key(values: dict[str, str]) -> str:
    """An item's key as batch_files reads it: its 受理编号, else its 序号."""
    return values.get("case_number") or values.get("seq") or ""


def with_comments(text: str, keys: list[str], comments: Comments) -> str:
    """items.yaml's new text (dump_items: a block per item; keys: each item's key, in order) with the
    comments of the old text where they stood."""
    if not comments:
        return text
    out, entry, written = list(comments.head), -1, set()
    for line in text.splitlines():
        match = _FIELD.match(line)
        if line.startswith("- "):
            out += _leftovers(comments, keys[entry], written) if entry >= 0 else []
            entry, written = entry + 1, set()
            out += comments.before.get(keys[entry], [])
        if match is not None and entry >= 0:
            name = match.group(1)
            written.add(name)
            indent = "" if line.startswith("- ") else "  "  # (the item's first field: above the item)
            out += [indent + comment for comment in comments.fields.get(keys[entry], {}).get(name, [])]
            end = comments.ends.get(keys[entry], {}).get(name)
            line += f"  {end}" if end else ""
        out.append(line)
    out += _leftovers(comments, keys[entry], written) if entry >= 0 else []
    return "\n".join(out + comments.tail) + "\n"


def _leftovers(comments: Comments, key: str, written: set[str]) -> list[str]:
    """The end of an item's block: the comments of its fields the new text no longer has, and its own."""
    lines = [f"  {comment}" for name, found in comments.fields.get(key, {}).items() if name not in written
             for comment in found]
    lines += [f"  {end}" for name, end in comments.ends.get(key, {}).items() if name not in written]
    return lines + [f"  {comment}" for comment in comments.after.get(key, [])]
