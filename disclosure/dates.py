"""The dates editors type, in every date field: 2019-06-20, 2019年6月20日, 2019/6/20 and 2019.6.20 (also
in full-width digits) are the same day. The file keeps the text as typed; the model holds the date."""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from .i18n import _

_FORMS = re.compile(r"(\d{4})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|\.(\d{1,2})\.(\d{1,2})|"
                    r"年(\d{1,2})月(\d{1,2})日)")
FORMS_HINT = "2019-06-20、2019年6月20日、2019/6/20、2019.6.20"


class DateProblem(ValueError):
    """Why a text is not a date: the message and what to write instead."""

    def __init__(self, message: str, hint: str):
        self.message, self.hint = message, hint
        super().__init__(message)


def parse_day(text: str) -> date:
    """The day a date field names; DateProblem saying why when it names none."""
    written = unicodedata.normalize("NFKC", text).strip()
    match = _FORMS.fullmatch(written)
    if match is None:
        raise DateProblem(_("'{value}' is not a date", value=text),
                          _("write it as one of {forms}", forms=FORMS_HINT))
    year, month, day = int(match.group(1)), *(int(part) for part in match.groups()[1:] if part)
    if not 1 <= month <= 12:
        raise DateProblem(_("'{value}': there is no month {month}", value=text, month=month),
                          _("the month is 1 to 12"))
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateProblem(_("'{value}': {month_name} {year} has {days} days", value=text,
                            month_name=calendar.month_name[month], month=month, year=year, days=last),
                          _("check the day; the last day of that month is {year}-{month:02d}-{days}",
                            year=year, month=month, days=last))
    return date(year, month, day)


def looks_like_day(text: str) -> bool:
    """Whether a text is written as a full date (which may still be impossible, such as 2019-02-30)."""
    return _FORMS.fullmatch(unicodedata.normalize("NFKC", text).strip()) is not None


def read_day(text) -> date | None:
    """The day a value names, or None (for readers that only need to know, such as history.py)."""
    if not isinstance(text, str):
        return None
    try:
        return parse_day(text)
    except DateProblem:
        return None
