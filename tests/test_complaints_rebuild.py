"""A site of several complaint batches rebuilt after one batch is imported again, or edited by hand:
the incremental build keeps the other batches' item pages as they are (unplanned), and its output is
byte for byte a cold build's (`build --no-cache`), search index included; an item that becomes
已办结 shows its results, and one that goes back to 未办结 leaves no trace of them in any file."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SITES, index_holding, readable_tree, tree
from disclosure.importer.batch_files import dump_items
from disclosure.outputs.search import shard_pages
from entries import build

sys.path.insert(0, str(ROOT / "bench"))
from complaints import write_batch_xlsx  # noqa: E402

TODAY = "2021-06-10"
BATCHES = ("scale-1", "scale-2", "scale-3")


def rows(batch: int, changes: dict[int, dict] = {}) -> list[dict]:
    """A batch's 12 items as import writes them; 序号 1-8 已办结 (published with the batch), 9-12 未办结.
    Results carry one-word markers (inv2n3z: batch 2, item 3), which the search index keeps whole."""
    found = []
    for seq in range(1, 13):
        row = {"seq": str(seq), "case_number": f"D2TS2021{batch:02d}{seq:04d}", "received_on": "2021-05-20",
               "region": ("甲区", "乙区", "丙县")[seq % 3], "pollution_type": ("大气", "水")[seq % 2],
               "summary": f"第{batch}批第{seq}件：工地夜间施工噪声扰民。",
               "investigation": f"调查结论 inv{batch}n{seq}z。", "verified": "属实",
               "handling": f"处理结果 han{batch}n{seq}z。", "accountability": "无",
               "status": "done" if seq <= 8 else "open"}
        found.append({**row, **changes.get(seq, {})})
    return found


def make_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITES / "complaints", site, ignore=shutil.ignore_patterns("expected"))
    config = site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: false", "search: true"), encoding="utf-8")
    for number, slug in enumerate(BATCHES, start=1):
        folder = site / "content/complaints" / slug
        folder.mkdir()
        (folder / "batch.yaml").write_text(f"title: 第{number}批\nnumber: {number}\npublished_on: 2021-06-01\n",
                                           encoding="utf-8")
        (folder / "items.yaml").write_text(dump_items(rows(number)), encoding="utf-8")
    return site


def reimport(site: Path, tmp_path: Path, slug: str, table: list[dict]) -> None:
    sheet = write_batch_xlsx(tmp_path / f"{slug}.xlsx", table)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(sheet), "--batch", slug],
                          cwd=site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def rebuilt_as_cold(site: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """Build again with the cache, and cold; assert both the same; return the output's files, readable."""
    output = tmp_path / "out"
    assert build("incremental", site, output, TODAY, tmp_path / "cache").returncode == 0
    cold = tmp_path / name
    assert build("incremental", site, cold, TODAY, args=["--no-cache"]).returncode == 0
    made, expected = tree(output), tree(cold)
    assert sorted(made) == sorted(expected)
    assert [path for path in expected if made[path] != expected[path]] == []
    return readable_tree(output)


def found_in(files: dict[str, bytes], text: str) -> set[str]:
    return {path for path, data in files.items() if text.encode() in data}


def inodes(folder: Path, prefix: str) -> dict[str, int]:
    return {path: (folder / path).stat().st_ino for path in tree(folder) if path.startswith(prefix)}


def test_a_reimported_batch_rebuilds_as_a_cold_build(tmp_path):
    site, output = make_site(tmp_path), tmp_path / "out"
    first = rebuilt_as_cold(site, tmp_path, "cold-0")
    assert found_in(first, "han2n3z") and not found_in(first, "han2n10z")
    kept = inodes(output, "complaints/scale-1/items/")
    assert len(kept) == 8
    # Item 10 handled and published; item 3 back to 未办结; item 5's handling updated.
    reimport(site, tmp_path, "scale-2", rows(2, {10: {"status": "done"}, 3: {"status": "open"},
                                                  5: {"handling": "处理结果 han2n5z，已复查 recheck2n5z。"}}))
    second = rebuilt_as_cold(site, tmp_path, "cold-1")
    published = "complaints/scale-2/items/D2TS2021020010.html"
    assert published in found_in(second, "han2n10z") and published in found_in(second, "inv2n10z")
    assert index_holding(output, "han2n10z") == {published}, "not in the search index"
    assert found_in(second, "inv2n3z") == found_in(second, "han2n3z") == set(), "a retracted item's results remain"
    assert index_holding(output, "inv2n3z") == index_holding(output, "han2n3z") == set(), "still in the search index"
    assert "complaints/scale-2/items/D2TS2021020003.html" not in second
    assert index_holding(output, "recheck2n5z") == {"complaints/scale-2/items/D2TS2021020005.html"}
    assert inodes(output, "complaints/scale-1/items/") == kept, "an unchanged batch's item pages were made again"
    # Again (the stage is now the spare, the site before): item 3 published again, item 10 dropped.
    reimport(site, tmp_path, "scale-2", [row for row in rows(2) if row["seq"] != "10"])
    third = rebuilt_as_cold(site, tmp_path, "cold-2")
    assert "complaints/scale-2/items/D2TS2021020003.html" in found_in(third, "han2n3z")
    assert inodes(output, "complaints/scale-1/items/") == kept


def test_a_batch_edited_by_hand_and_a_new_build_date_rebuild_as_a_cold_build(tmp_path):
    site, output = make_site(tmp_path), tmp_path / "out"
    rebuilt_as_cold(site, tmp_path, "cold-0")
    kept = inodes(output, "complaints/scale-3/items/")
    items = site / "content/complaints/scale-1/items.yaml"
    items.write_text(items.read_text(encoding="utf-8").replace("han1n2z", "han1n2z fixed1n2z"), encoding="utf-8")
    (site / "content/complaints/scale-2/batch.yaml").write_text("title: 第2批（更正）\nnumber: 2\n", encoding="utf-8")
    files = rebuilt_as_cold(site, tmp_path, "cold-1")
    assert "complaints/scale-1/items/D2TS2021010002.html" in found_in(files, "fixed1n2z")
    assert found_in(files, "han2n1z") == set(), "its batch has no publication date any more"
    assert inodes(output, "complaints/scale-3/items/") == kept


def test_a_batch_of_many_items_has_search_shards_of_its_own():
    """So that a batch imported again indexes its own items' shards, not a page in every shard."""
    urls = sorted([f"complaints/b{batch}/items/{item}.html" for batch in range(4) for item in range(1500)]
                  + [f"complaints/b{batch}/page-{page}.html" for batch in range(4) for page in range(15)]
                  + [f"leaders/{leader}.html" for leader in range(300)])
    shards = shard_pages(urls)
    assert sorted(url for shard in shards for url in shard) == urls
    for shard in shards:
        folders = {url.rpartition("/")[0] for url in shard}
        assert len(folders) == 1 or not any(folder.endswith("/items") for folder in folders), folders
    assert sum(any("b1/items/" in url for url in shard) for shard in shards) < len(shards) / 3
