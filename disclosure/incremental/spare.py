"""The spare: the site a build swapped out, kept in the cache for the next build to patch.

A file that did not change then stays where it is (see engine.py); what the build did not write is
removed before the swap (write.Stage.remove_unwritten).
"""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..staging import MARKER, Stage, new_stage_folder, prepare_output, swap_in


@contextmanager
def staged_with_spare(output: Path, spare: Path | None):
    """Yield a Stage; on success swap it in as `output`, on any error leave `output` untouched.

    spare: where to keep the site swapped out, for the next build to patch (None: it is deleted).
    After the swap, the stage's `kept` tells whether the previous site is there now."""
    output = output.absolute()
    prepare_output(output)
    with _spare_for_this_build(spare, output) as spare:
        if spare is not None and spare.exists():
            # Patched in place. On an error it stays the spare: the next build checks each of its files
            # against what it was made from, and removes what it did not write.
            stage = Stage(spare, reused=True)
            yield stage
            swap_in(spare, output)
            stage.kept = spare.exists()
            return
        stage_dir = new_stage_folder(output)
        try:
            stage = Stage(stage_dir)
            yield stage
            swap_in(stage_dir, output)
        except BaseException:
            shutil.rmtree(stage_dir, ignore_errors=True)
            raise
        if stage_dir.exists():  # now holding the previous site
            if spare is not None:
                try:
                    os.rename(stage_dir, spare)
                    stage.kept = True
                except OSError:
                    pass
            if not stage.kept:
                shutil.rmtree(stage_dir)


@contextmanager
def _spare_for_this_build(spare: Path | None, output: Path):
    """spare, or None when this build may not use it: another build holds it (builds of different
    outputs may be given one cache folder, and their output locks do not exclude each other), or it
    is not a usable folder."""
    if spare is None:
        yield None
        return
    spare.parent.mkdir(parents=True, exist_ok=True)
    with open(spare.parent / f".{spare.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            free = True
        except BlockingIOError:
            free = False
        yield spare if free and _usable_spare(spare, output) else None


def _usable_spare(spare: Path, output: Path) -> bool:
    """Whether spare is absent, or a site of ours, and on the file system of output (for the swap)
    but not inside it."""
    if output in spare.absolute().parents:
        return False
    if spare.exists() and (spare.is_symlink() or not (spare / MARKER).is_file()):
        return False
    try:
        return os.stat(spare.parent).st_dev == os.stat(output.parent).st_dev
    except OSError:
        return False


