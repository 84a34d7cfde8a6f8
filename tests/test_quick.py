"""The quick rebuild (disclosure/incremental/quick.py): after edits to records alone it redoes only what shows
them, and builds what a clean build does; any other change takes the full build."""
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, tree

sys.path.insert(0, str(ROOT / "bench"))
from generate import edit_problem, generate_site  # noqa: E402

from disclosure import incremental as site_module  # noqa: E402
from disclosure.errors import ContentError  # noqa: E402
from disclosure.incremental import build_site  # noqa: E402


@pytest.fixture
def synthetic(tmp_path) -> Path:
    return generate_site(tmp_path / "site", 120).root


@pytest.fixture
def full_builds(monkeypatch) -> list:
    """Notes each full build with a cache (the quick path is not one)."""
    builds = []
    real = site_module.full_build

    def noted(options, cache):
        if cache.folder is not None:
            builds.append(options.output_dir)
        return real(options, cache)

    monkeypatch.setattr(site_module, "full_build", noted)
    return builds


def _build(site: Path, output: Path, cache: Path | None, today=date(2021, 1, 1), preview=False, jobs=2):
    return build_site(site / "site_config.yaml", site / "content", output, today, cache_dir=cache, jobs=jobs,
                      preview=preview)


def _same_as_clean(site: Path, output: Path, tmp_path: Path, today=date(2021, 1, 1), preview=False) -> None:
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    _build(site, clean, None, today, preview, jobs=1)
    cached, fresh = tree(output), tree(clean)
    assert sorted(cached) == sorted(fresh)
    differing = [name for name in fresh if cached[name] != fresh[name]]
    assert not differing, f"the quick build differs in {differing[:5]}"


def _problems(site: Path, status: str) -> list[Path]:
    return [path for path in sorted((site / "content/plans").glob("*/*.md"))
            if f"\nstatus: {status}\n" in path.read_text(encoding="utf-8")]


def _set_record(path: Path, record: str) -> None:
    head, _, _ = path.read_text(encoding="utf-8").rpartition("\n---\n")
    path.write_text(f"{head}\n---\n{record}\n", encoding="utf-8")


@pytest.mark.parametrize("preview", [False, True])
def test_record_edits_take_the_quick_path_and_build_what_a_clean_build_does(synthetic, tmp_path, full_builds, preview):
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache, preview=preview)
    _build(synthetic, output, cache, preview=preview)  # (nothing changed: quick, and nothing redone)
    assert len(full_builds) == 1
    before = {name: (output / name).stat().st_ino for name in tree(output)}
    done, unfinished = _problems(synthetic, "done"), _problems(synthetic, "in progress")
    feed = (output / "feed.xml").read_text(encoding="utf-8")
    newest = next(path for path in done if f"plans/{path.parent.name}/issues/{int(path.stem)}.html" in feed)
    edits = [done[0], newest, unfinished[0]]
    for number, path in enumerate(edits):
        table = "| 项 | 值 |\n| - | - |\n| 甲 | 1 |"
        _set_record(path, f"## 第{number}次修改\n\n记录QUICK{number}，含表格：\n\n{table}")
        _build(synthetic, output, cache, preview=preview)
        assert len(full_builds) == 1, "a record edit took the full build"
        _same_as_clean(synthetic, output, tmp_path, preview=preview)
    shown = tree(output)
    assert b"QUICK1" in shown["feed.xml"]
    # The unfinished problem's record is nowhere, unless in the editors' preview.
    assert any(b"QUICK2" in data for data in shown.values()) == preview
    # Only the edited problems' pages, the feed and the data files were made again.
    after = {name: (output / name).stat().st_ino for name in tree(output)}
    redone = {name for name in after if after[name] != before.get(name) and not name.startswith("static/")}
    pages = {f"plans/{path.parent.name}/issues/{int(path.stem)}.html" for path in edits}
    data = {"data/issues.json", "data/issues.csv", "data/issues.xlsx"}
    # (and the search shards holding the edited pages: no other)
    shards = {name.split("/")[1] for name in redone if name.startswith("pagefind/")
              and name != "pagefind/shards.json" and not name.startswith("pagefind/pairs/")}  # (made again each time)
    assert len(shards) <= len(edits)
    assert {name for name in redone if not name.startswith("pagefind/")} - {"feed.xml", ".disclosure-site"} - pages == data
    assert {f"plans/{done[0].parent.name}/issues/{int(done[0].stem)}.html", "feed.xml"} <= redone


