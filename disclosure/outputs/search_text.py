"""What the search index holds of a page: its searchable text, and that text as search tokens.

A page's searchable text is what its elements marked data-pagefind-body show, without what is marked
data-pagefind-ignore (templates mark only public text; any page a template marks is indexed; the
attribute names are Pagefind's, so Pagefind's own command can index the site too).

Chinese has no spaces, and a word segmenter's words do not find the strings inside or across them
(页岩砖厂 in 页岩砖厂大气污染), nor keep single characters from matching (区块链). So the text is read
as runs of letters, digits and Han characters (punctuation and spaces end a run), and every pair of
neighbouring characters of a run becomes a token, and every character one more: a query's pairs
(or, for a run of one character, the character), all required, find every page that holds the query
(and a few that hold its pairs apart, which the search page checks against the text before it shows
them, static/search.js, where the same reading is). A token is kept as a number until the index is
written (token_text): a pair of characters a, b is ord(a) | ord(b) << 16, a character its ord (every
character a run holds is in the Basic Multilingual Plane).
"""
from __future__ import annotations

import json
import re
import zlib
from array import array
from dataclasses import dataclass

import lxml.html

# A run of what a query is read in: letters, digits, Han characters (as in static/search.js).
RUN = re.compile(r"[0-9a-z\u00c0-\u024f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPACE = re.compile(r"\s+")
# Elements that end a line of text: their text never runs into the next one's.
_BLOCKS = frozenset("address article aside blockquote br caption dd details div dl dt figcaption figure footer "
                    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
                    "thead tr ul".split())


@dataclass(frozen=True)
class SearchRecord:
    """One page in the index."""

    url: str  # the page's path in the site ('plans/x/1.html')
    title: str
    text: str  # what it shows to search, whitespace collapsed

    def as_entry(self) -> dict:
        """The record as the index takes it: the page's address, its title, its tokens. (The search page
        reads the text from the page itself.)"""
        return {"url": self.url, "title": self.title, "tokens": search_tokens(self.title + " " + self.text)}

    def packed(self) -> bytes:
        """as_entry, small: its address and title in JSON, then its tokens as 32-bit numbers, compressed."""
        entry = self.as_entry()
        head = json.dumps([entry["url"], entry["title"]], ensure_ascii=False).encode("utf-8")  # (never a zero byte)
        return zlib.compress(head + b"\0" + array("I", entry["tokens"]).tobytes(), 1)


def page_record(url: str, html: bytes) -> SearchRecord | None:
    """The page's searchable text, or None when nothing on it is marked for search."""
    if b"data-pagefind-body" not in html:
        return None
    root = lxml.html.document_fromstring(html)
    bodies = root.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return None
    for body in bodies:
        for ignored in body.xpath(".//*[@data-pagefind-ignore] | .//script | .//style"):
            ignored.drop_tree()
        for element in body.iter(*_BLOCKS):  # (lxml finds them)
            element.tail = "\n" + (element.tail or "")
    text = collapse(" ".join(body.text_content() for body in bodies))
    headings = [collapse(h1.text_content()) for body in bodies for h1 in body.iter("h1")]
    title = headings[0] if headings else collapse(root.findtext(".//title") or url)
    return SearchRecord(url, title, text)


def page_entry(url: str, html: bytes) -> bytes:
    """The page as the index takes it (its record as_entry), packed small; b"" when nothing on it
    is marked for search. The render workers make it from the page they wrote, so that indexing
    neither reads nor parses the page again."""
    record = page_record(url, html)
    return b"" if record is None else record.packed()


def unpack_entry(entry: bytes) -> dict | None:
    """page_entry's record as the index takes it, as_entry (None: nothing to search)."""
    if not entry:
        return None
    head, _, tokens = zlib.decompress(entry).partition(b"\0")
    url, title = json.loads(head)
    return {"url": url, "title": title, "tokens": array("I", tokens)}


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def search_tokens(text: str) -> list[int]:
    """Each distinct pair of neighbouring characters of text's runs, then each distinct character of
    them, as numbers (see above)."""
    joined = "\0".join(RUN.findall(text.lower()))
    data = joined.encode("utf-16-le")
    # (The pairs made in C: the text's UTF-16 read as 32-bit numbers, from its first and its second character.)
    pairs = set(memoryview(data[:len(data) // 4 * 4]).cast("I"))
    pairs.update(memoryview(data[2:2 + (len(data) - 2) // 4 * 4]).cast("I"))
    characters = set(map(ord, joined))
    characters.discard(0)
    return [pair for pair in pairs if pair > 0xFFFF and pair & 0xFFFF] + list(characters)  # (no pair across runs)


def token_text(token: int) -> str:
    """A token's characters."""
    return chr(token & 0xFFFF) + chr(token >> 16) if token > 0xFFFF else chr(token)
