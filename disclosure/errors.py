"""One error type for everything an editor can get wrong, and a way to collect many."""
from __future__ import annotations

import difflib
import os
from pathlib import Path

from .names import printable
from .frozen import frozen
from .i18n import _
from .labels import field_name


@frozen
class Diagnostic:
    """Something wrong in the input: where it is, what is wrong, and what to do."""

    path: str
    line: int | None
    message: str
    field: str | None = None
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        # (A name or value holding a line break would split the line: every problem is one line.)
        path = printable(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        what = self.message if self.field is None else f"{field_name(self.field)}: {self.message}"
        text = f"{where}: {what}"
        return printable(_("{message}; {hint}", message=text, hint=self.hint) if self.hint else text)


class ContentError(Exception):
    """Raised with every problem found, so an editor can fix them all in one pass."""

    def __init__(self, problems: list[Diagnostic]):
        # (One problem found by two pages, such as a record's, is reported once.)
        self.problems = sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0, p.field or "", p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # As it is made (the default would pass the message text as the problems): workers send it.
        return ContentError, (self.problems,)


def display_path(path: Path | str) -> str:
    """A path as the editor would type it: relative to the working folder when inside it."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    folder = os.path.join(os.getcwd(), "")  # with its trailing separator
    return os.path.relpath(text, folder) if text.startswith(folder) and text != folder else text


def did_you_mean(word: str, choices) -> str | None:
    """A hint naming the closest known word, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("did you mean '{word}'?", word=close[0]) if close else None
