"""A batch's content files: the imported table merged into items.yaml, editors' fields kept.

A re-import merges by each item's key (受理编号, or 序号 in a table without one): new items are
added, the official columns of known ones take the table's values, the editors' keys
(published_on, public_data, internal_notes) are never touched, and items no longer in the table
are kept and reported, never deleted. items.yaml is written whole, one block per item in a fixed
key order, so a re-import's diff shows exactly the blocks that changed; the editors' # comments
are written back where they stood (batch_comments.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..complaints.model import BATCH_KEYS, EDITOR_KEYS, OFFICIAL_KEYS, TEXT_KEYS
from ..complaints.reading import BATCH_FILE, ITEMS_FILE
from ..errors import Diagnostic, display_path
from ..frontmatter import ReadError, parse_yaml
from ..i18n import _
from ..privacy import allowed_digests, find_personal_data
from .batch_comments import Comments, read_comments, with_comments
from .batch_table import Table
from .merge import merge_fields, split_lines

_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_OWNED = ("title", "number", "key")  # what an import sets in an existing batch.yaml


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Multi-line texts as literal blocks (|), readable and diffable line by line."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


@dataclass
class Masking:
    row: int
    key: str  # the item's key
    field: str
    kind: str
    masked: str


@dataclass
class BatchChanges:
    """What an import does to a batch folder."""

    folder: Path
    batch_text: str | None  # batch.yaml's new text (None: it stays as it is)
    items_text: str
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # (key, the fields changed)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)  # kept in items.yaml, no longer in the table
    masked: list[Masking] = field(default_factory=list)
    untitled: bool = False  # neither the table, the command nor batch.yaml gives a title


def read_existing(folder: Path) -> tuple[dict, list[dict], Comments]:
    """batch.yaml's values, items.yaml's items as written (text) and its comments, for the merge."""
    meta, items, comments = {}, [], Comments()
    for name in (BATCH_FILE, ITEMS_FILE):
        path = folder / name
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8-sig")
                value = yaml.load(text, Loader=_LOADER)
            except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
                raise ValueError(Diagnostic(display_path(path), None, _("cannot be read before merging: {error}",
                                                                           error=error))) from None
            if name == BATCH_FILE and isinstance(value, dict):
                meta = value
            elif name == ITEMS_FILE and isinstance(value, list):
                items = [item for item in value if isinstance(item, dict)]
                comments = read_comments(text)
    return meta, items, comments


def plan_batch(table: Table, folder: Path, title: str | None, allowed: frozenset[bytes]) -> BatchChanges:
    """What the batch folder's files become with this table merged in (nothing written)."""
    meta, existing, comments = read_existing(folder)
    by_key = {_key(item): item for item in existing}
    changes = BatchChanges(folder, _batch_text(folder, meta, table, title), "",
                           untitled=not (title or table.title or meta.get("title")))
    merged, seen = [], set()
    for row, imported in zip(table.rows, table.items):
        key = imported["case_number"] or str(imported["seq"])
        before = by_key.get(key, {})
        official = _masked(imported, row, key, allowed | allowed_digests(before.get("public_data") or []), changes)
        item = {**official, **{k: before[k] for k in EDITOR_KEYS if k in before}}
        if not before:
            changes.added.append(key)
        else:
            changed = [k for k in OFFICIAL_KEYS if (official.get(k) or "") != (before.get(k) or "")]
            changes.updated.append((key, changed)) if changed else None
            changes.unchanged += not changed
        merged.append(item)
        seen.add(key)
    for item in existing:
        if _key(item) not in seen:
            changes.removed.append(_key(item))
            merged.append(item)
    changes.items_text = with_comments(dump_items(merged), [_key(item) for item in merged], comments)
    return changes


def _key(item: dict) -> str:
    return str(item.get("case_number") or item.get("seq") or "")


def _masked(imported: dict, row: int, key: str, allowed: frozenset[bytes], changes: BatchChanges) -> dict:
    """The item's official fields as text, each personal datum in its masked form."""
    item = {}
    for name in OFFICIAL_KEYS:
        value = imported.get(name)
        if isinstance(value, date):
            value = value.isoformat()
        value = "" if value is None else str(value)
        if name in TEXT_KEYS and value:
            for finding in reversed(find_personal_data(value, allowed)):
                value = value[:finding.start] + finding.masked + value[finding.end:]
                changes.masked.append(Masking(row, key, name, finding.kind, finding.masked))
        if value or name in ("seq", "status"):
            item[name] = value
    changes.masked.sort(key=lambda m: (m.row, m.field))
    return item


def dump_items(items: list[dict]) -> str:
    """items.yaml's text: a block per item, keys in the model's order, dates and 序号 unquoted."""
    order = {key: index for index, key in enumerate(OFFICIAL_KEYS + EDITOR_KEYS)}
    typed = [{key: _typed(key, item[key]) for key in sorted(item, key=lambda k: order.get(k, len(order)))}
             for item in items]
    return yaml.dump(typed, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20,
                     default_flow_style=False) if typed else "[]\n"


def _typed(key: str, value):
    if key == "seq" and isinstance(value, str) and value.isdigit():
        return int(value)
    if key in ("received_on", "published_on", "handed_over_on") and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _batch_text(folder: Path, meta: dict, table: Table, title: str | None) -> str | None:
    """batch.yaml for a new batch, or an existing one's with the title and key set (its other lines,
    comments included, kept as they are); None when unchanged."""
    values = dict(meta)
    values.setdefault("title", title or table.title or "")
    if title:
        values["title"] = title
    if table.number is not None:
        values.setdefault("number", str(table.number))
    values["key"] = table.keyed_by
    if values == meta:
        return None
    owned = {key: _typed(key, int(values[key]) if key == "number" and str(values[key]).isdigit() else values[key])
             for key in _OWNED if key in values}
    if meta:
        try:
            text = (folder / BATCH_FILE).read_text(encoding="utf-8-sig")
            parsed, where = parse_yaml(text, display_path(folder / BATCH_FILE))
        except (ReadError, OSError, UnicodeDecodeError):
            parsed = None
        if isinstance(parsed, dict):
            key_lines = {key[0]: line for key, line in where.items() if len(key) == 1}
            return "".join(merge_fields(split_lines(text), parsed, key_lines, owned, _OWNED)[0])
    ordered = {key: values[key] for key in BATCH_KEYS if key in values}
    ordered.update({key: value for key, value in values.items() if key not in ordered})
    return yaml.dump({**{k: _typed(k, v) for k, v in ordered.items()}, **owned},
                     Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20)
