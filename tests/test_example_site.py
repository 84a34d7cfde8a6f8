"""The example site in content/ is the real 2019 plan; it must build and keep its drafts private."""
import json

from conftest import ROOT, leaks, run_build


def test_example_site_builds_with_all_problems_and_only_finished_records(tmp_path):
    output = tmp_path / "out"
    result = run_build(ROOT, output=output, today="2026-11-29")
    assert result.returncode == 0, result.stderr
    rows = json.loads((output / "data/issues.json").read_text())
    assert len(rows) == 40 and {r["category"] for r in rows} == set(range(1, 9))
    assert sorted(r["number"] for r in rows if r["published"]) == [8, 12, 16, 21, 30, 35]
    issue_pages = sorted(p.name for p in (output / "plans/hengyang-2019/issues").glob("*.html"))
    assert issue_pages == sorted(f"{n}.html" for n in range(1, 41))  # every problem has its page
    # Every phase is shown; 11 (done, published only in 2099) is public as in progress.
    phases = {r["number"]: r["phase"] for r in rows}
    assert set(phases.values()) == {"not started", "in progress", "in notice", "notice ended", "closed"}
    assert (phases[8], phases[11], phases[12], phases[16]) == ("closed", "in progress", "notice ended", "in notice")
    assert next(r for r in rows if r["number"] == 11)["status"] == "in progress"
    # 11 is done but scheduled for later; 19 is in progress with a draft record and notes.
    assert leaks(output, ("草稿", "内部备注示例", "定于以后公开")) == []


def test_example_records_say_they_are_examples(tmp_path):
    output = tmp_path / "out"
    assert run_build(ROOT, output=output, today="2026-11-29").returncode == 0
    rows = json.loads((output / "data/issues.json").read_text())
    for number in (r["number"] for r in rows if r["published"]):
        text = (output / f"plans/hengyang-2019/issues/{number}.html").read_text()
        assert "示例记录" in text and "虚构" in text, number
    assert "示例数据" in (output / "index.html").read_text()
