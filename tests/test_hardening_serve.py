"""Issue 18: the preview server holds every draft, so it answers the editor's browser only.

Requests addressed to any other host name (DNS rebinding) get 403; the reload socket (livereload's
protocol) refuses other origins and names no file; a request during a slow rebuild gets the last good build; changes come
from the operating system's file events, not polling.
"""
from __future__ import annotations

import base64
import ipaddress
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from web import free_port

PLAN = "content/plans/demo-2019"
DRAFT = b"SECRET-RECORD-02"
PROTOCOL_7 = "http://livereload.com/protocols/official-7"


def request(port: int, target: str, host: str | None, extra: str = "") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        header = f"Host: {host}\r\n" if host is not None else ""
        sock.sendall(f"GET {target} HTTP/1.1\r\n{header}{extra}Connection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


class Preview:
    """`build.py serve` running on a site, its output lines collected as they come."""

    def __init__(self, site: Path):
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(self.port),
                                         "--today", "2019-06-01", "--lang", "zh"], cwd=site, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.wait_for_line("预览：")

    def wait_for_line(self, text: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"the server never said {text!r}; it said {self.seen}")

    def said(self) -> list[str]:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def preview(basic_site):
    server = Preview(basic_site)
    try:
        yield basic_site, server
    finally:
        server.stop()


ALLOWED = ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}", "127.0.0.1", "192.168.1.20:{port}",
           "localhost:9999"]
REFUSED = ["attacker.example:{port}", "attacker.example", "127.0.0.1.nip.io:{port}", "localhost.attacker.example:{port}",
           "evil.localhost:{port}", "0.0.0.0:{port}", "[::]:{port}", "", "127.0.0.1:{port}@evil.example",
           "xn--localhost:{port}", "localhost:{port}/", "user@localhost:{port}"]


def test_only_requests_addressed_to_this_machine_are_answered(preview):
    _, server = preview
    for host in ALLOWED:
        response = request(server.port, "/data/issues.json", host.format(port=server.port))
        assert status(response) == 200 and DRAFT in response, host
    for host in REFUSED:
        response = request(server.port, "/data/issues.json", host.format(port=server.port))
        assert status(response) in (400, 403), (host, response[:200])
        assert DRAFT not in response, host
    for target in ("/", "/plans/demo-2019/issues/2.html", "/no/such/page.html", "/livereload.js", "/livereload"):
        response = request(server.port, target, f"attacker.example:{server.port}")
        assert status(response) == 403 and DRAFT not in response, target


