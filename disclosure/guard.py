"""The build's personal-data gate: nothing a build would publish may carry personal data.

Content files are scanned as they are read (privacy.py; the findings travel with the model and the
build cache, so a cached or quick build knows them without reading a file again). Here, once the
build knows what is public on its date, each finding in a public field is an error, unless the site
publishes that value on purpose (site_config.yaml: phone, objection_phone, objection_email,
public_contacts; 12345 and 12369). In a preview (serve, check) everything is shown, so everything
is reported: an unpublished problem's data is found before its publication day. Attachments (PDF,
Word) of the problems shown are scanned by their text layer.
"""
from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from .model import Content, Issue
from .errors import ContentError, Diagnostic, display_path
from .lifecycle import issue_files
from .i18n import _
from .privacy import describe, personal_data_hint, find_personal_data, site_allowances
from .publishing import Publication


def public_problems(content: Content, config, publication: Publication) -> list[Diagnostic]:
    """An error for each piece of personal data the build would publish (content as loaded)."""
    allowed = site_allowances(config)
    problems = []

    def report(path, findings, public=lambda finding: True):
        shown = display_path(path)
        problems.extend(Diagnostic(shown, f.line, describe(f.kind, f.masked), field=f.field, hint=personal_data_hint())
                        for f in findings if f.digest not in allowed and public(f))

    for plan in content.plans:
        report(plan.source_path, plan.personal_data)
        for issue in plan.issues:
            if publication.is_shown(issue):
                report(issue.source_path, issue.personal_data)
                problems += attachment_problems(issue, allowed)
            elif publication.is_listed(issue):
                # (With publish_progress, a listed problem's progress notes are public too: publishing.public.)
                report(issue.source_path, issue.personal_data,
                       lambda f: not f.with_record or publication.publish_progress and f.field == "progress")
    for page in content.pages:
        report(page.source_path, page.personal_data)
    return problems


def refuse_personal_data(content: Content, config, publication: Publication) -> None:
    """Raise ContentError listing every piece of personal data the build would publish."""
    problems = public_problems(content, config, publication)
    if problems:
        raise ContentError(problems)


def attachment_problems(issue: Issue, allowed: frozenset[bytes]) -> list[Diagnostic]:
    """Personal data in the text layer of a shown problem's PDF and Word attachments (its 销号 file too)."""
    problems = []
    for attachment in issue_files(issue):
        for page, text in attachment_text(attachment.source_path):
            for finding in find_personal_data(text, allowed):
                where = (_("{file}, page {page}", file=attachment.source_path.name, page=page) if page
                         else attachment.source_path.name)
                problems.append(Diagnostic(
                    display_path(issue.source_path), _attachment_line(issue, attachment),
                    _("{finding} (in the attachment {file})", finding=describe(finding.kind, finding.masked),
                      file=where), field="attachments",
                    hint=_("replace the file with a redacted copy (redact cannot change PDF or Word files)")))
    return problems


def has_personal_data(paths, config) -> bool:
    """True when any of these attachment files holds personal data the site does not publish on purpose."""
    allowed = site_allowances(config)
    return any(find_personal_data(text, allowed) for path in paths for _, text in attachment_text(Path(path)))


def _attachment_line(issue: Issue, attachment) -> int | None:
    try:
        lines = issue.source_path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None
    name = attachment.source_path.name
    return next((number for number, line in enumerate(lines, 1) if name in line), None)


def attachment_text(path: Path) -> tuple[tuple[int, str], ...]:
    """(page, text) of a PDF's pages, or (0, text) of a Word document; () for other files."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    return _read_text(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _read_text(path: str, size: int, mtime: int) -> tuple[tuple[int, str], ...]:
    """(Kept per file version: a preview server builds again and again.)"""
    suffix = Path(path).suffix.lower()
    data = Path(path).read_bytes()
    if suffix == ".pdf":
        import pypdf

        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            return tuple((number, page.extract_text() or "") for number, page in enumerate(reader.pages, 1))
        except Exception:  # pypdf raises many kinds: a damaged file is searched as it is
            return _raw_text(data)
    if suffix == ".docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except (ValueError, KeyError, zipfile.BadZipFile):
            return _raw_text(data)
        texts = [paragraph.text for paragraph in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return ((0, "\n".join(texts)),)
    return ()


def _raw_text(data: bytes) -> tuple[tuple[int, str], ...]:
    """The text a file that cannot be parsed holds as it is (what a reader of its bytes would see)."""
    return ((0, data.decode("utf-8", errors="ignore")),)
