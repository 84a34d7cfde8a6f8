"""Markdown -> sanitised HTML: every record and page is cleaned before it reaches a page."""
from __future__ import annotations

import re

import markdown
import nh3

from .bounded import bounded_time
from .textclean import clean_text

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "abbr", "span",
}
_ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"}, "abbr": {"title"},
    "ol": {"start"},
}


def is_safe_link(url: str) -> bool:
    """Relative links inside the site, or http(s)/mailto/tel: never javascript:, data: or '../..'."""
    url = url.strip()
    if ":" in url.split("/", 1)[0]:
        return url.lower().startswith(("http://", "https://", "mailto:", "tel:"))
    return not url.startswith(("/", "\\")) and ".." not in url.split("#")[0].split("/")


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src"):
        return value if is_safe_link(value) else None
    return value


# nl2br: a record pasted from Word has one line per paragraph and numbered lines (1、 （1） 一、 •)
# with single newlines between them; each is a line on the page, as it was written.
EXTENSIONS = ["tables", "sane_lists", "fenced_code", "nl2br"]

# One sanitiser (nh3.clean would build it again for every record).
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"},
                       attribute_filter=_filter_attribute, link_rel="noopener noreferrer")


# One converter, reset before each text: building it costs as much as converting a record.
_CONVERTER = markdown.Markdown(extensions=EXTENSIONS, output_format="html")


# A masked value (138****5678, 4304**********123X, 湘D***45, w***@163.com): its asterisks are
# characters, not emphasis.
_MASK = re.compile(r"(?<=[0-9A-Za-z])\*{3,}(?=[0-9A-Za-z@])")


def render_markdown(text: str) -> str:
    """Markdown (with tables and lists) -> sanitised HTML: no script, handlers or unsafe links."""
    with bounded_time(text):  # (a record that would take minutes is an error naming its file)
        html = _CONVERTER.reset().convert(escape_masks(text))
    return clean_html(html)


def escape_masks(text: str) -> str:
    """Masked values' asterisks escaped, so they show as written."""
    return _MASK.sub(lambda match: "\\*" * len(match.group()), text) if "***" in text else text


def clean_html(html: str) -> str:
    """Converted Markdown as a page shows it: headings demoted under the page's own, and sanitised."""
    # Headings in a record sit under the page's own h1/h2, so demote '#' to h2 at most.
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    # (A character reference such as &#11; comes out of the sanitiser as the character: cleaned too,
    # as XML forbids it and HTML shows nothing of it.)
    return clean_text(_CLEANER.clean(html))
