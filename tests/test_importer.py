"""The plan importer: a real scraped plan, its variants, re-import and the errors an editor sees."""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx  # python-docx, a dependency: missing, these tests fail rather than skip
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from disclosure.frontmatter import split_front_matter
from disclosure.importer import run_import
from disclosure.importer.numerals import parse_chinese_numeral

HERE = Path(__file__).resolve().parent / "importer"
SEED = HERE / "seed.txt"  # a copy of /work/shared/seeds/000_7aa64b4483a68cfe.txt
SLUG = "hengyang-2019"
FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


# ---- helpers -------------------------------------------------------------------------------------

def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def run(source: Path, content: Path, dry_run: bool = False, slug: str = SLUG) -> tuple[int, str]:
    out = io.StringIO()
    code = run_import(source, slug, content, dry_run, out=out)
    return code, out.getvalue()


def write_source(tmp_path: Path, text: str, name: str = "plan.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def expected(translate=None) -> dict:
    """The checked expectation for the seed, every scalar as text (as our reader gives it)."""
    data = yaml.load((HERE / "seed_expected.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return _map_text(data, translate) if translate else data


def _map_text(value, translate):
    if isinstance(value, dict):
        return {key: _map_text(item, translate) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_text(item, translate) for item in value]
    return translate(value)


def read_problems(content: Path) -> list[dict]:
    """Every problem file's fields (minus status), sorted by number."""
    problems = []
    for path in sorted((content / "plans" / SLUG).glob("*.md")):
        document = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        assert document.body == "", path
        meta = dict(document.meta)
        assert meta.pop("status") == "not started"
        problems.append(meta)
    return sorted(problems, key=lambda meta: int(meta["number"]))


def read_plan(content: Path) -> dict:
    return yaml.load((content / "plans" / SLUG / "plan.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def assert_imports_as_seed(source: Path, tmp_path: Path, translate=None) -> str:
    content = tmp_path / "content"
    code, output = run(source, content)
    assert code == 0, output
    want = expected(translate)
    assert read_plan(content) == want["plan"]
    assert read_problems(content) == want["problems"]
    return output


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


PROBLEM = """（{numeral}）问题{number}的描述。
整改目标：目标{number}。
整改措施：
{measures}
整改时限：2018年12月底前
主体责任单位：单位{number}
监管责任单位：监管{number}
督办市领导：领导{number}
"""


def numeral(number: int) -> str:
    """1..199 in Chinese, as plans number their problems."""
    digits = "零一二三四五六七八九"
    hundreds, tens, ones = number // 100, number // 10 % 10, number % 10
    text = digits[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (digits[ones] if ones else "")


def small_plan(counts=(2, 1), measures="1. 措施甲。\n2. 措施乙。", declared=None, extra_lines="") -> str:
    """A small but complete plan: categories with `counts` problems each."""
    text = "某市整改方案\n\n中共某市委、某市人民政府\n2019年3月1日\n\n某发〔2019〕7号\n\n"
    number = 0
    for index, count in enumerate(counts):
        said = count if declared is None else declared[index]
        text += f"{numeral(index + 1)}、第{index + 1}类问题\n主要包括……等{said}项整改任务。\n"
        for _ in range(count):
            number += 1
            text += PROBLEM.format(numeral=numeral(number), number=number, measures=measures) + extra_lines
    return text


def import_small(tmp_path: Path, text: str, name: str = "plan.txt") -> tuple[int, str, Path]:
    content = tmp_path / "content"
    code, output = run(write_source(tmp_path, text, name), content)
    return code, output, content / "plans" / SLUG


# ---- the real seed ---------------------------------------------------------------------------------

def test_seed_imports_every_field_of_every_problem(tmp_path):
    output = assert_imports_as_seed(SEED, tmp_path)
    assert "8 categories, 40 problems" in output
    assert len(read_problems(tmp_path / "content")) == 40
    assert re.search(r"problem 36 \(line 886\): 监管责任单位", output)
    assert re.search(r"problem 37 \(line 898\): 监管责任单位", output)
    assert "MISMATCH" not in output


def test_seed_files_are_named_by_number_and_ordered_as_documented(tmp_path):
    run(SEED, tmp_path / "content")
    folder = tmp_path / "content" / "plans" / SLUG
    assert sorted(p.name for p in folder.iterdir()) == [f"{n:02d}.md" for n in range(1, 41)] + ["plan.yaml"]
    text = (folder / "04.md").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^\w+:", line)]
    assert keys == ["number", "category", "problem", "goal", "measures", "deadline", "responsible",
                    "supervising", "leader", "status"]
    assert "deadline: 2018年9月底前\n" in text  # '20189月底前' repaired
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["number"] == 4 and meta["category"] == 2 and isinstance(meta["deadline"], str)
    plan = yaml.safe_load((folder / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["issued_on"] == "2019-01-24" and plan["categories"][4]["declared_count"] == 12
    assert "source_url" not in plan


def test_seed_text_stays_on_one_line_per_field(tmp_path):
    run(SEED, tmp_path / "content")
    text = (tmp_path / "content" / "plans" / SLUG / "14.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) == 2 + 10 + 3  # fences, 9 keys and status, 3 measure items


# ---- variants of the seed ------------------------------------------------------------------------

def test_full_width_punctuation(tmp_path):
    source = write_source(tmp_path, seed_text().translate(FULL_WIDTH))
    assert_imports_as_seed(source, tmp_path, translate=lambda text: text.translate(FULL_WIDTH))


def test_full_width_markers_and_labels_only(tmp_path):
    text = re.sub(r"^(\s*)\(([一二三四五六七八九十]+)\)", r"\1（\2）", seed_text(), flags=re.M)
    text = re.sub(r"^(\s*)(整改目标|整改措施|整改时限|主体责任单位|监管责任单位|督办市领导):", r"\1\2：", text, flags=re.M)
    text = re.sub(r"^(\s*)(\d+)\. ", r"\1\2．", text, flags=re.M)
    assert_imports_as_seed(write_source(tmp_path, text), tmp_path)


def test_other_label_words(tmp_path):
    text = seed_text()
    for old, new in (("整改目标:", "目标:"), ("整改措施:", "措施:"), ("整改时限:", "完成时限:"),
                     ("主体责任单位:", "责任单位:"), ("监管责任单位:", "监督单位:"), ("督办市领导:", "责任领导:")):
        assert old in text
        text = text.replace(old, new)
    assert_imports_as_seed(write_source(tmp_path, text), tmp_path)


@pytest.mark.parametrize("labels", [("整改时间", "牵头单位", "监管单位", "督办领导"),
                                    ("时限", "整改实施主体", "监管单位", "牵头领导"),
                                    ("整改时限", "整改责任单位", "监管单位", "督办领导")])
def test_more_label_words(tmp_path, labels):
    text = seed_text()
    for old, new in zip(("整改时限:", "主体责任单位:", "监管责任单位:", "督办市领导:"), labels):
        text = text.replace(old, new + ":")
    assert_imports_as_seed(write_source(tmp_path, text), tmp_path)


def test_gbk_with_ideographic_spaces(tmp_path):
    text = seed_text().replace("\u00a0", "\u3000")
    assert_imports_as_seed(write_source(tmp_path, text, encoding="gbk"), tmp_path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "gb18030"])
def test_other_encodings(tmp_path, encoding):
    assert_imports_as_seed(write_source(tmp_path, seed_text(), encoding=encoding), tmp_path)


def test_crlf_line_ends(tmp_path):
    assert_imports_as_seed(write_source(tmp_path, seed_text().replace("\n", "\r\n")), tmp_path)


def test_stray_spaces_around_labels_and_markers(tmp_path):
    text = re.sub(r"^\s*", "\u3000\u3000", seed_text(), flags=re.M)
    text = text.replace("整改目标:", "整改目标\u00a0:\u3000").replace("督办市领导:", "督办市领导 : ")
    text = re.sub(r"\n(\s*)\(([一二三四五六七八九十]+)\)", "\n( \\2 )\u00a0", text)
    assert_imports_as_seed(write_source(tmp_path, text), tmp_path)


def html_page(body_lines: list[str], charset: str = "utf-8") -> str:
    paragraphs = "\n".join(f'<p style="text-indent:2em">{line}</p>' for line in body_lines if line.strip())
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>衡阳市公开省级环境保护督察整改方案_衡阳市生态环境局</title>
<script>var note = "（一）整改目标：这不是问题";</script>
<style>p {{ margin: 0 }}</style>
</head>
<body>
<div class="top-nav"><ul><li>一、首页</li><li>二、新闻中心</li><li>（一）整改目标：菜单</li></ul></div>
<nav><a href="/">首页</a> &gt; <a href="/gsgg/">公示公告</a></nav>
<div class="main"><div class="article-content" id="zoom">
{paragraphs}
</div></div>
<div class="footer">友情链接<br>主办：衡阳市生态环境局&nbsp;&nbsp;地址：衡阳市常胜西路20号</div>
<footer><p>联系电话：2892828</p></footer>
<script type="text/javascript">document.write("（四十一）整改措施：脚本");</script>
</body>
</html>
"""


def test_html_page(tmp_path):
    lines = seed_text().split("\n")[3:975]  # the article, without the scraped page furniture
    source = write_source(tmp_path, html_page(lines), "plan.html")
    assert_imports_as_seed(source, tmp_path)


def test_html_page_in_gbk(tmp_path):
    lines = [line.replace("\u00a0", "&nbsp;") for line in seed_text().split("\n")[3:975]]
    source = write_source(tmp_path, html_page(lines, "gb2312"), "plan.htm", encoding="gbk")
    assert_imports_as_seed(source, tmp_path)


def test_html_errors_name_the_source_line(tmp_path):
    lines = seed_text().replace("3项整改任务", "9项整改任务", 1).split("\n")[3:975]
    page = html_page(lines)
    source = write_source(tmp_path, page, "plan.html")
    code, output = run(source, tmp_path / "content")
    heading = next(n for n, line in enumerate(page.split("\n"), 1) if "一、关于环境保护工作推进落实不够有力问题" in line)
    assert code == 1
    assert f"plan.html:{heading}: category 1 '关于环境保护工作推进落实不够有力问题' declares 9 problems but 3" in output


def test_docx(tmp_path):
    document = docx.Document()
    for line in seed_text().split("\n"):
        if line.strip():
            document.add_paragraph(line)
    document.save(tmp_path / "plan.docx")
    assert_imports_as_seed(tmp_path / "plan.docx", tmp_path)


def test_docx_word_numbered_measures_and_tables(tmp_path):
    document = docx.Document()
    document.add_paragraph("某市整改方案")
    document.add_paragraph("一、第一类问题")
    document.add_paragraph("主要包括……等2项整改任务。")
    document.add_paragraph("（一）问题一。")
    document.add_paragraph("整改目标：目标一。")
    document.add_paragraph("整改措施：")
    document.add_paragraph("措施甲。", style="List Number")  # numbered by Word, not by its text
    document.add_paragraph("措施乙。", style="List Number")
    document.add_paragraph("整改时限：2019年底前")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "（二）问题二。"
    table.cell(1, 0).text = "整改目标：目标二。\n整改时限：立行立改"  # a manual line break
    document.save(tmp_path / "plan.docx")
    code, output = run(tmp_path / "plan.docx", tmp_path / "content")
    assert code == 0, output
    problems = read_problems(tmp_path / "content")
    assert problems[0]["measures"] == ["措施甲。", "措施乙。"]
    assert problems[1] == {"number": "2", "category": "1", "problem": "问题二。", "goal": "目标二。",
                           "deadline": "立行立改"}
    assert "problem 1 (line 4)" in output and "problem 2 (line 10)" in output  # lines are paragraphs


# ---- re-import and dry run ----------------------------------------------------------------------

EDITED_05 = """---
number: 5
category: 2
problem: 中央环保督察反馈问题雁峰区车江铜矿尾砂库污染综合治理问题的整改还未完成。
goal: 完成项目验收工作。
measures:
- 加快完成车江铜矿尾砂库污染治理项目,并完成验收和整改销号。
deadline: 2018年9月底
# editors: responsible confirmed with 雁峰区 on 2019-02-01
responsible: 雁峰区人民政府、衡阳弘湘国有投资(控股)集团有限公司
supervising: 市环境保护局
leader: 刘丽华
status:   done    # closed at the March meeting
completed_on: 2019-03-01
progress:
  - date: 2019-02-01
    note: "验收材料已报送。"
attachments: [验收报告.pdf]
internal_notes: 'yes'
---
## 整改情况

已完成验收和销号。   
| 项目 | 状态 |
|------|------|
"""


def test_reimport_keeps_editor_data_and_updates_the_goal(tmp_path):
    content = tmp_path / "content"
    assert run(SEED, content)[0] == 0
    folder = content / "plans" / SLUG
    (folder / "05.md").write_bytes(EDITED_05.encode("utf-8"))
    (folder / "done").mkdir()
    (folder / "12.md").rename(folder / "done" / "twelve.md")  # matched by number, not by name
    (folder / "99.md").write_text("---\nnumber: 41\ncategory: 8\nproblem: 旧问题\nstatus: done\n---\n旧记录\n",
                                  encoding="utf-8")
    plan_yaml = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text("source_url: https://example.gov.cn/a.html  # kept\n" + plan_yaml,
                                      encoding="utf-8")
    before = tree(folder)
    changed = seed_text().replace("整改目标:完成项目验收工作。", "整改目标:完成项目验收和销号工作。")
    source = write_source(tmp_path, changed)

    code, dry_output = run(source, content, dry_run=True)
    assert code == 0 and tree(folder) == before  # a dry run writes nothing
    code, output = run(source, content)
    assert code == 0, output
    assert dry_output.replace(" (dry run: nothing written)", "") == output

    after = tree(folder)
    assert after.pop("05.md") == EDITED_05.replace("goal: 完成项目验收工作。", "goal: 完成项目验收和销号工作。").encode()
    before.pop("05.md")
    assert after == before  # every other file, the moved one included, is byte for byte the same
    assert re.search(r"^  05\.md +updated: goal$", output, re.M)
    assert re.search(r"^  twelve\.md +unchanged$", output, re.M)
    assert re.search(r"^  99\.md +problem 41 is not in the document; the file was kept$", output, re.M)
    assert re.search(r"^  plan\.yaml +unchanged$", output, re.M)


def test_reimport_restores_a_deleted_plan_field_in_place(tmp_path):
    content = tmp_path / "content"
    run(SEED, content)
    path = content / "plans" / SLUG / "06.md"
    original = path.read_bytes()
    edited = original.replace("supervising: 常宁市党委、政府,市环境保护局\n".encode(), b"")
    edited = edited.replace(b"status: not started", b"status: in progress\r\nprogress: []")
    path.write_bytes(edited)
    code, output = run(SEED, content)
    assert code == 0 and re.search(r"06\.md +updated: supervising$", output, re.M)
    assert path.read_bytes() == original.replace(b"status: not started", b"status: in progress\r\nprogress: []")


def test_reimport_updates_changed_categories_in_plan_yaml(tmp_path):
    content = tmp_path / "content"
    run(SEED, content)
    path = content / "plans" / SLUG / "plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "summary: 编辑写的概述\n", encoding="utf-8")
    changed = seed_text().replace("八、环保机构、队伍、执法等方面问题", "八、环保机构、队伍和执法方面问题")
    code, output = run(write_source(tmp_path, changed), content)
    assert code == 0 and re.search(r"^  plan\.yaml +updated: categories$", output, re.M)
    plan = read_plan(content)
    assert plan["categories"][7]["title"] == "环保机构、队伍和执法方面问题"
    assert plan["summary"] == "编辑写的概述"


def test_dry_run_writes_nothing(tmp_path):
    code, output = run(SEED, tmp_path / "content", dry_run=True)
    assert code == 0 and "dry run: nothing written" in output and "41 new" in output
    assert not (tmp_path / "content").exists()


def test_reimport_refuses_two_files_with_one_number(tmp_path):
    content = tmp_path / "content"
    run(SEED, content)
    folder = content / "plans" / SLUG
    (folder / "copy.md").write_bytes((folder / "07.md").read_bytes())
    before = tree(folder)
    code, output = run(SEED, content)
    assert code == 1 and tree(folder) == before
    assert re.search(r"plans/hengyang-2019/copy\.md:2: number: problem 7 is also in .*07\.md", output)


# ---- errors ------------------------------------------------------------------------------------

def test_declared_count_mismatch_names_the_category(tmp_path):
    text = seed_text().replace("等六个方面12项整改任务", "等六个方面13项整改任务")
    code, output = run(write_source(tmp_path, text), tmp_path / "content")
    assert code == 1
    assert ("plan.txt:522: category 5 '污染防治方面问题比较突出' declares 13 problems but 12 were found"
            in output)
    assert "MISMATCH" in output and "nothing was written" in output
    assert not (tmp_path / "content").exists()


def test_missing_problem_heading_is_a_numbering_error(tmp_path):
    text = seed_text().replace("(二十一)城市规划区", "城市规划区")
    code, output = run(write_source(tmp_path, text), tmp_path / "content")
    assert code == 1 and "plan.txt:598: problem number 22 where 21 was expected" in output


@pytest.mark.parametrize("name, advice", [("plan.pdf", "save the plan as .docx"),
                                          ("plan.doc", "save it as .docx"),
                                          ("plan.wps", "save it as .docx"),
                                          ("plan.odt", "save it as .docx (or as .txt)"),
                                          ("plan.png", "import a .txt, .html/.htm or .docx file")])
def test_unsupported_formats_say_what_to_do(tmp_path, name, advice):
    source = write_source(tmp_path, "%PDF-1.4 whatever", name)
    code, output = run(source, tmp_path / "content")
    assert code == 1 and advice in output and f"cannot import a '{Path(name).suffix}' file" in output


def test_old_doc_renamed_to_docx(tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    code, output = run(source, tmp_path / "content")
    assert code == 1 and "this is not a .docx file" in output and "save it as .docx" in output


def test_binary_text_file(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\x03\xff\xfe\xfd")
    code, output = run(source, tmp_path / "content")
    assert code == 1 and "plan.txt" in output and "nothing was written" in output


def test_document_without_problems(tmp_path):
    main_plan = "\n".join(seed_text().split("\n")[:154])  # the plan without its list of problems
    code, output = run(write_source(tmp_path, main_plan), tmp_path / "content")
    assert code == 1
    assert "plan.txt: no problem list found" in output and "nothing was written" in output
    assert not (tmp_path / "content").exists()


def test_impossible_deadline_is_an_error_on_its_line(tmp_path):
    text = seed_text().replace("整改时限:20194月底\n\n  主体责任单位:各县市区", "整改时限:201913月底\n\n  主体责任单位:各县市区")
    code, output = run(write_source(tmp_path, text), tmp_path / "content")
    assert code == 1 and "plan.txt:368: deadline: '2019年13月底' names a date that does not exist" in output


def test_label_given_twice_is_an_error(tmp_path):
    text = small_plan(extra_lines="").replace("督办市领导：领导1\n", "督办市领导：领导1\n督办领导：领导X\n")
    code, output, _ = import_small(tmp_path, text)
    assert code == 1 and "'督办领导' is given twice in this problem (first on line" in output


def test_bad_plan_slug(tmp_path):
    code, output = run(SEED, tmp_path / "content", slug="../etc")
    assert code == 1 and "'../etc' is not a plan slug" in output


# ---- parsing details ---------------------------------------------------------------------------

@pytest.mark.parametrize("measures", [
    "1. 措施甲。\n2. 措施乙。", "1、措施甲。\n2、措施乙。", "1．措施甲。\n2．措施乙。", "(1)措施甲。\n(2)措施乙。",
    "（1）措施甲。\n（2）措施乙。", "①措施甲。\n②措施乙。", "1.措施甲。\n2措施乙。",
])
def test_measure_numbering_styles(tmp_path, measures):
    code, output, folder = import_small(tmp_path, small_plan(measures=measures))
    assert code == 0, output
    assert read_problems(tmp_path / "content")[0]["measures"] == ["措施甲。", "措施乙。"]


def test_measure_continuation_lines_and_sub_items(tmp_path):
    measures = "1. 措施甲，\n分两步：\n(1)先做；\n(2)后做。\n2. 3个月内完成措施乙。\n2018年底前完成。"
    code, output, _ = import_small(tmp_path, small_plan(measures=measures))
    assert code == 0, output
    assert read_problems(tmp_path / "content")[0]["measures"] == [
        "措施甲，分两步：(1)先做；(2)后做。", "3个月内完成措施乙。2018年底前完成。"]


def test_single_unnumbered_measure(tmp_path):
    text = small_plan().replace("整改措施：\n1. 措施甲。\n2. 措施乙。", "整改措施：加快完成项目，并完成验收。")
    code, output, _ = import_small(tmp_path, text)
    assert code == 0, output
    assert read_problems(tmp_path / "content")[0]["measures"] == ["加快完成项目，并完成验收。"]


def test_unknown_label_is_kept_as_extra(tmp_path):
    code, output, folder = import_small(tmp_path, small_plan(extra_lines="配合单位：市财政局\n"))
    assert code == 0, output
    meta = read_problems(tmp_path / "content")[0]
    assert meta["extra"] == {"配合单位": "市财政局"} and meta["leader"] == "领导1"
    text = (folder / "01.md").read_text(encoding="utf-8")
    assert text.endswith("status: not started\nextra:\n  配合单位: 市财政局\n---\n")
    assert "kept as extra: 配合单位" in output


def test_metadata_of_a_small_plan(tmp_path):
    code, output, folder = import_small(tmp_path, small_plan())
    assert code == 0, output
    plan = read_plan(tmp_path / "content")
    assert plan == {"title": "某市整改方案", "office": "中共某市委、某市人民政府", "issued_on": "2019-03-01",
                    "document_number": "某发〔2019〕7号",
                    "categories": [{"number": "1", "title": "第1类问题", "summary": "主要包括……等2项整改任务。",
                                    "declared_count": "2"},
                                   {"number": "2", "title": "第2类问题", "summary": "主要包括……等1项整改任务。",
                                    "declared_count": "1"}]}


def test_more_than_a_hundred_problems(tmp_path):
    code, output, folder = import_small(tmp_path, small_plan(counts=(60, 41)))
    assert code == 0, output
    assert (folder / "01.md").exists() and (folder / "101.md").exists()
    last = read_problems(tmp_path / "content")[-1]
    assert last["number"] == "101" and last["category"] == "2" and last["problem"] == "问题101的描述。"


def test_values_that_look_like_numbers_dates_or_booleans_stay_text(tmp_path):
    text = small_plan(counts=(1,)).replace("督办市领导：领导1", "督办市领导：No").replace(
        "主体责任单位：单位1", "主体责任单位：2019").replace("整改目标：目标1。", "整改目标：2019-06-30")
    code, output, folder = import_small(tmp_path, text)
    assert code == 0, output
    meta = yaml.safe_load((folder / "01.md").read_text(encoding="utf-8").split("---")[1])
    assert (meta["leader"], meta["responsible"], meta["goal"]) == ("No", "2019", "2019-06-30")


def test_a_page_footer_after_the_last_problem_is_not_taken(tmp_path):
    text = small_plan(counts=(1,)) + "主办：某市生态环境局 地址：某路1号\n"
    code, output, _ = import_small(tmp_path, text)
    assert code == 0 and "extra" not in read_problems(tmp_path / "content")[0]


def test_stray_text_inside_the_list_is_a_warning(tmp_path):
    text = small_plan().replace("督办市领导：领导1\n", "督办市领导：领导1\n- 5 -\n")
    code, output, _ = import_small(tmp_path, text)
    assert code == 0
    assert re.search(r"plan\.txt:\d+: warning: this line follows '督办市领导' but is not part of any field", output)


@pytest.mark.parametrize("text, value", [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("四十", 40),
                                         ("九十九", 99), ("一百", 100), ("一百零一", 101), ("一百一十", 110),
                                         ("一百十", 110), ("二百三十四", 234), ("两", 2), ("二〇一九", 2019)])
def test_chinese_numerals(text, value):
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["", "十十", "一二十", "百百", "四十x", "1"])
def test_not_chinese_numerals(text):
    with pytest.raises(ValueError):
        parse_chinese_numeral(text)


def test_test_numeral_helper():
    assert [numeral(n) for n in (1, 10, 11, 20, 40, 100, 101, 110, 119)] == [
        "一", "十", "十一", "二十", "四十", "一百", "一百零一", "一百一十", "一百一十九"]
    assert all(parse_chinese_numeral(numeral(n)) == n for n in range(1, 200))


def test_reimport_understands_chinese_keys_written_by_editors(tmp_path):
    content = tmp_path / "content"
    run(SEED, content)
    path = content / "plans" / SLUG / "05.md"
    text = path.read_text(encoding="utf-8").replace("number: 5", "编号: 5").replace("goal:", "整改目标:")
    text = text.replace("status: not started", "状态: 已完成")
    path.write_text(text, encoding="utf-8")
    changed = seed_text().replace("整改目标:完成项目验收工作。", "整改目标:完成项目验收和销号工作。")
    code, output = run(write_source(tmp_path, changed), content)
    assert code == 0 and re.search(r"05\.md +updated: goal$", output, re.M)
    assert path.read_text(encoding="utf-8") == text.replace("整改目标: 完成项目验收工作。", "整改目标: 完成项目验收和销号工作。")


PIECES = ["一、类别", "二、", "（一）问题", "(二)", "（四十）", "整改目标：", "整改措施:", "1. 措施", "（1）",
          "①", "3做", "整改时限：201813月底", "整改时限：2019年6月底前", "责任单位：某局", "督办领导：",
          "配合单位：某处", "主要包括……等2项整改任务。", "主办：甲 地址：乙", "附件", "某市整改方案",
          "2019年1月1日", "\u3000", "\u00a0", "", "文字", "：", "一百零一、"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join), max_size=40))
def test_any_document_imports_or_reports_without_crashing(tmp_path, lines):
    folder = tmp_path / str(abs(hash(tuple(lines))))
    folder.mkdir(exist_ok=True)
    code, output = run(write_source(folder, "\n".join(lines)), folder / "content", dry_run=True)
    assert code in (0, 1)
    assert ("nothing was written" in output) == (code == 1)
    assert not (folder / "content").exists()
