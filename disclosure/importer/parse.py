"""Lines of a plan document -> PlanDoc: find the problem list, its categories and its problems.

The list is found by its shape, not by its title: a problem is a '（一）' paragraph followed by
labelled fields (整改目标：, 整改措施：, …), and the categories are the '一、' headings that hold
problems. Other '一、' and '（一）' headings in the document (指导思想, 主要目标, …) hold none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..deadlines import parse_deadline, repair_deadline
from .repair import repair_plan
from ..errors import ContentError, Diagnostic
from .fields import join_text, read_problem, split_label
from .metadata import read_metadata
from .model import Category, FIELD_OF_LABEL, Line, PlanDoc, PlanProblem
from .numerals import NUMERAL_CHARS, parse_chinese_numeral
from ..i18n import N_, _

_CATEGORY = re.compile(rf"^([{NUMERAL_CHARS}]{{1,4}})\s*[、．.]\s*(\S.*)$")
_PROBLEM = re.compile(rf"^[（(]\s*([{NUMERAL_CHARS}]{{1,6}})\s*[）)]\s*(.*)$")
_DECLARED = re.compile(rf"(\d+|[{NUMERAL_CHARS}]+)\s*(?:项(?:具体)?(?:整改)?(?:任务|问题)|个(?:具体)?问题)")
# A problem needs this many labelled fields before its category counts as part of the list.
MIN_FIELDS = 2


@dataclass
class _Block:
    """A heading and the lines under it, up to the next heading."""

    kind: str  # "category" or "problem"
    line: Line
    number: int
    text: str
    body: list = field(default_factory=list)


def parse_plan(lines: list[Line], shown: str) -> tuple[PlanDoc, list[Diagnostic]]:
    """Read the plan and every problem with it (errors and warnings); ContentError if there is no list."""
    blocks = split_blocks(lines)
    last_problem = max((i for i, block in enumerate(blocks) if block.kind == "problem"), default=-1)
    drafts = {id(block): read_problem(block.line, block.text, block.body, stop_at_stray=i == last_problem)
              for i, block in enumerate(blocks) if block.kind == "problem"}
    span = find_list(blocks, drafts)
    if span is None:
        raise ContentError([Diagnostic(shown, None, _("no problem list found: no '（一）…' paragraph is followed "
                                                      "by labelled fields such as '整改目标：' and '整改措施：'"),
                                       hint=_("check that this is the plan document with its list of problems; "
                                              "a single problem's notice is imported with --notice"))])
    problems = []
    doc = PlanDoc(source=shown)
    category = None
    for block in blocks[span[0]:span[1]]:
        if block.kind == "category":
            category = read_category(block)
            doc.categories.append(category)
            continue
        draft = drafts[id(block)]
        doc.problems.append(PlanProblem(block.number, category.number, block.line.number,
                                        draft.fields, draft.extra, draft.lines))
        problems += [Diagnostic(shown, line, message) for line, message in draft.errors]
        if block is not blocks[last_problem]:
            problems += [Diagnostic(shown, line, _("this line follows '{label}' but is not part of any field; "
                                                   "it was left out", label=after),
                                    hint=_("if it belongs to that field, join it to that line"),
                                    warning=True) for line, after in draft.stray]
    doc.repairs = repair_plan(doc)
    problems += check_numbers(doc, shown) + check_counts(doc, shown) + repair_deadlines(doc, shown)
    problems += [Diagnostic(shown, block.line.number, _("'{text}…' looks like a problem but is not under a category "
                                                        "heading", text=block.line.text[:16]),
                            hint=_("add a heading such as '一、…' above it"))
                 for block in blocks[:span[0]] if block.kind == "problem" and is_problem(drafts[id(block)])]
    read_metadata(doc, lines, before=blocks[span[0]].line.number)
    return doc, problems


def split_blocks(lines: list[Line]) -> list[_Block]:
    """Cut the document at every '一、' and '（一）' heading; text before the first one is dropped."""
    blocks: list[_Block] = []
    for line in lines:
        heading = read_heading(line)
        if heading:
            blocks.append(heading)
        elif blocks:
            blocks[-1].body.append(line)
    return blocks


def read_heading(line: Line) -> _Block | None:
    """A category or problem heading block for this line, or None."""
    for kind, pattern in (("problem", _PROBLEM), ("category", _CATEGORY)):
        match = pattern.match(line.text)
        if match:
            try:
                number = parse_chinese_numeral(match.group(1))
            except ValueError:
                continue
            text = match.group(2).strip()
            labelled = split_label(text)
            if kind == "problem" and labelled and FIELD_OF_LABEL.get(labelled[0]) == "problem":
                text = labelled[1]  # '（一）问题：…'
            return _Block(kind, line, number, text)
    return None


def is_problem(draft) -> bool:
    """Whether a '（一）' paragraph is followed by enough labelled fields to be a problem."""
    return draft.known_count() >= MIN_FIELDS


def find_list(blocks: list[_Block], drafts: dict) -> tuple[int, int] | None:
    """The blocks from the first category that holds a problem to the last problem, or None."""
    first = last = category = None
    for index, block in enumerate(blocks):
        if block.kind == "category":
            category = index
        elif category is not None and is_problem(drafts[id(block)]):
            first = category if first is None else first
            last = index
    return None if first is None else (first, last + 1)


def read_category(block: _Block) -> Category:
    """A category heading with the summary under it and the count the summary declares."""
    category = Category(block.number, block.text, block.line.number)
    summary = join_text([line.text for line in block.body])
    if summary:
        category.summary = summary
        counts = _DECLARED.findall(summary)
        if counts:
            count = counts[-1]
            category.declared_count = int(count) if count.isdigit() else parse_chinese_numeral(count)
    return category


def check_numbers(doc: PlanDoc, shown: str) -> list[Diagnostic]:
    """Categories and problems must be numbered 1, 2, 3, … (problems run on across categories)."""
    errors = []
    for kind, items in ((N_("category number {number} where {expected} was expected"), doc.categories),
                        (N_("problem number {number} where {expected} was expected"), doc.problems)):
        for expected, item in enumerate(items, 1):
            if item.number != expected:
                errors.append(Diagnostic(shown, item.line, _(kind, number=item.number, expected=expected),
                                         hint=_("check for a missing, repeated or misnumbered heading")))
                break
    return errors


def check_counts(doc: PlanDoc, shown: str) -> list[Diagnostic]:
    """Each category's declared count ('3项整改任务') must match the problems found under it."""
    errors = []
    for category in doc.categories:
        found = sum(1 for problem in doc.problems if problem.category == category.number)
        if category.declared_count is not None and category.declared_count != found:
            errors.append(Diagnostic(shown, category.line, _("category {number} '{title}' declares {declared} problems "
                                                             "but {found} were found", number=category.number,
                                                             title=category.title, declared=category.declared_count,
                                                             found=found),
                                     hint=_("check the summary line and the problem headings of this category")))
        elif found == 0:
            errors.append(Diagnostic(shown, category.line, _("category {number} '{title}' has no problems",
                                                             number=category.number, title=category.title),
                                     hint=_("check its '（一）' headings")))
    return errors


def repair_deadlines(doc: PlanDoc, shown: str) -> list[Diagnostic]:
    """Repair each deadline as scraping damaged it; a deadline naming an impossible date is an error."""
    errors = []
    for problem in doc.problems:
        if "deadline" in problem.fields:
            problem.fields["deadline"] = repair_deadline(problem.fields["deadline"])
            try:
                parse_deadline(problem.fields["deadline"])
            except ValueError:
                errors.append(Diagnostic(shown, problem.lines["deadline"], _("'{text}' names a date that does not exist",
                                                                             text=problem.fields["deadline"]),
                                         field="deadline"))
    return errors
