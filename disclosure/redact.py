"""`build.py redact`: mask the personal data privacy.py finds, in the content files themselves.

Each flagged value is replaced by its masked form (138****5678, 4304**********123X, 张某) where it
is written; every other byte of the file stays as it was (comments, key order, quoting, line ends,
encoding). The diff shown never prints a value: the old side names its kind instead. Attachments
(PDF, Word) cannot be rewritten here: they are listed for the editor to replace.
"""
from __future__ import annotations

import codecs
import difflib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import load_config
from .content import scan_content
from .model import ISSUE_KEYS
from .errors import ContentError, display_path
from .frontmatter import ReadError, parse_yaml, split_front_matter
from .guard import attachment_text
from .privacy import (ISSUE_PLAN_FIELDS, ISSUE_RECORD_FIELDS, KIND_LABELS, PLAN_FIELDS, _strings, allowed_digests,
                      find_personal_data, site_allowances)
from .textclean import clean_text
from .i18n import _
from .labels import field_name
from .complaints.reading import COMPLAINTS, ITEMS_FILE, items_files, redaction_fields


@dataclass
class Redaction:
    """One file's new text, and what could not be masked automatically."""

    path: Path
    encoding: str
    bom: bytes
    old: str
    new: str
    shown_old: str  # the old text with each value as its kind, for the diff
    manual: list[str]


def _decode(data: bytes) -> tuple[str, str, bytes]:
    """(text, encoding, byte-order mark) as the file is written: line ends kept."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding), encoding, bom
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030", b""


def _fields(path: Path, text: str):
    """(field, value, line) of the public fields of a content file, and the values it declares public."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    shown = display_path(path)
    if path.name == ITEMS_FILE and COMPLAINTS in path.parts:
        return redaction_fields(text)  # a complaint batch's items (issue 23)
    if path.name == "plan.yaml":
        meta, lines = parse_yaml(text, shown)
        meta = meta if isinstance(meta, dict) else {}
        return [(key, meta[key], lines.get((key,), 1)) for key in PLAN_FIELDS if key in meta], ()
    doc = split_front_matter(text, shown)
    keys = ISSUE_PLAN_FIELDS + ISSUE_RECORD_FIELDS if "plans" in path.parts else ("title",)
    public = doc.meta.get("public_data") or doc.meta.get("公开信息") or ()
    public = [public] if isinstance(public, str) else [item for item in public if isinstance(item, str)]
    found = [(key, doc.meta[key], doc.line_of(key)) for key in keys if key in doc.meta]
    # (Chinese labels: the field is found under the label it is written with.)
    found += [(key, doc.meta[label], doc.line_of(label)) for key in keys for label in ISSUE_KEYS.get(key, ())
              if label in doc.meta]
    return found + [("record", doc.body, doc.body_line)], public


def redact_file(path: Path, allowed: frozenset[bytes]) -> Redaction | None:
    """The file with its personal data masked; None when it has none."""
    data = path.read_bytes()
    text, encoding, bom = _decode(data)
    fields, public = _fields(path, text)
    allowed = allowed | allowed_digests(public)
    starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    replacements, manual = [], []
    for name, value, line in fields:
        for _path, string in _strings(value):
            for finding in find_personal_data(string, allowed):
                raw = string[finding.start:finding.end]
                at = text.find(raw, starts[min(line, len(starts)) - 1])
                if at < 0:
                    manual.append(_("{place}: {field}: {kind} '{masked}' is not written as read (folded or quoted): "
                                    "mask it by hand", place=f"{display_path(path)}:{line}", field=field_name(name),
                                    kind=_(finding.kind), masked=finding.masked))
                    continue
                replacements.append((at, at + len(raw), finding.masked, KIND_LABELS[finding.kind]))
    if not replacements and not manual:
        return None
    new, shown_old = _apply(text, replacements)
    return Redaction(path, encoding, bom, text, new, shown_old, manual)


def _apply(text: str, replacements) -> tuple[str, str]:
    new, shown, last = [], [], 0
    for start, end, masked, label in sorted(set(replacements)):
        if start < last:
            continue  # the same value found through two fields
        new += [text[last:start], masked]
        shown += [text[last:start], f"⟦{label}⟧"]
        last = end
    return "".join(new + [text[last:]]), "".join(shown + [text[last:]])


