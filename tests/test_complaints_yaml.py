"""items.yaml's fast reader gives exactly what libyaml gives, for any text import can write, and
declines (None) rather than guess on anything else."""
from __future__ import annotations

import yaml
from hypothesis import given, settings, strategies as st

from disclosure.complaints.items_yaml import load_items
from disclosure.importer.batch_files import dump_items

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029"), max_size=40)
ITEM = st.fixed_dictionaries({"seq": st.integers(1, 9999).map(str)},
                             optional={key: TEXT for key in ("case_number", "summary", "handling", "region")}
                             | {"public_data": st.lists(TEXT, min_size=1, max_size=3)})


def reference(text: str):
    return yaml.load(text, Loader=yaml.BaseLoader)


@settings(max_examples=400, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=5))
def test_what_import_writes_reads_as_libyaml_reads_it(items):
    text = dump_items(items)
    fast = load_items(text)
    assert fast is None or fast == reference(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=5))
def test_most_of_what_import_writes_is_read_fast(items):
    """Plain Chinese text (no YAML indicators) never needs libyaml."""
    plain = [{key: value for key, value in item.items() if key == "seq"} | {"summary": "群众反映某企业废气扰民。\n已整改。"}
             for item in items]
    assert load_items(dump_items(plain)) == reference(dump_items(plain))


@given(st.text(alphabet="- :|'\"#ab\n[]{}", max_size=60))
def test_any_text_reads_as_libyaml_reads_it_or_is_declined(text):
    fast = load_items(text)
    if fast is not None:
        assert fast == reference(text)


def test_comments_on_lines_of_their_own_are_read_fast():
    """A re-import keeps editors' comments (importer/batch_comments.py): lines of their own need no libyaml;
    one after a value is declined, and libyaml reads it."""
    text = ("# 本批次\n- seq: 1\n  # 待复核\n  summary: |\n    第一行\n    # 正文里的井号\n  # 状态\n  status: done\n"
            "  # 1号件到此\n# 第二件\n- seq: 2\n")
    assert load_items(text) == reference(text) == [{"seq": "1", "summary": "第一行\n# 正文里的井号\n", "status": "done"},
                                                   {"seq": "2"}]
    assert load_items("- seq: 1  # 首件\n") is None
