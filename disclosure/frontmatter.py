"""Read text files the way editors save them, and split YAML front matter from the body.

YAML is read with every scalar as text ('no' stays 'no', '2018-09-30' stays a string, '007'
keeps its zeros); the content model converts each field to its type with a message an editor can
act on. Line numbers are kept for every key and list item so errors can point at them.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import yaml

from .errors import Diagnostic
from .textclean import yaml_safe
from .yaml_limits import choose_loaders, find_disallowed_character, find_too_deep
from .i18n import _
from .yaml_mistakes import explain_error, find_silent_mistake, known_names

MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass
class Document:
    """A file's front matter (plain str/list/dict values), where each value sits, and its body."""

    meta: dict
    lines: dict = field(default_factory=dict)  # (key, index, ...) -> 1-based line
    body: str = ""
    body_line: int = 1

    def line_of(self, *key) -> int:
        """The line of a key (or list item), falling back to its parent, then the fence."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

class ReadError(Exception):
    """A single problem that stops reading one file."""

    def __init__(self, problem: Diagnostic):
        self.problem = problem
        super().__init__(str(problem))


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """Text some Windows editors save as UTF-16 without a byte-order mark; None when it is not that."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if all(char.isprintable() or char in "\n\r\t" for char in text):
            return text
    return None


def decode_text(data: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; LF line ends."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif b"\x00" in data:
        text = _decode_utf16_without_bom(data)
        if text is None:
            raise ReadError(Diagnostic(path, None, _("this is a binary file, not text; save it as UTF-8 text")))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError as error:
                # The encoding that read further is the one the file was meant to be in.
                bad = max(utf8_error.start, error.start)
                raise ReadError(Diagnostic(
                    path, data.count(b"\n", 0, bad) + 1,
                    _("the file is not valid UTF-8 or GBK text"), hint=_("save it as UTF-8"))) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")




def _alias_error(path: str, line: int) -> ReadError:
    return ReadError(Diagnostic(path, line, _("'&' anchors and '*' aliases are not supported"),
                                hint=_("write the value out in full")))


MAX_DEPTH = 8  # front matter is text, lists and short 'name: value' items, never deeper


def _to_python(node, key: tuple, lines: dict, offset: int, path: str, seen: set | None = None):
    lines[key] = node.start_mark.line + offset
    # An alias (*name) is the same node again: refuse it, as '&a [*a]' never ends and nested aliases
    # multiply a few lines into millions of values.
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise _alias_error(path, node.start_mark.line + offset)
    seen.add(id(node))
    if len(key) > MAX_DEPTH:
        raise _too_deep_error(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ReadError(Diagnostic(path, key_node.start_mark.line + offset, _("a key must be a plain word")))
            name = key_node.value
            if id(value_node) in seen:
                raise _alias_error(path, key_node.start_mark.line + offset)
            if name in result:
                raise ReadError(Diagnostic(path, key_node.start_mark.line + offset,
                                          _("'{name}' is given twice", name=name), hint=_("keep one of them")))
            result[name] = _to_python(value_node, key + (name,), lines, offset, path, seen)
            lines[key + (name,)] = key_node.start_mark.line + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, key + (i,), lines, offset, path, seen) for i, item in enumerate(node.value)]
    return node.value


def _too_deep_error(path: str, line: int) -> ReadError:
    return ReadError(Diagnostic(path, line, _("the fields are nested too deeply"),
                                hint=_("a field holds text, a list, or a list of 'name: value' items")))


def _compose(text: str):
    """libyaml's parser when PyYAML has it (six times faster); the pure-Python one for its exact errors."""
    *fast, exact = choose_loaders(text)
    for loader in fast:
        try:
            return yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=exact)


def _check_before_parsing(text: str, path: str, first_line: int) -> None:
    """Refuse, with a line we compute, what PyYAML builds would each report in their own way."""
    character = find_disallowed_character(text)
    if character is not None:
        line, char = character
        raise ReadError(Diagnostic(path, line + first_line,
                                   _("the fields hold an invisible control character (U+{code})",
                                     code=f"{ord(char):04X}"),
                                   hint=_("delete it; it often comes with text pasted from another program")))
    deep = find_too_deep(text, MAX_DEPTH)
    if deep is not None:
        raise _too_deep_error(path, deep + first_line)
    # (What PyYAML would silently read as text: a list typed with a full-width dash, or begun inline.)
    _raise_mistake(path, find_silent_mistake(text, first_line))


def _raise_mistake(path: str, found: tuple | None) -> None:
    if found is not None:
        line, message, hint = found
        raise ReadError(Diagnostic(path, line, message, hint=hint))


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[object, dict]:
    """YAML text to plain Python values (all scalars as str) and a map of keys to line numbers."""
    # (Control characters YAML refuses, pasted from Word, are spaces to it: see textclean.py.)
    text = yaml_safe(text)
    _check_before_parsing(text, path, first_line)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        # The keyboard mistake behind the error, on its own line, when it is a known one (yaml_mistakes.py).
        _raise_mistake(path, explain_error(text, error, known_names(), first_line))
        # Where a construct began (an unclosed quote) says more than where the reader gave up.
        mark = error.context_mark or error.problem_mark
        line = mark.line + first_line if mark else None
        what = f"{error.context}, {error.problem}" if error.context else error.problem
        raise ReadError(Diagnostic(path, line, _("the YAML cannot be read: {reason}", reason=what),
                                  hint=_("check indentation, colons and quotes on this line"))) from None
    except yaml.YAMLError as error:
        raise ReadError(Diagnostic(path, first_line, _("the YAML cannot be read: {reason}", reason=error))) from None
    lines: dict = {}
    if node is None:
        return None, lines
    return _to_python(node, (), lines, first_line, path), lines


def read_text(path, shown: str) -> str:
    """A text file's content, refusing files too large to be an editor's."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_large(shown, size)
    return decode_text(path.read_bytes(), shown)


def _too_large(shown: str, size: int) -> ReadError:
    return ReadError(Diagnostic(shown, None, _("the file is {size} MB; the limit is {limit} MB", size=size // 1024 // 1024,
                                               limit=MAX_FILE_BYTES // 1024 // 1024),
                                hint=_("split the record or link to an attachment")))


def parse_document(data: bytes, shown: str) -> Document:
    """A problem or page file's bytes -> Document, refusing files too large to be an editor's."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown, len(data))
    return split_front_matter(decode_text(data, shown), shown)


def split_front_matter(text: str, path: str) -> Document:
    """Split '---' fenced YAML from the Markdown body; the YAML must be a mapping."""
    if not text.strip():
        raise ReadError(Diagnostic(path, 1, _("the file is empty"),
                                   hint=_("a problem file starts with '---', its fields, then '---'")))
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ReadError(Diagnostic(path, 1, _("the file does not start with '---'"),
                                  hint=_("did you forget the '---' line above the fields?")))
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ReadError(Diagnostic(path, 1, _("the fields opened with '---' are never closed"),
                                  hint=_("add a '---' line after the last field")))
    meta, where = parse_yaml("\n".join(lines[1:end]), path, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReadError(Diagnostic(path, 2, _("the front matter must be 'field: value' lines"),
                                  hint=_("write each field as 'name: value'")))
    body = "\n".join(lines[end + 1:]).strip("\n")
    return Document(meta, where, body, end + 2)
