"""Fuzzing the readers: any input ends in a result or a clean error an editor can read, never a traceback."""
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure.content import read_issue

from disclosure.model import ISSUE_KEYS, KEY_BY_ALIAS
from disclosure.deadlines import Deadline, parse_deadline
from disclosure.errors import Diagnostic
from disclosure.frontmatter import Document, ReadError, decode_text, split_front_matter
from disclosure.importer import run_import

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces editors (and broken editors) put in front matter: keys, YAML syntax, dates, odd characters.
KEYS = sorted(ISSUE_KEYS) + sorted(KEY_BY_ALIAS) + ["stauts", "", "? ", "- ", "<<", "!!python/object:os.system"]
VALUES = ["", "2019-02-30", "2019-03-01", "no", "yes", "~", "null", "007", "1", "-1", "1e9", "done", "办理到位",
          "in progress", "[a, b", "{a: 1}", "[]", "'", '"', "&a x", "*a", "|", ">", "!!binary aGk=", "\t", "# c",
          "2018年9月底前", "立行立改", "- date: 2019-01-01\n    note: x", "\n  - x\n  - y", "\n  a: b",
          "9" * 40, "\u3000", "\ufeff", "\x85", "\u2028", "%YAML 1.2", "---", "..."]
line = st.one_of(
    st.tuples(st.sampled_from(KEYS), st.sampled_from([": ", ":", " : ", ":\n  "]),
              st.one_of(st.sampled_from(VALUES), st.text(max_size=20))).map("".join),
    st.sampled_from(["---", "...", "- x", "  - date: 2019-01-01", "    note: 进展", "attachments:", "  - ../x"]),
    st.text(max_size=30),
)
front_matter_text = st.builds(
    lambda fence, lines, close, body: (fence + "\n" if fence else "") + "\n".join(lines)
    + ("\n" + close + "\n" if close else "") + body,
    st.sampled_from(["---", "--- ", "", "----", "\ufeff---"]), st.lists(line, max_size=12),
    st.sampled_from(["---", "...", ""]), st.text(max_size=40))


@FUZZ
@given(front_matter_text)
def test_front_matter_reader_reads_or_says_why(text):
    try:
        document = split_front_matter(text, "x.md")
    except ReadError as error:
        assert isinstance(error.problem, Diagnostic) and str(error.problem).startswith("x.md")
        return
    assert isinstance(document, Document) and isinstance(document.meta, dict)


@FUZZ
@given(st.one_of(st.binary(max_size=200), front_matter_text.map(lambda t: t.encode("utf-8")),
                 front_matter_text.map(lambda t: t.encode("utf-16")),
                 front_matter_text.map(lambda t: t.encode("gb18030"))))
def test_any_bytes_decode_or_say_why(data):
    try:
        text = decode_text(data, "x.md")
    except ReadError as error:
        assert str(error).startswith("x.md")
        return
    assert "\r" not in text


@FUZZ
@given(st.one_of(front_matter_text.map(lambda t: t.encode("utf-8")), st.binary(max_size=100)))
def test_problem_file_becomes_an_issue_or_named_problems(data):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        path = content / "plans/p-1/01.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        problems = []
        issue = read_issue(path, "p-1", content, problems)
        assert (issue is None) == bool(problems)
        for problem in problems:
            assert problem.path.endswith("01.md") and problem.message


DEADLINE_PIECES = ["年", "月", "日", "底", "前", "上半年", "下半年", "第", "季度", "一", "二", "三", "四", "五",
                   "立行立改", "持续推进", "长期坚持", "、", "，", " ", "\u3000", "０", "９", "2018", "2019",
                   "0000", "9999", "13", "00", "31", "30", "29", "2", "1", "12"]


@FUZZ
@given(st.one_of(st.lists(st.sampled_from(DEADLINE_PIECES), max_size=12).map("".join), st.text(max_size=40)))
def test_deadline_parser_reads_or_refuses(text):
    try:
        deadline = parse_deadline(text)
    except ValueError:
        return  # the documented refusal: the text names a date that does not exist
    assert isinstance(deadline, Deadline) and deadline.text == text
    assert (deadline.date is not None) == (deadline.kind == "date")


PLAN_LINES = ["衡阳市贯彻落实中央第六环境保护督察组督察反馈意见整改方案", "一、水污染问题", "二、大气污染问题",
              "（一）", "1.", "1、", "2．", "序号", "整改目标：", "整改措施：", "整改时限：2018年9月底前",
              "责任单位：衡阳市人民政府", "督办市领导：张三", "问题：", "<table>", "<tr><td>1</td><td>问题</td>",
              "</table>", "<p>", "<br>", "&nbsp;", "\t", "附件", "衡发〔2019〕1号", "2019年1月24日",
              "| 1 | 问题 | 目标 |"]
DOCUMENT = st.lists(st.one_of(st.sampled_from(PLAN_LINES), st.text(max_size=30)), max_size=30).map("\n".join)


SEED = (Path(__file__).parent / "importer" / "seed.txt").read_text(encoding="utf-8").splitlines()


@st.composite
def damaged_seed(draw) -> str:
    """The real plan document with lines dropped, repeated, cut or replaced: the importer's hardest input."""
    lines = list(SEED)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "cut", "replace", "swap"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, max(0, len(lines[at]) - 1)))]
        elif action == "replace":
            lines[at] = draw(st.one_of(st.sampled_from(PLAN_LINES), st.text(max_size=20)))
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(DOCUMENT, damaged_seed()), st.sampled_from([".txt", ".html", ".htm", ".docx"]),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.booleans())
def test_importer_imports_or_reports(text, suffix, encoding, dry_run):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"plan{suffix}"
        source.write_bytes(text.encode(encoding))
        out = io.StringIO()
        status = run_import(source, "fuzz-2019", Path(folder) / "content", dry_run, out)
        assert status in (0, 1)
        assert out.getvalue().strip(), "the importer said nothing"
