"""Complaint batches in a build: the publication rule, the personal-data gate, items.yaml's errors
word for word, the data files' keys, pagination, and a re-import rebuilt incrementally."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import SITES, tree
from disclosure.complaints.model import Item
from disclosure.complaints.rule import ComplaintRule
from disclosure.i18n import set_language
from entries import ENTRIES, build

CASE = SITES / "complaints"
TODAY = "2021-06-10"


@pytest.fixture(autouse=True)
def chinese(monkeypatch):
    """These tests read the messages as editors do: in Chinese, the default (conftest sets English)."""
    monkeypatch.setenv("DISCLOSURE_LANG", "zh")


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def item(status: str, published_on: date | None, **values) -> Item:
    fields = dict(batch="b", seq=1, case_number="D1", group="", received_on=date(2021, 5, 1), region="甲区",
                  pollution_type="水", summary="摘要", investigation="调查", verified="属实", handling="处理",
                  accountability="问责", status=status, published_on=published_on)
    return Item(**{**fields, **values})


@pytest.mark.parametrize("status, published_on, interim, expected", [
    ("done", date(2021, 6, 1), False, True),
    ("done", date(2021, 6, 10), False, True),  # its publication day
    ("done", date(2021, 6, 11), False, False),  # the day after the build date
    ("done", None, False, False),
    ("interim", date(2021, 6, 1), False, False),
    ("interim", date(2021, 6, 1), True, True),
    ("open", date(2021, 6, 1), True, False),
])
def test_rule_publishes_results_once_handled_and_dated(status, published_on, interim, expected):
    rule = ComplaintRule(date(2021, 6, 10), publish_interim=interim)
    assert rule.is_published(item(status, published_on)) is expected
    public = rule.public(item(status, published_on))
    if expected:
        assert (public.investigation, public.handling, public.accountability) == ("调查", "处理", "问责")
    else:
        assert (public.investigation, public.handling, public.accountability, public.published_on) == ("", "", "", None)
        assert (public.status, public.verified) == ("open", "")  # as the default listed fields leave it
        assert (public.case_number, public.region, public.summary) == ("D1", "甲区", "摘要")


def test_rule_lists_only_the_configured_fields():
    rule = ComplaintRule(date(2021, 6, 10), listed_fields=("region", "status", "verified"))
    public = rule.public(item("interim", date(2021, 6, 1)))
    assert (public.case_number, public.received_on, public.summary, public.pollution_type) == ("", None, "", "")
    assert (public.region, public.status, public.verified) == ("甲区", "interim", "属实")
    assert public.handling == ""


def copy_case(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(CASE, site, ignore=shutil.ignore_patterns("expected"))
    return site


def items_path(site: Path) -> Path:
    return site / "content/complaints/demo-27/items.yaml"


def edit(site: Path, old: str, new: str) -> None:
    path = items_path(site)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("entry", ENTRIES)
def test_personal_data_in_a_listed_column_fails_the_build(tmp_path, entry):
    site = copy_case(tmp_path)
    edit(site, "summary: 工地夜间施工噪声扰民。", "summary: 工地夜间施工噪声扰民，举报人电话13812345678。")
    cache = tmp_path / "cache" if entry == "incremental" else None
    built = build(entry, site, tmp_path / "out", TODAY, cache)
    assert built.returncode == 1
    assert ("content/complaints/demo-27/items.yaml:35: 交办问题基本情况(summary): 个人信息（手机号码“138****5678”）"
            "不得公开") in built.stderr
    assert not (tmp_path / "out").exists()


def test_personal_data_in_an_unpublished_result_waits_for_publication(tmp_path):
    site = copy_case(tmp_path)
    edit(site, "investigation: 秘密：尚未公开的调查结论。", "investigation: 联系人王五13812345678。")
    assert build("plain", site, tmp_path / "out", TODAY).returncode == 0  # (item 2 is published on 2021-07-01)
    built = build("plain", site, tmp_path / "out", "2021-07-01")
    assert built.returncode == 1
    assert ("content/complaints/demo-27/items.yaml:23: 调查核实情况(investigation): 个人信息（手机号码“138****5678”）"
            "不得公开") in built.stderr


@pytest.mark.parametrize("old, new, message", [
    ("  status: open\n", "  status: open\n  stauts: open\n",
     "content/complaints/demo-27/items.yaml:49: 'stauts' 不是事项的字段；是不是“status”？"),
    ("case_number: D2TS202105200003", "case_number: D2TS202105200001",
     "content/complaints/demo-27/items.yaml:30: 受理编号(case_number): 'D2TS202105200001' 重复出现（第一次在第 4 行）"),
    ("  case_number: D2TS202105200004\n", "",
     "content/complaints/demo-27/items.yaml:41: 受理编号(case_number): 必须填写（本批次的事项按它区分）；"
     "填写该事项的受理编号；原表没有受理编号的，在 batch.yaml 中写 key: seq"),
    ("received_on: 2021-05-21\n  region: 测试县", "received_on: 5月21日\n  region: 测试县",
     "content/complaints/demo-27/items.yaml:43: 交办时间(received_on): '5月21日' 不是日期（请写成 YYYY-MM-DD）"),
    ("verified: 部分属实", "verified: 大部分属实",
     "content/complaints/demo-27/items.yaml:37: 是否属实(verified): '大部分属实' 不是以下之一：属实、基本属实、部分属实、不属实"),
])
def test_mistakes_in_items_yaml_name_file_line_and_field(  # (the build's messages: Chinese, the default)
        tmp_path, old, new, message):
    site = copy_case(tmp_path)
    edit(site, old, new)
    built = build("plain", site, tmp_path / "out", TODAY)
    assert built.returncode == 1
    assert message in built.stderr.splitlines()


def test_data_rows_have_exactly_the_issue_keys(tmp_path):
    built = build("plain", CASE, tmp_path / "out", TODAY)
    assert built.returncode == 0, built.stderr
    rows = json.loads((tmp_path / "out/data/complaints.json").read_text(encoding="utf-8"))
    listed = {"batch", "seq", "case_number", "received_on", "region", "pollution_type", "summary", "verified",
              "status", "published"}
    results = {"investigation", "handling", "accountability", "published_on", "url"}
    assert {(row["batch"], row["seq"]): set(row) == listed | results for row in rows} == {
        ("demo-2017-1", 1): True, ("demo-2017-1", 2): False, ("demo-27", 1): True, ("demo-27", 2): False,
        ("demo-27", 3): False, ("demo-27", 4): False, ("demo-27", 5): True}
    assert all(set(row) == listed for row in rows if not row["published"])
    assert all(isinstance(row["seq"], int) and (row["case_number"] is None or isinstance(row["case_number"], str))
               for row in rows)
    assert [row["status"] for row in rows] == ["done", "open", "done", "open", "open", "open", "done"]


def test_a_large_batch_is_paginated(tmp_path):
    site = copy_case(tmp_path)
    blocks = "".join(f"- seq: {n}\n  case_number: X{n:04d}\n  summary: 第{n}件\n  status: open\n" for n in range(1, 251))
    items_path(site).write_text(blocks, encoding="utf-8")
    assert build("plain", site, tmp_path / "out", TODAY).returncode == 0
    pages = sorted(p.name for p in (tmp_path / "out/complaints/demo-27").glob("*.html"))
    assert pages == ["index.html", "page-2.html", "page-3.html"]
    last = (tmp_path / "out/complaints/demo-27/page-3.html").read_text(encoding="utf-8")
    assert "第201件" in last and "第250件" in last and "第200件" not in last
    assert '<span aria-current="page">3</span>' in last and 'href="page-2.html" rel="prev"' in last


def test_a_reimported_batch_rebuilds_as_a_clean_build_and_only_what_changed(tmp_path):
    site, output, cache = copy_case(tmp_path), tmp_path / "out", tmp_path / "cache"
    assert build("incremental", site, output, TODAY, cache).returncode == 0
    before = {path: (output / path).stat().st_ino for path in tree(output)}
    edit(site, "handling: 已向举报人反馈，可拨打", "handling: 已再次向举报人反馈，可拨打")
    assert build("incremental", site, output, TODAY, cache).returncode == 0
    assert build("plain", site, tmp_path / "clean", TODAY).returncode == 0
    assert tree(output) == tree(tmp_path / "clean")
    redone = {path for path in tree(output) if before.get(path) != (output / path).stat().st_ino}
    # The changed item's page and the data files; the lists it is on show no results: kept.
    assert {"complaints/demo-27/items/D2TS202105200005.html", "data/complaints.json"} <= redone
    assert {"complaints/demo-27/items/D2TS202105200001.html", "complaints/demo-27/index.html",
            "complaints/regions/e25a692efd.html", "plans/demo-2019/index.html"}.isdisjoint(redone)
