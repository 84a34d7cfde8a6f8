"""整改前 / 整改后 photos: read from a problem file's `photos` list, published resized and stripped.

A photo taken on a phone carries EXIF: GPS position, device, owner. None of it may leave the
office, so every published file is drawn again from the pixels alone (Pillow), never copied: a
thumbnail, a web size, and the original size for download.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from .frozen import frozen
from .i18n import _

KINDS = {"before": "before", "after": "after", "other": "other", "整改前": "before", "整改后": "after", "其他": "other"}
KIND_LABELS = {"before": "整改前", "after": "整改后", "other": "照片"}
IMAGE_SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# Longest side in pixels of each published size ("" = the original size, kept for download).
SIZES = {"thumb": 360, "web": 1200, "": None}


@frozen
class Photo:
    source_path: Path
    written: str  # the path as the problem file writes it (a record's ![](…) names it so)
    name: str  # the file's name in the output, without suffix
    suffix: str  # .jpg or .png
    caption: str = ""
    kind: str = "other"


def photo_url(issue, photo: Photo, size: str = "web") -> str:
    """Where one size of a photo lives in the site, beside the problem's attachments."""
    tail = f"-{size}" if size else ""
    return f"plans/{issue.plan}/issues/{issue.number}/photos/{photo.name}{tail}{photo.suffix}"


@dataclass(frozen=True)
class Rendition:
    """One published size of a photo: made from the source's pixels when written (no metadata)."""

    source: Path
    size: str

    def data(self) -> bytes:
        from PIL import Image, ImageOps  # (only builds with photos need Pillow loaded)

        with Image.open(self.source) as image:
            image = ImageOps.exif_transpose(image)  # (turned upright before the orientation tag goes)
            kind = IMAGE_SUFFIXES[self.source.suffix.lower()]
            image = image.convert("RGB" if kind == "JPEG" else "RGBA")
            limit = SIZES[self.size]
            if limit:
                image.thumbnail((limit, limit))
            pixels = Image.new(image.mode, image.size)
            pixels.paste(image)  # a new image: no info, EXIF, ICC or text chunks carried over
            out = io.BytesIO()
            pixels.save(out, kind, **({"quality": 85, "optimize": True} if kind == "JPEG" else {"optimize": True}))
            return out.getvalue()


def renditions(issue) -> list[tuple[str, Rendition]]:
    """(site path, Rendition) of every size of every photo of a published problem."""
    return [(photo_url(issue, photo, size), Rendition(photo.source_path, size))
            for photo in issue.photos for size in SIZES]


def pairs(photos) -> list[tuple[Photo | None, Photo | None]]:
    """Before and after photos side by side, in the order given (the others are shown apart)."""
    before = [p for p in photos if p.kind == "before"]
    after = [p for p in photos if p.kind == "after"]
    return [(before[i] if i < len(before) else None, after[i] if i < len(after) else None)
            for i in range(max(len(before), len(after)))]


def photo_label(photo: Photo) -> str:
    return KIND_LABELS[photo.kind]


def resolve_images(html: str, issue, page_dir: str) -> str:
    """A record's <img src="12-after.png"> pointed at the published photo of that name (web size)."""
    import posixpath

    for photo in issue.photos:
        target = posixpath.relpath(photo_url(issue, photo), page_dir or ".")
        html = html.replace(f'src="{photo.written}"', f'src="{target}"')
    return html


def read_photos(reader, read_file) -> tuple[Photo, ...]:
    """The photos list of one file (reader: fields.FieldReader; read_file as for lifecycle_fields)."""
    value = reader.item_list("photos", _("must be a list of '- path: ...' / 'caption: ...' / 'kind: before|after' items"))
    found, names = [], set()
    for index, item in enumerate(value):
        item = {"path": item} if isinstance(item, str) else item
        if not isinstance(item, dict):
            reader.fail("photos", _("item {number} needs a 'path'", number=index + 1), index)
            continue
        kind = item.get("kind", "other")
        if kind not in KINDS:
            reader.fail("photos", _("item {number}: kind '{kind}' is not before, after or other", number=index + 1,
                                    kind=kind), index, "kind", hint=_("use before, after or other"))
            continue
        path_text = item.get("path")
        suffix = Path(path_text).suffix.lower() if isinstance(path_text, str) else ""
        if isinstance(path_text, str) and path_text.strip() and suffix not in IMAGE_SUFFIXES:
            reader.fail("photos", _("'{path}' is not a .jpg or .png photo", path=path_text), index, "path")
            continue
        attachment = read_file("photos", item, index)
        if attachment is None:
            continue
        name = re.sub(r"[^\w\-]", "_", Path(path_text.strip()).stem)
        if name in names:
            reader.fail("photos", _("item {number}: a photo named '{name}' is listed twice", number=index + 1,
                                    name=name), index)
            continue
        names.add(name)
        caption = item.get("caption", "")
        found.append(Photo(attachment.source_path, path_text.strip(), name, ".jpg" if suffix == ".jpeg" else suffix,
                           caption.strip() if isinstance(caption, str) else "", KINDS[kind]))
    return tuple(found)


def file_reader(reader, content_dir: Path):
    """read_file(key, item, index) for read_photos and lifecycle_fields: a file beside the problem
    file (item: its path, or a mapping with 'path' and 'title') -> content.Attachment, or None with
    the problem noted. The rules of attachments (attachments.check_attachment) apply."""
    from .attachments import AttachmentRefused, check_attachment
    from .model import Attachment

    root = content_dir.resolve()

    def read_file(key: str, item, index: int | None):
        sub = () if index is None else (index,)
        path_text = item if isinstance(item, str) else item.get("path") if isinstance(item, dict) else None
        if not isinstance(path_text, str) or not path_text.strip():
            reader.fail(key, _("needs a 'path'") if index is None else _("item {number} needs a 'path'",
                                                                           number=index + 1), *sub)
            return None
        try:
            source = check_attachment(path_text.strip(), reader.doc_dir, root)
        except (AttachmentRefused, OSError) as error:
            refused = error if isinstance(error, AttachmentRefused) else AttachmentRefused(
                _("'{path}' cannot be read ({reason})", path=path_text, reason=error.strerror))
            reader.fail(key, refused.message, *sub, hint=refused.hint)
            return None
        title = item.get("title", "") if isinstance(item, dict) else ""
        name = re.sub(r"[^\w.\-]", "_", source.name)
        return Attachment(title.strip() if isinstance(title, str) and title.strip() else source.name, source, name)

    return read_file
