"""Broken sites: each case in sites_invalid/ overlays tests/sites/basic and states the exact messages.

A case folder holds the files that differ from the basic site, an optional `remove` file listing
paths to delete, an optional `args` file with extra build options (e.g. `--templates templates`),
and `expected.txt` with the messages the editor must read (one per line).
"""
import shutil
from pathlib import Path

import pytest

from conftest import SITES, run_build, tree

CASES = sorted(p for p in (Path(__file__).parent / "sites_invalid").iterdir() if p.is_dir())


def make_case(case: Path, site: Path) -> None:
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    for path in case.rglob("*"):
        relative = path.relative_to(case)
        if path.is_file() and relative.as_posix() not in ("expected.txt", "remove", "args"):
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, site / relative)
    if (case / "remove").exists():
        for line in (case / "remove").read_text().split():
            (site / line).unlink()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_site_reports_and_keeps_output(case, tmp_path):
    site = tmp_path / "site"
    make_case(case, site)
    output = tmp_path / "out"
    good = run_build(SITES / "basic", output=output)
    assert good.returncode == 0, good.stderr
    before = tree(output)
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    result = run_build(site, *args, output=output)
    assert result.returncode == 1
    messages = result.stderr.splitlines()[:-1]
    assert messages == (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert tree(output) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".output-")], "staging folder left"


def test_foreign_output_folder_is_never_replaced(basic_site, tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / "precious.txt").write_text("keep me")
    result = run_build(basic_site, output=output)
    assert result.returncode == 1 and "refusing to replace it" in result.stderr
    assert (output / "precious.txt").read_text() == "keep me"


def test_leftovers_of_a_killed_build_are_removed(basic_site, tmp_path):
    leftover = tmp_path / ".output-build-out-abc123"
    leftover.mkdir()
    (leftover / "index.html").write_text("half a site")
    assert run_build(basic_site, output=tmp_path / "out").returncode == 0
    assert not leftover.exists()
