"""The lines under one '（一）…' heading -> the problem's labelled fields and numbered measures."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import FIELD_OF_LABEL, Line
from ..i18n import _

# 'label：value' where the label is a short run without punctuation or digits.
_LABELLED = re.compile(r"^([^\s\d:：,，。.．;；、()（）《》“”\"'【】\[\]<>!！?？]{1,10})\s*[:：]\s*(.*)$")
# Marker styles for numbered measures; the first item's style is the list's style.
_MARKERS = (
    re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*"),
    re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*"),
    re.compile(r"^([\u2460-\u2473])\s*"),
)
# Scraping sometimes drops the dot: '3加强…' right after item 2. Not when a unit follows ('3个月').
_LOST_DOT = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])(?![年月日个项家座处名人万亿台艘条次天周批类])")
_FREE_TEXT = ("problem", "goal", "measures")
_WORDY = re.compile(r"[A-Za-z0-9]")


@dataclass
class ProblemDraft:
    """A problem's fields as read, before the list is checked."""

    fields: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (line, message)
    stray: list = field(default_factory=list)  # (line, label of the field it follows): text that belongs to no field

    def known_count(self) -> int:
        """How many labelled plan fields (not counting the problem text) were found."""
        return sum(1 for name in self.fields if name != "problem")


def join_text(parts: list[str]) -> str:
    """Join the lines of one paragraph: no space between Chinese text, one between Latin words."""
    text = ""
    for part in parts:
        if text and part and _WORDY.match(text[-1]) and _WORDY.match(part[0]):
            text += " "
        text += part
    return text


def split_label(text: str) -> tuple[str, str] | None:
    """('整改目标', value) for a 'label：value' line, else None. Spaces inside the label are dropped."""
    match = _LABELLED.match(text)
    if not match:
        return None
    return match.group(1).replace(" ", ""), match.group(2).strip()


def has_several_labels(value: str) -> bool:
    """Whether a value holds more labelled parts ('地址：… 电话：…'), as page footers do."""
    return any(split_label(piece) for piece in value.split(" ")[1:])


def split_marker(text: str, style: int | None, expected: int) -> tuple[int, str] | None:
    """(style, text without the marker) if the line starts a numbered measure, else None."""
    for index, pattern in enumerate(_MARKERS):
        if style in (None, index):
            match = pattern.match(text)
            if match and match.end() < len(text):
                return index, text[match.end():]
    lost = _LOST_DOT.match(text)
    if lost and style in (None, 0) and int(lost.group(1)) == expected and expected > 1:
        return 0, text[lost.end():]
    return None


def read_problem(heading: Line, text: str, body: list[Line], stop_at_stray: bool) -> ProblemDraft:
    """Read the fields under a problem heading; text after a short field that is not a field is stray.

    With stop_at_stray (the last problem of the document) reading ends at the first stray line, so a
    page footer after the list is not taken for part of the problem.
    """
    draft = ProblemDraft()
    parts: dict = {"problem": [text] if text else []}
    draft.lines["problem"] = heading.number
    current, current_label, items, style = "problem", "问题", [], None
    for line in body:
        labelled = split_label(line.text)
        name = FIELD_OF_LABEL.get(labelled[0]) if labelled else None
        # An unknown label without a value ('分两步：') is text; so is a footer's '地址：… 电话：…'.
        if labelled and (name or labelled[1] and not has_several_labels(labelled[1])):
            label, value = labelled
            key = name or label
            if key in draft.lines and (name != "problem" or parts["problem"]):
                draft.errors.append((line.number, _("'{label}' is given twice in this problem (first on line {line})",
                                                    label=label, line=draft.lines[key])))
                continue
            draft.lines[key] = line.number
            current_label = label
            if name is None:
                draft.extra[label] = value
                current = "extra:" + label
            elif name == "measures":
                current, items, style = "measures", [], None
                if value:
                    style = add_measure(items, value, style, is_list_item=False)
            else:
                current = name
                parts[name] = [value] if value else []
        elif current == "measures":
            style = add_measure(items, line.text, style, line.is_list_item)
        elif current in _FREE_TEXT:
            parts[current].append(line.text)
        else:
            draft.stray.append((line.number, current_label))
            if stop_at_stray:
                break
        if current == "measures":
            parts["measures"] = items
    for name, value in parts.items():
        value = [join_text(item) for item in value] if name == "measures" else join_text(value)
        if value:
            draft.fields[name] = value
    return draft


def add_measure(items: list, text: str, style: int | None, is_list_item: bool) -> int | None:
    """Add a line to the measures: a new item if it carries a marker, else the previous item's text."""
    marked = split_marker(text, style, expected=len(items) + 1)
    if marked:
        style, text = marked
        items.append([text])
    elif is_list_item or not items:
        items.append([text])
    else:
        items[-1].append(text)
    return style
