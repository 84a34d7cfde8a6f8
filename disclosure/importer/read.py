"""Plan documents (.txt, .html/.htm, .docx) -> numbered lines of text with whitespace tidied."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostic
from ..frontmatter import ReadError
from .encoding import decode_bytes
from .model import Line
from .read_docx import read_docx_lines
from .read_html import read_html_lines
from ..i18n import N_, _

MAX_SOURCE_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_SUFFIXES = (".docx",)
# What to tell an editor who hands us a format we cannot read.
CONVERT_HINTS = {
    ".doc": N_("old Word .doc files cannot be read; open it in Word or WPS and save it as .docx (or as .txt)"),
    ".wps": N_("WPS .wps files cannot be read; open it in WPS and save it as .docx (or as .txt)"),
    ".pdf": N_("PDF files cannot be read reliably; save the plan as .docx, or copy its text into a UTF-8 .txt file"),
    ".rtf": N_("RTF files cannot be read; save it as .docx (or as .txt)"),
    ".odt": N_("OpenDocument files cannot be read; save it as .docx (or as .txt)"),
    ".xls": N_("spreadsheets cannot be read; copy the text into a .txt file or a .docx"),
    ".xlsx": N_("spreadsheets cannot be read; copy the text into a .txt file or a .docx"),
    ".mht": N_("saved web archives cannot be read; save the page as 'Web page, HTML only' (.html)"),
}
_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def tidy_space(text: str) -> str:
    """Collapse every kind of space (\\u00a0, \\u3000, tabs) to one plain space; trim the ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def read_source(source_path: Path, shown: str) -> list[Line]:
    """The non-empty lines of a plan document; raises ReadError for formats we cannot read."""
    suffix = source_path.suffix.lower()
    if suffix in CONVERT_HINTS:
        raise ReadError(Diagnostic(shown, None, _("cannot import a '{suffix}' file", suffix=suffix),
                                   hint=_(CONVERT_HINTS[suffix])))
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES:
        raise ReadError(Diagnostic(shown, None, _("cannot import a '{suffix}' file", suffix=suffix or _("no extension")),
                                   hint=_("import a .txt, .html/.htm or .docx file (save other formats as .docx or .txt)")))
    if not source_path.is_file():
        raise ReadError(Diagnostic(shown, None, _("the file does not exist")))
    data = source_path.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise ReadError(Diagnostic(shown, None, _("the file is larger than {size} MB", size=MAX_SOURCE_BYTES // 1024 // 1024),
                                   hint=_("is this really the plan document?")))
    if suffix in DOCX_SUFFIXES:
        raw = read_docx_lines(data, shown)
    elif suffix in HTML_SUFFIXES:
        raw = read_html_lines(data, shown)
    else:
        raw = [Line(number, text) for number, text in enumerate(decode_bytes(data, shown).split("\n"), 1)]
    lines = [Line(line.number, tidy_space(line.text), line.is_list_item) for line in raw]
    return [line for line in lines if line.text]
