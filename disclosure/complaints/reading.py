"""content/complaints/<batch>/batch.yaml and items.yaml -> Batches, every mistake with its line.

items.yaml is one YAML list, a block per item, as `import --batch` writes it (importer/batch_files.py).
It is read with libyaml, every scalar as text (a 受理编号 such as 007 keeps its zeros); each value
is then checked and typed here. A batch of 5,000 rows is one file: git shows a re-import as the
blocks it changed.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from ..errors import ContentError, Diagnostic, did_you_mean, display_path
from ..frontmatter import ReadError, parse_yaml, read_text
from ..i18n import _
from ..names import is_slug, slug_hint
from ..textclean import clean_text, yaml_safe
from .fields import ItemReader
from .items_yaml import load_items
from .model import BATCH_KEYS, KEYED_BY, TEXT_KEYS, Batch, Item

COMPLAINTS = "complaints"
BATCH_FILE, ITEMS_FILE = "batch.yaml", "items.yaml"
MAX_ITEMS_BYTES = 512 * 1024 * 1024
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar as text
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def batch_folders(content_dir: Path) -> list[Path]:
    """The batch folders of a content folder, by name."""
    folder = content_dir / COMPLAINTS
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def load_batches(content_dir: Path, with_items: bool = True) -> list[Batch]:
    """Every batch of the content folder, newest 第N批 first; raise ContentError listing all problems.
    with_items=False reads batch.yaml alone (the batches' own fields)."""
    problems: list[Diagnostic] = []
    batches = [batch for folder in batch_folders(content_dir)
               if (batch := read_batch(folder, problems, with_items)) is not None]
    if problems:
        raise ContentError(problems)
    return sorted(batches, key=lambda b: (-(b.number or 0), b.slug))  # (incremental/complaints.py: the same)


def read_batch(folder: Path, problems: list[Diagnostic], with_items: bool = True) -> Batch | None:
    """One batch folder, or None with its problems noted."""
    before = len(problems)
    shown = display_path(folder / BATCH_FILE)
    if not is_slug(folder.name):
        problems.append(Diagnostic(display_path(folder), None,
                                   _("'{name}' is not a batch name", name=folder.name), hint=slug_hint()))
        return None
    try:
        meta, lines = parse_yaml(read_text(folder / BATCH_FILE, shown), shown)
    except ReadError as error:
        problems.append(error.problem)
        return None
    except OSError:
        problems.append(Diagnostic(shown, None, _("the batch has no batch.yaml"),
                                   hint=_("import its table with python build.py import FILE --batch SLUG")))
        return None
    fields = _batch_fields(meta if isinstance(meta, dict) else {}, lines, shown, problems)
    items = read_items(folder, fields, problems) if with_items else ()
    if len(problems) > before:
        return None
    return Batch(folder.name, items=items, source_path=folder, **fields)


def _batch_fields(meta: dict, lines: dict, shown: str, problems: list) -> dict:
    def fail(key, message):
        problems.append(Diagnostic(shown, lines.get((key,), 1), message, field=key))

    for key in meta:
        if key not in BATCH_KEYS:
            problems.append(Diagnostic(shown, lines.get((key,), 1), _("'{key}' is not a batch field", key=key),
                                       hint=did_you_mean(str(key), BATCH_KEYS)))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        fail("title", _("is required"))
    number = meta.get("number")
    if number is not None and not (isinstance(number, str) and number.isdigit()):
        fail("number", _("'{value}' is not a number (第N批: write N)", value=number))
    keyed_by = meta.get("key", "case_number")
    if keyed_by not in KEYED_BY:
        fail("key", _("'{value}' is not case_number or seq", value=keyed_by))
    example = meta.get("example", "false")
    if example not in ("true", "false"):
        fail("example", _("'{value}' is not true or false", value=example))
    dates = {key: _date(meta.get(key), lambda message, key=key: fail(key, message))
             for key in ("handed_over_on", "published_on")}
    source = meta.get("source", "")
    return {"title": clean_text(title.strip()) if isinstance(title, str) else "",
            "number": int(number) if isinstance(number, str) and number.isdigit() else None,
            "source": clean_text(source) if isinstance(source, str) else "", "keyed_by": keyed_by,
            "example": example == "true", **dates}


def _date(value, fail) -> date | None:
    if value is None or value == "":
        return None
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        return date(*map(int, match.groups())) if match else fail(_("'{value}' is not a date (use YYYY-MM-DD)",
                                                                   value=value))
    except ValueError:
        return fail(_("'{value}' is not a date (use YYYY-MM-DD)", value=value))


def read_items(folder: Path, batch: dict, problems: list[Diagnostic]) -> tuple[Item, ...]:
    """The items of a batch folder, in 序号 order (none when it has no items.yaml yet)."""
    path = folder / ITEMS_FILE
    shown = display_path(path)
    try:
        if path.stat().st_size > MAX_ITEMS_BYTES:
            problems.append(Diagnostic(shown, None, _("the file is too large (over 512 MB)")))
            return ()
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Diagnostic(shown, None, _("cannot be read: {error}", error=error)))
        return ()
    text = yaml_safe(text)
    try:
        rows = load_items(text)  # (what import writes, read fast; anything else by libyaml)
        rows = yaml.load(text, Loader=_LOADER) if rows is None else rows
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.append(Diagnostic(shown, mark.line + 1 if mark else None,
                                   _("the YAML cannot be read: {problem}", problem=getattr(error, "problem", error))))
        return ()
    if rows is None:
        return ()
    if not isinstance(rows, list):
        problems.append(Diagnostic(shown, 1, _("items.yaml must be a list of items ('- seq: 1' blocks)")))
        return ()
    starts = item_lines(text)
    reader = ItemReader(folder.name, shown, text, batch, problems)
    items = [item for index, row in enumerate(rows)
             if (item := reader.read(row, starts[index] if index < len(starts) else 1)) is not None]
    return tuple(sorted(items, key=lambda item: (item.seq, item.key)))


def item_lines(text: str) -> list[int]:
    """The line each top-level item ('- ' at the start of a line) begins on."""
    lines, line, position = [], 1, 0
    for match in re.finditer(r"^-", text, re.MULTILINE):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def items_files(content_dir: Path, batch: str | None = None) -> list[Path]:
    """The items.yaml of every batch (of one batch, given its name)."""
    return [folder / ITEMS_FILE for folder in batch_folders(content_dir)
            if (batch is None or folder.name == batch) and (folder / ITEMS_FILE).is_file()]


def redaction_fields(text: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    """(field, text, line of its item) of every item text in items.yaml's text, and the values its
    items' public_data declare public: what `redact` masks."""
    try:
        rows = yaml.load(yaml_safe(text), Loader=_LOADER)
    except yaml.YAMLError:
        return [], []
    rows = rows if isinstance(rows, list) else []
    starts, fields, public = item_lines(text), [], []
    for index, row in enumerate(rows):
        if isinstance(row, dict):
            line = starts[index] if index < len(starts) else 1
            fields += [(key, row[key], line) for key in TEXT_KEYS if isinstance(row.get(key), str)]
            public += [value for value in row.get("public_data") or [] if isinstance(value, str)]
    return fields, public
