"""Golden sites: tests/sites/<case>/ holds site_config.yaml, content/, a `today` file and expected/.

Regenerate the expected trees after an intended change:  python tests/golden.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SITES = Path(__file__).resolve().parent / "sites"
BUILD = Path(__file__).resolve().parent.parent / "build.py"
STATIC = Path(__file__).resolve().parent.parent / "static"


def cases() -> list[Path]:
    return sorted(p for p in SITES.iterdir() if (p / "site_config.yaml").is_file())


def build_case(case: Path, output: Path) -> subprocess.CompletedProcess:
    today = (case / "today").read_text().strip()
    return subprocess.run([sys.executable, str(BUILD), "build", "--no-cache", "--today", today, "--output", str(output)],
                          cwd=case, capture_output=True, text=True, timeout=300)


def regenerate() -> None:
    for case in cases():
        expected = case / "expected"
        if expected.exists():
            shutil.rmtree(expected)
        result = build_case(case, expected)
        if result.returncode:
            sys.exit(f"{case.name}: build failed\n{result.stderr}")
        (expected / ".disclosure-site").unlink()
        # static/ is copied as it is; the test compares it with the repository's static/ instead.
        shutil.rmtree(expected / "static")
        print(f"{case.name}: {sum(1 for p in expected.rglob('*') if p.is_file())} files")


if __name__ == "__main__":
    regenerate()
