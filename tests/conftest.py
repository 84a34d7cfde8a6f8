"""Shared helpers: build a site in a child process, as an editor would run it."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["web"]  # the browser site and nginx fixtures

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def run_build(site: Path, *args: str, output: Path | None = None, today: str = "2019-06-01"):
    """Run `build.py` in the site folder (so messages show paths as an editor sees them)."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--today", today]
    if output is not None:
        command += ["--output", str(output)]
    return subprocess.run(command + list(args), cwd=site, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def basic_site(tmp_path) -> Path:
    """A writable copy of tests/sites/basic."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected"))
    return site
