"""Shared helpers: build a site in a child process, as an editor would run it."""
from __future__ import annotations

import gzip
import re
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest_plugins = ["web"]  # the browser site and nginx fixtures

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# The tools speak Chinese by default; most tests were written against the English messages, so they
# run in English (DISCLOSURE_LANG reaches the builds they start too). The tests of the Chinese
# messages (test_invalid.py, test_i18n.py) set the language themselves.
os.environ["DISCLOSURE_LANG"] = "en"


def is_ci() -> bool:
    """True on a CI runner (they set CI=true): every test must run, and random tests repeat exactly."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def run_build(site: Path, *args: str, output: Path | None = None, today: str = "2019-06-01"):
    """Run `build.py` in the site folder (so messages show paths as an editor sees them)."""
    command = [sys.executable, str(ROOT / "build.py"), "build", "--today", today]
    if output is not None:
        command += ["--output", str(output)]
        if site.resolve() == ROOT and not {"--cache", "--no-cache"} & set(args):
            # (The default cache sits beside the content: a test never writes into the repository.)
            command += ["--cache", str(output.parent / f".cache-{output.name}")]
    return subprocess.run(command + list(args), cwd=site, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def unpacked(data: bytes) -> bytes:
    """A file's bytes, a gzip file (the search index) decompressed, a zip file (.xlsx) unpacked whole."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(name.encode() + b"\n" + archive.read(name) for name in sorted(archive.namelist()))
    return data


def readable_tree(folder: Path) -> dict[str, bytes]:
    """tree(), each file as its reader gets its text: unpacked, without the zero-width spaces Pagefind
    puts between Chinese words, the search index's character-pair tokens spelled out as the characters
    (disclosure/outputs/search_text.py). What a leak scan searches: compressed or encoded text would
    hide a leak."""
    return {name: spelled_out(unpacked(data).replace("\u200b".encode(), b"")) for name, data in tree(folder).items()}


_TOKEN = re.compile(rb"\bzz((?:[a-p]{4})+)q?\b")


def spelled_out(data: bytes) -> bytes:
    """The search tokens in data (zz + four letters a-p per character) as their characters."""
    def characters(match):
        letters = match.group(1).decode()
        hexed = letters.translate(str.maketrans("abcdefghijklmnop", "0123456789abcdef"))
        return "".join(chr(int(hexed[i:i + 4], 16)) for i in range(0, len(hexed), 4)).encode("utf-8")
    return _TOKEN.sub(characters, data)


@pytest.fixture
def basic_site(tmp_path) -> Path:
    """A writable copy of tests/sites/basic."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected"))
    return site
