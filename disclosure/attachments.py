"""Which files may be published as a problem's attachments: the one rule, applied when the problem
file is read and again when the file is copied into the site (it may have changed in between).

An attachment is served from the site's own origin, so only document and image types a browser
does not run are published (an .html, .svg or .js file would be a stored script). Nothing that is
content is ever an attachment: problem files (.md), plan.yaml and site_config.yaml are not of those
types, whatever name a link to them has, and a file with a second name (a hard link) is refused,
since that name could be a draft's.
"""
from __future__ import annotations

import os
from pathlib import Path

from .i18n import _
from .names import file_name_problem, resolves_inside

ALLOWED_TYPES = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "txt",
                 "jpg", "jpeg", "png", "webp", "gif")


def types_hint() -> str:
    return _("attach documents and images only: {types}", types=", ".join(ALLOWED_TYPES))


class AttachmentRefused(Exception):
    """An attachment the rule refuses: the message, and a hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


def is_allowed_type(name: str) -> bool:
    _, dot, suffix = name.rpartition(".")
    return bool(dot) and suffix.lower() in ALLOWED_TYPES


def check_attachment(path_text: str, folder: Path, content_root: Path) -> Path:
    """The file an attachment entry names (relative to the problem file's folder), or AttachmentRefused."""
    relative = Path(path_text)
    shown = repr(path_text)
    if relative.is_absolute() or ".." in relative.parts:
        raise AttachmentRefused(_("{file} points outside the content folder", file=shown),
                                _("put the file next to the problem file and give its name"))
    for part in relative.parts:
        problem = file_name_problem(part, shown)
        if problem:
            raise AttachmentRefused(problem, _("rename the file"))
    source = folder / relative
    if not resolves_inside(source, content_root):
        raise AttachmentRefused(_("{file} points outside the content folder", file=shown),
                                _("put the file itself (not a link to it) next to the problem file"))
    if relative.name.startswith("."):
        raise AttachmentRefused(_("{file} is a hidden file", file=shown), types_hint())
    if not is_allowed_type(relative.name):
        raise AttachmentRefused(_("{file} is not a document or image type that may be published", file=shown),
                                types_hint())
    if not source.is_file():
        raise AttachmentRefused(_("{file} does not exist", file=shown))
    check_attachment_file(source, shown)
    return source


def check_attachment_file(source: Path, shown: str | None = None) -> None:
    """The checks of the file itself, made again when it is copied: what it really is (a link is
    followed) must be of an allowed type, and it must have one name only."""
    shown = shown or repr(str(source))
    target = Path(os.path.realpath(source))
    if not is_allowed_type(target.name):
        raise AttachmentRefused(_("{file} is a link to '{target}', which may not be published", file=shown,
                                  target=target.name), types_hint())
    if os.stat(target).st_nlink > 1:
        raise AttachmentRefused(_("{file} is a file with several names (a hard link)", file=shown),
                                _("copy the file rather than linking it"))
