"""Write the site into a sibling folder, then swap it in whole: readers never see half a site.

The swap uses renameat2(RENAME_EXCHANGE) where Linux offers it, so `output/` is at every instant
either the complete old site or the complete new one, even if the build is killed. Leftovers of a
killed build are removed by the next one. A folder we did not create is never deleted.

A rebuild may instead patch the site an earlier build swapped out (incremental/spare.py). Such a
stage may share files (hard links) with the live site, so a file in a stage is never written into:
it is replaced by a new one (Stage.create). What a build did not write is removed from the stage
before the swap (Stage.remove_unwritten), so nothing of an earlier site can stay behind.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from .i18n import _


MARKER = ".disclosure-site"  # marks an output folder as ours, so we may replace it
_STAGE_PREFIX = ".output-build-"
_OLD_PREFIX = ".output-old-"


class OutputError(Exception):
    """The output folder cannot be written safely."""


class Stage:
    """A folder being filled with the new site; paths are checked to stay inside it."""

    def __init__(self, root: Path, reused: bool = False):
        self.root = root
        self._root = str(root)
        self.reused = reused  # the folder holds an earlier site, to be patched into this one
        self.kept = False  # after the swap: whether the previous site was kept as the spare
        self.written: set[str] = set()
        self._folders: set[str] = set()  # made already

    def file_for(self, relative: str) -> str:
        """The file for a site path, as text (thousands of pages: pathlib's parsing would show)."""
        parts = [part for part in relative.split("/") if part not in ("", ".")]
        if relative.startswith("/") or "\\" in relative or ".." in parts or not parts:
            raise OutputError(_("refusing to write '{path}' outside the output folder", path=relative))
        return f"{self._root}/{'/'.join(parts)}"

    def claim(self, relative: str) -> str:
        """Reserve a path for one output (two outputs may not share one), make its folder, and
        return its file."""
        if relative in self.written:
            raise OutputError(_("two outputs want the same path '{path}'", path=relative))
        self.written.add(relative)
        file = self.file_for(relative)
        folder = file.rpartition("/")[0]
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return file

    def create(self, relative: str, buffering: int = -1):
        """A claimed path's file, opened for writing as a new file."""
        return open(self._cleared(relative), "xb", buffering=buffering)

    def link(self, relative: str, source: str) -> None:
        """Make a claimed path the file at source (a hard link)."""
        os.link(source, self._cleared(relative))

    def _cleared(self, relative: str) -> str:
        """A claimed path's file, with whatever the stage held there removed: it is replaced, never
        written into (it may be the live site's file too, through a hard link)."""
        file = self.file_for(relative)
        if self.reused:
            _unlink(file)
        return file

    def write(self, relative: str, data: bytes | str) -> None:
        self.claim(relative)
        with self.create(relative) as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(self, relative: str, source: Path) -> None:
        self.write(relative, source.read_bytes())

    def remove_unwritten(self, spared: str | None = None) -> None:
        """Delete every file of the stage this build did not claim (what is left of an earlier site).

        spared: a top folder left as it is, for the step that writes it to keep what it can of it."""
        if not self.reused:
            return
        walked = []
        for folder, folders, files in os.walk(self._root):
            if folder == self._root and spared and not os.path.islink(os.path.join(folder, spared)):
                folders[:] = [name for name in folders if name != spared]
            walked.append((folder, folders, files))
        for folder, folders, files in reversed(walked):  # (a folder after what it holds)
            prefix = folder[len(self._root) + 1:]
            for name in files + [name for name in folders if os.path.islink(os.path.join(folder, name))]:
                relative = f"{prefix}/{name}" if prefix else name
                if relative not in self.written and relative != MARKER:
                    os.unlink(os.path.join(folder, name))
            if prefix and not os.listdir(folder):
                os.rmdir(folder)


def _unlink(file: str) -> None:
    """Remove what an earlier site had at file (a folder too: a path may change from one to the other)."""
    try:
        os.unlink(file)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(file)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EPERM):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def check_ours(output: Path) -> None:
    """Refuse to replace output unless it is absent, empty, or a site this tool wrote."""
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise OutputError(_("{output} is not a folder; refusing to replace it", output=output))
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise OutputError(_("{output} holds files this tool did not write; refusing to replace it "
                            "(empty it or choose another --output)", output=output))


def _remove_leftovers(parent: Path, name: str) -> None:
    """Delete folders a killed build left beside the output (only ones with our prefixes)."""
    for prefix in (_STAGE_PREFIX, _OLD_PREFIX):
        for leftover in parent.glob(f"{prefix}{name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def build_lock(output: Path):
    """Hold an exclusive lock for the output folder; a second build waits for the first."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.parent / f".{output.name}.lock"
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def staged_output(output: Path):
    """Yield a Stage; on success swap it in as `output`, on any error leave `output` untouched."""
    output = output.absolute()
    prepare_output(output)
    stage_dir = new_stage_folder(output)
    try:
        yield Stage(stage_dir)
        swap_in(stage_dir, output)
    except BaseException:
        shutil.rmtree(stage_dir, ignore_errors=True)
        raise
    if stage_dir.exists():  # now holding the previous site
        shutil.rmtree(stage_dir)


def prepare_output(output: Path) -> None:
    """Refuse an output folder that is not ours; remove what a killed build left beside it."""
    check_ours(output)
    _remove_leftovers(output.parent, output.name)


def new_stage_folder(output: Path) -> Path:
    """An empty folder beside output, to fill with the new site."""
    return Path(tempfile.mkdtemp(prefix=f"{_STAGE_PREFIX}{output.name}-", dir=output.parent))


def swap_in(stage_dir: Path, output: Path) -> None:
    """Mark the stage as ours and swap it in; stage_dir then holds the previous site, if there was one."""
    if not (stage_dir / MARKER).exists():
        (stage_dir / MARKER).write_text("")
    os.chmod(stage_dir, 0o755)
    if not output.exists():
        os.rename(stage_dir, output)
    elif not _exchange(stage_dir, output):
        old = Path(tempfile.mkdtemp(prefix=f"{_OLD_PREFIX}{output.name}-", dir=output.parent))
        os.rename(output, old / "site")
        os.rename(stage_dir, output)
        os.rename(old / "site", stage_dir)
        os.rmdir(old)
