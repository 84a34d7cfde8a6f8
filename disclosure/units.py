"""Per-unit views: which problems name a configured responsible unit (by its name or an alias).

Plans write units as free text ('衡南县、常宁市人民政府', '各县市区人民政府'); a problem is a unit's
when its responsible text contains the unit's name or one of its aliases.
"""
from __future__ import annotations

from .config import Unit
from .model import Issue


def names_unit(issue: Issue, unit: Unit) -> bool:
    """True when the problem's responsible text names the unit, or a group of units it is in (unit_groups)."""
    return any(name and name in issue.responsible for name in (unit.name, *unit.aliases, *unit.groups))


def units_of(issue: Issue, units) -> list[Unit]:
    """The configured units a problem names, in configuration order."""
    return [unit for unit in units if names_unit(issue, unit)]


def issues_of(unit: Unit, issues) -> list[Issue]:
    """The problems naming the unit, in the order given."""
    return [issue for issue in issues if names_unit(issue, unit)]
