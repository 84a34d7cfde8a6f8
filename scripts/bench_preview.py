#!/usr/bin/env python3
"""How long `serve` takes to show an edit at 1,000 problems: change detection plus one preview rebuild.

    python scripts/bench_preview.py [--problems 1000] [--rounds 3]

Makes a throw-away site in a temporary folder; prints timings, asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from disclosure.incremental import build_site  # noqa: E402


def make_site(root: Path, problems: int) -> Path:
    plan = root / "content/plans/bench-2019"
    plan.mkdir(parents=True)
    (root / "site_config.yaml").write_text("title: 测速站点\noffice: 测速办公室\nsearch: false\n", encoding="utf-8")
    categories = "".join(f"  - number: {n}\n    title: 类别{n}\n" for n in range(1, 9))
    (plan / "plan.yaml").write_text(f"title: 测速方案\nissued_on: '2019-01-01'\ncategories:\n{categories}", encoding="utf-8")
    for number in range(1, problems + 1):
        done = number % 3 == 0
        status = "done\ncompleted_on: 2019-03-01" if done else "in progress"
        (plan / f"{number:04d}.md").write_text(
            f"---\nnumber: {number}\ncategory: {number % 8 + 1}\nproblem: 第{number}个问题，描述较长的问题文本。\n"
            f"deadline: 2019年{number % 12 + 1}月底前\nresponsible: 责任单位{number % 20}\nleader: 领导{number % 9}\n"
            f"status: {status}\n---\n办理情况 {number}：" + "已完成整改。" * 20 + "\n", encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = make_site(Path(folder) / "site", args.problems)
        out = Path(folder) / "preview"
        today = date(2019, 6, 1)

        resident = {}  # kept between builds, as the preview server keeps it

        def build():
            # As `serve` does it: preview mode, with its cache in its own temporary folder.
            return build_site(site / "site_config.yaml", site / "content", out, today, preview=True,
                              cache_dir=Path(folder) / "cache", resident=resident)

        start = time.perf_counter()
        build()
        print(f"first preview build, {args.problems} problems: {time.perf_counter() - start:.2f} s")
        rebuilds = []
        target = site / "content/plans/bench-2019/0500.md"
        for round_ in range(args.rounds):
            target.write_text(target.read_text(encoding="utf-8").replace("已完成整改。", f"改{round_}。", 1),
                              encoding="utf-8")
            start = time.perf_counter()
            build()
            rebuilds.append(time.perf_counter() - start)
        print(f"rebuild after one edit: {statistics.median(rebuilds):.2f} s median of {args.rounds}")
        print("plus the file event's debounce (0.15 s) before the rebuild starts, and the browser's reload")


if __name__ == "__main__":
    main()
