"""A saved web page -> the lines of its article, without menus, footers and scripts."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from .encoding import decode_bytes
from .model import Line

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                 "form", "iframe", "select", "button", "svg", "head")
# Class or id words that mark a page's furniture on government sites built without <nav>/<footer>.
_FURNITURE = re.compile(r"^(nav|navbar|menu|footer|foot|breadcrumb|crumb|sidebar|banner|copyright|"
                        r"share|toolbar|topbar|friendlink|links)$", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
               "tr", "td", "th", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center",
               "body", "html", "address", "figure", "figcaption", "hr"}


def read_html_lines(data: bytes, shown: str) -> list[Line]:
    """The text of the page's article (or body), one line per block, numbered by source line."""
    soup = BeautifulSoup(decode_html(data, shown), "html.parser")
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(is_furniture):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    collector = _Collector()
    collector.walk(root)
    return collector.finish()


def decode_html(data: bytes, shown: str) -> str:
    """Page bytes to text: the declared charset first (GB2312/GBK read as GB18030), else sniffed."""
    declared = _CHARSET.search(data[:4096])
    if declared and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        charset = declared.group(1).decode("ascii").lower()
        if charset in ("gb2312", "gbk", "gb18030", "x-gbk"):
            charset = "gb18030"
        try:
            return data.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, shown)


def is_furniture(tag: Tag) -> bool:
    """Whether a tag's class or id says it is navigation, a footer or similar."""
    if tag.attrs is None:
        return False
    words = list(tag.get("class") or []) + [tag.get("id") or ""]
    return any(_FURNITURE.match(part) for word in words for part in re.split(r"[-_\s]+", word) if part)


class _Collector:
    """Walks the tree, starting a new line at every block tag and <br>."""

    def __init__(self):
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.start = None  # the source line of the current line's first text
        self.listed = False
        self.where = 1  # the source line of the last tag seen

    def walk(self, node) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.add_text(str(child), in_pre=child.find_parent("pre") is not None)
            elif isinstance(child, Tag):
                self.where = child.sourceline or self.where
                if child.name == "br":
                    self.break_line()
                elif child.name in _BLOCK_TAGS:
                    self.break_line()
                    was_listed, self.listed = self.listed, child.name == "li" or self.listed
                    self.walk(child)
                    self.break_line()
                    self.listed = was_listed
                else:
                    self.walk(child)

    def add_text(self, text: str, in_pre: bool) -> None:
        if in_pre:
            first, *rest = text.split("\n")
            self.add_text(first, in_pre=False)
            for piece in rest:
                self.break_line()
                self.where += 1
                self.add_text(piece, in_pre=False)
            return
        if text.strip() and self.start is None:
            # Text after a line break in the source sits below the tag that precedes it.
            self.start = self.where + text[:len(text) - len(text.lstrip())].count("\n")
        self.parts.append(text.replace("\n", " "))

    def break_line(self) -> None:
        text = "".join(self.parts)
        if text.strip():
            self.lines.append(Line(self.start or self.where, text, self.listed))
        self.parts, self.start = [], None

    def finish(self) -> list[Line]:
        self.break_line()
        return self.lines
