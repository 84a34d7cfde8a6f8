"""imap_forked: work spread over forked workers, problems included."""
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


def test_problems_found_by_workers_are_raised_together():
    with pytest.raises(ContentError) as raised:
        list(imap_forked(_where, ["bad", *range(98), "bad"], jobs=2))
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
