"""Every XML output (feed.xml, sitemap.xml) is well-formed, whatever text the content holds.

Word pastes control characters (its manual line break is U+000B, which XML forbids); Hypothesis
writes any Unicode text (controls, zero-width and non-characters included) into the fields the
feed and sitemap carry, and into the site's title, and parses what the build wrote.
"""
import json
import shutil
import tempfile
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from conftest import SITES
from disclosure.errors import ContentError
from disclosure.pipeline import build_site

# Any character a UTF-8 file can hold (no surrogates; NUL would make it a binary file).
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


def write_problem(folder: Path, title: str, problem: str, record: str) -> None:
    # Double-quoted YAML with \U escapes carries any character into the front matter.
    quoted = lambda text: '"' + "".join(f"\\U{ord(char):08x}" for char in text) + '"'
    (folder / "01.md").write_text("\n".join([
        "---", "number: 1", "category: 1", f"title: {quoted('标题' + title)}", f"problem: {quoted('问题' + problem)}",
        "status: done", "completed_on: 2019-02-20", "---", record]) + "\n", encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, problem=TEXT, record=TEXT, site_title=TEXT)
@example(title="\x0b", problem="a\u200bb\u00ad", record="整改完成情况：\x0b1、排查\x0c2、\ufffe整改\x1f", site_title="\x0b")
@example(title="\ud800", problem="𐀀", record="𐀀", site_title="\U0010ffff")
@example(title="&#1;", problem="]]>", record="&#1; &#xb; <b>\x08</b>", site_title="<&>")
def test_feed_and_sitemap_are_well_formed(title, problem, record, site_title):
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected"))
        write_problem(site / "content/plans/demo-2019", title, problem, record)
        config = site / "site_config.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "title: 测试整改公开", f"title: {json.dumps('测试' + site_title)}"), encoding="utf-8")
        try:
            build_site(config, site / "content", site / "output", date(2019, 6, 1))
        except ContentError as error:
            # Random digits may spell a phone number: the guard's refusal is right, not an XML failure.
            assume(not all(p.message.startswith("personal data") for p in error.problems))
            raise
        for name in ("feed.xml", "sitemap.xml"):
            ElementTree.fromstring((site / "output" / name).read_bytes())  # raises when not well-formed
        feed = (site / "output/feed.xml").read_text(encoding="utf-8")
        assert "\x0b" not in feed and "\u200b" not in feed
