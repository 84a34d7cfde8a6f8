"""Issue 18: nothing that is content is ever an attachment; one rule for links, types and names.

Each attack is tried the ways an editor's mistake or an attacker would: directly, through a
symbolic link, a hard link or a sub-folder, under another name, in upper case.
"""
from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, run_build, tree
from disclosure.errors import ContentError, Diagnostic
from disclosure.importer import run_import
from disclosure.new import new_problem
from disclosure.incremental import build_site

TODAY = date(2019, 6, 1)
PLAN = "content/plans/demo-2019"
DRAFT = "SECRET-RECORD-02"  # problem 2 is unfinished: its record, notes and file never reach the site


def add_attachment(site: Path, path_text: str) -> None:
    issue = site / PLAN / "01.md"
    issue.write_text(issue.read_text(encoding="utf-8").replace(
        "progress:", f"attachments:\n  - title: 验收报告\n    path: \"{path_text}\"\nprogress:"), encoding="utf-8")


def refused(site: Path, output: Path) -> list[Diagnostic]:
    with pytest.raises(ContentError) as error:
        build_site(site / "site_config.yaml", site / "content", output, TODAY)
    assert not output.exists()
    return error.value.problems


def content_as_attachment(site: Path, how: str) -> str:
    """Make an attachment that is really a content file; return its path text."""
    folder = site / PLAN
    if how == "direct":
        return "02.md"
    if how == "plan.yaml":
        return "plan.yaml"
    if how == "symlink":
        os.symlink("02.md", folder / "report.pdf")
        return "report.pdf"
    if how == "symlink-config":
        os.symlink("../../../site_config.yaml", folder / "config.txt")
        return "config.txt"
    if how == "hard-link":
        os.link(folder / "02.md", folder / "scan.pdf")
        return "scan.pdf"
    if how == "sub-folder":
        (folder / "drafts").mkdir()
        (folder / "02.md").rename(folder / "drafts/02.md")
        return "drafts/02.md"
    if how == "linked-folder":
        os.symlink(".", folder / "same")
        return "same/02.md"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["direct", "plan.yaml", "symlink", "symlink-config", "hard-link", "sub-folder",
                                 "linked-folder"])
def test_no_content_file_is_ever_an_attachment(basic_site, tmp_path, how):
    add_attachment(basic_site, content_as_attachment(basic_site, how))
    problems = refused(basic_site, tmp_path / "out")
    assert [p.field for p in problems] == ["attachments"], problems


@pytest.mark.parametrize("name", ["page.html", "x.svg", "x.js", ".htaccess", "x.HTML", "x.pdf.html", "x.xhtml",
                                  "x.shtml", "x.php", "x", "x.pdf.", "x.mjs", "x.xml", "x.md", "x.yaml"])
def test_only_documents_and_images_are_published(basic_site, tmp_path, name):
    (basic_site / PLAN / name).write_bytes(b"<script>alert(1)</script>")
    add_attachment(basic_site, name)
    problems = [p for p in refused(basic_site, tmp_path / "out") if p.field == "attachments"]
    assert len(problems) == 1  # (x.md is a broken problem file besides)
    assert "may be published" in problems[0].message or "hidden" in problems[0].message
    assert "pdf, ofd, doc" in problems[0].hint


@pytest.mark.parametrize("name", ["验收报告.PDF", "photo.jpeg", "表.xlsx", "a.ofd", "b.wps", "c.et", "d.webp"])
def test_allowed_types_are_published_in_any_case(basic_site, tmp_path, name):
    (basic_site / PLAN / name).write_bytes(b"document bytes")
    add_attachment(basic_site, name)
    output = tmp_path / "out"
    build_site(basic_site / "site_config.yaml", basic_site / "content", output, TODAY)
    assert [p.read_bytes() for p in (output / "plans/demo-2019/issues/1").iterdir()] == [b"document bytes"]


def test_an_attachment_replaced_by_a_link_to_a_draft_after_it_was_checked_is_refused(basic_site, tmp_path):
    """The rule holds where the file is copied too: a rebuild that reuses the problem file's check
    (the cache) or takes the quick path still looks at what the attachment is now."""
    folder = basic_site / PLAN
    (folder / "report.pdf").write_bytes(b"%PDF report")
    add_attachment(basic_site, "report.pdf")
    output, cache = tmp_path / "out", tmp_path / "cache"
    build_site(basic_site / "site_config.yaml", basic_site / "content", output, TODAY, cache_dir=cache)
    (folder / "report.pdf").unlink()
    os.symlink("02.md", folder / "report.pdf")
    with pytest.raises(ContentError):
        build_site(basic_site / "site_config.yaml", basic_site / "content", output, TODAY, cache_dir=cache)
    assert all(DRAFT.encode() not in data for data in tree(output).values())


