"""Helpers for the browser and server tests: nginx serving a built site under a sub-path, Chromium."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import is_ci, run_build

ROOT = Path(__file__).resolve().parent.parent
BROWSER_SITE = Path(__file__).resolve().parent / "browser" / "site"
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PREFIX = "/gongkai/"


def find_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert found, "nginx is not installed (scripts/test.sh installs it)"
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raw_get(port: int, target: str) -> bytes:
    """A request line sent as written: no client normalises '..' away."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _mime_types() -> str:
    path = Path("/etc/nginx/mime.types")
    return f"include {path};" if path.exists() else "types { text/html html; text/css css; application/javascript js; }"


SHIPPED_CONFIG = ROOT / "examples" / "nginx" / "disclosure.conf"


def shipped_server(site: Path, port: int) -> str:
    """The shipped server block (examples/nginx/disclosure.conf) as it is, CSP and all: only the
    address it listens on and the folder it serves are this test's."""
    text = SHIPPED_CONFIG.read_text(encoding="utf-8")
    for line, ours in (("listen 80;", f"listen 127.0.0.1:{port};"), ("alias /srv/disclosure/current/;", f"alias {site.resolve()}/;")):
        assert text.count(line) == 1, f"{SHIPPED_CONFIG.name} no longer has exactly one '{line}'"
        text = text.replace(line, ours)
    return text


@contextmanager
def nginx_serving(site: Path, work: Path):
    """nginx on 127.0.0.1 serving `site` at http://127.0.0.1:PORT/gongkai/ with the shipped
    configuration (shipped_server); stopped on exit."""
    port = free_port()
    work.mkdir(parents=True, exist_ok=True)
    (work / "logs").mkdir(exist_ok=True)
    conf = work / "nginx.conf"
    # As root, nginx's workers would run as 'nobody' and could not read pytest's private tmp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/logs/error.log warn;
events {{ worker_connections 64; }}
http {{
  {_mime_types()}
  default_type application/octet-stream;
  access_log {work}/logs/access.log;
  client_body_temp_path {work}/client_body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
{shipped_server(site, port)}
}}
""")
    process = subprocess.Popen([find_nginx(), "-c", str(conf), "-p", str(work)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}{PREFIX}"
    try:
        for _ in range(100):
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
            try:
                urllib.request.urlopen(base, timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not start")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


MISSING_CHROMIUM = f"Debian's chromium is not installed ({CHROMIUM}); scripts/test.sh installs it"


def require_chromium() -> None:
    """A browser test without Chromium fails in CI; elsewhere it is skipped, and the run's summary
    says so in capitals (see pytest_terminal_summary), not in a quiet 's'."""
    if Path(CHROMIUM).exists():
        return
    if is_ci():
        pytest.fail(f"{MISSING_CHROMIUM}: CI must run the browser tests")
    pytest.skip(MISSING_CHROMIUM)


def pytest_terminal_summary(terminalreporter):
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if MISSING_CHROMIUM in str(report.longrepr)]
    if skipped:
        terminalreporter.section("BROWSER TESTS DID NOT RUN", sep="!", red=True, bold=True)
        terminalreporter.line(f"{len(skipped)} browser test(s) skipped: {MISSING_CHROMIUM}. "
                              "With CI=true they fail instead.", red=True, bold=True)


@contextmanager
def chromium():
    """A headless Debian Chromium through Playwright (never a downloaded browser)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    """The browser test site, built once per module."""
    folder = tmp_path_factory.mktemp("browser") / "out"
    result = run_build(BROWSER_SITE, output=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def base(output, tmp_path_factory):
    """The built site served by nginx under a sub-path."""
    with nginx_serving(output, tmp_path_factory.mktemp("nginx")) as url:
        yield url
