"""Word .docx -> lines, one per paragraph (table cells included), numbered by paragraph."""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..errors import Diagnostic
from ..frontmatter import ReadError
from .model import Line
from ..i18n import N_, _


def read_docx_lines(data: bytes, shown: str) -> list[Line]:
    """Every paragraph in body order; a Word list paragraph is marked as a list item."""
    import docx

    if not is_zip(data):
        raise ReadError(Diagnostic(shown, None, _("this is not a .docx file (perhaps an old .doc renamed)"),
                                   hint=_("open it in Word or WPS and save it as .docx")))
    check_archive(data, shown)
    lines: list[Line] = []
    try:
        document = docx.Document(io.BytesIO(data))
        for number, paragraph in enumerate(_paragraphs_in_order(document), 1):
            listed = _is_list_paragraph(paragraph)
            # A manual line break (Shift+Enter) starts a new line of the same paragraph.
            for text in paragraph.text.split("\n"):
                lines.append(Line(number, text, listed))
    except Exception as error:  # damaged in any way a document can be: one clear line
        raise ReadError(Diagnostic(shown, None, _("the .docx cannot be read ({reason})",
                                                  reason=f"{type(error).__name__}: {error}"),
                                   hint=_(_RESAVE))) from None
    return lines


_RESAVE = N_("open it in Word or WPS and save it again as .docx")
# What a plan document may unpack to. Python's zipfile never unpacks more than a member's stated
# size, so checking the stated sizes bounds the memory an import can take (a 1.6 MB zip bomb
# reached 3.1 GB before).
MAX_UNPACKED = 200 * 1024 * 1024  # every member together (images are most of a large document)
MAX_XML = 32 * 1024 * 1024  # the XML parts together: parsed into trees several times their size
MAX_RATIO = 100  # unpacked / packed, for a member of over 1 MB (Word's XML packs 5-20 times)
MAX_MEMBERS = 10_000
_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")


def check_archive(data: bytes, shown: str) -> None:
    """Refuse a .docx that would unpack to too much (a zip bomb), is damaged, or declares XML
    entities (Word never writes a DTD; an entity bomb does)."""
    def refuse(message: str, hint: str = _RESAVE):
        raise ReadError(Diagnostic(shown, None, message, hint=_(hint)))

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                refuse(_("the .docx holds {count} files; a document holds a few dozen", count=len(members)))
            if sum(member.file_size for member in members) > MAX_UNPACKED:
                refuse(_("the .docx unpacks to more than {size} MB", size=MAX_UNPACKED // 1024 // 1024),
                       N_("is this really the plan document? Save it again without large images"))
            xml = [member for member in members if member.filename.endswith((".xml", ".rels"))]
            if sum(member.file_size for member in xml) > MAX_XML:
                refuse(_("the .docx's text unpacks to more than {size} MB", size=MAX_XML // 1024 // 1024),
                       N_("is this really the plan document?"))
            for member in members:
                if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                    refuse(_("the .docx's '{member}' unpacks {ratio} times its size: it is not a document Word "
                             "wrote (a zip bomb?)", member=member.filename,
                             ratio=member.file_size // max(member.compress_size, 1)))
            for member in xml:
                if _DECLARATION.search(archive.read(member)):
                    refuse(_("the .docx's '{member}' declares XML entities (a DTD); Word never does",
                             member=member.filename))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError, EOFError,
            ValueError) as error:
        refuse(_("the .docx is damaged ({reason})", reason=error))


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
