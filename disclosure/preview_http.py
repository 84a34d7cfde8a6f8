"""The preview server's web side: the preview folder, livereload's reload socket and script, and
the checks that keep the drafts it holds to the editor's own browser.

livereload provides the reload protocol and the page's script (`livereload.js`), tornado the server,
watchfiles (serve.py) the file events: livereload's own polling watcher never runs, nor is its
`/forcereload` routed.

- Host: only requests addressed to this machine by an IP address, `localhost`, or the name the
  server was started with (`--host`) are answered; any other name gets 403, the socket and
  `/livereload.js` included. A web page the editor visits could otherwise make its own name point
  at 127.0.0.1 (DNS rebinding) and read every draft.
- Origin: the reload socket answers pages of those same hosts only, and tells them to reload with
  the path `*`, never which file was saved. There is no other endpoint with an effect.
- Caching is off, so a reload shows the new build; HTML pages get the script that loads livereload.js.
"""
from __future__ import annotations

import ipaddress
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web

from .i18n import _


SOCKET_PATH = "/livereload"  # where livereload.js connects (fixed in the script)
SCRIPT_PATH = "/livereload.js"
LOCAL_NAMES = ("localhost",)
_HOST = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[^:\[\]]+))(?::(?P<port>\d{1,5}))?")
# livereload's own loader (livereload/server.py), with the host passed as well: livereload.js reads
# host and port from its own URL, which it cannot parse for an IPv6 address or a default port.
_SCRIPT_TAG = (b'<script>(function(){var l=window.location,s=document.createElement("script");'
               b's.src="' + SCRIPT_PATH.encode() + b'?host="+l.hostname+"&port="+(l.port||(l.protocol=="https:"?443:80));'
               b'document.head.appendChild(s);})();</script>')


def allowed_names(host: str) -> frozenset[str]:
    """The host names a server started with --host may be addressed by (IP addresses always may)."""
    names = set(LOCAL_NAMES)
    if not _ip(host):
        names.add(host.lower().rstrip("."))
    return frozenset(names)


def _ip(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_allowed_host(header: str | None, names: frozenset[str]) -> bool:
    """Whether a Host header (or an origin's host[:port]) names this machine in a way no other web
    site can: an IP address (not 0.0.0.0 or ::), or one of names. (The port is not checked: a
    forwarded port may differ, and it is the name a rebinding attack controls.)"""
    match = _HOST.fullmatch(header or "")
    if match is None:
        return False
    if match["ipv6"] is not None:
        address = _ip(match["ipv6"])
        return address is not None and address.version == 6 and not address.is_unspecified
    name = match["name"]
    address = _ip(name) if re.fullmatch(r"[0-9.]+", name) else None
    if address is not None:
        return not address.is_unspecified
    return name.lower() in names


def is_allowed_origin(origin: str | None, names: frozenset[str]) -> bool:
    """Whether a browser page of this origin may use the reload socket: one of the allowed hosts."""
    try:
        parts = urlsplit(origin or "")
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and not parts.username and not parts.password \
        and parts.path in ("", "/") and is_allowed_host(parts.netloc, names)


class _Checked:
    """Refuses requests addressed to any other host (403) before anything is served."""

    names: frozenset[str] = frozenset(LOCAL_NAMES)

    def prepare(self):
        if not is_allowed_host(self.request.headers.get("Host"), self.names):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(_("403: this preview answers only to the address it was started on") + "\n")


class ReloadSocket(_Checked, LiveReloadHandler):
    """livereload's socket, for pages of the allowed hosts only (its own accepts any origin)."""

    # The file events come from watchfiles, so livereload's watcher is never made or started;
    # reload_waiters reads only this for its log line (start_tasks would fail on it).
    watcher = SimpleNamespace(filepath=None)
    live_css = False  # the page reloads whole

    def check_origin(self, origin: str) -> bool:
        return is_allowed_origin(origin, self.names)


def reload_pages() -> None:
    """Tell every connected page to reload, naming no file (on the server's IOLoop thread)."""
    ReloadSocket.reload_waiters(path="*")


class _InjectScript(web.OutputTransform):
    """Adds the script that loads livereload.js to every HTML page (the first chunk holds its head)."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", _SCRIPT_TAG + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(_SCRIPT_TAG))
        return status_code, headers, chunk


def make_application(site_handler: type[web.StaticFileHandler], site_dir: str, host: str) -> web.Application:
    """The preview's web application: the site, livereload's socket and script, all host-checked."""
    names = {"names": allowed_names(host)}
    socket, script = type("Socket", (ReloadSocket,), names), type("Script", (_Checked, LiveReloadJSHandler), names)
    site = type("Site", (_Checked, site_handler), names)
    return web.Application([(SOCKET_PATH, socket), (SCRIPT_PATH, script),
                            (r"/(.*)", site, {"path": site_dir, "default_filename": "index.html"})],
                           transforms=[_InjectScript])
