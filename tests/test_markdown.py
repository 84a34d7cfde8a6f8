"""The quick inline step gives exactly what Python-Markdown itself gives."""
import markdown
from hypothesis import example, given, settings, strategies as st

from disclosure import render

_PIECES = ["中文", "整改", "，", "。", " ", "  \n", "\n", "\n\n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
           "!", "<", ">", "&", ";", "amp", "#", "http://a.cn", "a@b.cn", "<b>", "</b>", "- ", "1. ", "| a | b |\n|---|---|\n",
           "```\n", "    ", "&#31;", "<!-- x -->", "\u00a0"]


def _plain(text: str) -> str:
    converter = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    return converter.convert(text)


def test_the_quick_step_is_in_use():
    assert isinstance(render._MARKDOWN.treeprocessors["inline"], render._QuickInlineProcessor)


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
def test_quick_inline_step_matches_python_markdown(text):
    assert render._MARKDOWN.reset().convert(text) == _plain(text)


def test_record_markup_still_converts():
    html = render.render_markdown("整改**完成**，见[通报](https://example.gov.cn/a.html)。  \n下一行 `代码` &amp; <sup>2</sup>")
    assert "<strong>完成</strong>" in html and 'href="https://example.gov.cn/a.html"' in html
    assert "<br>" in html and "<code>代码</code>" in html and "&amp;" in html and "<sup>2</sup>" in html
