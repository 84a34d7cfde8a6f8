"""Issue 18: the cache and the output folder under a careless user's (or an attacker's) options.

The cache holds every draft: it is never inside the output or a folder a build writes, it sits
beside the content by default, owner-only. A file reused from an earlier build is known to hold
the bytes recorded for it. File-system errors end in one clear line, exit 1, nothing left behind.
"""
from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build, tree

PLAN = "content/plans/demo-2019"
DRAFT = b"SECRET-RECORD-02"


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def break_content(site: Path) -> None:
    path = site / PLAN / "01.md"
    path.write_text(path.read_text().replace("completed_on: 2019-02-20", "completed_on: 2019-13-20"))


@pytest.mark.parametrize("broken", [False, True])
@pytest.mark.parametrize("where", ["out/x", "out", "out/.cache"])
def test_a_cache_inside_the_output_is_refused(basic_site, tmp_path, where, broken):
    output = tmp_path / "out"
    assert run_build(basic_site, "--no-cache", output=output).returncode == 0
    before = tree(output)
    if broken:
        break_content(basic_site)
    result = run_build(basic_site, "--cache", str(tmp_path / where), output=output)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"error: --cache {tmp_path / where} ")
    assert tree(output) == before  # (no cache file in it)
    assert not any(DRAFT in data for data in tree(output).values())


@pytest.mark.parametrize("where", ["content/.cache", "content/plans/demo-2019/cache", "templates/c"])
def test_a_cache_inside_a_folder_the_build_reads_is_refused(basic_site, tmp_path, where):
    (basic_site / "templates").mkdir()
    result = run_build(basic_site, "--templates", "templates", "--cache", where, output=tmp_path / "out")
    assert result.returncode == 1 and result.stderr.startswith(f"error: --cache {where} is inside the ")
    assert not (basic_site / where).exists() and not (tmp_path / "out").exists()


def test_the_default_cache_is_beside_the_content_and_owner_only(basic_site, tmp_path):
    web_root = tmp_path / "www"
    web_root.mkdir()
    output = web_root / "gongkai"
    assert run_build(basic_site, output=output).returncode == 0
    assert not [p for p in files_under(web_root) if "cache" in p]
    assert not any(DRAFT in data for data in tree(web_root).values()), "no draft anywhere in the web root"
    cache = basic_site / ".cache" / "disclosure-gongkai"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert (cache / "cache.sqlite").is_file()
    for path in cache.iterdir():
        if path.is_file() and not path.name.endswith(".lock"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_a_damaged_reused_file_that_keeps_its_size_and_time_is_not_published(basic_site, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    for _ in range(2):  # the second build leaves the first's site in the cache, to be patched
        assert run_build(basic_site, "--cache", str(cache), output=output).returncode == 0
    expected = tree(output)
    damaged = []
    for path in sorted((cache / "site").rglob("*.html")):
        before = path.stat()
        data = path.read_bytes()
        path.write_bytes(data.replace(b"<", b"[", 1))  # same size
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        damaged.append(path)
    assert damaged
    assert run_build(basic_site, "--cache", str(cache), output=output).returncode == 0
    assert tree(output) == expected


def test_a_damaged_live_file_is_not_linked_into_the_next_site(basic_site, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    assert run_build(basic_site, "--cache", str(cache), output=output).returncode == 0
    expected = tree(output)
    page = output / "plans/demo-2019/issues/1.html"
    before = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<", b"[", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert run_build(basic_site, "--cache", str(cache), output=output).returncode == 0
    assert tree(output) == expected


def no_leftovers(*folders: Path) -> None:
    for folder in folders:
        assert not [p for p in folder.iterdir() if p.name.startswith((".output-build-", ".output-old-"))], folder


def test_a_cache_that_is_a_file_is_one_clear_line(basic_site, tmp_path):
    (tmp_path / "cachefile").write_text("x")
    result = run_build(basic_site, "--cache", str(tmp_path / "cachefile"), output=tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr == f"error: --cache {tmp_path / 'cachefile'} is a file, not a folder\n"
    assert not (tmp_path / "out").exists()
    no_leftovers(tmp_path)


@pytest.mark.parametrize("option", ["--output", "--cache"])
def test_a_path_under_a_file_is_one_clear_line(basic_site, tmp_path, option):
    (tmp_path / "afile").write_text("x")
    args = [option, str(tmp_path / "afile/sub")]
    if option == "--cache":
        args += ["--output", str(tmp_path / "out")]
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--today", "2019-06-01", *args],
                            cwd=basic_site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    no_leftovers(tmp_path)


def test_a_full_disk_is_one_clear_line_and_leaves_the_site_as_it_was(basic_site, tmp_path):
    output = tmp_path / "out"
    assert run_build(basic_site, "--cache", str(tmp_path / "cache"), output=output).returncode == 0
    before = tree(output)
    page = basic_site / PLAN / "01.md"
    page.write_text(page.read_text() + "\n" + "新增记录。" * 4000)  # a page larger than the limit below

    def limit_file_size():  # (a file grown past this limit fails as on a full disk: EFBIG, not ENOSPC)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--today", "2019-06-01", "--output",
                             str(output), "--cache", str(tmp_path / "cache"), "--jobs", "1"], cwd=basic_site,
                            capture_output=True, text=True, timeout=300, preexec_fn=limit_file_size)
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write: File too large"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert tree(output) == before
    no_leftovers(tmp_path)


@pytest.mark.parametrize("where", [".", "..", "content", "content/plans", "content/plans/demo-2019/out", "/"])
def test_an_output_that_holds_or_is_inside_the_inputs_is_refused_and_leaves_no_lock(basic_site, tmp_path, where):
    before = files_under(tmp_path)
    root_lock = Path("/..lock")
    had_root_lock = root_lock.exists()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--today", "2019-06-01", "--output",
                             where], cwd=basic_site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: --output {where} ") and len(result.stderr.splitlines()) == 1, \
        result.stderr
    assert files_under(tmp_path) == before, "a refused build writes nothing: no lock, no cache, no stage"
    assert root_lock.exists() == had_root_lock and not Path("/.lock").exists()


def test_an_output_holding_other_files_is_refused_without_a_lock_file(basic_site, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/keep.txt").write_text("keep")
    before = files_under(tmp_path)
    result = run_build(basic_site, output=tmp_path / "docs")
    assert result.returncode == 1 and "refusing to replace it" in result.stderr
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("option", ["--output", "--cache"])
def test_an_output_or_cache_that_cannot_be_written_is_one_clear_line(basic_site, tmp_path, option):
    """A folder this process may not write (here under /sys: the tests run as root, for whom
    permission bits do not apply), as a read-only disk would be."""
    unwritable = Path("/sys/disclosure-test/folder")
    try:
        unwritable.parent.mkdir()
        unwritable.parent.rmdir()
        pytest.skip("/sys is writable here")
    except OSError:
        pass
    args = [option, str(unwritable)] + (["--output", str(tmp_path / "out")] if option == "--cache" else [])
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--today", "2019-06-01", *args],
                            cwd=basic_site, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write: ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists()
    no_leftovers(tmp_path)
