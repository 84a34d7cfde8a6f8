"""`build.py serve`: a live preview for editors, rebuilt on every change, reloaded in the browser.

The preview is built into its own temporary folder (never output/), so it can never be deployed by
mistake, and with the publication rule in preview mode: unfinished problems are shown too, each
page under a 未公开 · 仅供预览 banner. A content error does not stop the server: every page shows
the list of problems until they are fixed. The server serves nothing outside the preview folder,
and answers only requests addressed to this machine (see preview_http.py).

Two threads: this one builds, whenever the operating system reports a change to the site's inputs
(watchfiles: no polling); the other serves (tornado). A request during a rebuild gets the last good
build, which the build swaps for the new one whole (staging.py). After each build the open pages are
told to reload through livereload's protocol and script (preview_http.py).
"""
from __future__ import annotations

import asyncio
import html
import queue
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import watchfiles
from tornado import httpserver, ioloop
from tornado.web import HTTPError, StaticFileHandler

from .errors import ContentError, Diagnostic
from .preview_http import make_application, reload_pages
from .staging import OutputError
from .i18n import _
from .labels import field_name

_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")
_DEBOUNCE_MS = 150  # changes this close together are one rebuild (an editor's save is several events)


@dataclass
class PreviewState:
    """The outcome of the latest rebuild: its problems (empty when it succeeded)."""

    site_dir: Path
    problems: list[Diagnostic] = field(default_factory=list)
    builds: int = 0


def rebuild(state: PreviewState, build: Callable[[Path], object]) -> None:
    """Build the preview; on failure keep the last good site and remember why."""
    try:
        build(state.site_dir)
        state.problems = []
    except ContentError as error:
        state.problems = list(error.problems)
    except OutputError as error:
        state.problems = [Diagnostic(_("(preview folder)"), None, str(error))]
    except Exception as error:  # a preview must survive anything an edit can cause (a hung worker too)
        state.problems = [Diagnostic(_("(build)"), None, f"{type(error).__name__}: {error}")]
    state.builds += 1


def is_input(path: str) -> bool:
    """Whether a changed file is one the site is built from (not an editor's swap or lock file)."""
    name = path.rsplit("/", 1)[-1]
    return not name.startswith(".") and not name.endswith(_IGNORED_SUFFIXES) and "/.git/" not in path


def watch_inputs(folders: list[Path], files: list[Path], changed: queue.Queue, stop: threading.Event) -> None:
    """Put each batch of changes to the folders (recursively) and files into changed, until stop:
    from the operating system's file events, in threads of their own."""
    def watch(paths, recursive, keep):
        for changes in watchfiles.watch(*paths, watch_filter=lambda change, path: keep(path), debounce=_DEBOUNCE_MS,
                                        stop_event=stop, recursive=recursive, raise_interrupt=False):
            changed.put(sorted(path for _, path in changes))

    # A file is watched through its folder (an editor saves by replacing the file), that folder
    # not recursively (it may hold the output and the cache).
    wanted = {str(path.absolute()) for path in files}
    watchers = [(folders, True, is_input), (sorted({path.absolute().parent for path in files}), False,
                                            lambda path: path in wanted)]
    for paths, recursive, keep in watchers:
        if paths:
            threading.Thread(target=watch, args=(paths, recursive, keep), daemon=True).start()


