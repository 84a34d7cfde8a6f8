"""Rebuilds after an edit in one process that built before, as the preview server (`serve`) does.

    python bench/resident.py CONFIG CONTENT OUTPUT CACHE TODAY EDITED_FILE ROUNDS

Builds once untimed, then ROUNDS times edits the file and builds again; prints the rebuild times
(seconds) as a JSON list. bench/run.py runs it; it asserts nothing.
"""
from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from generate import edit_problem  # noqa: E402

from disclosure.incremental import build_site  # noqa: E402


def main() -> None:
    config, content, output, cache, today, edited, rounds = sys.argv[1:]

    resident = {}  # kept between builds, as the preview server keeps it

    def build() -> float:
        start = time.perf_counter()
        build_site(Path(config), Path(content), Path(output), date.fromisoformat(today), cache_dir=Path(cache),
                   resident=resident)
        return time.perf_counter() - start

    build()
    times = []
    for round_number in range(int(rounds)):
        edit_problem(Path(edited), 200 + round_number)
        times.append(build())
    print(json.dumps(times))


if __name__ == "__main__":
    main()
