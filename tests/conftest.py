"""Shared helpers: build a site in a child process, as an editor would run it."""
from __future__ import annotations

import gzip
import json
import re
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from disclosure.outputs.search_bundle import DIGITS
from disclosure.outputs.search_text import RUN

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
    """A file's bytes, a gzip file decompressed, a zip file (.xlsx) unpacked whole."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join(name.encode() + b"\n" + archive.read(name) for name in sorted(archive.namelist()))
    return data


def readable_tree(folder: Path) -> dict[str, bytes]:
    """tree(), each file as its reader gets its text: unpacked (a gzip file, an .xlsx). What a leak scan
    searches: compressed text would hide a leak. (The search index holds pairs of characters, not
    text: search_index and index_holds read it.)"""
    return {name: unpacked(data) for name, data in tree(folder).items()}


def search_index(output: Path) -> dict[str, dict]:
    """Every page in the search index (pagefind/, disclosure/outputs/search_bundle.py) by its address:
    {"tokens", "title tokens"}, read back from every bundle's files."""
    pages = {}
    for listing in sorted(output.glob("pagefind/*/pages.json")):
        urls = json.loads(listing.read_text(encoding="utf-8"))
        width = json.loads((listing.parent / "shard.json").read_text(encoding="utf-8"))["width"]
        found = [{"tokens": set(), "title tokens": set()} for _ in urls]
        for bucket in (listing.parent / "tokens").glob("*.json"):
            for token, written in json.loads(bucket.read_text(encoding="utf-8")).items():
                for key, pages_written in zip(("tokens", "title tokens"), written.split(".")):
                    for place in _places(pages_written, width):
                        found[place][key].add(token)
        pages.update(zip(urls, found))
    return pages


def bits_in(hexadecimal: str) -> list[int]:
    """The places of a bit set (disclosure/outputs/search_pairs.bit_set)."""
    value = int.from_bytes(bytes.fromhex(hexadecimal), "little")
    return [place for place in range(value.bit_length()) if value >> place & 1]


def _places(written: str, width: int) -> list[int]:
    """A set of pages as a search bundle writes it: their places, or "!" and a bit set in hexadecimal."""
    if written.startswith("!"):
        return bits_in(written[1:])
    return [sum(DIGITS.index(digit) * len(DIGITS) ** (width - 1 - at) for at, digit in enumerate(written[start:start + width]))
            for start in range(0, len(written), width)]


def index_holds(tokens: set[str], text: str) -> bool:
    """Whether a page with these index tokens holds text as far as the index can tell: every pair of
    neighbouring characters of its runs (a run of one character: the character)."""
    runs = RUN.findall(text.lower())
    wanted = {run[i:i + 2] for run in runs for i in range(len(run) - 1)} | {run for run in runs if len(run) == 1}
    return bool(wanted) and wanted <= tokens


def leaks(output: Path, secrets) -> list[tuple[str, str]]:
    """(secret, where) for each of secrets found in a file of output (readable_tree, its path also
    scanned) or held by a page of its search index (index_holds: "search index: <page>")."""
    files = readable_tree(output)
    index = search_index(output)
    return [(secret, name) for secret in secrets for name, data in files.items()
            if secret.encode() in data or secret in name] + [
        (secret, f"search index: {url}") for secret in secrets for url, page in index.items()
        if index_holds(page["tokens"], secret)]


def index_holding(output: Path, text: str) -> set[str]:
    """The pages of the search index holding text (index_holds)."""
    return {url for url, page in search_index(output).items() if index_holds(page["tokens"], text)}


@pytest.fixture
def basic_site(tmp_path) -> Path:
    """A writable copy of tests/sites/basic."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected"))
    return site
