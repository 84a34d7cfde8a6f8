"""One item of items.yaml -> an Item: each value checked and typed, each mistake with its line."""
from __future__ import annotations

import re
from datetime import date

from ..errors import Diagnostic, did_you_mean
from ..i18n import _
from ..privacy import allowed_digests, scan_fields
from ..textclean import clean_text
from .model import ITEM_KEYS, RESULT_KEYS, STATUS_BY_WORD, TEXT_KEYS, VERIFIED, Item

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# The Chinese label of each key, for messages: 受理编号(case_number).
LABELS = {"seq": "序号", "case_number": "受理编号", "group": "来电/来信", "received_on": "交办时间",
          "region": "行政区域", "pollution_type": "污染类型", "summary": "交办问题基本情况",
          "investigation": "调查核实情况", "verified": "是否属实", "handling": "处理和整改情况",
          "accountability": "责任人被处理情况", "status": "办理状态", "published_on": "公开日期",
          "public_data": "公开信息", "internal_notes": "内部备注"}


def labelled(key: str) -> str:
    return f"{LABELS[key]}({key})" if key in LABELS else key


class ItemReader:
    """Reads the items of one items.yaml, noting problems, and duplicates of an item's key."""

    def __init__(self, slug: str, shown: str, text: str, batch: dict, problems: list[Diagnostic]):
        self.slug, self.shown, self.text, self.batch, self.problems = slug, shown, text, batch, problems
        self.seen: dict[str, int] = {}  # key -> line of the first item with it

    def fail(self, line: int, key: str | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(self.shown, line, message, field=labelled(key) if key else None, hint=hint))

    def read(self, row, line: int) -> Item | None:
        if not isinstance(row, dict):
            self.fail(line, None, _("an item must be 'key: value' lines"))
            return None
        before = len(self.problems)
        for key in row:
            if key not in ITEM_KEYS:
                self.fail(self.line_of(line, key), None, _("'{key}' is not an item field", key=key),
                          did_you_mean(str(key), ITEM_KEYS))
        values = self.values(row, line)
        if len(self.problems) > before:
            return None
        key = values["case_number"] or str(values["seq"])
        if key in self.seen:
            self.fail(line, "case_number" if values["case_number"] else "seq",
                      _("'{key}' is listed twice (first on line {line})", key=key, line=self.seen[key]))
            return None
        self.seen[key] = line
        allowed = allowed_digests(values.pop("public_data"))
        fields = [(name, values[name], line, name in RESULT_KEYS) for name in TEXT_KEYS if values[name]]
        personal = scan_fields(fields, lambda: self.text, allowed)
        return Item(self.slug, personal_data=personal, **values)

    def values(self, row: dict, line: int) -> dict:
        seq = row.get("seq")
        if not (isinstance(seq, str) and seq.isdigit() and int(seq) > 0):
            self.fail(self.line_of(line, "seq"), "seq", _("'{value}' is not a row number", value=seq)
                      if seq is not None else _("is required"))
        case = self.text_of(row, "case_number", line).strip()
        if not case and self.batch["keyed_by"] == "case_number":
            self.fail(line, "case_number", _("is required (this batch's items are known by it)"),
                      _("write the item's 受理编号, or set key: seq in batch.yaml for a table without one"))
        verified = self.text_of(row, "verified", line).strip()
        if verified and verified not in VERIFIED:
            self.fail(self.line_of(line, "verified"), "verified",
                      _("'{value}' is not one of {choices}", value=verified, choices="、".join(VERIFIED)))
        status = self.text_of(row, "status", line).strip() or "open"
        if status not in STATUS_BY_WORD:
            self.fail(self.line_of(line, "status"), "status",
                      _("'{value}' is not done, interim or open (已办结、阶段性办结、未办结)", value=status))
        public = row.get("public_data", [])
        if not (isinstance(public, list) and all(isinstance(value, str) for value in public)):
            self.fail(self.line_of(line, "public_data"), "public_data", _("must be a list of texts"))
            public = []
        self.text_of(row, "internal_notes", line)  # (checked, never loaded: it is never public)
        return {"seq": int(seq) if isinstance(seq, str) and seq.isdigit() else 0, "case_number": case,
                "group": self.text_of(row, "group", line).strip(),
                "received_on": self.date_of(row, "received_on", line),
                **{key: self.text_of(row, key, line) for key in TEXT_KEYS},
                "verified": verified, "status": STATUS_BY_WORD.get(status, "open"),
                "published_on": self.date_of(row, "published_on", line) or self.batch["published_on"],
                "public_data": public}

    def text_of(self, row: dict, key: str, line: int) -> str:
        value = row.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(self.line_of(line, key), key, _("must be text"))
            return ""
        return clean_text(value).strip()

    def date_of(self, row: dict, key: str, line: int) -> date | None:
        value = row.get(key)
        if value is None or value == "":
            return None
        match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        try:
            if match:
                return date(*map(int, match.groups()))
        except ValueError:
            pass
        self.fail(self.line_of(line, key), key, _("'{value}' is not a date (use YYYY-MM-DD)", value=value))
        return None

    def line_of(self, line: int, key: str) -> int:
        """The line of an item's key: searched from the item's first line (found only on an error)."""
        if not hasattr(self, "lines"):
            self.lines = self.text.split("\n")
        lines = self.lines
        for number in range(line - 1, min(len(lines), line + 400)):
            text = lines[number]
            if number > line - 1 and text.startswith("-"):
                break
            if re.match(rf"^[- ] *{re.escape(str(key))}\s*:", text):
                return number + 1
        return line
