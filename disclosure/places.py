"""Where a build may write: checked before anything is written, so a refused build leaves nothing.

The output folder is swapped whole (staging.py), so it may not hold anything else: not the working
folder, the content, the config, the templates, the static files or the cache. The cache holds
every draft (cache.py), so it may never be where the site is published or where a build writes:
not inside the output, not inside the content, templates or static folders (static files are
copied into the site), and it is kept owner-only (folder 0700, files 0600).
"""
from __future__ import annotations

import os
from pathlib import Path

from .staging import OutputError, check_ours
from .i18n import _

CACHE_FOLDER_MODE = 0o700


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    """Whether path is folder or inside it (both resolved)."""
    return path == folder or folder in path.parents


def check_output(output: Path, inputs: dict[str, Path]) -> None:
    """Refuse an output folder the build could not swap safely (inputs: what the build reads, by the
    name the message gives it). Raises OutputError."""
    real = _real(output)
    if real == real.parent:
        raise OutputError(_("--output {output} is the root folder; choose a folder of its own, such as output/",
                            output=output))
    if _within(_real(Path.cwd()), real):
        raise OutputError(_("--output {output} is the working folder or holds it; choose a folder of its own, "
                            "such as output/", output=output))
    for name, path in inputs.items():
        path = _real(path)
        if _within(path, real):
            raise OutputError(_("--output {output} holds the {name} ({path}); choose a folder of its own, "
                                "such as output/", output=output, name=name, path=path))
        if path.is_dir() and _within(real, path):
            raise OutputError(_("--output {output} is inside the {name} ({path}); choose a folder outside it",
                                output=output, name=name, path=path))
    check_ours(output.absolute())


def check_cache(cache: Path, output: Path, inputs: dict[str, Path]) -> None:
    """Refuse a cache folder that is a file, or where the site is published or a build writes."""
    if cache.exists() and not cache.is_dir():
        raise OutputError(_("--cache {cache} is a file, not a folder", cache=cache))
    real, out = _real(cache), _real(output)
    if _within(real, out) or _within(out, real):
        raise OutputError(_("--cache {cache} is inside the output folder {output} or holds it: the cache holds "
                            "every draft and must never be published; choose a folder outside it",
                            cache=cache, output=output))
    if real.name.startswith(".output-build-") or real.parent.name.startswith(".output-build-"):
        raise OutputError(_("--cache {cache} is inside a build's staging folder; choose another folder", cache=cache))
    for name, path in inputs.items():
        if _within(real, _real(path)):
            raise OutputError(_("--cache {cache} is inside the {name} ({path}); choose a folder outside it",
                                cache=cache, name=name, path=path))


def prepare_cache(cache: Path) -> None:
    """Make the cache folder owner-only (0700), and the files at its top that hold drafts 0600."""
    cache.mkdir(parents=True, exist_ok=True, mode=CACHE_FOLDER_MODE)
    os.chmod(cache, CACHE_FOLDER_MODE)
    for entry in os.scandir(cache):
        if entry.is_file(follow_symlinks=False):
            os.chmod(entry.path, 0o600)
