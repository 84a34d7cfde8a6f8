"""The build's two entries, as the command line reaches them: the ONE place tests choose between them.

- plain: the pipeline alone, everything read and rendered afresh (`build.py --no-cache`);
- incremental: what editors run by default (`--cache DIR`): the store, the quick path for
  record-only edits, the reused previous site and the workers.

Both must give the same bytes. Tests call build() with an entry name from ENTRIES; when the command
line changes, only this file changes.
"""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from disclosure import cli

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = ("plain", "incremental")
# What the command line adds to its summary when the quick path made the site (see cli.run_build).
QUICK_PATH_NOTE = "(quick path: only records changed)"


@dataclass(frozen=True)
class Built:
    returncode: int
    stdout: str
    stderr: str

    @property
    def took_quick_path(self) -> bool:
        return self.returncode == 0 and QUICK_PATH_NOTE in self.stdout


def entry_options(entry: str, cache: Path | None) -> list[str]:
    """The command-line options that choose the entry."""
    if entry == "plain":
        assert cache is None, "the plain entry has no cache"
        return ["--no-cache"]
    if entry == "incremental":
        return [] if cache is None else ["--cache", str(cache)]  # (default: .cache/ beside the content)
    raise ValueError(f"unknown entry {entry!r}; use one of {ENTRIES}")


def build(entry: str, site: Path, output: Path, today: str, cache: Path | None = None, args=(),
          in_process: bool = False) -> Built:
    """Build the site folder `site` (site_config.yaml, content/) into output through one entry.

    By default in a child process run in the site folder, as an editor runs it (messages name paths
    relative to it). in_process: through disclosure.cli.main in this process with absolute paths,
    several times faster, for tests that build hundreds of times and read no messages."""
    options = ["build", "--today", today, "--output", str(output), *entry_options(entry, cache), *args]
    if not in_process:
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), *options], cwd=site,
                              capture_output=True, text=True, timeout=300)
        return Built(done.returncode, done.stdout, done.stderr)
    options += ["--config", str(site / "site_config.yaml"), "--content", str(site / "content")]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(options)
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return Built(code, out.getvalue(), err.getvalue())
