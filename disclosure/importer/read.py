"""Plan documents (.txt, .html/.htm, .docx) -> numbered lines of text with whitespace tidied."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..frontmatter import ReadError, decode_text

MAX_SOURCE_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
DOCX_SUFFIXES = (".docx",)
# What to tell an editor who hands us a format we cannot read.
CONVERT_HINTS = {
    ".doc": "old Word .doc files cannot be read; open it in Word or WPS and save it as .docx (or as .txt)",
    ".wps": "WPS .wps files cannot be read; open it in WPS and save it as .docx (or as .txt)",
    ".pdf": "PDF files cannot be read reliably; save the plan as .docx, or copy its text into a UTF-8 .txt file",
    ".rtf": "RTF files cannot be read; save it as .docx (or as .txt)",
    ".odt": "OpenDocument files cannot be read; save it as .docx (or as .txt)",
    ".xls": "spreadsheets cannot be read; copy the text into a .txt file or a .docx",
    ".xlsx": "spreadsheets cannot be read; copy the text into a .txt file or a .docx",
    ".mht": "saved web archives cannot be read; save the page as 'Web page, HTML only' (.html)",
}
_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Line:
    """One paragraph of the source: its line (for .docx, its paragraph number) and its text."""

    number: int
    text: str
    is_list_item: bool = False  # numbered by the format itself (<li>, a Word list), not by its text


def tidy_space(text: str) -> str:
    """Collapse every kind of space (\\u00a0, \\u3000, tabs) to one plain space; trim the ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def read_source(source_path: Path, shown: str) -> list[Line]:
    """The non-empty lines of a plan document; raises ReadError for formats we cannot read."""
    suffix = source_path.suffix.lower()
    if suffix in CONVERT_HINTS:
        raise ReadError(Problem(shown, None, f"cannot import a '{suffix}' file", hint=CONVERT_HINTS[suffix]))
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES:
        raise ReadError(Problem(shown, None, f"cannot import a '{suffix or 'no extension'}' file",
                                hint="import a .txt, .html/.htm or .docx file (save other formats as .docx or .txt)"))
    if not source_path.is_file():
        raise ReadError(Problem(shown, None, "the file does not exist"))
    data = source_path.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise ReadError(Problem(shown, None, f"the file is larger than {MAX_SOURCE_BYTES // 1024 // 1024} MB",
                                hint="is this really the plan document?"))
    if suffix in DOCX_SUFFIXES:
        from .read_docx import read_docx_lines
        raw = read_docx_lines(data, shown)
    elif suffix in HTML_SUFFIXES:
        from .read_html import read_html_lines
        raw = read_html_lines(data, shown)
    else:
        raw = [Line(number, text) for number, text in enumerate(decode_bytes(data, shown).split("\n"), 1)]
    lines = [Line(line.number, tidy_space(line.text), line.is_list_item) for line in raw]
    return [line for line in lines if line.text]


def decode_bytes(data: bytes, shown: str) -> str:
    """Text in UTF-8, GBK/GB18030 or UTF-16 (a BOM is not required for UTF-16), with LF line ends."""
    if data[:2] not in (b"\xff\xfe", b"\xfe\xff") and len(data) >= 4:
        # Notepad always writes a BOM, other tools may not: NULs in every other byte mean UTF-16.
        sample = data[:4000]
        if sample[1::2].count(0) > len(sample) // 4:
            data = b"\xff\xfe" + data  # little-endian: the high (zero) byte comes second
        elif sample[0::2].count(0) > len(sample) // 4:
            data = b"\xfe\xff" + data
    return decode_text(data, shown)


def is_zip(data: bytes) -> bool:
    """Whether the bytes are a zip archive, as every .docx is."""
    return data[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(data))