def diff(redaction: Redaction) -> str:
    shown = display_path(redaction.path)
    lines = difflib.unified_diff(redaction.shown_old.splitlines(keepends=True),
                                 redaction.new.splitlines(keepends=True), shown, shown)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_redaction(redaction: Redaction) -> None:
    """Replace the file atomically, in its own encoding, keeping its permissions."""
    path = redaction.path
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(redaction.bom + redaction.new.encode(redaction.encoding))
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def content_files(content_dir: Path, plan: str | None) -> list[Path]:
    """The files redact may rewrite: each plan's plan.yaml and problem files (one plan's, given
    plan), and the pages."""
    found = scan_content(content_dir)
    files = []
    for folder, paths in found.plans:
        if plan is None or folder.name == plan:
            files += [folder / "plan.yaml"] if (folder / "plan.yaml").is_file() else []
            files += map(Path, paths)
    return files + (list(found.pages) if plan is None else [])


def _no_batch(folder: Path) -> int:
    print(_("{folder}: there is no such batch", folder=display_path(folder)), file=sys.stderr)
    return 1


def _redacted_files(content_dir: Path, plan: str | None, batch: str | None) -> list[Path]:
    """content_files, and the complaint batches' items.yaml (one batch's alone, given batch)."""
    paths = [] if batch else content_files(content_dir, plan)
    return paths + (items_files(content_dir, batch) if batch or not plan else [])


def run_redact(config_path: Path, content_dir: Path, plan: str | None, dry_run: bool, yes: bool,
               batch: str | None = None) -> int:
    """Show the masking of every file, ask, and write it (see the module's docstring). batch: only
    that complaint batch's items; plan: only that plan's files; neither: everything."""
    if plan and not (content_dir / "plans" / plan).is_dir():
        print(_("{path}: there is no such plan", path=display_path(content_dir / "plans" / plan)), file=sys.stderr)
        return 1
    if batch and not (content_dir / COMPLAINTS / batch).is_dir():
        return _no_batch(content_dir / COMPLAINTS / batch)
    try:
        allowed = site_allowances(load_config(config_path))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    redactions, manual = [], []
    for path in _redacted_files(content_dir, plan, batch):
        try:
            found = redact_file(path, allowed)
        except ReadError as error:
            manual.append(_("{problem} (fix it, then run redact again)", problem=error.problem))
            continue
        if found:
            redactions.append(found)
            manual += found.manual
    manual += [] if batch else _attachments(content_dir, plan, allowed)
    changed = [r for r in redactions if r.new != r.old]
    for redaction in changed:
        sys.stdout.write(diff(redaction))
    for line in manual:
        print(line)
    count = len(changed)
    if not changed:
        print(_("redact: nothing to mask automatically") if manual else _("redact: nothing to mask"))
        return 1 if manual else 0
    if dry_run:
        print(_("redact: {count} file(s) would change (dry run: nothing written)", count=count))
        return 0
    if not yes:
        if not sys.stdin.isatty():
            print(_("redact: not a terminal to ask in; run again with --yes to apply"), file=sys.stderr)
            return 1
        if input(_("mask the above personal data in {count} file(s)? [y/N] ", count=count)).strip().lower() \
                not in ("y", "yes", "是"):
            print(_("redact: nothing written"))
            return 1
    for redaction in changed:
        write_redaction(redaction)
    print(_("redact: masked personal data in {count} file(s)", count=count))
    return 1 if manual else 0


def _attachments(content_dir: Path, plan: str | None, allowed) -> list[str]:
    """A line for each attachment file whose text holds personal data."""
    lines = []
    for folder in ([content_dir / "plans" / plan] if plan else [content_dir / "plans"]):
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".pdf", ".docx")):
            texts = attachment_text(path)
            kinds = sorted({f.kind for _page, text in texts for f in find_personal_data(clean_text(text), allowed)})
            if kinds:
                lines.append(_("{path}: holds personal data ({kinds}): replace it with a redacted copy by hand",
                               path=display_path(path), kinds=", ".join(_(kind) for kind in kinds)))
    return lines