def render_problems(problems: list[Diagnostic]) -> str:
    """The page shown instead of the site while the content has errors."""
    rows = "\n".join(
        f"<tr><td>{html.escape(p.path)}</td><td>{p.line or ''}</td><td>{html.escape(field_name(p.field) if p.field else '')}</td>"
        f"<td>{html.escape(p.message)}{'<br><small>' + html.escape(p.hint) + '</small>' if p.hint else ''}</td></tr>"
        for p in problems)
    words = {"lang": _("en"), "title": _("Preview: {count} problem(s) in the content", count=len(problems)),
             "heading": _("{count} problem(s) in the content: the preview is not updated", count=len(problems)),
             "advice": _("Fix them and save: this page reloads by itself."), "file": _("file"), "line": _("line"),
             "field": _("field"), "problem": _("problem")}
    return f"""<!DOCTYPE html>
<html lang="{words['lang']}">
<head><meta charset="utf-8"><title>{words['title']}</title>
<style>body{{font-family:sans-serif;margin:2rem;color:#222}}h1{{color:#b00020}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}}small{{color:#555}}</style>
</head>
<body>
<h1>{words['heading']}</h1>
<p>{words['advice']}</p>
<table class="problems">
<thead><tr><th>{words['file']}</th><th>{words['line']}</th><th>{words['field']}</th><th>{words['problem']}</th></tr></thead>
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

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")  # a reload must show the new build

        def should_return_304(self) -> bool:
            return False

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


class WebServer:
    """The preview's web server, in a thread of its own with its own event loop."""

    def __init__(self, state: PreviewState, host: str, port: int):
        self.loop: ioloop.IOLoop | None = None
        ready, failed = threading.Event(), []

        def run():
            asyncio.set_event_loop(asyncio.new_event_loop())
            self.loop = ioloop.IOLoop.current()
            try:
                server = httpserver.HTTPServer(make_application(make_handler(state), str(state.site_dir), host))
                server.listen(port, address=host)
            except Exception as error:  # the port is taken, the address is not this machine's...
                failed.append(error)
                ready.set()
                return
            ready.set()
            self.loop.start()
            server.stop()

        self.thread = threading.Thread(target=run, name="preview-web", daemon=True)
        self.thread.start()
        ready.wait()
        if failed:
            raise failed[0]

    def reload_pages(self) -> None:
        self.loop.add_callback(reload_pages)  # livereload's handler is not thread-safe

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.add_callback(self.loop.stop)
            self.thread.join(timeout=5)


def serve_preview(build: Callable[[Path], object], folders: list[Path], files: list[Path], host: str,
                  port: int) -> None:
    """Build into a fresh temporary folder, serve it with live reload until stopped, then delete it."""
    folder = Path(tempfile.mkdtemp(prefix="disclosure-preview-"))
    state = PreviewState(folder / "site")
    signal.signal(signal.SIGTERM, _stop)
    changed, stop, server = queue.Queue(), threading.Event(), None
    try:
        rebuild(state, build)
        report(state)
        watch_inputs(folders, files, changed, stop)
        server = WebServer(state, host, port)
        print(_("Preview: http://{host}:{port}/  (for preview only, never to be published; files in {folder})",
                host=host, port=port, folder=folder), flush=True)
        while True:
            try:
                changed.get(timeout=1.0)
            except queue.Empty:
                continue
            while not changed.empty():  # (several watchers may report one save)
                changed.get_nowait()
            print(_("Rebuilding…"), flush=True)
            rebuild(state, build)
            report(state)
            server.reload_pages()
    finally:
        stop.set()
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _stop(signum, frame) -> None:
    raise SystemExit(0)  # so the temporary folder is removed when the server is terminated


def report(state: PreviewState) -> None:
    if state.problems:
        print(_("{count} problem(s) in the content (shown in the browser):", count=len(state.problems)), flush=True)
        for problem in state.problems:
            print(f"  {problem}", flush=True)
    else:
        print(_("Preview updated (build {number})", number=state.builds), flush=True)


def run_serve(config_path: Path, content_dir: Path, today: date | None, host: str, port: int,
              templates_dir: Path | None = None, static_dir: Path | None = None) -> None:
    from .clock import site_today
    from .incremental import build_site

    root = Path(__file__).resolve().parent.parent
    resident = {}  # the last build's checks, kept in memory for the next (see incremental/documents.py)

    def build(site_dir: Path):
        # The cache sits in the same temporary folder: only what an edit affects is rendered again.
        return build_site(config_path, content_dir, site_dir, today or site_today(config_path), templates_dir=templates_dir,
                          static_dir=static_dir, preview=True, cache_dir=site_dir.parent / "cache", resident=resident)

    folders = [content_dir, root / "templates", static_dir or root / "static"]
    folders += [templates_dir] if templates_dir else []
    serve_preview(build, [folder for folder in folders if folder.is_dir()], [config_path], host, port)
