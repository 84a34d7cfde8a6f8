"""The build cache and parallel rendering never change what is built: same bytes as a clean build."""
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, SITES, run_build, tree

sys.path.insert(0, str(ROOT / "bench"))
from generate import edit_problem, generate_site  # noqa: E402

from disclosure.incremental import engine as rendering  # noqa: E402
from disclosure.incremental.cache import BuildCache
from disclosure.incremental.store import Store, code_key, pack, read_cache_file, write_cache_file  # noqa: E402
from disclosure.errors import ContentError  # noqa: E402
from disclosure.incremental import build_site  # noqa: E402


def _build(site: Path, output: Path, cache: Path | None, jobs: int, templates: Path | None = None):
    return build_site(site / "site_config.yaml", site / "content", output, date(2021, 1, 1),
                      templates_dir=templates, cache_dir=cache, jobs=jobs)


@pytest.fixture
def synthetic(tmp_path) -> Path:
    """A site large enough (120 problems) that pages render in forked workers."""
    return generate_site(tmp_path / "site", 120).root


def _check_same_as_clean(site, tmp_path, cached_output, cache, templates=None):
    """Build again with the cache, and afresh without it (one process); the trees must be identical."""
    _build(site, cached_output, cache, jobs=2, templates=templates)
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    _build(site, clean, None, jobs=1, templates=templates)
    cached, fresh = tree(cached_output), tree(clean)
    assert sorted(cached) == sorted(fresh)
    differing = [name for name in fresh if cached[name] != fresh[name]]
    assert not differing, f"the cached build differs in {differing[:5]}"


