"""Two checkouts of this project on one corpus, taking turns: is the new code slower than the old?

    python bench/versus.py OLD_CHECKOUT --size 10000 [--repeat 3]

For each kind of build (cold, rebuild with nothing changed, rebuild after one edit) the two
checkouts' builds alternate round after round, each round in the other order, so a drift of the
machine's speed reaches both alike; the ratio new/old of the medians is the figure that matters. The last round of each is run
again with its memory sampled (not timed), as bench/run.py does.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from generate import edit_problem, generate_site  # noqa: E402
from run import measure  # noqa: E402


def _command(checkout: Path, corpus, folder: Path) -> list[str]:
    return [sys.executable, str(checkout / "build.py"), "build", "--config", str(corpus.config), "--content",
            str(corpus.content), "--output", str(folder / "output"), "--today", corpus.today.isoformat(),
            "--cache", str(folder / "cache")]


def compare(checkouts: dict[str, Path], size: int, repeat: int, work: Path) -> None:
    corpus = generate_site(work / "site", size)
    folders = {name: work / name for name in checkouts}
    kinds = {"cold build": lambda name: shutil.rmtree(folders[name], ignore_errors=True),
             "rebuild, nothing changed": lambda name: None,
             "rebuild, one problem edited": None}
    original = corpus.edit_path.read_bytes()
    try:
        for kind, prepare in kinds.items():
            runs = {name: [] for name in checkouts}
            for round_number in range(repeat + 1):
                if prepare is None:
                    edit_problem(corpus.edit_path, round_number)
                # (Each round in the other order: a build may be slower for following the other one.)
                for name, checkout in sorted(checkouts.items(), reverse=round_number % 2 == 1):
                    if prepare is not None:
                        prepare(name)
                    runs[name].append(measure(_command(checkout, corpus, folders[name]), corpus.root,
                                              memory=round_number == repeat))
            _report(size, kind, runs)
    finally:
        corpus.edit_path.write_bytes(original)


def _report(size: int, kind: str, runs: dict[str, list[tuple]]) -> None:
    medians = {name: statistics.median(t for t, _ in found[:-1]) for name, found in runs.items()}
    old, new = medians
    for name, found in runs.items():
        print(f"{size:>8} {kind:<28} {name:<4} {medians[name]:8.2f} s  {found[-1][1]:8.0f} MB peak  "
              f"runs {[round(t, 2) for t, _ in found[:-1]]}", flush=True)
    print(f"{size:>8} {kind:<28} new/old = {medians[new] / medians[old]:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path, help="a checkout of the code to compare with (e.g. a git worktree)")
    parser.add_argument("--size", type=int, default=10_000, help="problems in the corpus")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (the median is reported)")
    args = parser.parse_args()
    (BENCH / "work").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="versus-", dir=BENCH / "work") as work:
        compare({"old": args.old.resolve(), "new": BENCH.parent}, args.size, args.repeat, Path(work))


if __name__ == "__main__":
    main()
