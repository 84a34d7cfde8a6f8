"""Killed and concurrent builds: output/ is always one complete site, never a mix or half of one."""
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, SITES, tree

PROBLEMS = 300
DAYS = ("2019-06-01", "2019-06-02")  # two builds whose every page differs (the 数据截至 date)


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """The basic site with a few hundred more problems, so a build takes long enough to be killed midway."""
    site = tmp_path_factory.mktemp("crash") / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    plan = site / "content/plans/demo-2019"
    for number in range(10, 10 + PROBLEMS):
        done = number % 2 == 0
        (plan / f"{number}.md").write_text(
            f"---\nnumber: {number}\ncategory: {1 + number % 2}\nproblem: 第{number}号问题，涉及水体整治。\n"
            f"deadline: 2019年{1 + number % 12}月底前\nresponsible: 测试{number % 7}区人民政府\nleader: 领导{number % 5}\n"
            + ("status: done\ncompleted_on: 2019-03-01\n" if done else "status: in progress\n")
            + "---\n" + f"第{number}号问题的办理情况。\n\n" * 20, encoding="utf-8")
    return site


def start_build(site, output, today):
    # A session of its own, so the kill reaches the search indexer the build runs as a child too.
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--today", today, "--output", str(output)],
                            cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def clean_build(site, output, today):
    process = start_build(site, output, today)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return tree(output)


@pytest.fixture(scope="module")
def complete_sites(big_site, tmp_path_factory):
    """The complete output of each build date, from clean builds, and how long one build takes."""
    base = tmp_path_factory.mktemp("complete")
    started = time.monotonic()
    first = clean_build(big_site, base / "a", DAYS[0])
    duration = time.monotonic() - started
    second = clean_build(big_site, base / "b", DAYS[1])
    assert first != second
    return {DAYS[0]: first, DAYS[1]: second}, duration


def leftovers(folder) -> list[str]:
    """Staged or swapped-out sites left beside the output (the lock and the build cache may stay)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in (".out.lock", ".cache", "out"))


def which_site(output, complete) -> str:
    found = tree(output)
    for day, files in complete.items():
        if found == files:
            return day
    changed = sorted(name for name in set(found) | set(complete[DAYS[0]])
                     if found.get(name) != complete[DAYS[0]].get(name))
    raise AssertionError(f"output is neither complete site; differs from {DAYS[0]} in {changed[:10]}")


def test_killed_builds_leave_the_old_or_the_new_site(big_site, complete_sites, tmp_path):
    complete, duration = complete_sites
    output = tmp_path / "out"
    clean_build(big_site, output, DAYS[0])
    current, kills = DAYS[0], 24
    killed = 0
    for attempt in range(kills):
        target = DAYS[1] if current == DAYS[0] else DAYS[0]
        process = start_build(big_site, output, target)
        # Kill points spread from the very start to just past the usual end of a build.
        time.sleep(duration * 1.1 * attempt / (kills - 1))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed += 1
        process.communicate(timeout=300)
        now = which_site(output, complete)
        assert now in (current, target), f"attempt {attempt}: {now}"
        current = now
    assert killed >= kills // 2  # most builds really were killed midway
    # The next build succeeds and removes what the killed ones left beside the output.
    assert clean_build(big_site, output, DAYS[1]) == complete[DAYS[1]]
    assert leftovers(tmp_path) == []


def test_two_builds_at_once_give_one_complete_site(big_site, complete_sites, tmp_path):
    complete, _ = complete_sites
    output = tmp_path / "out"
    for _ in range(3):
        first, second = (start_build(big_site, output, day) for day in DAYS)
        results = [process.communicate(timeout=300) + (process.returncode,) for process in (first, second)]
        assert [code for _, _, code in results] == [0, 0], [err.decode() for _, err, _ in results]
        which_site(output, complete)  # one complete site, whichever finished last
        assert leftovers(tmp_path) == []
