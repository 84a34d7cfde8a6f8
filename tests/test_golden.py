"""Each golden site builds to exactly its expected tree through both entries (regenerate: python tests/golden.py).

The incremental entry builds twice with the same cache: cold, then warm (nothing changed: the quick
path); each build must give the expected tree."""
import difflib

import pytest

from conftest import tree
from entries import ENTRIES, build
from golden import STATIC, cases


def assert_expected(case, output) -> None:
    built = tree(output)
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


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("case", cases(), ids=lambda p: p.name)
def test_site_matches_expected(case, entry, tmp_path):
    today = (case / "today").read_text().strip()
    output = tmp_path / "out"
    cache = tmp_path / "cache" if entry == "incremental" else None
    runs = ("cold", "warm") if entry == "incremental" else ("only",)
    for run in runs:
        result = build(entry, case, output, today, cache)
        assert result.returncode == 0, f"{run} build: {result.stderr}"
        assert_expected(case, output)
    if entry == "incremental":
        assert result.took_quick_path, "a warm build of an unchanged site should take the quick path"
        assert cache.is_dir() and not (case / ".cache").exists(), "the cache went into the case folder"