def test_cached_rebuilds_match_clean_builds_after_edits(synthetic, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    templates = tmp_path / "templates"
    templates.mkdir()
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    problems = sorted((synthetic / "content/plans").glob("*/*.md"))
    # A record edit (one page, the data files, the feed when it is among the newest).
    edit_problem(problems[3], 1)
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    # A status change: the problem leaves the published pages; lists and counts change.
    text = problems[5].read_text(encoding="utf-8")
    problems[5].write_text(text.replace("status: done", "status: in progress"), encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    # A leader changes: two leader pages change.
    text = problems[7].read_text(encoding="utf-8")
    problems[7].write_text(text.replace("leader: ", "leader: 新", 1), encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    # A plan's own title: every page of the plan (breadcrumbs) and the navigation of every page.
    plan_yaml = problems[0].parent / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8").replace("title: 第1轮", "title: 第一轮"), encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    # A template override that reads a plan's problems from the issue page (a "deep" page).
    (templates / "issue.html").write_text(
        (ROOT / "templates/issue.html").read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}<p class=\"count\">{{ plan.issues | length }}</p>", 1),
        encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    # A list that shows records (plan pages are made without them): a record edit must redo it.
    (templates / "plan.html").write_text(
        (ROOT / "templates/plan.html").read_text(encoding="utf-8").replace(
            "{% block content %}", "{% block content %}{% for issue in plan.issues %}<p class=\"record\">"
            "{{ issue.record[-24:] }}</p>{% endfor %}", 1), encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    edit_problem(problems[3], 2)
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    assert "第2次修改" in (output / "plans/plan-01/index.html").read_text(encoding="utf-8")
    # ...then a problem is added to that plan: every issue page of the plan shows the new count.
    shutil.copy(problems[0], problems[0].parent / "09999.md")
    new = problems[0].parent / "09999.md"
    new.write_text(new.read_text(encoding="utf-8").replace("number: 1\n", "number: 9999\n", 1), encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)
    assert '<p class="count">' in (output / "plans/plan-01/issues/9999.html").read_text(encoding="utf-8")
    # A config change: every page's header.
    config = synthetic / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: ", "title: 新", 1), encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)


def test_workers_replaced_midway_build_what_a_clean_build_does(synthetic, tmp_path, monkeypatch):
    monkeypatch.setattr(rendering, "_TASKS_PER_WORKER", 2)
    output, cache = tmp_path / "out", tmp_path / "cache"
    _check_same_as_clean(synthetic, tmp_path, output, cache)
    # A changed template redoes every page: the new workers take the Markdown from the store.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue.html").write_text((ROOT / "templates/issue.html").read_text(encoding="utf-8") + "<!-- -->\n",
                                          encoding="utf-8")
    _check_same_as_clean(synthetic, tmp_path, output, cache, templates)


def test_unchanged_rebuild_links_the_previous_files(synthetic, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache, jobs=2)
    before = {name: (output / name).stat().st_ino for name in tree(output)}
    problem = sorted((synthetic / "content/plans/plan-01").glob("*.md"))[0]
    edit_problem(problem, 1)
    _build(synthetic, output, cache, jobs=2)
    after = {name: (output / name).stat().st_ino for name in tree(output)}
    page = "plans/plan-01/issues/1.html"
    assert after[page] != before[page], "the edited problem's page was not rendered again"
    assert after["data/issues.json"] != before["data/issues.json"]
    other_plan = [name for name in after if name.startswith("plans/plan-02/issues/")]
    assert other_plan and all(after[name] == before[name] for name in other_plan), \
        "pages of another plan were rendered again although nothing they show changed"
    assert after["plans/plan-01/index.html"] == before["plans/plan-01/index.html"], \
        "the plan's list was rendered again although it shows no record"
    # A field the list shows: the list is rendered again.
    problem.write_text(problem.read_text(encoding="utf-8").replace("leader: ", "leader: 新", 1), encoding="utf-8")
    _build(synthetic, output, cache, jobs=2)
    assert (output / "plans/plan-01/index.html").stat().st_ino != after["plans/plan-01/index.html"]


def test_unchanged_files_are_known_by_their_stat(synthetic, tmp_path, monkeypatch):
    """A rebuild does not read a problem file whose stat is what the last build saw; any change to
    a file, even one that keeps its size and modification time, is read."""
    from disclosure.incremental import documents as cache_module
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the files were written just now
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache, jobs=1)
    hashed = []
    real_key = cache_module.file_key
    monkeypatch.setattr(cache_module, "file_key", lambda path, *args: hashed.append(path) or real_key(path, *args))
    _build(synthetic, output, cache, jobs=1)
    assert hashed == []
    problem = sorted((synthetic / "content/plans/plan-01").glob("*.md"))[0]
    status = problem.stat()
    text = problem.read_text(encoding="utf-8")
    problem.write_text(text.replace("leader: ", "leader: 新", 1).replace("经", "", 1), encoding="utf-8")
    assert problem.stat().st_size == status.st_size  # "新" and "经" are both three bytes
    os.utime(problem, ns=(status.st_atime_ns, status.st_mtime_ns))
    _build(synthetic, output, cache, jobs=1)
    assert hashed == [problem]
    assert "新" in (output / "plans/plan-01/index.html").read_text(encoding="utf-8")


def test_a_process_building_again_takes_its_last_checks_from_memory(synthetic, tmp_path, monkeypatch):
    """The preview server builds again after every edit, in one process, keeping its checks: they are
    not unpickled from the store again; the edited file is checked anew. A one-shot build keeps none."""
    from disclosure.incremental import documents as cache_module
    output, cache = tmp_path / "out", tmp_path / "cache"

    def build(folder, cache, resident=None):
        build_site(synthetic / "site_config.yaml", synthetic / "content", folder, date(2021, 1, 1),
                   cache_dir=cache, jobs=2, resident=resident)

    resident = {}
    build(output, cache, resident)
    assert len(resident) == len(list((synthetic / "content/plans").glob("*/*.md")))
    unpickled = []
    real_unpickle = cache_module.unpickle
    monkeypatch.setattr(cache_module, "unpickle", lambda data: unpickled.append(data) or real_unpickle(data))
    # (A field besides the record: the full build, not the quick path, which reads no checks but
    # those of the files it shows.)
    problem = sorted((synthetic / "content/plans").glob("*/*.md"))[3]
    problem.write_text(problem.read_text(encoding="utf-8").replace("leader: ", "leader: 新", 1), encoding="utf-8")
    build(output, cache, resident)
    assert unpickled == []
    build(tmp_path / "clean", None)
    assert tree(output) == tree(tmp_path / "clean")


def test_rebuilds_patch_the_spare_site_and_never_write_into_the_live_one(synthetic, tmp_path):
    """The site a build replaces is kept as the spare and patched by the next build. The spare shares
    files with the live site (hard links): a file patched in it must be a new file, or the live site
    would change under its readers before the swap."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    problems = sorted((synthetic / "content/plans/plan-01").glob("*.md"))
    _build(synthetic, output, cache, jobs=2)
    edit_problem(problems[0], 1)
    _build(synthetic, output, cache, jobs=2)  # output linked from the first site, now the spare
    assert (cache / "site" / "index.html").is_file()
    live = tmp_path / "live-files"
    live.mkdir()
    served = tree(output)
    for number, name in enumerate(served):  # the live site's very files (inodes), to read after the next build
        os.link(output / name, live / str(number))
    edit_problem(problems[0], 2)  # the same page again: its spare copy is from the first site
    edit_problem(problems[1], 1)
    _build(synthetic, output, cache, jobs=2)
    changed = [name for number, name in enumerate(served) if (live / str(number)).read_bytes() != served[name]]
    assert not changed, f"a rebuild wrote into files of the live site: {changed[:5]}"
    spare = tree(cache / "site")
    assert spare == served, "the site swapped out is not kept whole as the spare"


def test_what_the_spare_site_holds_besides_this_build_never_reaches_the_output(synthetic, tmp_path):
    """Files left in the spare (a killed build's, a hand-edited one, a page since unpublished) are
    removed or made again: the patched site is the same as a clean build."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    problems = sorted((synthetic / "content/plans/plan-01").glob("*.md"))
    _build(synthetic, output, cache, jobs=2)
    _build(synthetic, output, cache, jobs=2)
    spare = cache / "site"
    (spare / "plans/plan-01/leftover.html").write_text("内部草稿", encoding="utf-8")
    (spare / "stray").mkdir()
    (spare / "stray/notes.txt").write_text("内部备注", encoding="utf-8")
    (spare / "plans/plan-01/issues/1.html").write_text("被改动的页面", encoding="utf-8")
    (spare / "plans/plan-01/issues/2.html").unlink()
    (spare / "plans/plan-01/issues/2.html").mkdir()  # a folder where the page goes
    (spare / "pagefind").mkdir(exist_ok=True)  # (the spare holds an index: search is on)
    (spare / "pagefind/fragment.json").write_text("{}", encoding="utf-8")
    # A file added into one of its bundles (kept whole otherwise), and a killed build's earlier index.
    bundle = spare / "pagefind" / json.loads((spare / "pagefind/shards.json").read_text(encoding="utf-8"))["bundles"][0]
    (bundle / "tokens/extra.json").write_text('{"内部":"0","草稿":"0"}', encoding="utf-8")
    (spare / ".pagefind-earlier/old").mkdir(parents=True)
    (spare / ".pagefind-earlier/old/notes.txt").write_text("内部备注", encoding="utf-8")
    edit_problem(problems[2], 1)
    _check_same_as_clean(synthetic, tmp_path, output, cache)
    # A build that fails midway leaves the spare half patched: the next one still matches a clean build.
    broken = tmp_path / "templates"
    broken.mkdir()
    (broken / "issue.html").write_text("{% extends 'base.html' %}{% block content %}{% include 'missing.html' %}{% endblock %}",
                                       encoding="utf-8")
    edit_problem(problems[3], 1)
    with pytest.raises(ContentError):
        _build(synthetic, output, cache, jobs=2, templates=broken)
    _check_same_as_clean(synthetic, tmp_path, output, cache)


def test_a_spare_site_in_use_by_another_build_is_left_alone(synthetic, tmp_path):
    """Builds of different outputs may share a cache folder, and their output locks do not exclude
    each other: a build that finds the spare taken works in a folder of its own."""
    import fcntl
    output, other, cache = tmp_path / "out", tmp_path / "other", tmp_path / "cache"
    _build(synthetic, output, cache, jobs=1)
    _build(synthetic, output, cache, jobs=1)
    spare = tree(cache / "site")
    edit_problem(sorted((synthetic / "content/plans/plan-01").glob("*.md"))[2], 1)
    with open(cache / ".site.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a build of the other output would
        _build(synthetic, other, cache, jobs=2)
        _build(synthetic, other, cache, jobs=2)
        assert tree(cache / "site") == spare, "the spare was used while another build held it"
    clean = tmp_path / "clean"
    _build(synthetic, clean, None, jobs=1)
    assert tree(other) == tree(clean)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".output-")], "a swapped-out site was left"


def test_a_hand_edited_output_file_is_rendered_again(synthetic, tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache, jobs=1)
    page = output / "plans/plan-01/issues/1.html"
    original = page.read_bytes()
    page.write_bytes(b"tampered")
    _build(synthetic, output, cache, jobs=1)
    assert page.read_bytes() == original


@pytest.mark.parametrize("name", ["issues.json", "issues.csv", "issues.xlsx"])
def test_data_files_reuse_the_rows_of_unchanged_problems(synthetic, tmp_path, monkeypatch, name):
    """After one edit, only that problem's row is made again (in the sheet, its block of rows); a
    hand-edited previous copy is not taken rows from."""
    from disclosure.outputs import data, xlsx
    monkeypatch.setattr(xlsx, "_BLOCK_ROWS", 16)
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache, jobs=1)
    noted = tmp_path / "made"  # (noted in a file: a worker process may make them)
    real_row = data.IssueRows.row

    def row(rows, issue):
        with open(noted, "a", encoding="utf-8") as out:
            out.write(f"{issue.plan} {issue.number}\n")
        return real_row(rows, issue)

    monkeypatch.setattr(data.IssueRows, "row", row)
    problem = sorted((synthetic / "content/plans/plan-01").glob("*.md"))[2]
    edit_problem(problem, 1)
    _build(synthetic, output, cache, jobs=1)
    made = [(plan, int(number)) for plan, number in map(str.split, noted.read_text(encoding="utf-8").splitlines())]
    # The edited row is made for each data file; of the others only the 15 in its block of the sheet.
    assert made.count(("plan-01", 3)) == 3 and len(made) == 3 + 15 and len(set(made)) == 16, made
    clean = tmp_path / "clean"
    _build(synthetic, clean, None, jobs=1)
    assert (output / "data" / name).read_bytes() == (clean / "data" / name).read_bytes()
    # An edited copy (same size, so only its time and content tell) is not trusted for rows.
    copy = output / "data" / name
    tampered = bytearray(copy.read_bytes())
    tampered[len(tampered) // 2] ^= 1
    copy.write_bytes(bytes(tampered))
    edit_problem(problem, 2)
    _build(synthetic, output, cache, jobs=1)
    _build(synthetic, clean, None, jobs=1)
    assert (output / "data" / name).read_bytes() == (clean / "data" / name).read_bytes()


def test_a_large_sites_data_files_read_from_the_store_are_the_same(synthetic, tmp_path, monkeypatch):
    """From site.LARGE problems the data files read the problems from the store (a file with
    attachments is not there): same bytes."""
    from disclosure import incremental as site_module
    problem = sorted((synthetic / "content/plans/plan-01").glob("*.md"))[0]
    (problem.parent / "report.txt").write_text("报告", encoding="utf-8")
    problem.write_text(problem.read_text(encoding="utf-8").replace("\nstatus: ", "\nattachments:\n  - report.txt\nstatus: ", 1),
                       encoding="utf-8")
    output, cache = tmp_path / "out", tmp_path / "cache"

    def same_as_clean(templates=None):
        monkeypatch.setattr(site_module, "LARGE", 10 ** 9)
        clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
        _build(synthetic, clean, None, jobs=1, templates=templates)
        monkeypatch.setattr(site_module, "LARGE", 1)
        assert tree(output) == tree(clean)

    monkeypatch.setattr(site_module, "LARGE", 1)
    _build(synthetic, output, cache, jobs=2)
    same_as_clean()
    # A full build with nothing changed keeps the data files: their fingerprint is known.
    data = (output / "data/issues.csv").stat().st_ino
    with monkeypatch.context() as patched:
        patched.setattr(site_module, "quick_build", lambda *args: None)
        _build(synthetic, output, cache, jobs=2)
    assert (output / "data/issues.csv").stat().st_ino == data
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "issue.html").write_text((ROOT / "templates/issue.html").read_text(encoding="utf-8") + "<!-- -->\n",
                                          encoding="utf-8")
    _build(synthetic, output, cache, jobs=2, templates=templates)
    same_as_clean(templates)
    problem.write_text(problem.read_text(encoding="utf-8").replace("leader: ", "leader: 新", 1), encoding="utf-8")
    _build(synthetic, output, cache, jobs=2, templates=templates)
    same_as_clean(templates)


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "other-code"])
def test_a_damaged_cache_is_ignored(synthetic, tmp_path, damage):
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build(synthetic, output, cache, jobs=1)
    expected = tree(output)
    for path in (path for path in cache.rglob("*") if path.is_file() and path.stat().st_size):  # (not the empty lock)
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            middle = len(data) // 2
            path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
        elif damage == "garbage":
            path.write_bytes(os.urandom(200))
        else:
            write_cache_file(path, b"\0" * 32, read_cache_file(path, code_key()))
    # Make the stale-looking cache wrong if it were trusted: a page whose inputs changed.
    problem = sorted((synthetic / "content/plans/plan-01").glob("*.md"))[0]
    edit_problem(problem, 7)
    _build(synthetic, output, cache, jobs=1)
    clean = tmp_path / "clean"
    _build(synthetic, clean, None, jobs=1)
    assert tree(output) == tree(clean)
    assert tree(output) != expected


