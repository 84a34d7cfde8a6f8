"""requirements.lock is checked against pyproject.toml: a missing or unfitting pin stops the tests."""
import importlib.util
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
check_lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_lock)

LOCK = """# comment
Jinja2==3.1.6
pyyaml==6.0.3  # trailing comment
    # via disclosure
markdown==3.5 ; python_version >= '3.0'
markdown==2.0 ; python_version < '3.0'
"""


def stale(*requirements: str) -> list[str]:
    return check_lock.find_stale([Requirement(r) for r in requirements], check_lock.read_pins(LOCK))


def test_pins_inside_the_ranges_are_not_stale_even_when_newer_releases_exist():
    assert stale("jinja2>=3.1", "PyYAML>=6.0", "Markdown>=3.5,<4") == []


def test_a_requirement_the_lock_does_not_pin_is_stale():
    assert stale("jinja2>=3.1", "tomli-w>=1.0") == ["tomli-w>=1.0 is required, and requirements.lock does not pin tomli-w"]


def test_a_pin_outside_the_range_is_stale():
    assert stale("pyyaml>=6.0.4") == ["pyyaml>=6.0.4 is required, and requirements.lock pins pyyaml==6.0.3"]


def test_only_the_pins_for_this_python_count():
    assert stale("markdown>=3") == []
    assert stale("markdown<3") == ["markdown<3 is required, and requirements.lock pins markdown==3.5"]


def test_requirements_for_another_python_are_left_out():
    pyproject = {"project": {"dependencies": ["jinja2>=3.1", "tomli>=2; python_version < '3.0'"],
                             "optional-dependencies": {"test": ["pytest>=8"]}}}
    assert [r.name for r in check_lock.read_requirements(pyproject)] == ["jinja2", "pytest"]


def test_the_repository_lock_fits_pyproject():
    assert check_lock.main() == 0
