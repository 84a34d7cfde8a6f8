"""The build's personal-data gate for complaint items: no public column may carry personal data.

Each item's texts are scanned as items.yaml is read (privacy.py, via fields.py); the findings that
remain on the items rule.public_batches leaves are exactly those in public columns on the build
date (all of them in a preview). Masking on import (importer/batch.py) and `redact --batch` keep
the content clean; this is the check that nothing slipped through hand edits.
"""
from __future__ import annotations

from ..errors import ContentError, Diagnostic, display_path
from ..privacy import describe, personal_data_hint, site_allowances
from .fields import labelled
from .model import Batch
from .reading import ITEMS_FILE


def complaint_problems(public: list[Batch], config) -> list[Diagnostic]:
    """An error for each piece of personal data in the public batches (rule.public_batches)."""
    allowed = site_allowances(config)
    problems = []
    for batch in public:
        shown = display_path(batch.source_path / ITEMS_FILE)
        problems += [Diagnostic(shown, finding.line, describe(finding.kind, finding.masked),
                                field=labelled(finding.field), hint=personal_data_hint())
                     for item in batch.items for finding in item.personal_data if finding.digest not in allowed]
    return problems


def refuse_complaint_personal_data(public: list[Batch], config) -> None:
    """Raise ContentError listing every piece of personal data the public batches carry."""
    problems = complaint_problems(public, config)
    if problems:
        raise ContentError(problems)
