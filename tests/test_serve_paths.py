"""The preview server serves its own folder and nothing else, however the request path is written."""
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from web import free_port, raw_get

TARGETS = [
    "/../secret.txt", "/../../secret.txt", "/../../../../../../etc/passwd", "/./../secret.txt",
    "/%2e%2e/secret.txt", "/%2E%2E/%2E%2E/secret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt",
    "/..%5c..%5csecret.txt", "/..\\..\\secret.txt", "/static/../../secret.txt", "/static/%2e%2e/%2e%2e/secret.txt",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt", "/secret.txt%00.html", "//etc/passwd", "///etc/passwd",
    "http://127.0.0.1/../../secret.txt", "/plans/../../../secret.txt", "/index.html/../../secret.txt",
]


def status_of(response: bytes) -> bytes:
    return response.split(b"\r\n", 1)[0]


@pytest.fixture
def preview(basic_site):
    (basic_site / "secret.txt").write_text("SITE-FOLDER-SECRET")  # beside content/, never published
    (basic_site.parent / "secret.txt").write_text("PARENT-SECRET")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--today", "2019-06-01"], cwd=basic_site,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):  # up to ~30 s for the first build
            try:
                if b" 200 " in status_of(raw_get(port, "/")):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("the preview server never answered")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_requests_outside_the_preview_folder_get_nothing(preview):
    for target in TARGETS:
        response = raw_get(preview, target)
        for secret in (b"SITE-FOLDER-SECRET", b"PARENT-SECRET", b"root:x:0:0"):
            assert secret not in response, f"{target} served {secret!r}"
    # The server is still up and serving its own pages afterwards.
    assert b" 200 " in status_of(raw_get(preview, "/plans/demo-2019/index.html"))


def test_hostile_requests_are_refused_not_crashed(preview):
    for target in TARGETS:
        status = status_of(raw_get(preview, target))
        assert b" 500 " not in status, f"{target} crashed the handler: {status!r}"
        assert b" 200 " not in status, f"{target} answered {status!r}"