def test_edits_beyond_records_take_the_full_build(synthetic, tmp_path, full_builds):
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache)
    problems = sorted((synthetic / "content/plans").glob("*/*.md"))
    done = _problems(synthetic, "done")

    def change(edit, today=date(2021, 1, 1)):
        count = len(full_builds)
        edit()
        _build(synthetic, output, cache, today)
        assert len(full_builds) == count + 1, "the quick path took a change beyond records"
        _same_as_clean(synthetic, output, tmp_path, today)

    def replace(path: Path, old: str, new: str):
        return lambda: path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    # A published problem is unpublished with its record edited: its page and record must go.
    def unpublish():
        replace(done[1], "status: done", "status: in progress")()
        _set_record(done[1], "记录LEAKCHECK")
    change(unpublish)
    assert not any(b"LEAKCHECK" in data for data in tree(output).values())
    change(replace(done[2], "leader: ", "leader: 新"))  # a field lists show
    noted = next(path for path in problems if "\ninternal_notes: " in path.read_text(encoding="utf-8"))
    change(replace(noted, "internal_notes: ", "internal_notes: 新"))  # no output shows it: still full
    change(lambda: (problems[5].parent / "09999.md").write_text(
        problems[5].read_text(encoding="utf-8").replace("number: ", "number: 9999", 1), encoding="utf-8"))
    change(lambda: (problems[5].parent / "09999.md").unlink())
    plan = problems[0].parent / "plan.yaml"
    change(replace(plan, "title: ", "title: 新"))
    config = synthetic / "site_config.yaml"
    change(replace(config, "title: ", "title: 新"))
    change(lambda: None, today=date(2021, 1, 2))  # another build date: deadlines and counts move
    # A record edit with a problem in another file: reported by the full build, nothing written.
    _set_record(done[3], "记录")
    (problems[6]).write_text(problems[6].read_text(encoding="utf-8").replace("status: ", "status: 完工", 1),
                             encoding="utf-8")
    with pytest.raises(ContentError) as error:
        _build(synthetic, output, cache)
    assert [problem.field for problem in error.value.problems] == ["status"]


def test_a_site_template_showing_records_on_a_list_takes_the_full_build(synthetic, tmp_path, full_builds):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "plan.html").write_text((ROOT / "templates/plan.html").read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{% for issue in plan.issues %}<p>{{ issue.record[-8:] }}</p>"
        "{% endfor %}", 1), encoding="utf-8")
    output, cache = tmp_path / "out", tmp_path / "cache"

    def build(folder, cache):
        build_site(synthetic / "site_config.yaml", synthetic / "content", folder, date(2021, 1, 1),
                   templates_dir=templates, cache_dir=cache, jobs=2)

    build(output, cache)
    edit_problem(_problems(synthetic, "done")[0], 1)
    build(output, cache)
    assert len(full_builds) == 2
    build(tmp_path / "clean", None)
    assert tree(output) == tree(tmp_path / "clean")