def test_cache_files_are_checked(tmp_path):
    path, key = tmp_path / "file", code_key()
    write_cache_file(path, key, {"a": 1})
    assert read_cache_file(path, key) == {"a": 1}
    assert read_cache_file(path, b"x" * 32) is None
    data = path.read_bytes()
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert read_cache_file(path, key) is None
    assert read_cache_file(tmp_path / "missing", key) is None
    assert BuildCache.open(tmp_path / "empty").store.get("checks", b"x" * 32) is None


def test_a_store_of_other_code_is_replaced_whole(tmp_path):
    """Its values are never read, and the file is started afresh rather than emptied row by row."""
    path = tmp_path / "cache.sqlite"
    old = Store(path, b"a" * 32)
    old.put_all("checks", {bytes([n]) * 32: pack(os.urandom(20_000)) for n in range(100)})
    old.close()
    assert path.stat().st_size > 2_000_000
    new = Store(path, b"b" * 32)
    assert new.get("checks", bytes([1]) * 32) is None
    assert path.stat().st_size < 100_000  # (emptied, the file would keep its size)
    new.put_all("checks", {b"k" * 32: pack(b"new")})
    new.close()
    assert Store(path, b"b" * 32).get("checks", b"k" * 32) == b"new"


def test_the_command_line_builds_with_a_cache_beside_the_content(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected"))
    output = tmp_path / "out"
    first = run_build(site, output=output)
    assert first.returncode == 0, first.stderr
    assert (site / ".cache" / "disclosure-out" / "output.pickle").is_file()
    expected = tree(output)
    second = run_build(site, output=output)
    assert second.returncode == 0, second.stderr
    assert tree(output) == expected
    fresh = run_build(site, "--no-cache", "--jobs", "1", output=tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    assert not (site / ".cache" / "disclosure-fresh").exists()
    assert tree(tmp_path / "fresh") == expected


def test_feed_holds_the_newest_records_and_the_sitemap_all(synthetic, tmp_path):
    from disclosure.outputs.feed import FEED_ENTRIES
    import json
    import xml.etree.ElementTree as ET
    output = tmp_path / "out"
    _build(synthetic, output, None, jobs=1)
    rows = [row for row in json.loads((output / "data/issues.json").read_text(encoding="utf-8")) if row["published"]]
    assert len(rows) > FEED_ENTRIES
    # Each published problem's steps up to the build date: 销号, notice opened, record; newest first.
    steps = [(day, order, row["plan"], row["number"], row["url"] + fragment) for row in rows
             for day, order, fragment in ((row["closed_on"], 0, "#closed"), (row["notice_start"], 1, "#notice"),
                                          (row["published_on"], 2, "")) if day and day <= "2021-01-01"]
    steps.sort(key=lambda step: (-date.fromisoformat(step[0]).toordinal(), *step[1:4]))
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(output / "feed.xml").getroot().findall(f"{atom}entry")
    assert [e.find(f"{atom}id").text for e in entries] == [step[4] for step in steps[:FEED_ENTRIES]]
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    listed = json.loads((output / "data/issues.json").read_text(encoding="utf-8"))
    assert sitemap.count("/issues/") == len(listed)  # every listed problem's page, published or not
    assert sitemap.count("</lastmod></url>") - sitemap.count("index.html</loc>") == len(rows)  # dated: published


def test_a_problem_fingerprint_covers_what_is_added_after_reading_its_file(synthetic, tmp_path):
    """Problems are fingerprinted by their file's key; history (from git) comes later and must count too."""
    import dataclasses
    from disclosure.content import load_content
    from disclosure.incremental.fingerprint import Fingerprints
    from disclosure.history import Revision
    issue = load_content(synthetic / "content").plans[0].issues[0]
    assert issue.source, "a problem read from a file carries its file's key"
    later = dataclasses.replace(issue, history=(Revision(date(2021, 1, 2), "更正错字"),))
    other = dataclasses.replace(issue, history=(Revision(date(2021, 1, 2), "补充材料"),))
    prints = Fingerprints(b"base", [])
    for records in (True, False):
        assert len({prints.issue(issue, records), prints.issue(later, records), prints.issue(other, records)}) == 3
        assert Fingerprints(b"base", []).issue(later, records) == prints.issue(later, records)


def test_a_problem_without_its_record_is_digested_by_its_fields(synthetic):
    """A page that shows no record takes a problem by its fields: a record edit leaves that digest alone."""
    from disclosure.content import read_issue_file
    from disclosure.incremental.fingerprint import Fingerprints
    path = sorted((synthetic / "content/plans/plan-01").glob("*.md"))[0]
    content, prints = synthetic / "content", Fingerprints(b"base", [])
    before = read_issue_file(path, "plan-01", content).issue
    edit_problem(path, 1)
    record_edited = read_issue_file(path, "plan-01", content).issue
    path.write_text(path.read_text(encoding="utf-8").replace("leader: ", "leader: 新", 1), encoding="utf-8")
    field_edited = read_issue_file(path, "plan-01", content).issue
    assert prints.issue(before, False) == prints.issue(record_edited, False)
    assert prints.issue(before, True) != prints.issue(record_edited, True)
    assert prints.issue(record_edited, False) != prints.issue(field_edited, False)


def test_unpickled_problems_share_what_they_repeat():
    """Checks read from the store share one copy of a unit, leader, status or deadline (a large
    site repeats them tens of thousands of times), and are equal to what was stored."""
    import pickle
    from disclosure.model import Issue
    from disclosure.deadlines import Deadline
    unit = "".join(["市生态", "环境局"])
    issues = [Issue(plan="plan-01", number=n, category=1, problem="问题", title="问题", status="done",
                    source_path=Path(f"{n}.md"), responsible="".join(["市生态", "环境局"]),
                    deadline=Deadline("".join(["2019年", "9月底前"]), "text")) for n in (1, 2)]
    assert issues[0].responsible is not issues[1].responsible
    read = [pickle.loads(pickle.dumps(issue, protocol=5)) for issue in issues]
    assert read == issues and read[0].responsible == unit
    assert read[0].responsible is read[1].responsible
    assert read[0].deadline is read[1].deadline
