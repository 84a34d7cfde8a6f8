"""The benchmark script works (at a tiny size; it is never a timed test) and its corpus is deterministic."""
import json
import shutil
import subprocess
import sys

from conftest import ROOT, tree

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate_site  # noqa: E402


def test_bench_reports_figures_for_each_build_kind(tmp_path):
    results = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--sizes", "50", "--repeat", "1",
                          "--workdir", str(tmp_path / "work"), "--json", str(results)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    figures = json.loads(results.read_text())
    in_git = ["rebuild, edit committed (git)"] if shutil.which("git") else []
    assert [f["what"] for f in figures] == ["cold build", "rebuild, nothing changed", "rebuild, one problem edited",
                                            "rebuild, edit, same process", *in_git]
    for figure in figures:
        assert figure["size"] == 50
        assert figure["seconds"] > 0 and figure["ms_per_problem"] > 0
        assert figure["peak_mb"] > 0, "peak memory of the build was not measured"
        assert f"{figure['seconds']:.2f} s" in run.stdout
    assert "of the cold build" in run.stdout
    assert not any((tmp_path / "work").iterdir()), "the benchmark left its sites and outputs behind"


def test_generated_corpus_is_deterministic_and_mostly_published(tmp_path):
    first = generate_site(tmp_path / "a", 300)
    second = generate_site(tmp_path / "b", 300)
    assert tree(first.content) == tree(second.content)
    assert 0.6 < first.published / first.size < 0.8
    records = [path.read_text(encoding="utf-8") for path in sorted(first.content.glob("plans/*/*.md"))]
    assert len(records) == 300
    done = [text for text in records if "status: done" in text]
    assert all("| --- |" in text and "\n1. " in text and "## " in text for text in done)
