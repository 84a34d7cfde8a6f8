"""Broken sites: each case in sites_invalid/ overlays tests/sites/basic and states the exact messages.

A case folder holds the files that differ from the basic site, an optional `remove` file listing
paths to delete, an optional `args` file with extra build options (e.g. `--templates templates`),
and the messages the editor must read (one per line) in each language: `expected.zh.txt` (the
default) and `expected.en.txt` (`--lang en`).
"""
import shutil
from pathlib import Path

import pytest

from conftest import SITES, run_build, tree
from entries import ENTRIES, build

CASES = sorted(p for p in (Path(__file__).parent / "sites_invalid").iterdir() if p.is_dir())
TODAY = "2019-06-01"


def copy_basic(site: Path) -> None:
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))


def break_site(case: Path, site: Path) -> None:
    """Overlay the case's files on the site and delete what its `remove` file lists."""
    for path in case.rglob("*"):
        relative = path.relative_to(case)
        if path.is_file() and relative.as_posix() not in ("expected.zh.txt", "expected.en.txt", "remove", "args"):
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, site / relative)
    if (case / "remove").exists():
        for line in (case / "remove").read_text().split():
            (site / line).unlink()


@pytest.fixture(scope="module")
def plain_output(tmp_path_factory) -> Path:
    """The basic site built once through the plain entry (which leaves nothing else behind)."""
    folder = tmp_path_factory.mktemp("plain")
    copy_basic(folder / "site")
    good = build("plain", folder / "site", folder / "out", TODAY)
    assert good.returncode == 0, good.stderr
    return folder / "out"


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_site_reports_and_keeps_output(case, entry, tmp_path, plain_output, monkeypatch):
    monkeypatch.delenv("DISCLOSURE_LANG")  # (conftest sets English for the tests written in it)
    site, output = tmp_path / "site", tmp_path / "out"
    cache = tmp_path / "cache" if entry == "incremental" else None
    copy_basic(site)
    if entry == "plain":
        shutil.copytree(plain_output, output)
    else:
        # Built from the folder the editor then breaks: the build of the broken site finds a cache
        # (and a quick state) made from that very folder.
        good = build(entry, site, output, TODAY, cache)
        assert good.returncode == 0, good.stderr
    before = tree(output)
    break_site(case, site)
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    # Each language in turn: Chinese (the default), then English. The incremental entry thus builds
    # twice, the second time with what the failed build left (checks made in Chinese): it must
    # speak English all the same.
    for language in ("zh", "en"):
        result = build(entry, site, output, TODAY, cache, args + (["--lang", "en"] if language == "en" else []))
        assert result.returncode == 1, f"{language} build: {result.stdout}{result.stderr}"
        messages = result.stderr.splitlines()[:-1]
        expected = (case / f"expected.{language}.txt").read_text(encoding="utf-8").splitlines()
        assert messages == expected, f"{language} build"
        assert tree(output) == before, f"{language} build changed the output"
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
