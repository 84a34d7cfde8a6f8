"""The words editors type for a status, judged by meaning: a suggestion never crosses into a status
of another meaning ('基本完成' is not '完成', which would publish the record; '已整改' is not '整改中'),
and the words that do not say whether the work is done are refused with what to write instead."""
from __future__ import annotations

import difflib

from .i18n import _
from .model import STATUS_BY_WORD

# Words that do not tell done from not done: refused, never guessed.
AMBIGUOUS = ("基本完成", "部分完成", "已整改", "基本整改", "部分整改", "大部分完成", "初步完成")
# A word with one of these says something is not (yet, fully) so: no suggestion may drop it.
_QUALIFIERS = ("未", "不", "没", "无", "非", "尚", "基本", "部分", "初步", "大部", "not", "un", "no ", "partly",
               "partial", "mostly", "almost")


def is_ambiguous(word: str) -> bool:
    return word in AMBIGUOUS


def ambiguous_problem(word: str) -> tuple[str, str]:
    """The message and hint for a word that does not say whether the problem is done."""
    return (_("'{word}' does not say whether the problem is done (办理到位) or not", word=word),
            _("write 办结 or 办理到位 (done) once the work is finished and accepted, or 整改中 (in progress) "
              "while any of it remains; the statuses are 未开始, 整改中, 办理到位 (办结) and 已销号"))


def suggest_status(word: str) -> str | None:
    """A 'did you mean' hint only for a slip of the keyboard that keeps the word's meaning."""
    lowered = word.lower()
    close = difflib.get_close_matches(lowered, list(STATUS_BY_WORD), n=1, cutoff=0.6)
    if not close or _qualifiers(lowered) != _qualifiers(close[0]):
        return None
    # Chinese words differ by meaning, not by typing: only a word that holds the other, or is held by it.
    if not word.isascii() and not (close[0] in word or word in close[0]):
        return None
    return _("did you mean '{word}'?", word=close[0])


def _qualifiers(word: str) -> set[str]:
    return {mark for mark in _QUALIFIERS if mark in word}
