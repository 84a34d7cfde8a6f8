"""An editor reads the same message whichever PyYAML build is installed: with libyaml (whose
releases differ on deep nesting) or without it (the pure-Python parser, which refuses tabs that
libyaml accepts and runs out of recursion on deep nesting)."""
import json
import subprocess
import sys

import pytest

HEAD = "number: 2\ncategory: 1\nstatus: in progress\n"
CASES = {
    "flow nesting past libyaml's limit": (HEAD + "extra: " + "[" * 3000 + "]" * 3000 + "\n", 5),
    "item nesting past the recursion limit": (HEAD + "extra:\n  " + "- " * 100_000 + "x\n", 6),
    "nesting just too deep": (HEAD + "extra:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 9)) + "         x: 1\n", 14),
    "many items, none deep": (HEAD + "progress:\n" + "  - date: 2019-01-02\n    note: ok\n" * 80, None),
    "a tab in a value": (HEAD + "measures:\n  - 排查\t整治\n", 6),
    "a tab in quotes": (HEAD + "measures:\n  - '排查\t整治'\n", None),
    "a control character (cleaned, see textclean.py)": (HEAD + "goal: 拆除\x08\n", None),
}

READ = """
import json, sys
{prepare}
from disclosure.frontmatter import ReadError, parse_yaml
results = {{}}
for name, text in json.load(sys.stdin).items():
    try:
        parse_yaml(text, "f.md", first_line=2)
        results[name] = None
    except ReadError as error:
        results[name] = [error.problem.line, error.problem.message]
print(json.dumps(results))
"""


def read_all(prepare: str) -> dict:
    texts = {name: text for name, (text, _) in CASES.items()}
    result = subprocess.run([sys.executable, "-c", READ.format(prepare=prepare)], input=json.dumps(texts),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def with_libyaml():
    yaml = pytest.importorskip("yaml")
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("this PyYAML has no libyaml")
    return read_all("")


@pytest.fixture(scope="module")
def without_libyaml():
    # PyYAML as built where libyaml is missing: the C loaders are simply not there.
    return read_all("import yaml\nfor name in [n for n in dir(yaml) if n[0] == 'C' and n.endswith(('Loader', 'Dumper'))]:\n"
                    "    delattr(yaml, name)\nyaml.__with_libyaml__ = False")


@pytest.mark.parametrize("name", CASES)
def test_message_does_not_depend_on_libyaml(name, with_libyaml, without_libyaml):
    assert with_libyaml[name] == without_libyaml[name]
    expected_line = CASES[name][1]
    assert (with_libyaml[name] and with_libyaml[name][0]) == expected_line