def test_problem_files_and_attachments_follow_one_rule_for_links(basic_site, tmp_path):
    """A problem file that is a link to a file outside content/ is refused, like such an attachment."""
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes((basic_site / PLAN / "03.md").read_bytes())
    (basic_site / PLAN / "03.md").unlink()
    os.symlink(outside, basic_site / PLAN / "03.md")
    problems = refused(basic_site, tmp_path / "out")
    assert [str(p) for p in problems] == [
        f"{basic_site / PLAN}/03.md: is a link to a file outside the content folder; "
        "put the file itself (not a link to it) in the content folder"]


def test_a_plan_folder_linked_from_outside_the_content_folder_is_refused(basic_site, tmp_path):
    outside = tmp_path / "outside-plan"
    (basic_site / PLAN).rename(outside)
    os.symlink(outside, basic_site / PLAN)
    problems = refused(basic_site, tmp_path / "out")
    assert [p.message for p in problems] == ["is a link to a folder outside the content folder"]


def test_a_link_inside_the_content_folder_is_still_a_problem_file(basic_site, tmp_path):
    folder = basic_site / PLAN
    (folder / "01.md").rename(basic_site / "content/01-original.md")
    os.symlink("../../01-original.md", folder / "01.md")
    output = tmp_path / "out"
    build_site(basic_site / "site_config.yaml", basic_site / "content", output, TODAY)
    assert (output / "plans/demo-2019/issues/1.html").is_file()


# ---- names -------------------------------------------------------------------------------------

def test_a_line_break_in_a_problem_file_name_is_one_error_line(basic_site, tmp_path):
    folder = basic_site / PLAN
    (folder / "03.md").rename(folder / "0\n3.md")
    result = run_build(basic_site, output=tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/plans/demo-2019/0\\n3.md: the file name '0\\n3.md' holds a control character (a line break, "
        "tab or direction mark); rename the file",
        f"build stopped: 1 problem(s); {tmp_path / 'out'} was not changed"]


@pytest.mark.parametrize("slug", ["abc\n", "../../x", "abc/def", "ABC", "-abc", "abc-", "a--b", "", "abc\u202e",
                                  "中文"])
def test_import_and_new_refuse_a_plan_name_that_is_not_a_slug(tmp_path, slug):
    source = tmp_path / "plan.txt"
    source.write_text((ROOT / "tests/importer/seed.txt").read_text(encoding="utf-8"), encoding="utf-8")
    content = tmp_path / "work" / "content"
    (content / "plans").mkdir(parents=True)
    out = io.StringIO()
    assert run_import(source, slug, content, False, out=out) == 1
    assert "is not a plan slug" in out.getvalue()
    with pytest.raises(ContentError) as error:
        new_problem(content, slug)
    assert "is not a plan slug" in str(error.value)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "plan.txt", "work", "work/content", "work/content/plans"]


def test_new_cannot_write_outside_the_plans_folder(basic_site, tmp_path):
    """`new --plan ../../x` wrote into any folder holding a plan.yaml."""
    victim = tmp_path / "x"
    victim.mkdir()
    (victim / "plan.yaml").write_text("title: x\n")
    with pytest.raises(ContentError):
        new_problem(basic_site / "content", "../../../x")
    assert sorted(p.name for p in victim.iterdir()) == ["plan.yaml"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"), min_size=1,
                    max_size=30))
def test_any_attachment_name_is_refused_or_a_safe_document(tmp_path_factory, name):
    from disclosure.attachments import ALLOWED_TYPES, AttachmentRefused, check_attachment

    root = tmp_path_factory.mktemp("content")
    folder = root / "plans/p"
    folder.mkdir(parents=True)
    try:
        (folder / name).write_bytes(b"x")
    except OSError:
        return  # not a name this file system takes
    try:
        source = check_attachment(name, folder, root.resolve())
    except AttachmentRefused as error:
        assert "\n" not in str(Diagnostic("f", 1, error.message, hint=error.hint))
        return
    assert source.name.rpartition(".")[2].lower() in ALLOWED_TYPES
    assert not source.name.startswith(".")
    assert all(c.isprintable() or c == " " for c in source.name), repr(source.name)


@settings(max_examples=300, deadline=None)
@given(path=st.text(max_size=30), message=st.text(max_size=30), field=st.none() | st.text(max_size=10),
       hint=st.none() | st.text(max_size=20))
def test_every_problem_is_one_line_whatever_the_names_hold(path, message, field, hint):
    """Control characters in a file name, a value or a message never split an error line."""
    text = str(Diagnostic(path, 3, message, field=field, hint=hint))
    assert len(text.splitlines()) <= 1 and "\u202e" not in text, repr(text)