def test_an_output_file_changed_since_takes_the_full_build(synthetic, tmp_path, full_builds):
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache)
    _build(synthetic, output, cache)  # (the spare site now holds the first build)
    page = output / "plans/plan-01/index.html"
    page.unlink()
    page.write_text("changed by hand", encoding="utf-8")
    edit_problem(_problems(synthetic, "done")[0], 1)
    # The spare site still holds the file recorded: kept from there.
    _build(synthetic, output, cache)
    assert len(full_builds) == 1
    _same_as_clean(synthetic, output, tmp_path)
    # Without a spare, the quick path would link the changed file: the full build redoes it.
    page = output / "plans/plan-01/index.html"
    page.unlink()
    page.write_text("changed by hand", encoding="utf-8")
    shutil.rmtree(cache / "site")
    edit_problem(_problems(synthetic, "done")[0], 2)
    _build(synthetic, output, cache)
    assert len(full_builds) == 2
    _same_as_clean(synthetic, output, tmp_path)


def test_attachments_are_copied_again_by_a_quick_build(synthetic, tmp_path, full_builds):
    problem = _problems(synthetic, "done")[0]
    (problem.parent / "report.txt").write_text("第一版", encoding="utf-8")
    head, _, record = problem.read_text(encoding="utf-8").partition("\n---\n")
    problem.write_text(head.replace("status: done", "attachments:\n  - report.txt\nstatus: done", 1) + "\n---\n"
                       + record, encoding="utf-8")
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache)
    (problem.parent / "report.txt").write_text("第二版", encoding="utf-8")
    edit_problem(problem, 1)
    _build(synthetic, output, cache)
    assert len(full_builds) == 1
    _same_as_clean(synthetic, output, tmp_path)
    assert "第二版".encode() in tree(output).values()


def _git(site: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_DATE": "2020-03-02T10:00:00+08:00", "GIT_COMMITTER_DATE": "2020-03-02T10:00:00+08:00",
           "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "编辑",
           "GIT_COMMITTER_EMAIL": "e@example.org", "HOME": str(site), "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=site, env=env, check=True, capture_output=True)


def test_in_a_content_repository_commits_of_record_edits_are_quick(synthetic, tmp_path, full_builds):
    _git(synthetic, "init", "-q")
    _git(synthetic, "add", "-A")
    _git(synthetic, "commit", "-q", "-m", "方案")
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache)
    done = _problems(synthetic, "done")
    problem, page = done[0], f"plans/{done[0].parent.name}/issues/{int(done[0].stem)}.html"
    edit_problem(problem, 1)
    _build(synthetic, output, cache)
    _same_as_clean(synthetic, output, tmp_path)
    # Committed, the edit is a new line of its 修订记录 (with the commit's public note), read again for
    # the files the commit touched.
    _git(synthetic, "commit", "-q", "-am", "补充办理情况\n\n公开说明：补充办理情况")
    _build(synthetic, output, cache)
    _same_as_clean(synthetic, output, tmp_path)
    assert "补充办理情况" in (output / page).read_text(encoding="utf-8")
    # Two commits that leave another file as it was: its 修订记录 has both.
    other = done[1]
    original = other.read_text(encoding="utf-8")
    edit_problem(other, 1)
    _git(synthetic, "commit", "-q", "-am", "改动")
    other.write_text(original, encoding="utf-8")
    _git(synthetic, "commit", "-q", "-am", "改回\n\n公开说明：改回")
    _build(synthetic, output, cache)
    _same_as_clean(synthetic, output, tmp_path)
    assert "改回" in (output / f"plans/{other.parent.name}/issues/{int(other.stem)}.html").read_text(encoding="utf-8")
    assert len(full_builds) == 1
    # History rewritten (an amended commit): the full build.
    edit_problem(problem, 2)
    _git(synthetic, "commit", "-q", "-a", "--amend", "-m", "改回（修订）")
    _build(synthetic, output, cache)
    assert len(full_builds) == 2
    _same_as_clean(synthetic, output, tmp_path)
    # A commit changing a field besides the record: the full build.
    text = done[2].read_text(encoding="utf-8")
    done[2].write_text(text.replace("leader: ", "leader: 新", 1), encoding="utf-8")
    _git(synthetic, "commit", "-q", "-am", "换督办领导")
    _build(synthetic, output, cache)
    assert len(full_builds) == 3
    _same_as_clean(synthetic, output, tmp_path)
