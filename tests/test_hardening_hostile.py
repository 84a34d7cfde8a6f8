"""Issue 18: hostile input that costs time or memory, and imports that are killed.

A record whose Markdown would take minutes is an error naming its file; a .docx zip bomb, entity
bomb, truncated XML or damaged archive is one clear line; a killed import leaves nothing behind
for good.
"""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, run_build
from disclosure.importer import run_import

PLAN = "content/plans/demo-2019"
SEED = ROOT / "tests/importer/seed.txt"


@pytest.mark.parametrize("hostile", ["<a " * 20_000, "[a](" * 8_000])
def test_a_record_that_would_take_minutes_is_an_error_naming_its_file(basic_site, tmp_path, hostile):
    path = basic_site / PLAN / "01.md"
    path.write_text(path.read_text() + "\n" + hostile)
    result = run_build(basic_site, "--jobs", "1", output=tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        f"{PLAN}/01.md: the record cannot be rendered in "), result.stderr[:500]
    assert len(result.stderr.splitlines()) == 2 and not (tmp_path / "out").exists()


def test_a_long_ordinary_record_is_within_its_bound(basic_site, tmp_path):
    path = basic_site / PLAN / "01.md"
    path.write_text(path.read_text() + "\n\n| a | b |\n|---|---|\n" + "| [x](https://e.org/a) <b>y</b> | **z** |\n" * 3000)
    result = run_build(basic_site, output=tmp_path / "out")
    assert result.returncode == 0, result.stderr


# ---- .docx ---------------------------------------------------------------------------------------

def plan_docx() -> bytes:
    import docx
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewrite(data: bytes, change) -> bytes:
    """The archive with each member's bytes passed through change(name, bytes) (None drops it)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            new = change(info.filename, source.read(info))
            if new is not None:
                target.writestr(info.filename, new)
    return out.getvalue()


def zip_bomb(data: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/media/image1.png", bytes(300 * 1024 * 1024))
    return out.getvalue()


def entity_bomb(data: bytes) -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))

    def change(name, body):
        if name != "word/document.xml":
            return body
        head, _, rest = body.partition(b"?>")
        return head + b"?>" + f"<!DOCTYPE w:document [{entities}]>".encode() + rest.replace(
            "第一".encode(), b"&a9;", 1)
    return rewrite(data, change)


def truncated_xml(data: bytes) -> bytes:
    return rewrite(data, lambda name, body: body[:len(body) // 2] if name == "word/document.xml" else body)


def damaged_member(data: bytes) -> bytes:
    """Bytes flipped inside the packed document.xml; the archive's directory is intact."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    return data[:start] + bytes(b ^ 0x5A for b in data[start:start + 64]) + data[start + 64:]


def missing_document(data: bytes) -> bytes:
    return rewrite(data, lambda name, body: None if name == "word/document.xml" else body)


def cut_archive(data: bytes) -> bytes:
    return data[:len(data) * 2 // 3] + data[-22:]  # a directory that points past what is left


@pytest.mark.parametrize("damage, message", [
    (zip_bomb, "the .docx unpacks to more than 200 MB"),
    (entity_bomb, "the .docx's 'word/document.xml' declares XML entities (a DTD); Word never does"),
    (truncated_xml, "the .docx cannot be read (XMLSyntaxError: "),
    (damaged_member, "the .docx is damaged ("),
    (missing_document, "the .docx cannot be read ("),
    (cut_archive, "the .docx is damaged ("),
])
def test_every_bad_docx_is_one_clear_line(tmp_path, damage, message):
    source = tmp_path / "plan.docx"
    source.write_bytes(damage(plan_docx()))
    content = tmp_path / "content"
    out = io.StringIO()
    assert run_import(source, "hengyang-2019", content, False, out=out) == 1
    lines = out.getvalue().splitlines()
    problems = [line for line in lines if "plan.docx" in line]
    assert len(problems) == 1 and message in problems[0], out.getvalue()
    assert lines[-1] == "Import failed: nothing was written."
    assert not content.exists()


def test_a_real_docx_still_imports(tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(plan_docx())
    out = io.StringIO()
    assert run_import(source, "hengyang-2019", tmp_path / "content", False, out=out) == 0, out.getvalue()


# ---- killed imports ------------------------------------------------------------------------------

def test_the_next_import_removes_what_a_killed_import_left(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    content = tmp_path / "content"
    assert run_import(source, "hengyang-2019", content, False, out=io.StringIO()) == 0
    folder = content / "plans/hengyang-2019"
    # What SIGKILL during write_atomically leaves: a temporary file beside its target.
    left = [folder / ".07.md.k2x_9abc.tmp", folder / ".plan.yaml.abcdefgh.tmp"]
    for path in left:
        path.write_text("half a file")
    kept = folder / ".notes.tmp"  # not ours: kept
    kept.write_text("editor's")
    text = SEED.read_text(encoding="utf-8").replace("整改目标", "整改目标", 1)
    source.write_text(text + "\n", encoding="utf-8")
    assert run_import(source, "hengyang-2019", content, False, out=io.StringIO()) == 0
    assert not any(path.exists() for path in left)
    assert kept.read_text() == "editor's"


def test_a_terminated_import_removes_its_temporary_file(tmp_path):
    """SIGTERM while writing: the file being written is removed, as on Ctrl-C."""
    source = tmp_path / "plan.txt"
    source.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    content = tmp_path / "content"
    script = (f"import os, signal, sys; sys.path.insert(0, {str(ROOT)!r});"
              "import disclosure.importer.write as w;"
              "real = os.fsync;"
              "os.fsync = lambda fd: (os.kill(os.getpid(), signal.SIGTERM), real(fd));"
              "from disclosure.importer import run_import;"
              f"run_import({str(source)!r}, 'hengyang-2019', {str(content)!r}, False)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert not [p for p in content.rglob("*.tmp")], "no temporary file left behind"