def websocket_handshake(port: int, origin: str | None, host: str) -> tuple[int, socket.socket]:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    origin_line = f"Origin: {origin}\r\n" if origin else ""
    sock.sendall((f"GET /livereload HTTP/1.1\r\nHost: {host}\r\n{origin_line}Upgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            break
        head += chunk
    return status(head), sock


def receive(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        assert chunk, "the server closed the socket"
        data += chunk
    return data


def read_text_frame(sock: socket.socket) -> str:
    first, length = receive(sock, 2)
    assert first & 0x0F == 1, "a text frame"
    length &= 0x7F
    if length == 126:
        length = int.from_bytes(receive(sock, 2), "big")
    return receive(sock, length).decode()


def send_json_frame(sock: socket.socket, message: dict) -> None:
    """A client's text frame (masked, as the protocol requires of browsers)."""
    data, mask = json.dumps(message).encode(), os.urandom(4)
    assert len(data) < 126
    sock.sendall(bytes([0x81, 0x80 | len(data)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))


@pytest.mark.parametrize("origin", ["http://attacker.example:{port}", "null", "http://localhost.attacker.example",
                                    "file://", "http://127.0.0.1.nip.io:{port}", "chrome-extension://abc"])
def test_the_reload_socket_refuses_other_origins(preview, origin):
    _, server = preview
    code, sock = websocket_handshake(server.port, origin.format(port=server.port), f"127.0.0.1:{server.port}")
    sock.close()
    assert code == 403


def test_the_reload_socket_says_reload_and_names_no_file(preview):
    """livereload's protocol: hello both ways, the page's info, then a reload of path "*"."""
    site, server = preview
    code, sock = websocket_handshake(server.port, f"http://localhost:{server.port}", f"localhost:{server.port}")
    assert code == 101
    try:
        send_json_frame(sock, {"command": "hello", "protocols": [PROTOCOL_7]})
        hello = json.loads(read_text_frame(sock))
        assert hello["command"] == "hello" and PROTOCOL_7 in hello["protocols"]
        send_json_frame(sock, {"command": "info", "url": f"http://localhost:{server.port}/", "plugins": {}})
        path = site / PLAN / "02.md"
        path.write_text(path.read_text().replace("SECRET-RECORD-02", "SECRET-RECORD-02 改"))
        text = read_text_frame(sock)
        message = json.loads(text)
        assert message["command"] == "reload" and message["path"] == "*"
        assert "02" not in text and "demo-2019" not in text and ".md" not in text, text
    finally:
        sock.close()


def test_no_request_reloads_pages_cross_site(preview):
    """livereload's /forcereload is not routed; its socket is no plain endpoint."""
    _, server = preview
    for target in ("/forcereload", "/forcereload?path=/etc/passwd", "/forcereload?path=*"):
        response = request(server.port, target, f"127.0.0.1:{server.port}", "Origin: http://attacker.example\r\n")
        assert status(response) == 404, target
    response = request(server.port, "/livereload", f"127.0.0.1:{server.port}", "Origin: http://attacker.example\r\n")
    assert status(response) in (400, 403)


def test_a_request_during_a_rebuild_gets_the_last_good_build(preview):
    """The rebuild takes seconds (a long record); a page asked for meanwhile is answered from the
    previous build before the rebuild ends, not after it."""
    site, server = preview
    path = site / PLAN / "01.md"
    path.write_text(path.read_text() + "\n\n| a | b |\n|---|---|\n" + "| [x](https://e.org/a) <b>y</b> | **z** |\n" * 15000)
    server.wait_for_line("正在重新构建")
    response = request(server.port, "/plans/demo-2019/issues/1.html", f"127.0.0.1:{server.port}")
    assert status(response) == 200 and "截污纳管".encode() in response
    assert not any("第 2 次构建" in line for line in server.said()), "answered only after the rebuild"
    server.wait_for_line("第 2 次构建")


def test_changes_come_from_the_operating_systems_file_events(preview):
    _, server = preview
    links = [os.readlink(f"/proc/{server.process.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{server.process.pid}/fd")]
    assert "anon_inode:inotify" in links, links


# ---- the rule itself ------------------------------------------------------------------------------

def rule():
    """The host rule (imported here: the code before issue 18 had none, and its other tests must run)."""
    from disclosure import preview_http
    return preview_http


label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
domain = st.lists(label, min_size=1, max_size=4).map(".".join)
port = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))


@settings(max_examples=400, deadline=None)
@given(name=domain, port=port)
def test_a_host_name_is_allowed_only_when_no_other_site_can_own_it(name, port):
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        address = None
    expected = name == "localhost" or (address is not None and not address.is_unspecified)
    names = rule().allowed_names("127.0.0.1")
    assert rule().is_allowed_host(name + port, names) == expected
    assert rule().is_allowed_origin(f"http://{name}{port}", names) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_any_host_header_is_judged_without_error(header):
    if rule().is_allowed_host(header, rule().allowed_names("127.0.0.1")):
        host = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        host = host.strip("[]")
        assert host.lower() == "localhost" or ipaddress.ip_address(host), header


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_origin_is_judged_without_error(origin):
    if rule().is_allowed_origin(origin, rule().allowed_names("127.0.0.1")):
        assert origin.startswith(("http://", "https://"))


def test_a_server_started_for_a_name_answers_to_that_name():
    names = rule().allowed_names("preview.example.lan")
    assert rule().is_allowed_host("preview.example.lan:8000", names) and rule().is_allowed_host("localhost", names)
    assert not rule().is_allowed_host("other.example.lan:8000", names)
