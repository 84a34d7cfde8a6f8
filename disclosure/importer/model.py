"""What the importer reads out of a plan document."""
from __future__ import annotations

from dataclasses import dataclass, field

# The fields of a problem that come from the document, in the order a problem file lists them.
PLAN_FIELDS = ("number", "category", "problem", "goal", "measures", "deadline",
               "responsible", "supervising", "leader", "extra")
# The labelled fields a problem is expected to have, with the label a report shows for each.
EXPECTED_FIELDS = {"problem": "问题", "goal": "整改目标", "measures": "整改措施", "deadline": "整改时限",
                   "responsible": "主体责任单位", "supervising": "监管责任单位", "leader": "督办市领导"}
# Every label we accept for each field (spaces removed before matching).
LABELS = {
    "problem": ("问题", "存在问题", "主要问题", "问题描述", "反馈问题"),
    "goal": ("整改目标", "目标"),
    "measures": ("整改措施", "措施", "具体措施", "主要措施", "整改举措"),
    "deadline": ("整改时限", "完成时限", "时限", "整改时间", "完成时间", "整改期限"),
    "responsible": ("主体责任单位", "责任单位", "整改责任单位", "牵头单位", "整改实施主体",
                    "责任主体", "整改主体", "牵头责任单位"),
    "supervising": ("监管责任单位", "监管单位", "监督单位", "监管部门", "监督责任单位"),
    "leader": ("督办市领导", "督办领导", "责任领导", "牵头领导", "督办市级领导", "包案领导", "责任市领导"),
}
FIELD_OF_LABEL = {label: name for name, labels in LABELS.items() for label in labels}


@dataclass(frozen=True)
class Line:
    """One paragraph of the source: its line (for .docx, its paragraph number) and its text."""

    number: int
    text: str
    is_list_item: bool = False  # numbered by the format itself (<li>, a Word list), not by its text


@dataclass
class Category:
    """A '一、…' heading of the problem list."""

    number: int
    title: str
    line: int
    summary: str | None = None
    declared_count: int | None = None  # from '…3项整改任务' in the summary


@dataclass
class PlanProblem:
    """A '（一）…' problem with its labelled fields, as written in the document."""

    number: int
    category: int
    line: int
    fields: dict = field(default_factory=dict)  # problem, goal, measures, ... -> text (measures: list)
    extra: dict = field(default_factory=dict)  # unrecognised 'label：value' lines
    lines: dict = field(default_factory=dict)  # field name (or extra label) -> source line

    def missing_fields(self) -> list[str]:
        """The expected fields the document does not give for this problem."""
        return [name for name in EXPECTED_FIELDS if not self.fields.get(name)]

    def front_matter(self) -> dict:
        """The plan fields as they go into a problem file, in file order."""
        values = {"number": self.number, "category": self.category}
        values.update((name, self.fields[name]) for name in EXPECTED_FIELDS if self.fields.get(name))
        if self.extra:
            values["extra"] = dict(self.extra)
        return values


@dataclass
class PlanDoc:
    """A whole plan document: its metadata, categories and problems."""

    source: str  # the path as shown in messages
    title: str | None = None
    office: str | None = None
    issued_on: str | None = None  # YYYY-MM-DD
    document_number: str | None = None
    categories: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    repairs: list = field(default_factory=list)  # report lines: the scraping damage repaired (repair.py)

    def plan_fields(self) -> dict:
        """The plan.yaml fields the document gives, in file order."""
        values = {key: getattr(self, key) for key in ("title", "office", "issued_on", "document_number")
                  if getattr(self, key)}
        values["categories"] = [render_category(category) for category in self.categories]
        return values


def render_category(category: Category) -> dict:
    """One category as plan.yaml lists it."""
    values = {"number": category.number, "title": category.title}
    if category.summary:
        values["summary"] = category.summary
    if category.declared_count is not None:
        values["declared_count"] = category.declared_count
    return values
