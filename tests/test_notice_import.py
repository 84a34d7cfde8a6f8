"""`import FILE --plan SLUG --notice`: one problem's notice (公示) into that problem's file."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from conftest import ROOT, run_build
from disclosure.frontmatter import split_front_matter
from disclosure.importer.notice_apply import run_notice_import

SLUG = "hengyang-2019"
# A notice as 雁峰区 publishes one (invented contents), with its 落款 and a line no label claims.
NOTICE = """关于中央环保督察反馈问题第十六项整改销号的公示
反馈问题：土壤重金属污染有历史欠账，存在污染问题隐患。
整改目标：暂不开发利用污染地块环境风险得到有效管控。
整改完成情况：已完成疑似污染地块土壤环境初步调查，建立污染地块名录。
暂不开发利用的污染地块均已设置警示标识。
整改实施主体：雁峰区人民政府
牵头验收单位：市生态环境局
验收单位：市自然资源和规划局、市住建局
验收时间：2024年9月20日
公示时间：2024年9月27日至10月15日（10个工作日）
监督电话：0734-8888888
备注：本公示同时在区政府网站发布。
衡阳市雁峰区生态环境保护委员会办公室
2024年9月27日
"""


@pytest.fixture
def content(tmp_path) -> Path:
    """The example plan, with problem 16 as the plan importer leaves it (not started, no record)."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    path = folder / "plans" / SLUG / "16.md"
    head = path.read_text(encoding="utf-8").split("status:")[0]
    path.write_text(head + "status: not started\n---\n", encoding="utf-8")
    return folder


def run(source: Path, content: Path, number=None, force=False, dry_run=False) -> tuple[int, str]:
    out = io.StringIO()
    return run_notice_import(source, SLUG, content, number, force, dry_run, out=out), out.getvalue()


def fields(content: Path, number: int = 16) -> tuple[dict, str]:
    doc = split_front_matter((content / "plans" / SLUG / f"{number:02d}.md").read_text(encoding="utf-8"), "x")
    return doc.meta, doc.body


def test_a_text_notice_fills_record_dates_window_and_acceptance(tmp_path, content):
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    code, report = run(source, content)
    assert code == 0, report
    assert "matched: problem 16 by the number the notice names ('第十六项'); its text is" in report
    assert "recognised: 反馈问题 (line 2)、整改目标 (line 3)、整改完成情况 (line 4–5)" in report
    assert "not recognised: line 12: 备注：本公示同时在区政府网站发布。" in report
    assert "signature (not used): 衡阳市雁峰区生态环境保护委员会办公室 / 2024年9月27日" in report
    meta, body = fields(content)
    assert meta["status"] == "done" and meta["completed_on"] == "2024-09-20" and meta["published_on"] == "2024-09-27"
    assert meta["notice_window"] == {"start": "2024-09-27", "day_kind": "working", "end": "2024-10-15"}
    assert meta["acceptance"] == {"units": ["市生态环境局", "市自然资源和规划局", "市住建局"], "date": "2024-09-20"}
    assert meta["objection"] == {"phone": "0734-8888888"}
    assert body.strip() == "已完成疑似污染地块土壤环境初步调查，建立污染地块名录。\n\n暂不开发利用的污染地块均已设置警示标识。"
    assert "goal" in meta and meta["number"] == "16"  # the plan's own fields are kept
    # The site builds with it, in its notice window on the build date.
    site = tmp_path / "site"
    shutil.copytree(content, site / "content")
    shutil.copy(ROOT / "site_config.yaml", site)
    assert run_build(site, output=tmp_path / "out", today="2024-10-15").returncode == 0
    page = (tmp_path / "out/plans" / SLUG / "issues/16.html").read_text(encoding="utf-8")
    assert "公示期：2024年9月27日 至 2024年10月15日（共 10 个工作日）" in page and "市生态环境局" in page


def test_a_contradictory_window_is_pointed_out(tmp_path, content):
    # 荆州's case: the text says 10 working days, the dates hold 7 calendar days.
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE.replace("2024年9月27日至10月15日（10个工作日）", "2024年9月27日至10月3日（10个工作日）"),
                      encoding="utf-8")
    code, report = run(source, content)
    assert code == 0
    assert "note: 公示时间 says 10个工作日 but 2024-09-27 to 2024-10-03 holds 3 working days" in report


def test_matching_by_text_says_how_sure_and_an_unclear_notice_writes_nothing(tmp_path, content):
    source = tmp_path / "notice.html"
    text = NOTICE.replace("第十六项", "")
    source.write_text("<html><body><article>" + "".join(f"<p>{line}</p>" for line in text.splitlines())
                      + "</article></body></html>", encoding="utf-8")
    code, report = run(source, content)
    assert code == 0 and "matched: problem 16 by its text: 100% alike; next: problem 28, 28%" in report and "; next: problem" in report
    vague = tmp_path / "vague.txt"
    vague.write_text("公示\n反馈问题：环境问题。\n整改完成情况：已完成。\n", encoding="utf-8")
    before = (content / "plans" / SLUG / "16.md").read_bytes()
    code, report = run(vague, content)
    assert code == 1 and "no problem is alike enough" in report and "--problem N" in report
    assert "Import failed: nothing was written." in report
    assert (content / "plans" / SLUG / "16.md").read_bytes() == before


def test_an_editors_record_is_kept_without_force(tmp_path, content):
    source = tmp_path / "notice.docx"
    document = docx.Document()
    for line in NOTICE.splitlines():
        document.add_paragraph(line)
    document.save(source)
    path = content / "plans" / SLUG / "16.md"
    path.write_text(path.read_text(encoding="utf-8") + "编辑写的办理情况。\n", encoding="utf-8")
    before = path.read_bytes()
    code, report = run(source, content)
    assert code == 1 and "already has record written by an editor" in report and path.read_bytes() == before
    code, report = run(source, content, force=True, dry_run=True)
    assert code == 0 and "would update" in report and path.read_bytes() == before
    code, report = run(source, content, force=True)
    assert code == 0 and "编辑写的办理情况" not in path.read_text(encoding="utf-8")


def test_problem_given_and_nothing_recognised(tmp_path, content):
    source = tmp_path / "page.txt"
    source.write_text("欢迎访问\n本站首页\n", encoding="utf-8")
    code, report = run(source, content, number=16)
    assert code == 1
    assert "recognised: nothing: no label such as 反馈问题" in report
    assert "not recognised: line 2: 本站首页" in report
    assert "the notice has no 整改完成情况" in report
    code, report = run(source, content, number=99)
    assert code == 1 and "problem 99 (--problem) is not in the plan" in report
