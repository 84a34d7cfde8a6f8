"""The complaint batches' part of a build: the rule for the build date, the gate, and the files.

pipeline.py calls these in its own order (load, decide, refuse, plan); the incremental build
calls the same, so both make the same bytes.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..outputs import Output
from ..publishing import Publication
from . import data
from .guard import refuse_complaint_personal_data
from .model import Batch
from .pages import complaint_pages
from .reading import BATCH_FILE, ITEMS_FILE, batch_folders, load_batches
from .rule import ComplaintRule

__all__ = ["load_batches", "public_batches", "complaint_outputs", "complaints_digest", "has_batches"]


def complaint_rule(config, publication: Publication) -> ComplaintRule:
    """The rule for items on the publication's build date, with the site's settings."""
    return ComplaintRule(publication.today, config.complaint_publish_interim, config.complaint_listed_fields,
                         publication.preview)


def public_batches(batches: list[Batch], config, publication: Publication) -> tuple[list[Batch], ComplaintRule]:
    """The batches as the public may see them on the build date, and the rule; raise ContentError
    when a public column carries personal data."""
    rule = complaint_rule(config, publication)
    public = rule.public_batches(batches)
    refuse_complaint_personal_data(public, config)
    return public, rule


def complaint_outputs(public: list[Batch], rule: ComplaintRule, base_url: str) -> list[Output]:
    """Every complaint page, then the complaint data files."""
    return [*complaint_pages(public, rule), *data.data_outputs(data.complaint_rows(public, rule, base_url),
                                                               rule.today)]


def has_batches(content_dir: Path) -> bool:
    """Whether the content folder has complaint batches (the navigation links to them)."""
    return bool(batch_folders(content_dir))


def complaints_digest(content_dir: Path) -> bytes:
    """A digest of every complaint file: a rebuild that finds it changed redoes the complaint files."""
    digest = hashlib.sha256()
    for folder in batch_folders(content_dir):
        for name in (BATCH_FILE, ITEMS_FILE):
            try:
                data_bytes = (folder / name).read_bytes()
            except OSError:
                data_bytes = b"\0missing"
            digest.update(f"{folder.name}/{name}\0{len(data_bytes)}\0".encode() + data_bytes)
    return digest.digest()
