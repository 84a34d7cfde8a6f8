"""`build.py new --plan SLUG`: a new problem file with the next number and every field ready to fill."""
from __future__ import annotations

import re
from pathlib import Path

from .model import KEY_BY_ALIAS
from .content import problem_files_in
from .errors import ContentError, Diagnostic, display_path
from .names import is_slug, slug_hint
from .frontmatter import ReadError, parse_yaml, read_text, split_front_matter
from .i18n import _

_TEMPLATE = """\
---
number: {number}
category: {category}               # 问题类别编号，见 plan.yaml：{categories}
problem:                  # 问题（必填）
title:                    # 可不填：默认取问题的第一句
goal:                     # 整改目标
measures: []              # 整改措施，每条一行：改成 '- 措施一' 形式的列表
deadline:                 # 整改时限，照方案原文写，如 2019年6月底前、立行立改
responsible:              # 主体责任单位
supervising:              # 监管责任单位
leader:                   # 督办市领导
status: not started       # not started / in progress / done / closed（或 未开始、整改中、办理到位、已销号）
completed_on:             # 办结日期 YYYY-MM-DD（done / closed 时必填）
published_on:             # 公开日期 YYYY-MM-DD，可不填：默认等于办结日期
deadline_changes: []      # 时限调整：- date: YYYY-MM-DD / deadline: 新时限 / reason: 调整理由（必填）
progress: []              # 工作进展：- date: YYYY-MM-DD / note: ...（公开前不会发布）
attachments: []           # 附件：- title: 验收报告 / path: 与本文件同目录的文件名
photos: []                # 整改照片：- path: 12-before.jpg / caption: 说明 / kind: before（整改前）或 after（整改后）
notice_window: {{}}         # 公示期，可不填：start / end 或 days / day_kind: calendar（自然日）或 working（工作日）
objection: {{}}             # 异议受理，可不填（默认用站点设置）：phone / email / address / contact
acceptance: {{}}            # 验收：units: [牵头验收单位, …] / date / result
objection_result:         # 异议处理情况，公示期满后显示
closed_on:                # 销号日期 YYYY-MM-DD（closed 时必填）
long_term:                # 已完成、需长期坚持时写 true
internal_notes:           # 内部备注：从不公开
---
办理情况写在这里（Markdown）。问题办理到位并到公开日期后才会公开。
"""


def _numbers_in(folder: Path) -> set[int]:
    """Problem numbers already used in a plan folder, by 'number' field and by file name."""
    used = set()
    for path in map(Path, problem_files_in(folder)):
        if re.fullmatch(r"\d+", path.stem):
            used.add(int(path.stem))
        try:
            doc = split_front_matter(read_text(path, display_path(path)), display_path(path))
        except ReadError:
            continue
        for key, value in doc.meta.items():
            if KEY_BY_ALIAS.get(key, key) == "number" and isinstance(value, str) and value.strip().isdigit():
                used.add(int(value))
    return used


def _category_list(plan_yaml: Path) -> str:
    try:
        meta, _lines = parse_yaml(read_text(plan_yaml, display_path(plan_yaml)), display_path(plan_yaml))
    except ReadError:
        return "（plan.yaml 读取失败）"
    items = meta.get("categories") if isinstance(meta, dict) else None
    names = [f"{c.get('number')}={c.get('title')}" for c in items or [] if isinstance(c, dict)]
    return "；".join(names) or "（plan.yaml 中尚无类别）"


def _check_category(plan_yaml: Path, category: int) -> None:
    """Refuse a category the plan does not have: the new file would not build."""
    shown = display_path(plan_yaml)
    try:
        meta, _lines = parse_yaml(read_text(plan_yaml, shown), shown)
    except ReadError as error:
        raise ContentError([error.problem]) from None
    items = meta.get("categories") if isinstance(meta, dict) else None
    numbers = sorted({int(c["number"]) for c in items or [] if isinstance(c, dict)
                      and isinstance(c.get("number"), str) and c["number"].strip().isdigit()})
    if category not in numbers:
        hint = (_("use one of {numbers}", numbers="、".join(map(str, numbers))) if numbers
                else _("add the plan's categories to plan.yaml first"))
        raise ContentError([Diagnostic("--category", None, _("the plan has no category {number} ({plan})",
                                                              number=category, plan=shown), hint=hint)])


def new_problem(content_dir: Path, plan_slug: str, category: int | None = None) -> Path:
    """Write the next problem file of a plan and return its path; never overwrites a file."""
    if not is_slug(plan_slug):
        raise ContentError([Diagnostic("--plan", None, _("{slug} is not a plan slug", slug=repr(plan_slug)),
                                       hint=slug_hint())])
    folder = content_dir / "plans" / plan_slug
    if not (folder / "plan.yaml").is_file():
        raise ContentError([Diagnostic(display_path(folder / "plan.yaml"), None,
                                       _("there is no plan '{slug}'", slug=plan_slug),
                                       hint=_("check the name, or import the plan first with 'python build.py import'"))])
    if category is not None:
        _check_category(folder / "plan.yaml", category)
    number = max(_numbers_in(folder), default=0) + 1
    path = folder / f"{number:02d}.md"
    text = _TEMPLATE.format(number=number, category="" if category is None else category,
                            categories=_category_list(folder / "plan.yaml"))
    with open(path, "x", encoding="utf-8") as handle:  # 'x': fail rather than overwrite
        handle.write(text)
    return path
