"""`build.py serve`: a live preview for editors, rebuilt on every change, reloaded in the browser.

The preview is built into its own temporary folder (never output/), so it can never be deployed by
mistake, and with the publication rule in preview mode: unfinished problems are shown too, each
page under a 未公开 · 仅供预览 banner. A content error does not stop the server: every page shows
the list of problems until they are fixed. The server serves nothing outside the preview folder.
"""
from __future__ import annotations

import html
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import ioloop
from tornado.web import HTTPError

from .errors import ContentError, Problem
from .write import OutputError

POLL_MS = 100  # how often the watched folders are compared with the last build (~5 ms at 1,000 files)
_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")


@dataclass
class PreviewState:
    """The outcome of the latest rebuild: its problems (empty when it succeeded)."""

    site_dir: Path
    problems: list[Problem] = field(default_factory=list)
    builds: int = 0


def rebuild(state: PreviewState, build: Callable[[Path], object]) -> None:
    """Build the preview; on failure keep the last good site and remember why."""
    try:
        build(state.site_dir)
        state.problems = []
    except ContentError as error:
        state.problems = list(error.problems)
    except OutputError as error:
        state.problems = [Problem("(preview folder)", None, str(error))]
    except Exception as error:  # a preview must survive anything an edit can cause
        state.problems = [Problem("(build)", None, f"{type(error).__name__}: {error}")]
    state.builds += 1


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under the watched paths."""
    found = {}
    for root in paths:
        if root.is_file():
            stat = root.stat()
            found[str(root)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if name.startswith(".") or name.endswith(_IGNORED_SUFFIXES):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # removed while we looked
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


class SiteWatcher(Watcher):
    """Rebuilds once per change of the site's inputs, however many files changed together."""

    def __init__(self, paths: list[Path], on_change: Callable[[], None]):
        super().__init__()
        self.paths, self.on_change = paths, on_change
        self.last = snapshot(paths)
        for path in paths:
            self.watch(str(path))

    def start(self, callback) -> bool:
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True

    def examine(self):
        if self._changes:
            return self._changes.pop()
        current = snapshot(self.paths)
        if current == self.last:
            return None, None
        changed = sorted(set(current.items()) ^ set(self.last.items()))
        self.last = current
        self.on_change()
        self.filepath = changed[0][0] if changed else "*"
        return self.filepath, None


def render_problems(problems: list[Problem]) -> str:
    """The page shown instead of the site while the content has errors."""
    rows = "\n".join(
        f"<tr><td>{html.escape(p.path)}</td><td>{p.line or ''}</td><td>{html.escape(p.field or '')}</td>"
        f"<td>{html.escape(p.message)}{'<br><small>' + html.escape(p.hint) + '</small>' if p.hint else ''}</td></tr>"
        for p in problems)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>预览：内容有 {len(problems)} 处错误</title>
<style>body{{font-family:sans-serif;margin:2rem;color:#222}}h1{{color:#b00020}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}}small{{color:#555}}</style>
</head>
<body>
<h1>内容有 {len(problems)} 处错误，预览暂停更新</h1>
<p>改正下列问题并保存后，本页会自动刷新。</p>
<table class="problems">
<thead><tr><th>文件</th><th>行</th><th>字段</th><th>问题</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""


def make_handler(state: PreviewState) -> type:
    class PreviewHandler(StaticFileHandler):
        """Static files of the preview folder; the problem list instead of pages while there are errors."""

        async def get(self, path: str, include_body: bool = True) -> None:
            if "\x00" in path or "\\" in path:
                raise HTTPError(400)  # no file name holds these; refuse rather than fail in os calls
            if state.problems and (path == "" or path.endswith(("/", ".html"))):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(render_problems(state.problems))
                return
            await super().get(path, include_body)

        def write_error(self, status_code: int, **kwargs) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            page = state.site_dir / "404.html"
            if state.problems:
                self.finish(render_problems(state.problems))
            elif status_code == 404 and page.is_file():
                self.finish(page.read_bytes())
            else:
                self.finish(f"<!DOCTYPE html><html><head><title>{status_code}</title></head>"
                            f"<body><h1>{status_code}</h1></body></html>")

    return PreviewHandler


def serve_preview(build: Callable[[Path], object], watched: list[Path], host: str, port: int) -> None:
    """Build into a fresh temporary folder, serve it with live reload until stopped, then delete it."""
    folder = Path(tempfile.mkdtemp(prefix="disclosure-preview-"))
    state = PreviewState(folder / "site")
    signal.signal(signal.SIGTERM, _stop)
    try:
        rebuild(state, build)
        report(state)
        watcher = SiteWatcher(watched, lambda: (rebuild(state, build), report(state)))
        server = Server(watcher=watcher)
        server.SFH = make_handler(state)
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # our watcher already rebuilds once per change
        print(f"预览：http://{host}:{port}/  （仅供预览，不得发布；文件在 {folder}）", flush=True)
        server.serve(host=host, port=port, root=str(state.site_dir), open_url_delay=None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stop(signum, frame) -> None:
    raise SystemExit(0)  # so the temporary folder is removed when the server is terminated


def report(state: PreviewState) -> None:
    if state.problems:
        print(f"内容有 {len(state.problems)} 处错误（浏览器中显示）：", flush=True)
        for problem in state.problems:
            print(f"  {problem}", flush=True)
    else:
        print(f"预览已更新（第 {state.builds} 次构建）", flush=True)


def run_serve(config_path: Path, content_dir: Path, today: date | None, host: str, port: int,
              templates_dir: Path | None = None, static_dir: Path | None = None) -> None:
    from .clock import site_today
    from .site import build_site

    root = Path(__file__).resolve().parent.parent

    def build(site_dir: Path):
        # The cache sits in the same temporary folder: only what an edit affects is rendered again.
        return build_site(config_path, content_dir, site_dir, today or site_today(config_path), templates_dir=templates_dir,
                          static_dir=static_dir, preview=True, cache_dir=site_dir.parent / "cache", keep_checks=True)

    watched = [content_dir, config_path, root / "templates", static_dir or root / "static"]
    watched += [templates_dir] if templates_dir else []
    serve_preview(build, watched, host, port)
