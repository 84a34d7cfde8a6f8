"""Input as editors really save it (GBK, UTF-16, BOMs, CRLF, YAML's surprises, huge files, symlinks).

Each file is built for real; what the reader sees must be the text the editor wrote.
"""
import re
import codecs
import os
from datetime import date

import pytest

from conftest import run_build, tree
from disclosure.errors import ContentError
from disclosure.pipeline import build_site
from disclosure.staging import OutputError, Stage

TODAY = date(2019, 6, 1)
ISSUE = "content/plans/demo-2019/01.md"


def build(site, output):
    build_site(site / "site_config.yaml", site / "content", output, TODAY)
    return output


def issue_page(output, number=1) -> str:
    return (output / f"plans/demo-2019/issues/{number}.html").read_text(encoding="utf-8")


ENCODINGS = {
    "gbk": lambda text: text.encode("gbk"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda text: text.encode("utf-16-le"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "gbk-crlf": lambda text: text.replace("\n", "\r\n").encode("gbk"),
    "cr-only": lambda text: text.replace("\n", "\r").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_files_saved_in_other_encodings_build_the_same_site(basic_site, tmp_path, encoding):
    reference = tree(build(basic_site, tmp_path / "reference"))
    for path in (basic_site / ISSUE, basic_site / "content/plans/demo-2019/plan.yaml",
                 basic_site / "site_config.yaml", basic_site / "content/pages/about.md"):
        path.write_bytes(ENCODINGS[encoding](path.read_text(encoding="utf-8")))
    output = build(basic_site, tmp_path / "out")
    assert tree(output) == reference
    assert "城区黑臭水体整治进展缓慢" in issue_page(output) and "3.2 公里" in issue_page(output)


def test_yaml_surprises_stay_the_text_the_editor_wrote(basic_site, tmp_path):
    path = basic_site / ISSUE
    text = path.read_text(encoding="utf-8")
    text = text.replace("number: 1\n", "number: 007\n").replace("leader: 张三\n", "leader: no\n")
    text = text.replace("goal: 消除城区黑臭水体。\n", "goal: 2018-09-30\n")
    text = text.replace("responsible: 测试区人民政府\n", "responsible: 0731\n")
    text = text.replace("supervising: 市住建局\n", "supervising: on\n")
    path.write_text(text, encoding="utf-8")
    config = basic_site / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_id_code: "4304000001"', "site_id_code: 0043040001"),
                      encoding="utf-8")
    page = issue_page(build(basic_site, tmp_path / "out"), number=7)
    assert re.search(r"<dt>督办市领导</dt><dd><a href=\"[^\"]+\">no</a></dd>", page)  # not False
    assert "<dt>整改目标</dt><dd>2018-09-30</dd>" in page  # not a date object
    assert "<dt>主体责任单位</dt><dd>0731</dd>" in page  # not 473 (octal) or 731
    assert "<dt>监管责任单位</dt><dd>on</dd>" in page  # not True
    assert 'content="0043040001"' in page  # leading zeros kept


def test_a_20_mb_record_is_refused_with_the_limit(basic_site, tmp_path):
    output = tmp_path / "out"
    assert run_build(basic_site, output=output).returncode == 0
    before = tree(output)
    path = basic_site / ISSUE
    path.write_bytes(path.read_bytes() + ("巨大的记录。" * 1_200_000).encode("utf-8"))
    assert path.stat().st_size > 20 * 1024 * 1024
    result = run_build(basic_site, output=output)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{ISSUE}: the file is 20 MB; the limit is 5 MB; split the record or link to an attachment")
    assert tree(output) == before


def test_a_record_just_under_the_limit_is_built(basic_site, tmp_path):
    path = basic_site / ISSUE
    path.write_bytes(path.read_bytes() + ("\n\n" + "长记录段落。" * 120).encode("utf-8") * 2000)
    assert 4 * 1024 * 1024 < path.stat().st_size < 5 * 1024 * 1024
    assert issue_page(build(basic_site, tmp_path / "out")).count("长记录段落。") == 240_000


def add_attachment(site, path_text: str) -> None:
    issue = site / ISSUE
    issue.write_text(issue.read_text(encoding="utf-8").replace(
        "progress:", f"attachments:\n  - title: 验收报告\n    path: {path_text}\nprogress:"), encoding="utf-8")


@pytest.mark.parametrize("link", ["../../../site_config.yaml", "/etc/passwd", "../02.md", "sub/../../01.md",
                                  "escape-link.pdf", "escape-folder/passwd"])
def test_attachment_outside_the_content_folder_is_refused(basic_site, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("OUTSIDE-SECRET")
    folder = basic_site / "content/plans/demo-2019"
    os.symlink(outside / "passwd", folder / "escape-link.pdf")
    os.symlink(outside, folder / "escape-folder")
    add_attachment(basic_site, link)
    with pytest.raises(ContentError) as error:
        build(basic_site, tmp_path / "out")
    assert [p.field for p in error.value.problems] == ["attachments"]
    assert error.value.problems[0].message.endswith("points outside the content folder")
    assert not (tmp_path / "out").exists()


def test_attachment_next_to_the_problem_file_is_published(basic_site, tmp_path):
    (basic_site / "content/plans/demo-2019/验收 报告.pdf").write_bytes(b"%PDF-1.4 report")
    add_attachment(basic_site, "验收 报告.pdf")
    output = build(basic_site, tmp_path / "out")
    copied = [p for p in (output / "plans/demo-2019/issues/1").iterdir()]
    assert [p.read_bytes() for p in copied] == [b"%PDF-1.4 report"]
    assert f'href="1/{copied[0].name}"' in issue_page(output)


@pytest.mark.parametrize("relative", ["../escape.html", "/etc/passwd", "a/../../escape.html", "a\\..\\..\\x",
                                      "", "."])
def test_nothing_is_written_outside_the_output_folder(tmp_path, relative):
    stage = Stage(tmp_path / "stage")
    with pytest.raises(OutputError):
        stage.write(relative, "x")
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_output_folder_that_is_a_symlink_is_not_replaced(basic_site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    os.symlink(elsewhere, tmp_path / "out")
    result = run_build(basic_site, output=tmp_path / "out")
    assert result.returncode == 1 and "refusing to replace it" in result.stderr
    assert tree(elsewhere) == {"keep.txt": b"keep"} and (tmp_path / "out").is_symlink()
