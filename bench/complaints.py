"""The complaint corpus (issue 23): N items in B batches beside the plan corpus, and a batch's .xlsx.

Items are written as `import --batch` writes them (importer/batch_files.dump_items); about 70% are
已办结 and published on the build date, 10% 阶段性办结, the rest 未办结. The same (items, batches,
seed) always gives the same files.
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from disclosure.importer.batch_files import dump_items  # noqa: E402

_REGIONS = ["雁峰区", "石鼓区", "蒸湘区", "珠晖区", "南岳区", "衡阳县", "衡南县", "衡山县", "衡东县", "祁东县", "耒阳市",
            "常宁市"]
_TYPES = ["大气", "水", "土壤", "噪声", "生态", "其他"]
_WHAT = ["餐饮油烟直排，影响居民正常生活", "工地夜间施工噪声扰民", "企业废气无组织排放，气味刺鼻", "河道有不明污水排入，水体发黑发臭",
         "养殖场粪污直排农田", "砂石场粉尘污染严重", "垃圾站渗滤液外溢", "山体违规开采，植被破坏严重", "工业固废随意堆放"]
_HEADER = ["序号", "受理编号", "交办时间", "行政区域", "污染类型", "交办问题基本情况", "调查核实情况", "是否属实",
           "处理和整改情况", "责任人被处理情况", "办理状态"]
_STATES = {"done": "已办结", "interim": "阶段性办结", "open": "未办结"}


def batch_slug(index: int) -> str:
    return f"batch-{index + 1:03d}"


def item_rows(batch: int, count: int, seed: int, today: date, revision: int = 0) -> list[dict]:
    """One batch's items as items.yaml holds them. revision > 0: every tenth item's handling and
    state moved on (what a re-import of an updated sheet brings)."""
    rng = random.Random(seed * 1000 + batch)
    rows = []
    for seq in range(1, count + 1):
        roll, published_on = rng.random(), today - timedelta(days=rng.randint(0, 60))
        status = "done" if roll < 0.7 else "interim" if roll < 0.8 else "open"
        if revision and seq % 10 == 0 and status != "done":
            status = "done"
        what = rng.choice(_WHAT)
        row = {"seq": str(seq), "case_number": f"D2HN{2021 - batch % 4}{batch + 1:03d}{seq:06d}",
               "received_on": (today - timedelta(days=200 - batch * 3)).isoformat(),
               "region": rng.choice(_REGIONS), "pollution_type": rng.choice(_TYPES),
               "summary": f"群众反映{rng.choice(_REGIONS)}某处{what}，要求尽快查处。" * rng.randint(1, 3),
               "investigation": f"经现场调查核实，反映的{what}问题基本属实。" * rng.randint(1, 2),
               "verified": rng.choice(["属实", "基本属实", "部分属实", "不属实"]),
               "handling": "责令立即停止违法行为，限期整改；已完成整改并通过复查。" * rng.randint(1, 3)
                           + (f"（第{revision}次更新）" if revision and seq % 10 == 0 else ""),
               "accountability": rng.choice(["无", "约谈相关负责人", "对1名责任人诫勉谈话", "立案处罚2万元"]),
               "status": status}
        if status == "done":
            row["published_on"] = published_on.isoformat()
        rows.append(row)
    return rows


def generate_complaints(content: Path, items: int, batches: int, today: date, seed: int = 20210520) -> None:
    """content/complaints/: items spread over batches, as imported."""
    for index in range(batches):
        folder = content / "complaints" / batch_slug(index)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "batch.yaml").write_text(
            f"title: 群众信访举报转办和边督边改公开情况一览表（第{index + 1}批）\nnumber: {index + 1}\nkey: case_number\n",
            encoding="utf-8")
        count = items // batches + (1 if index < items % batches else 0)
        (folder / "items.yaml").write_text(dump_items(item_rows(index, count, seed, today)), encoding="utf-8")


def write_batch_xlsx(path: Path, rows: list[dict]) -> Path:
    """The batch as an office's .xlsx: a title row, the header, the rows (dates as Excel dates)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("一览表")
    sheet.append(["群众信访举报转办和边督边改公开情况一览表"])
    sheet.append(_HEADER)
    for row in rows:
        sheet.append([int(row["seq"]), row["case_number"], date.fromisoformat(row["received_on"]), row["region"],
                      row["pollution_type"], row["summary"], row["investigation"], row["verified"], row["handling"],
                      row["accountability"], _STATES[row["status"]]])
    book.save(path)
    return path
