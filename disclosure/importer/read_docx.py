"""Word .docx -> lines, one per paragraph (table cells included), numbered by paragraph."""
from __future__ import annotations

import io
import zipfile

from ..errors import Problem
from ..frontmatter import ReadError
from .model import Line


def read_docx_lines(data: bytes, shown: str) -> list[Line]:
    """Every paragraph in body order; a Word list paragraph is marked as a list item."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not is_zip(data):
        raise ReadError(Problem(shown, None, "this is not a .docx file (perhaps an old .doc renamed)",
                                hint="open it in Word or WPS and save it as .docx"))
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise ReadError(Problem(shown, None, f"the .docx cannot be opened ({error})",
                                hint="open it in Word or WPS and save it again as .docx")) from None
    lines: list[Line] = []
    for number, paragraph in enumerate(_paragraphs_in_order(document), 1):
        listed = _is_list_paragraph(paragraph)
        # A manual line break (Shift+Enter) starts a new line of the same paragraph.
        for text in paragraph.text.split("\n"):
            lines.append(Line(number, text, listed))
    return lines


def _paragraphs_in_order(document):
    """Body paragraphs and the paragraphs of table cells, in the order they appear."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            seen = set()  # a merged cell is listed once per grid column it spans
            for row in Table(child, document).rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        yield from cell.paragraphs


def _is_list_paragraph(paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    return paragraph.style is not None and paragraph.style.name.lower().startswith("list")


def is_zip(data: bytes) -> bool:
    """Whether the bytes are a zip archive, as every .docx is."""
    return data[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(data))
