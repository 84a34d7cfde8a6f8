"""unit_groups in site_config.yaml: a phrase plans write for several units at once ('各县市区党委、政府')
and the configured units it stands for, so each county's page lists the problems assigned to all.

    unit_groups:
      各县市区: [衡阳县, 衡南县, 常宁市]

Each listed unit is given the phrase (Unit.groups); units.py then counts a problem for the unit
when its responsible text holds the phrase, as it does for the unit's name and aliases.
"""
from __future__ import annotations

import dataclasses

from .i18n import _


def read_unit_groups(value, problem) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The setting as (phrase, unit names) pairs, in the file's order; each mistake noted."""
    if not isinstance(value, dict):
        problem("unit_groups", _("must be 'phrase: [unit, unit, ...]' lines"))
        return ()
    groups = []
    for phrase, names in value.items():
        if not isinstance(phrase, str) or not phrase.strip():
            problem("unit_groups", _("a group needs a phrase before its ':'"))
        elif not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            problem("unit_groups", _("'{phrase}' must list the units it stands for ([unit, unit, ...])", phrase=phrase),
                    (phrase,))
        else:
            groups.append((phrase.strip(), tuple(name.strip() for name in names)))
    return tuple(groups)


def group_units(units, groups, problem) -> tuple:
    """The configured units, each given the phrases of the groups that list it; a group naming a unit
    that is not configured is noted (it would have no page to count on)."""
    known = {unit.name for unit in units}
    for phrase, names in groups:
        for name in names:
            if name not in known:
                problem("unit_groups", _("'{phrase}' lists '{name}', which is not one of the units", phrase=phrase,
                                         name=name), (phrase,),
                        hint=_("add it under units: (- name: {name})", name=name))
    return tuple(dataclasses.replace(unit, groups=tuple(phrase for phrase, names in groups if unit.name in names))
                 for unit in units)
