"""imap_forked: work spread over forked workers, problems included."""
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, run_build

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate_site  # noqa: E402

from disclosure.incremental.store import Store  # noqa: E402
from disclosure.errors import ContentError, Problem  # noqa: E402
from disclosure.incremental.workers import imap_forked  # noqa: E402


def _where(item):
    """The item and the process that worked on it; a ContentError for 'bad...'."""
    if isinstance(item, str) and item.startswith("bad"):
        return ContentError([Problem(f"{item}.md", 1, "bad")])
    return item, os.getpid()


def test_problems_found_by_workers_are_raised_together():
    with pytest.raises(ContentError) as raised:
        list(imap_forked(_where, ["bad", *range(98), "bad-too"], jobs=2))
    assert len(raised.value.problems) == 2


def test_every_item_is_done_once_in_workers():
    done = dict(imap_forked(_where, list(range(100)), jobs=2))
    assert sorted(done) == list(range(100)) and os.getpid() not in done.values()


def test_a_template_error_found_by_a_worker_is_reported(tmp_path):
    """Workers send problems back pickled: a large site's template error ends the build with a message."""
    site = generate_site(tmp_path / "site", 120).root
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue.html").write_text((ROOT / "templates/issue.html").read_text(encoding="utf-8").replace(
        "{{ issue.title }}", "{{ issue.no_such_field }}", 1), encoding="utf-8")
    run = run_build(site, "--templates", str(templates), "--jobs", "2", output=tmp_path / "out", today="2021-01-01")
    assert run.returncode == 1, run.stderr
    assert "issue.html" in run.stderr and "no_such_field" in run.stderr
    assert not (tmp_path / "out").exists()


def test_workers_are_replaced_after_their_share_of_tasks():
    done = dict(imap_forked(_where, list(range(100)), jobs=2, chunk=1, tasks_per_worker=5))
    assert sorted(done) == list(range(100))
    assert len(set(done.values())) >= 100 // 5  # each worker did at most five


def test_a_fork_waits_while_this_process_is_inside_the_store(tmp_path, monkeypatch):
    """A pool's thread may fork a new worker at any moment: never while another thread is in SQLite,
    whose own locks the worker would inherit held (and wait on for ever)."""
    store = Store(tmp_path / "cache.sqlite", b"key")
    inside, left = threading.Event(), []

    class SlowConnection:
        def execute(self, *args):
            inside.set()
            time.sleep(0.3)
            left.append(time.monotonic())
            return self

        def fetchone(self):
            return None

    monkeypatch.setattr(store, "_connect", SlowConnection)
    reader = threading.Thread(target=store.has, args=("checks",))
    reader.start()
    inside.wait()
    child = os.fork()
    if child == 0:
        os._exit(0)
    forked = time.monotonic()
    os.waitpid(child, 0)
    reader.join()
    assert left and forked >= left[0]



def _killed_on_seven(item: int) -> int:
    if item == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return item


def test_a_killed_worker_is_an_error_not_a_hang():
    """Issue 18: a worker that dies takes its task with it; the pool would wait for ever."""
    script = ("import sys; sys.path.insert(0, %r); sys.path.insert(0, %r)\n"
              "from test_workers import _killed_on_seven\n"
              "from disclosure.incremental.workers import imap_forked\n"
              "try:\n"
              "    list(imap_forked(_killed_on_seven, list(range(200)), 2, chunk=1))\n"
              "except Exception as error:\n"
              "    print(type(error).__name__, error)\n") % (str(ROOT), str(ROOT / "tests"))
    try:
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise AssertionError("the build waited for the killed worker's result") from None
    assert result.stdout.startswith("WorkerError a worker process ended abnormally (exit code -9)"), result
