"""A quicker Markdown converter: Python-Markdown whose steps skip the text they cannot act on.

Its output is Python-Markdown's own (tests/test_markdown.py checks it over random texts); each
shortcut is taken only over the very steps it knows, so a new Python-Markdown leaves it plain.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import markdown
import markdown.blockprocessors
import markdown.extensions.tables
import markdown.treeprocessors

from ..bounded import bounded_time
from ..markup import EXTENSIONS, clean_html, escape_masks

# Python-Markdown's inline patterns, each with the strings one of its matches must contain.
# Text with none of them (most lines of a Chinese record) cannot match any: the inline step skips it.
_INLINE_TRIGGERS = {
    "backtick": ("`", "\\"), "escape": ("\\",), "reference": ("[",), "link": ("[",), "image_link": ("[",),
    "image_reference": ("[",), "short_reference": ("[",), "short_image_ref": ("[",), "autolink": ("<",),
    "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",), "em_strong": ("*", "_"),
    "nl": ("\n",),
}


def _any_of(strings) -> Callable:
    """A search for any of the strings in a text (a match, or None)."""
    return re.compile("|".join(re.escape(string) for string in sorted(set(strings)))).search


_has_inline_trigger = _any_of(t for ts in _INLINE_TRIGGERS.values() for t in ts)

# Likewise for the block steps: what a block (or the whole text) must contain for the step to act.
# Without it, the step's own answer is known (no table, no heading...): its patterns are not run.
_BLOCK_TRIGGERS = {"table": ("|",), "hashheader": ("#",), "setextheader": ("=", "-"), "hr": ("-", "_", "*"),
                   "quote": (">",), "reference": ("[",)}
_TEXT_TRIGGERS = {"html_block": ("<", "&"), "fenced_code_block": ("```", "~~~")}


class _QuickInlineProcessor(markdown.treeprocessors.InlineProcessor):
    """Python-Markdown's inline step, returning text no pattern can match without trying each one."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if _has_inline_trigger(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def _quick_block_step(processor, triggers: tuple[str, ...]) -> None:
    """Skip a block step on a block without any of its triggers (the step would not take it)."""
    test, run, found = processor.test, processor.run, _any_of(triggers)
    if processor.__class__.run is markdown.blockprocessors.ReferenceProcessor.run:
        # This one always says yes and looks for its pattern when run: it gives the block back unused.
        processor.run = lambda parent, blocks: found(blocks[0]) is not None and run(parent, blocks)
    else:
        processor.test = lambda parent, block: found(block) is not None and test(parent, block)


def _quick_text_step(processor, triggers: tuple[str, ...]) -> None:
    """Skip a preprocessor on a text without any of its triggers (it would give the lines back as they are)."""
    run, found = processor.run, _any_of(triggers)
    processor.run = lambda lines: run(lines) if found("\n".join(lines)) is not None else lines


def _quick_table_cells(processor) -> None:
    """A table row without backticks or backslashes has no code span or escaped '|' to keep whole:
    the table step's cells are then simply what lies between its pipes."""
    split = processor._split
    processor._split = lambda row: row.split("|") if "`" not in row and "\\" not in row else split(row)


def _quick_unescape(processor) -> None:
    """The unescape step restores characters written as backslash escapes, which the inline step
    marks with STX: text without the mark is left as it is."""
    unescape = processor.unescape
    processor.unescape = lambda text: unescape(text) if markdown.util.STX in text else text


class _BlockLevel(list):
    """Python-Markdown's list of block-level tags, looked up as a set (it asks for every element)."""

    def __init__(self, tags):
        super().__init__(tags)
        self._tags = frozenset(tags)

    def __contains__(self, tag) -> bool:
        return tag in self._tags


def _make_markdown() -> markdown.Markdown:
    """A converter with tables and lists, whose steps skip the text they cannot act on.

    Each shortcut is taken only over the very steps it knows (tests/test_markdown.py checks that the
    output is Python-Markdown's own)."""
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    if [item.name for item in converter.inlinePatterns._priority] == list(_INLINE_TRIGGERS):
        converter.treeprocessors.register(_QuickInlineProcessor(converter), "inline", 20)
    for name, triggers in _BLOCK_TRIGGERS.items():
        if name in converter.parser.blockprocessors:
            _quick_block_step(converter.parser.blockprocessors[name], triggers)
    for name, triggers in _TEXT_TRIGGERS.items():
        if name in converter.preprocessors:
            _quick_text_step(converter.preprocessors[name], triggers)
    table, unescape = converter.parser.blockprocessors["table"], converter.treeprocessors["unescape"]
    if table.__class__._split is markdown.extensions.tables.TableProcessor._split:
        _quick_table_cells(table)
    if unescape.__class__.unescape is markdown.treeprocessors.UnescapeTreeprocessor.unescape:
        _quick_unescape(unescape)
    converter.block_level_elements = _BlockLevel(converter.block_level_elements)
    return converter


# One converter per process, reset before each text: building it costs as much as converting a record.
_MARKDOWN = _make_markdown()


def render_markdown(text: str) -> str:
    """markup.render_markdown, quicker."""
    with bounded_time(text):  # (a record that would take minutes is an error naming its file)
        html = _MARKDOWN.reset().convert(escape_masks(text))
    return clean_html(html)
