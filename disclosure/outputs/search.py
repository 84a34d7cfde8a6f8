"""pagefind/: the static full-text search index, built by Pagefind (extended: it segments Chinese).

Pagefind reads the rendered HTML in the staged folder, so the index holds exactly what the pages
show. Only elements marked data-pagefind-body are indexed, and templates put that mark only on
public text (published problems' pages, plan pages, static pages): an unfinished problem's record is
never on a page, so it can never be in the index. Runs before the swap, so the index is part of
the same atomic output as the pages it describes.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..errors import ContentError, Diagnostic
from ..i18n import _

BUNDLE = "pagefind"


def indexing_command(site_root: Path, bundle: Path | None = None) -> list[str]:
    """The Pagefind command that writes the search bundle into site_root/pagefind (or into bundle:
    the benchmark leaves the site as it is)."""
    where = ["--output-path", str(bundle)] if bundle else ["--output-subdir", BUNDLE]
    return [sys.executable, "-m", "pagefind", "--site", str(site_root), *where,
            # Keep 'index.html' in result links: the site must also work where no server adds it.
            "--keep-index-url", "--silent"]


def index_site(site_root: Path) -> None:
    """Write the search bundle into site_root/pagefind; raise ContentError if Pagefind fails."""
    command = indexing_command(site_root)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        result = subprocess.CompletedProcess(command, 1, "", str(error))
    if result.returncode != 0 or not (site_root / BUNDLE / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ContentError([Diagnostic("site_config.yaml", None,
                                       _("the search index could not be built ({reason})",
                                         reason=detail[-1] if detail else _("no output")),
                                       field="search",
                                       hint=_("install it with 'pip install pagefind[extended]', "
                                              "or set 'search: false' to build without search"))])
