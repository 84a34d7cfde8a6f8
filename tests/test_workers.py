"""imap_forked: work spread over forked workers, and the work this process keeps for itself."""
import os
import sys

import pytest

from conftest import ROOT, run_build

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate_site  # noqa: E402

from disclosure.errors import ContentError, Problem  # noqa: E402
from disclosure.workers import imap_forked  # noqa: E402


def _where(item):
    """The item and the process that worked on it; a ContentError for 'bad'."""
    if item == "bad":
        return ContentError([Problem("bad.md", 1, "bad")])
    return item, os.getpid()


def test_items_kept_here_run_in_this_process_and_the_rest_in_workers():
    done = dict(imap_forked(_where, list(range(100)), jobs=2, here=["mine"]))
    assert done.pop("mine") == os.getpid()
    assert sorted(done) == list(range(100))
    assert os.getpid() not in done.values()


def test_problems_found_here_and_in_workers_are_raised_together():
    with pytest.raises(ContentError) as raised:
        list(imap_forked(_where, ["bad", *range(99)], jobs=2, here=["bad"]))
    assert len(raised.value.problems) == 2


def test_one_job_does_everything_in_this_process():
    done = dict(imap_forked(_where, list(range(100)), jobs=1, here=["mine"]))
    assert len(done) == 101 and set(done.values()) == {os.getpid()}


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
