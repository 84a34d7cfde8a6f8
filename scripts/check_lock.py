"""Fail, saying what to do, when requirements.lock no longer fits pyproject.toml.

Stale means: a requirement of pyproject.toml (dependencies and the test extra) that the lock does
not pin, or whose pinned version is outside the requirement's range. A newer release on PyPI is
not staleness: the lock keeps the tests on the versions it names until someone regenerates it.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def read_pins(text: str) -> dict[str, Version]:
    """The lock's 'name==version' lines that apply to this Python and platform, by normalized name."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pin = Requirement(line)
            if pin.marker is None or pin.marker.evaluate():
                pins[canonicalize_name(pin.name)] = Version(next(iter(pin.specifier)).version)
    return pins


def read_requirements(pyproject: dict) -> list[Requirement]:
    """What the project needs to build sites and to run its tests, for this Python and platform."""
    project = pyproject["project"]
    texts = project["dependencies"] + project.get("optional-dependencies", {}).get("test", [])
    return [r for r in map(Requirement, texts) if r.marker is None or r.marker.evaluate({"extra": "test"})]


def find_stale(requirements: list[Requirement], pins: dict[str, Version]) -> list[str]:
    """One line per requirement the lock does not satisfy."""
    stale = []
    for requirement in requirements:
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            stale.append(f"{requirement} is required, and requirements.lock does not pin {requirement.name}")
        elif not requirement.specifier.contains(pin, prereleases=True):
            stale.append(f"{requirement} is required, and requirements.lock pins {requirement.name}=={pin}")
    return stale


def main() -> int:
    if not LOCK.exists():
        print("requirements.lock is missing; make it with: bash scripts/lock.sh", file=sys.stderr)
        return 1
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    stale = find_stale(read_requirements(pyproject), read_pins(LOCK.read_text(encoding="utf-8")))
    if stale:
        print("requirements.lock is out of date with pyproject.toml:", *(f"  {line}" for line in stale),
              "Regenerate it with `bash scripts/lock.sh` and commit requirements.lock.", sep="\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
