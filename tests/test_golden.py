"""Each golden site builds to exactly its expected tree (regenerate: python tests/golden.py)."""
import difflib

import pytest

from conftest import tree
from golden import STATIC, build_case, cases


@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_site_matches_expected(case, tmp_path):
    result = build_case(case, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    built = tree(tmp_path / "out")
    built.pop(".disclosure-site")
    static = {name: built.pop(name) for name in list(built) if name.startswith("static/")}
    assert static == {f"static/{name}": data for name, data in tree(STATIC).items()}
    expected = tree(case / "expected")
    assert sorted(built) == sorted(expected), "file lists differ"
    for name, data in expected.items():
        if built[name] != data:
            diff = difflib.unified_diff(data.decode("utf-8", "replace").splitlines(),
                                        built[name].decode("utf-8", "replace").splitlines(),
                                        f"expected/{name}", f"built/{name}", lineterm="")
            pytest.fail("\n".join(list(diff)[:80]))
