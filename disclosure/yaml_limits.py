"""What YAML text may hold, checked by us so an editor's message is the same whatever PyYAML build runs.

PyYAML comes with or without libyaml, and its builds disagree on the edges: libyaml accepts a tab
inside a plain value where the pure-Python parser refuses it, one libyaml refuses nesting past
1,000 levels, another crashes the process on it, and the pure-Python composer runs out of
recursion long before. So the characters and the nesting are checked here, and text with a tab
is read by the pure-Python parser, which every build has.
"""
from __future__ import annotations

import re

import yaml

# The characters YAML 1.1 allows (PyYAML's reader refuses the rest with an internal message).
_NOT_ALLOWED = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# Every collection opens at one of these: a bracket, a key's or explicit value's ':', an item's
# '-' or an explicit key's '?' (the last two followed by a space or a line end).
_DASH_OR_QUESTION = re.compile(r"[-?](?=\s|$)")
# Below this many openers the parsers cannot recurse deep enough to fail, so the exact depth
# check is left to the conversion of the parsed nodes (the common, fast case).
_SAFE_OPENERS = 100
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)


def choose_loaders(text: str) -> tuple:
    """The parsers to try in turn: libyaml first when it is there and no tab could make it disagree."""
    if _FAST_LOADER is None or "\t" in text:
        return (yaml.BaseLoader,)
    return (_FAST_LOADER, yaml.BaseLoader)


def find_disallowed_character(text: str) -> tuple[int, str] | None:
    """The 0-based line and character of the first character YAML does not allow, or None."""
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()), found.group()


def find_too_deep(text: str, limit: int) -> int | None:
    """The 0-based line of the first value inside more than `limit` collections, or None.

    The same value the conversion of the parsed nodes would refuse; None as well when the text
    cannot be parsed before that point, so the parser's own error is reported."""
    openers = sum(map(text.count, "[{:")) + len(_DASH_OR_QUESTION.findall(text))
    if openers <= _SAFE_OPENERS:
        return None
    for loader in choose_loaders(text):
        try:
            return _walk_to_too_deep(text, limit, loader)
        except yaml.YAMLError:
            continue  # libyaml's own nesting limit, or a syntax error the next parser reports too
    return None


def _walk_to_too_deep(text: str, limit: int, loader) -> int | None:
    """Follow the parser's events (it keeps no recursion) until a value sits too deep."""
    waiting_for_key = []  # one entry per open collection: True while a mapping expects a key
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            waiting_for_key.pop()
        elif isinstance(event, yaml.NodeEvent):
            is_key = bool(waiting_for_key) and waiting_for_key[-1] is True
            if waiting_for_key and waiting_for_key[-1] is not None:
                waiting_for_key[-1] = not is_key
            if not is_key and len(waiting_for_key) > limit:
                return event.start_mark.line
            if isinstance(event, yaml.CollectionStartEvent):
                waiting_for_key.append(True if isinstance(event, yaml.MappingStartEvent) else None)
    return None
