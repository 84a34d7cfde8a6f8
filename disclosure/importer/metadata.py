"""The plan's title, issuing office, date and document number, from the text before the list."""
from __future__ import annotations

import re
from datetime import date

from .model import Line, PlanDoc
from .numerals import NUMERAL_CHARS, parse_chinese_numeral

_PUNCTUATION = re.compile(r"[，,。；;：:！!？?、“”\"《》]")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?$")
_DATE_LINE = re.compile(rf"^([\d{NUMERAL_CHARS}]{{4}})\s*年\s*([\d{NUMERAL_CHARS}]{{1,3}})\s*月\s*"
                        rf"([\d{NUMERAL_CHARS}]{{1,3}})\s*日$")
_OFFICE_WORDS = ("委员会", "人民政府", "政府", "办公室", "办公厅", "市委", "县委", "区委", "省委",
                 "党委", "局", "厅", "领导小组", "指挥部")
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*\d{1,4}\s*号")
_TITLE_ENDINGS = ("方案", "计划", "清单", "办法", "意见", "通知")
MAX_HEADING_CHARS = 40


def read_metadata(doc: PlanDoc, lines: list[Line], before: int) -> None:
    """Fill in the metadata the text before the list (lines numbered below `before`) states."""
    head = [line for line in lines if line.number < before]
    doc.title = find_title(head)
    doc.office, doc.issued_on = find_signature(head)
    doc.document_number = find_document_number(head)


def is_heading_text(text: str) -> bool:
    """A short line without sentence punctuation: a title, or one line of a title split in two."""
    return len(text) <= MAX_HEADING_CHARS and not _PUNCTUATION.search(text) and not _ATTACHMENT.match(text)


def find_heading_blocks(lines: list[Line]) -> list[str]:
    """Runs of up to three consecutive heading lines, joined: titles are often split over lines."""
    blocks, run = [], []
    for line in lines + [Line(0, "。")]:
        if is_heading_text(line.text) and not _DATE_LINE.match(line.text) and len(run) < 3:
            run.append(line.text)
            continue
        if run:
            blocks.append("".join(run))
        run = [line.text] if is_heading_text(line.text) and not _DATE_LINE.match(line.text) else []
    return blocks


def find_title(head: list[Line]) -> str | None:
    """The last heading that names a plan (…方案) before the list, else the list's own title."""
    blocks = find_heading_blocks(head)
    for ending in _TITLE_ENDINGS:
        named = [block for block in blocks if block.endswith(ending)]
        if named:
            return named[-1]
    return blocks[0] if blocks else None


def find_signature(head: list[Line]) -> tuple[str | None, str | None]:
    """(office, YYYY-MM-DD) from a signature: an office's name on the line above a date line."""
    for above, line in zip(head, head[1:]):
        issued_on = read_date(line.text)
        if issued_on and len(above.text) <= MAX_HEADING_CHARS and above.text.endswith(_OFFICE_WORDS):
            return above.text, issued_on
    dates = [read_date(line.text) for line in head]
    return None, next((found for found in dates if found), None)


def read_date(text: str) -> str | None:
    """'2019年1月24日' or '二〇一九年一月二十四日' on a line of its own, as YYYY-MM-DD."""
    match = _DATE_LINE.match(text)
    if not match:
        return None
    try:
        year, month, day = (int(part) if part.isdigit() else parse_chinese_numeral(part)
                            for part in match.groups())
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_document_number(head: list[Line]) -> str | None:
    """The first document number (文号) such as 衡发〔2019〕3号."""
    for line in head:
        match = _DOCUMENT_NUMBER.search(line.text)
        if match:
            return re.sub(r"\s+", "", match.group(0))
    return None
