"""The preview server's web side: the preview folder, a reload socket, and the checks that keep the
drafts it holds to the editor's own browser.

- Host: only requests addressed to this machine by an IP address, `localhost`, or the name the
  server was started with (`--host`) are answered; any other name gets 403. A web page the editor
  visits could otherwise make its own name point at 127.0.0.1 (DNS rebinding) and read every draft.
- Origin: the reload socket answers pages of those same hosts only, and tells them "reload" and
  nothing else (not which file was saved). There is no other endpoint with an effect.
- Caching is off, so a reload shows the new build; HTML pages get the reload script.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from tornado import web
from tornado.websocket import WebSocketHandler

RELOAD_PATH = "/__preview/reload"
SCRIPT_PATH = "/__preview/reload.js"
LOCAL_NAMES = ("localhost",)
_HOST = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[^:\[\]]+))(?::(?P<port>\d{1,5}))?")
# The page reloads when told to, and when the server comes back after a restart.
RELOAD_SCRIPT = b"""(function () {
  var opened = false;
  function connect() {
    var socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "%s");
    socket.onopen = function () { if (opened) { location.reload(); } opened = true; window.__previewReload = socket; };
    socket.onmessage = function (event) { if (event.data === "reload") { location.reload(); } };
    socket.onclose = function () { window.__previewReload = null; setTimeout(connect, 1000); };
  }
  connect();
})();
""" % RELOAD_PATH.encode()
_SCRIPT_TAG = f'<script src="{SCRIPT_PATH}"></script>'.encode()


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
            self.finish("403: this preview answers only to the address it was started on\n")


class ReloadSocket(_Checked, WebSocketHandler):
    """Tells every open preview page to reload after a rebuild."""

    waiting: set = set()

    def check_origin(self, origin: str) -> bool:
        return is_allowed_origin(origin, self.names)

    def open(self):
        ReloadSocket.waiting.add(self)

    def on_close(self):
        ReloadSocket.waiting.discard(self)

    def on_message(self, message):
        pass  # nothing a page says changes anything

    @classmethod
    def reload_all(cls) -> None:
        for socket in list(cls.waiting):
            try:
                socket.write_message("reload")
            except Exception:  # closed meanwhile
                cls.waiting.discard(socket)


class ReloadScript(_Checked, web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(RELOAD_SCRIPT)


class _InjectScript(web.OutputTransform):
    """Adds the reload script to every HTML page (the first chunk holds its head)."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", _SCRIPT_TAG + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(_SCRIPT_TAG))
        return status_code, headers, chunk


def make_application(site_handler: type[web.StaticFileHandler], site_dir: str, host: str) -> web.Application:
    """The preview's web application: the site, the reload socket and script, all host-checked."""
    names = {"names": allowed_names(host)}
    socket, script = type("Socket", (ReloadSocket,), names), type("Script", (ReloadScript,), names)
    site = type("Site", (_Checked, site_handler), names)
    return web.Application([(RELOAD_PATH, socket), (SCRIPT_PATH, script),
                            (r"/(.*)", site, {"path": site_dir, "default_filename": "index.html"})],
                           transforms=[_InjectScript])
