"""Search in the browser: time from opening `search.html?q=…` to the first result shown, in Chromium.

    python bench/browser_search.py OUTPUT [OUTPUT ...] [--repeat 3] [--server nginx|http] [--query Q ...]

Each OUTPUT is a built site (search on). It is served under /gongkai/ by nginx with the shipped
configuration (examples/nginx/disclosure.conf, as the browser tests serve it) or, with --server http,
by Python's threaded http.server. Each query is opened in a new browser context (nothing cached), and
the page itself notes, by a MutationObserver installed before its scripts run, the time from the
start of navigation to the first result shown (or to the sentence that nothing was found), and to
the end of the first round of results (the status no longer says it is searching). The requests the
page made are counted by kind (Pagefind's script, wasm, entry, meta, index chunks, fragments, and the
pages fetched to check candidates), with the bytes they carried. Each figure is the median of
--repeat runs; the runs are printed too, and the CPU time Chromium's processes spent on the query
(the machine is shared: a loaded machine stretches the times, not the CPU time).

--script FILE serves FILE as the site's static/search.js for the run (the built one is put back
after), to compare two versions of the search page on one output, e.g. the one before a change:
`git show COMMIT:static/search.js > /tmp/old.js`.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from web import CHROMIUM, CHROMIUM_ARGS, PREFIX, nginx_serving  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from run import _tree_pids  # noqa: E402

QUERIES = ["水体", "林业", "刘正兴", "页岩砖厂", "区块链", "整改措施已全部落实"]

# Installed before the page's scripts: notes when the first result (or the "nothing found" sentence)
# appears and when the status stops saying it is searching.
OBSERVER = """
window.__times = {};
new MutationObserver(function () {
  var t = performance.now(), times = window.__times;
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  if (!status || !list) return;
  var text = status.textContent;
  if (!times.first && (list.children.length || text.indexOf('没有找到') === 0)) times.first = t;
  if (!times.done && text && text.indexOf('正在') !== 0) times.done = t;
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
DONE = "() => window.__times && window.__times.done"
KINDS = (("pagefind.js", "script"), (".pagefind", "wasm"), ("pagefind-entry.json", "entry"),
         (".pf_meta", "meta"), (".pf_index", "index"), (".pf_fragment", "fragment"), (".html", "page"))


def browser_cpu() -> float:
    """CPU seconds used so far by Chromium's processes (this process's descendants but the server)."""
    ticks = 0
    for pid in _tree_pids(os.getpid()):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                name, fields = handle.read().rsplit(")", 1)
        except OSError:
            continue
        if "chrom" in name:
            ticks += sum(int(value) for value in fields.split()[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


def kind_of(url: str) -> str:
    return next((kind for ending, kind in KINDS if ending in url), "other")


@contextmanager
def http_serving(site: Path):
    """Python's threaded http.server serving site under PREFIX."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return super().translate_path(path[len(PREFIX) - 1:] if path.startswith(PREFIX) else "/nowhere")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


def measure(browser, base: str, query: str, requests: bool = False) -> dict:
    """One query in a new context: the times (s), Chromium's CPU time, and with requests, per kind of
    request [count, bytes, first start, last end] (s from the start of navigation; the Pagefind
    worker's requests included). (Listening to every request costs time: not in the timed runs.)"""
    context = browser.new_context()
    finished, cpu = [], browser_cpu()
    if requests:
        context.on("requestfinished", lambda request: finished.append(request))
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER)
        page.goto(base + "search.html?q=" + quote(query))
        page.wait_for_function(DONE, timeout=120_000)
        times = page.evaluate("() => window.__times")
        cpu = browser_cpu() - cpu
        return {"first": times["first"] / 1000, "done": times["done"] / 1000, "cpu": cpu,
                "status": page.inner_text("#search-status"), "counts": by_kind(finished)}
    finally:
        context.close()


def by_kind(finished: list) -> dict[str, list[float]]:
    counts: dict[str, list[float]] = {}
    origin = min((request.timing["startTime"] for request in finished), default=0)
    for request in finished:
        timing, numbers = request.timing, counts.setdefault(kind_of(request.url), [0, 0, 1e9, 0])
        start = (timing["startTime"] - origin) / 1000
        numbers[0] += 1
        numbers[1] += request.sizes()["responseBodySize"]
        numbers[2] = min(numbers[2], start)
        numbers[3] = max(numbers[3], start + max(timing["responseEnd"], 0) / 1000)
    return counts


@contextmanager
def search_script(output: Path, script: Path | None):
    """The output with script as its static/search.js meanwhile (none: as built)."""
    built = output / "static" / "search.js"
    kept = built.read_bytes()
    if script:
        built.write_bytes(script.read_bytes())
    try:
        yield
    finally:
        built.write_bytes(kept)


def run(output: Path, queries: list[str], repeat: int, server: str) -> None:
    from playwright.sync_api import sync_playwright

    serving = nginx_serving(output, output.parent / f".nginx-{output.name}") if server == "nginx" else http_serving(output)
    with serving as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print(f"\n{output} ({server}), load average {os.getloadavg()[0]:.1f}")
            print(f"{'query':<12} {'first s':>8} {'done s':>8} {'cpu s':>6}  runs (first)        requests (one more run):"
                  " count/bytes first start-last end")
            measure(browser, base, queries[0])  # (once untimed: Chromium starts its processes)
            for query in queries:
                runs = [measure(browser, base, query) for _ in range(repeat)]
                runs[-1]["counts"] = measure(browser, base, query, requests=True)["counts"]
                firsts = [run["first"] for run in runs]
                counts = " ".join(f"{kind} {n}/{size / 1024:.0f}KB {start:.2f}-{end:.2f}s"
                                  for kind, (n, size, start, end) in sorted(runs[-1]["counts"].items()))
                print(f"{query:<12} {statistics.median(firsts):>8.2f} {statistics.median(r['done'] for r in runs):>8.2f}"
                      f" {statistics.median(r['cpu'] for r in runs):>6.2f}"
                      f"  {', '.join(f'{t:.2f}' for t in firsts):<18}  {counts}")
                print(f"{'':<12} {runs[-1]['status'][:90]}")
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outputs", nargs="+", type=Path, help="built sites (search on)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--server", choices=("nginx", "http"), default="nginx")
    parser.add_argument("--query", action="append", help="a query (repeatable); default: " + " ".join(QUERIES))
    parser.add_argument("--script", type=Path, help="serve this file as static/search.js instead of the built one")
    args = parser.parse_args()
    for output in args.outputs:
        with search_script(output, args.script):
            run(output.resolve(), args.query or QUERIES, args.repeat, args.server)


if __name__ == "__main__":
    main()
