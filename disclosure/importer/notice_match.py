"""Which problem of the plan a notice is about: by the number it names, or by how alike its text is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .notice import NoticeDoc
from .numerals import parse_chinese_numeral
from ..i18n import _

# '第十六项问题', '问题16', '（十六）' at the start of a part or the title, '序号：16'.
_NUMBERED = (
    re.compile(r"第\s*([一二三四五六七八九十百零〇\d]+)\s*[项个号条]"),
    re.compile(r"问题\s*[（(]?\s*(\d{1,4})\s*[）)]?"),
    re.compile(r"^[（(]\s*([一二三四五六七八九十百零〇]+)\s*[）)]"),
)
SURE, LIKELY = 0.6, 0.1  # least likeness of the best text, and its least lead on the next


@dataclass(frozen=True)
class Match:
    number: int | None
    how: str  # what the report says: which way it matched and how sure


def match_problem(doc: NoticeDoc, problems: dict[int, str], given: int | None) -> Match:
    """The problem (number -> its text in the plan) the notice is about; number None when unsure."""
    if given is not None:
        if given not in problems:
            return Match(None, _("problem {number} (--problem) is not in the plan", number=given))
        return Match(given, _("problem {number}, as given with --problem", number=given) + _text_check(doc, problems[given]))
    named = named_number(doc)
    if named is not None and named[0] in problems:
        return Match(named[0], _("problem {number} by the number the notice names ('{words}')", number=named[0],
                                 words=named[1]) + _text_check(doc, problems[named[0]]))
    return _match_text(doc, problems)


def named_number(doc: NoticeDoc) -> tuple[int, str] | None:
    """The problem number the notice writes, with the words that say it."""
    texts = [doc.text("number"), doc.title, doc.text("problem"), doc.text("task")]
    for text in texts:
        if re.fullmatch(r"\d{1,4}", text.strip()):
            return int(text.strip()), text.strip()
        for pattern in _NUMBERED:
            match = pattern.search(text)
            if match:
                written = match.group(1)
                try:
                    return int(written) if written.isdigit() else parse_chinese_numeral(written), match.group(0)
                except ValueError:
                    continue
    return None


def _match_text(doc: NoticeDoc, problems: dict[int, str]) -> Match:
    text = doc.text("problem") or doc.text("task") or doc.text("goal")
    if not text:
        return Match(None, _("the notice names no problem number and has no 反馈问题 text to compare"))
    ranked = sorted(((likeness(text, problem), number) for number, problem in problems.items()), reverse=True)
    if not ranked:
        return Match(None, _("the plan has no problems"))
    best, number = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else (0.0, None)
    others = _("; next: problem {number}, {alike}", number=runner[1], alike=f"{runner[0]:.0%}") if runner[1] is not None else ""
    if best < SURE or best - runner[0] < LIKELY:
        return Match(None, _("no problem is alike enough: best problem {number}, {alike}", number=number,
                             alike=f"{best:.0%}") + others)
    return Match(number, _("problem {number} by its text: {alike} alike", number=number, alike=f"{best:.0%}") + others)


def _text_check(doc: NoticeDoc, problem: str) -> str:
    """What the report adds when the notice's text and the problem's differ."""
    text = doc.text("problem") or doc.text("task")
    if not text:
        return ""
    alike = likeness(text, problem)
    return (_("; its text is {alike} alike", alike=f"{alike:.0%}")
            + (_(" (check it is the right problem)") if alike < SURE else ""))


def likeness(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1, punctuation and spaces aside."""
    clean = lambda text: re.sub(r"[\s，,。.；;：:、（）()“”\"']", "", text)
    return SequenceMatcher(None, clean(a), clean(b), autojunk=False).ratio()
