"""`build.py serve` for real: start it, fetch pages over HTTP, edit files, see the changes."""
import http.client
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from web import chromium, free_port, raw_get


def fetch(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_for(port: int, path: str, predicate, seconds: float = 30) -> tuple[int, str]:
    """Fetch until predicate(status, body) holds; bounded."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = fetch(port, path)
            if predicate(*last):
                return last
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{path} never matched; last response: {last and last[0]} {last and last[1][:500]}")


@pytest.fixture
def server(basic_site):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port),
                                "--today", "2019-06-01", "--lang", "zh"], cwd=basic_site,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(port, "/", lambda status, body: status == 200)
        yield basic_site, port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def preview_folder(process) -> Path:
    """The temporary folder the server said it builds into (from its first lines of output)."""
    process.terminate()
    output, _ = process.communicate(timeout=15)
    line = next(line for line in output.splitlines() if "文件在" in line)
    return Path(line.split("文件在 ", 1)[1].rstrip("）").strip())


def test_preview_shows_everything_marked_and_with_livereload(server):
    site, port, _ = server
    status, home = fetch(port, "/")
    assert status == 200 and 's.src="/livereload.js?host="' in home and "</script></head>" in home
    assert "livereload.com/protocols" in fetch(port, "/livereload.js")[1], "livereload's own script"
    assert "preview-banner" in home
    status, page = fetch(port, "/plans/demo-2019/issues/2.html")
    assert status == 200
    assert "未公开 · 仅供预览" in page and "SECRET-RECORD-02" in page
    _, listing = fetch(port, "/plans/demo-2019/index.html")
    assert "flag-unpublished" in listing
    status, missing = fetch(port, "/no/such/page.html")
    assert status == 404 and "页面未找到" in missing
    assert not (site / "output").exists(), "a preview must never be built into output/"


def test_edit_is_rebuilt_and_content_error_is_shown_until_fixed(server):
    site, port, process = server
    path = site / "content/plans/demo-2019/01.md"
    original = path.read_text()
    path.write_text(original.replace("3.2 公里", "4.7 公里"))
    wait_for(port, "/plans/demo-2019/issues/1.html", lambda status, body: "4.7 公里" in body)
    path.write_text(original.replace("status: done", "status: finnished"))
    status, body = wait_for(port, "/", lambda status, body: "finnished" in body)
    assert status == 500 and "01.md" in body and "status" in body and "/livereload.js" in body
    status, _ = fetch(port, "/plans/demo-2019/index.html")
    assert status == 500
    assert process.poll() is None, "a content error must not stop the server"
    path.write_text(original)
    wait_for(port, "/", lambda status, body: status == 200 and "首页" in body)


def test_nothing_outside_the_preview_folder_is_served(server):
    site, port, _ = server
    (site / "secret-outside.txt").write_text("OUTSIDE-SECRET")
    for target in ("/../secret-outside.txt", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                   "/..%2f..%2f..%2fetc%2fpasswd", "/static/../../secret-outside.txt", "//etc/passwd"):
        response = raw_get(port, target)
        head = response.split(b"\r\n", 1)[0]
        assert b" 200 " not in head, f"{target}: {head}"
        assert b"root:" not in response and b"OUTSIDE-SECRET" not in response, target


def test_temporary_folder_is_removed_when_stopped(server):
    _, _, process = server
    folder = preview_folder(process)
    assert folder.name.startswith("disclosure-preview-")
    assert not folder.exists()


def test_browser_reloads_by_itself(server):
    site, port, _ = server
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/plans/demo-2019/issues/1.html")
        # livereload.js has connected once the protocol's hello handshake is done (protocol 7).
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                               " && window.LiveReload.connector.protocol >= 7", timeout=20000)
        time.sleep(1)
        path = site / "content/plans/demo-2019/01.md"
        path.write_text(path.read_text().replace("3.2 公里", "9.9 公里"))
        page.wait_for_function("() => document.body.innerText.includes('9.9 公里')", timeout=30000)


def test_the_preview_404_page_is_styled_at_any_depth(server):
    _, port, _ = server
    with chromium() as browser:
        page = browser.new_page()
        response = page.goto(f"http://127.0.0.1:{port}/plans/demo-2019/issues/no/such/page.html")
        assert response.status == 404 and "页面未找到" in page.content()
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") \
            == "rgb(165, 15, 21)"


def test_preview_build_skips_the_search_index(basic_site, tmp_path):
    from datetime import date

    from disclosure.pipeline import build_site

    config = basic_site / "site_config.yaml"
    config.write_text(config.read_text().replace("search: false", "search: true"))
    public, preview = tmp_path / "public", tmp_path / "preview"
    build_site(config, basic_site / "content", public, date(2019, 6, 1))
    build_site(config, basic_site / "content", preview, date(2019, 6, 1), preview=True)
    assert (public / "pagefind/shards.json").exists() and (public / "search.html").exists()
    assert not (preview / "pagefind").exists() and not (preview / "search.html").exists()
    assert "search.html" not in (preview / "index.html").read_text()
