"""sitemap.xml: every public page (complaint pages included, never an unpublished item's), and a
sitemap index over files within sitemaps.org's limits when the site's pages do not fit one file."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from conftest import SITES, tree
from disclosure.outputs import sitemap
from disclosure.pipeline import build_site
from entries import ENTRIES, build

CASE = SITES / "complaints"
TODAY = "2021-06-10"
BASE = "https://example.org/gk/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def copy_case(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(CASE, site, ignore=shutil.ignore_patterns("expected"))
    return site


def locations(path: Path, element: str = "url") -> list[str]:
    return [loc.text for loc in ET.parse(path).getroot().findall(f"s:{element}/s:loc", NS)]


def test_complaint_pages_are_listed_and_unpublished_items_are_not(tmp_path):
    assert build("plain", CASE, tmp_path / "out", TODAY, in_process=True).returncode == 0
    listed = locations(tmp_path / "out/sitemap.xml")
    pages = {path for path in tree(tmp_path / "out") if path.startswith("complaints/")}
    # Every complaint page the site has is listed, and nothing else under complaints/.
    assert {BASE + path for path in pages} == {url for url in listed if url.startswith(BASE + "complaints/")}
    assert {BASE + "complaints/index.html", BASE + "complaints/stats.html", BASE + "complaints/demo-27/index.html",
            BASE + "complaints/demo-27/items/D2TS202105200001.html"} <= set(listed)
    # 已办结 but dated after the build date, 阶段性办结 (not published on this site), 未办结: no line.
    assert not any(f"D2TS20210520000{n}" in url for url in listed for n in (2, 3, 4))
    text = (tmp_path / "out/sitemap.xml").read_text(encoding="utf-8")
    assert "items/D2TS202105200001.html</loc><lastmod>2021-05-28</lastmod>" in text  # dated by its publication


def test_a_preview_lists_no_unpublished_item(tmp_path):
    """A preview renders every item's page for editors; the sitemap still lists only published ones."""
    build_site(CASE / "site_config.yaml", CASE / "content", tmp_path / "out", date.fromisoformat(TODAY), preview=True)
    assert (tmp_path / "out/complaints/demo-27/items/D2TS202105200004.html").is_file()
    assert "D2TS202105200004" not in (tmp_path / "out/sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", ENTRIES)
def test_too_many_pages_make_a_sitemap_index_and_a_smaller_site_leaves_no_part_behind(tmp_path, monkeypatch, entry):
    site, output = copy_case(tmp_path), tmp_path / "out"
    cache = tmp_path / "cache" if entry == "incremental" else None
    assert build("plain", CASE, tmp_path / "whole", TODAY, in_process=True).returncode == 0
    everything = locations(tmp_path / "whole/sitemap.xml")
    monkeypatch.setattr(sitemap, "MAX_URLS", 7)
    assert build(entry, site, output, TODAY, cache, in_process=True).returncode == 0
    parts = locations(output / "sitemap.xml", "sitemap")
    count = -(-len(everything) // 7)
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in range(1, count + 1)]
    split = [locations(output / f"sitemap-{n}.xml") for n in range(1, count + 1)]
    assert all(len(urls) <= 7 for urls in split) and sum(split, []) == everything  # same order, none twice
    assert "sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")
    # Fewer pages than the limit (one batch gone): one file again, and no sitemap-N.xml left in output/.
    monkeypatch.setattr(sitemap, "MAX_URLS", 50_000)
    shutil.rmtree(site / "content/complaints/demo-2017-1")
    assert build(entry, site, output, TODAY, cache, in_process=True).returncode == 0
    assert ET.parse(output / "sitemap.xml").getroot().tag == "{%s}urlset" % NS["s"]
    assert sorted(path.name for path in output.glob("sitemap*")) == ["sitemap.html", "sitemap.xml"]


def test_a_file_is_cut_by_its_bytes_too(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_BYTES", 1_000)
    entries = [(f"complaints/b/items/{n:040d}.html", None) for n in range(40)]
    files = list(sitemap._split(entries, BASE))
    sizes = [200 + sum(64 + len(BASE) + len(path) for path, _ in part) for part in files]
    assert len(files) > 1 and max(sizes) <= 1_000 and sum(files, []) == entries
