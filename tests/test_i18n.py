"""The tools speak Chinese by default, whatever the machine's locale; English with --lang en or
DISCLOSURE_LANG=en (--lang wins). Every message is in the catalogue, and the catalogue holds
nothing else."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT, SITES

CATALOGUE = ROOT / "disclosure" / "locale" / "zh" / "LC_MESSAGES" / "disclosure.po"
CJK = re.compile("[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\w*)\}|%\((\w+)\)[sr]|%[sr]")


def used_messages() -> set[str]:
    """Every message id the code passes to _() or marks with N_(), as Babel extracts them."""
    found = extract_from_dir(str(ROOT / "disclosure"), method_map=[("**.py", "python")],
                             keywords={"_": None, "N_": None}, comment_tags=())
    return {message for _file, _line, message, _comments, _context in found}


def catalogue() -> dict[str, str]:
    with CATALOGUE.open("rb") as file:
        return {message.id: message.string for message in read_po(file) if message.id}


def test_every_message_has_its_chinese_and_the_catalogue_nothing_else():
    used, known = used_messages(), catalogue()
    assert len(used) > 300  # (the extraction found the code's messages at all)
    assert sorted(m for m in used if not known.get(m)) == [], "messages without a translation"
    assert sorted(set(known) - used) == [], "catalogue entries no code uses"


def test_each_translation_keeps_the_placeholders_and_is_chinese():
    for english, chinese in catalogue().items():
        # (Chinese names a month by its number: where English has {month_name}, the code gives {month} too.)
        wanted = [("month", *rest) if name == "month_name" else (name, *rest) for name, *rest in PLACEHOLDER.findall(english)]
        assert sorted(wanted) == sorted(PLACEHOLDER.findall(chinese)), english
        # (A translation may keep a command, a key or a format as written, but says the rest in Chinese.)
        if re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", english) and english != "en":
            assert CJK.search(chinese), f"not translated: {english!r} -> {chinese!r}"


def run(args: list[str], cwd: Path, lang: str | None = None, locale: str = "C.UTF-8", timeout: int = 120):
    """build.py in a clean environment: only the machine's locale and, when given, DISCLOSURE_LANG."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISCLOSURE_LANG", "LANGUAGE", "LC_ALL")}
    env.update(LANG=locale, LC_ALL=locale)
    if lang is not None:
        env["DISCLOSURE_LANG"] = lang
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


COMMANDS = ["build", "check", "status", "new", "redact", "import", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_chinese_by_default_and_english_on_request(command, tmp_path):
    for locale in ("C", "en_US.UTF-8"):
        chinese = run([command, "--help"], tmp_path, locale=locale)
        assert chinese.returncode == 0 and chinese.stdout.startswith("用法：build.py " + command), chinese.stdout
        assert "显示本帮助信息并退出" in chinese.stdout and "usage" not in chinese.stdout
    for english in (run([command, "--help", "--lang", "en"], tmp_path),
                    run(["--lang", "en", command, "--help"], tmp_path),
                    run(["--lang=en", command, "--help"], tmp_path),
                    run([command, "--help"], tmp_path, lang="en")):
        assert english.stdout.startswith("usage: build.py " + command), english.stdout
        assert "show this help message and exit" in english.stdout and not CJK.search(english.stdout)
    # --lang beats the environment.
    assert run([command, "--help", "--lang", "zh"], tmp_path, lang="en").stdout.startswith("用法：")


def test_argparse_errors_speak_the_language(tmp_path):
    chinese = run(["check", "--format", "pdf"], tmp_path)
    assert chinese.returncode == 2
    assert "build.py check：错误：参数 --format：无效的选择：'pdf'" in chinese.stderr, chinese.stderr
    english = run(["check", "--format", "pdf", "--lang", "en"], tmp_path)
    assert "build.py check: error: argument --format: invalid choice: 'pdf'" in english.stderr, english.stderr
    refused = run(["--lang", "fr", "check"], tmp_path)
    assert refused.returncode == 2 and refused.stderr == "--lang：“fr”不是 zh 或 en\n"


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(SITES / "basic", tmp_path / "site", ignore=shutil.ignore_patterns("expected", "today"))
    return tmp_path / "site"


def both(args: list[str], cwd: Path):
    """The command's output by default (Chinese), with --lang en, and with DISCLOSURE_LANG=en."""
    chinese = run(args, cwd)
    english = run(args + ["--lang", "en"], cwd)
    # (A build again in the same language may take the quick path, and say so.)
    assert run(args, cwd, lang="en").stdout.replace(" (quick path: only records changed)", "") == english.stdout
    return chinese, english


def test_every_command_speaks_chinese_by_default_and_english_on_request(site, tmp_path):
    chinese, english = both(["build", "--today", "2019-06-01", "--output", str(tmp_path / "out")], site)
    assert chinese.stdout.startswith("已生成 ") and english.stdout.startswith("built "), (chinese, english)
    chinese, english = both(["check", "--today", "2019-06-01"], site)
    assert chinese.stdout.splitlines()[-1].startswith("检查通过：0 个错误")
    assert english.stdout.splitlines()[-1].startswith("check passed: 0 error(s)")
    chinese, english = both(["status", "--today", "2019-06-01"], site)
    assert chinese.stdout.startswith("整改进度 · 截至 2019-06-01") and english.stdout.startswith("Progress as of 2019-06-01")
    chinese, english = both(["redact", "--dry-run"], site)
    assert chinese.stdout.startswith("redact：") and english.stdout.startswith("redact: "), (chinese, english)
    for args, zh, en in ((["new", "--plan", "nothing-here"], "没有方案“nothing-here”", "there is no plan 'nothing-here'"),
                         (["import", "missing.txt", "--plan", "demo-2019"], "文件不存在", "the file does not exist")):
        chinese, english = run(args, site), run(args + ["--lang", "en"], site)
        assert zh in chinese.stdout + chinese.stderr and en in english.stdout + english.stderr, (chinese, english)
        assert run(args, site, lang="en").stderr == english.stderr


def test_serve_speaks_the_language(site):
    with socket.socket() as taken:  # a port already in use: serve ends with one line
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        chinese = run(["serve", "--port", port, "--today", "2019-06-01"], site)
        english = run(["serve", "--port", port, "--today", "2019-06-01", "--lang", "en"], site)
    assert chinese.returncode == english.returncode == 1
    assert CJK.search(chinese.stderr) and "error" not in chinese.stderr.lower(), chinese.stderr
    assert english.stderr and not CJK.search(english.stderr), english.stderr


def test_a_cached_check_speaks_the_language_of_the_run(site, tmp_path):
    """Problems kept in the cache (checked files) are in the language of the build that reads them."""
    problem = site / "content" / "plans" / "demo-2019" / "02.md"
    problem.write_text(problem.read_text(encoding="utf-8").replace("status:", "stauts:", 1), encoding="utf-8")
    args = ["build", "--today", "2019-06-01", "--output", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    chinese = run(args, site)
    assert "“stauts”不是字段；是不是“status”？" in chinese.stderr, chinese.stderr
    for english in (run(args + ["--lang", "en"], site), run(args, site, lang="en")):
        assert "'stauts' is not a field; did you mean 'status'?" in english.stderr, english.stderr
        assert not CJK.search(english.stderr.replace("demo-2019", "")), english.stderr
    assert "“stauts”不是字段" in run(args, site).stderr
