"""Field names as messages say them: `整改时限(deadline)` in Chinese, `deadline` in English.

One Chinese label per key: a problem file's keys take the first of their Chinese aliases (model.py);
the plan's, a page's and the site settings' keys are labelled here.
"""
from __future__ import annotations

from .i18n import language

# Keys that are not a problem file's (plan.yaml, pages, site_config.yaml) and names of a problem's parts.
_OTHER_LABELS = {
    "record": "办理情况", "body": "正文", "order": "排序", "office": "公开单位", "issued_on": "印发日期",
    "document_number": "文号", "source_url": "原文地址", "summary": "概述", "categories": "问题类别",
    "base_url": "网站地址", "language": "网页语言", "sponsor": "主办单位", "address": "通信地址",
    "phone": "联系电话", "site_id_code": "网站标识码", "icp_record": "ICP备案号", "police_record": "公安机关备案号",
    "notice_period_days": "公示天数", "notice_day_kind": "公示期计算方式", "objection_phone": "监督电话",
    "objection_email": "监督邮箱", "objection_address": "来信地址", "publish_progress": "公开整改进展",
    "list_unfinished": "列出未办结问题", "notice": "提示", "search": "站内搜索", "units": "责任单位",
    "timezone": "时区", "public_contacts": "公开联系方式", "footer": "页脚",
}


def field_name(key: str) -> str:
    """How a message names a field: its Chinese label with the key, or in English the key alone."""
    if language() == "en":
        return key
    from .model import ISSUE_KEYS  # (imported here: the model's modules write messages too)

    label = ISSUE_KEYS[key][0] if ISSUE_KEYS.get(key) else _OTHER_LABELS.get(key)
    return f"{label}({key})" if label else key


def sub_key_names(names: dict[str, tuple[str, ...]]) -> str:
    """A mapping field's sub-keys as a message lists them: 开始日期(start)、… or start, …."""
    if language() == "en":
        return ", ".join(names)
    return "、".join(f"{labels[0]}({key})" if labels else key for key, labels in names.items())


def status_name(status: str) -> str:
    """A status as messages say it: 办理到位 in Chinese, done in English."""
    from .model import STATUS_LABELS

    return status if language() == "en" else STATUS_LABELS.get(status, status)
