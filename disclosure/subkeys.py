"""The keys inside a problem file's list items (progress notes, deadline changes, attachments, photos,
accepted warnings), with the Chinese labels editors type for them: renamed to the keys, and an unknown
one named with the keys it could be. (The mappings 公示期, 异议受理 and 验收 have theirs in
lifecycle_fields.py.)"""
from __future__ import annotations

from .errors import Diagnostic
from .i18n import _
from .lifecycle_fields import _SUB_KEYS as MAPPING_SUB_KEYS

# For each field: its items' keys, each with the Chinese labels accepted for it.
ITEM_KEYS = {
    "progress": {"date": ("日期",), "note": ("内容", "进展", "情况")},
    "deadline_changes": {"date": ("日期", "调整日期"), "deadline": ("时限", "新时限", "整改时限"),
                         "reason": ("理由", "原因", "调整理由")},
    "attachments": {"title": ("标题", "名称"), "path": ("文件", "路径")},
    "photos": {"path": ("文件", "路径"), "caption": ("说明", "标题"), "kind": ("类型",)},
    "closing_document": {"title": ("标题", "名称"), "path": ("文件", "路径")},
    "accept": {"warning": ("警告", "代码"), "reason": ("理由", "原因")},
}
SUB_KEY_NAMES = frozenset(
    word for table in (*ITEM_KEYS.values(), *MAPPING_SUB_KEYS.values()) for key, labels in table.items()
    for word in (key, *labels))


def describe_keys(field: str) -> str:
    """The keys of a field's items as a message names them: date (日期)、note (内容)."""
    return "、".join(f"{key} ({labels[0]})" for key, labels in ITEM_KEYS[field].items())


def canonical_sub_keys(shown: str, doc, problems: list[Diagnostic]) -> None:
    """Rename the Chinese keys of each list item (doc: frontmatter.Document with canonical top-level
    keys) to their English keys, with their lines; note every key that is neither."""
    for field, table in ITEM_KEYS.items():
        value = doc.meta.get(field)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        prefix = (field,) if isinstance(value, list) else ()
        for index, item in enumerate(items):
            if isinstance(item, dict):
                renamed = _rename(shown, doc, problems, field, table, item, (field, index) if prefix else (field,))
                if prefix:
                    items[index] = renamed
                else:
                    doc.meta[field] = renamed


def _rename(shown, doc, problems, field: str, table: dict, item: dict, where: tuple) -> dict:
    by_label = {label: key for key, labels in table.items() for label in (key, *labels)}
    renamed = {}
    for sub, value in item.items():
        key = by_label.get(sub)
        if key is None:
            problems.append(Diagnostic(shown, doc.line_of(*where, sub), _(
                "'{sub}' is not a key of its items; use {keys}", sub=sub, keys=describe_keys(field)), field=field))
            continue
        if key in renamed:
            problems.append(Diagnostic(shown, doc.line_of(*where, sub), _(
                "'{sub}' repeats '{key}' in the same item", sub=sub, key=key), field=field,
                hint=_("keep one of them")))
            continue
        renamed[key] = value
        if sub != key and (*where, sub) in doc.lines:
            doc.lines[(*where, key)] = doc.lines[(*where, sub)]
    return renamed
