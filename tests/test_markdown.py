"""The quick converter (steps that skip text they cannot act on) gives exactly what Python-Markdown gives."""
import markdown
from hypothesis import example, given, settings, strategies as st

from disclosure import markup
from disclosure.incremental import quick_markdown as render

_PIECES = ["中文", "整改", "，", "。", " ", "  \n", "\n", "\n\n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
           "!", "<", ">", "&", ";", "amp", "#", "http://a.cn", "a@b.cn", "<b>", "</b>", "- ", "1. ", "| a | b |\n|---|---|\n",
           "```\n", "    ", "&#31;", "<!-- x -->", "\u00a0", "=", "===\n", "---\n", "***\n", "___", "> ", "~~~\n",
           "[a]: http://a.cn\n", "|", "## ", "\t"]


def _plain(text: str) -> str:
    converter = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code", "nl2br"], output_format="html")
    return converter.convert(text)


def test_the_quick_steps_are_in_use():
    converter = render._MARKDOWN
    assert isinstance(converter.treeprocessors["inline"], render._QuickInlineProcessor)
    for name in render._BLOCK_TRIGGERS:  # each skips a block without its triggers
        processor = converter.parser.blockprocessors[name]
        assert "test" in vars(processor) or "run" in vars(processor)
    assert all("run" in vars(converter.preprocessors[name]) for name in render._TEXT_TRIGGERS)
    assert "_split" in vars(converter.parser.blockprocessors["table"])
    assert "unescape" in vars(converter.treeprocessors["unescape"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
@example("中文&amp;中文")  # one pattern's trigger each, alone in its text
@example("中文  \n中文")
@example("中文`代码`")
@example("中文\\*")
@example("[中文](a.html)")
@example("![图](a.png)")
@example("<http://a.cn>")
@example("<a@b.cn>")
@example("<b>中文</b>")
@example("*中文*")
@example("__中文__")
@example("| a | b |\n|---|---|\n| 1 | 2 |")  # each block step's trigger
@example("| `a|b` | c |\n|---|---|\n| 1 | `2|3` |")  # a pipe in code, or escaped, is no cell border
@example("| a \\| b | c |\n|---|---|\n| 1 | 2 |")
@example("## 中文")
@example("中文\n===")
@example("中文\n\n---\n\n中文")
@example("> 中文")
@example("[a]: http://a.cn\n\n[中文][a]")
@example("```\n<b>&amp;\n```")
@example("~~~\n代码\n~~~")
@example("中文 &copy; 中文")
def test_quick_converter_matches_python_markdown(text):
    assert render._MARKDOWN.reset().convert(text) == _plain(text)


def test_record_markup_still_converts():
    html = markup.render_markdown("整改**完成**，见[通报](https://example.gov.cn/a.html)。  \n下一行 `代码` &amp; <sup>2</sup>")
    assert "<strong>完成</strong>" in html and 'href="https://example.gov.cn/a.html"' in html
    assert "<br>" in html and "<code>代码</code>" in html and "&amp;" in html and "<sup>2</sup>" in html


def test_word_paragraphs_and_numbered_lines_are_lines():
    html = render.render_markdown("整改完成情况：\n1、完成排查\n2. 完成整改\n（1）验收\n一、总体\n• 销号")
    assert html.count("<br>") == 5
    for line in ("1、完成排查", "2. 完成整改", "（1）验收", "一、总体", "• 销号"):
        assert f"<br>\n{line}" in html


def test_masked_values_keep_their_asterisks():
    html = render.render_markdown("电话138****5678，身份证4304**********123X，湘D***45，w***@163.com，整改**完成**")
    assert "138****5678" in html and "4304**********123X" in html and "湘D***45" in html
    assert "w***@163.com" in html and "<strong>完成</strong>" in html
