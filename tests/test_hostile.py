"""Hostile text in every field an editor (or a pasted document) can fill: no script ever runs.

Every string of the site (records, titles, plan and category fields, unit names, progress notes,
attachment titles, pages, site_config.yaml) carries a different attack. The built HTML is checked
element by element, and a sample of pages is opened in headless Chromium, where no script may run
and the text must still be there for a reader.
"""
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest

from conftest import SITES, tree
from disclosure.pipeline import build_site
from web import chromium

ATTACKS = [
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned = 1">',
    '"><svg onload="window.__pwned = 1">',
    "'><img src=x onerror=window.__pwned=1>",
    '<svg><script>window.__pwned = 1</script></svg>',
    '<svg><a xlink:href="javascript:window.__pwned=1"><text y="20">svg</text></a></svg>',
    '<iframe src="javascript:parent.__pwned = 1"></iframe>',
    '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
    '<a href="javascript:window.__pwned = 1">js link</a>',
    '<a href=" JaVaScRiPt:window.__pwned=1">spaced js</a>',
    '<a href="jav&#x09;ascript:window.__pwned=1">tab js</a>',
    '<a href="data:text/html,<script>parent.__pwned=1</script>">data link</a>',
    '<img src="data:image/svg+xml,<svg onload=parent.__pwned=1>">',
    '<div style="width: expression(window.__pwned = 1)">css expression</div>',
    '<style>body { background: url("javascript:window.__pwned=1") }</style>',
    '</title><script>window.__pwned = 1</script>',
    '</textarea></style></script><script>window.__pwned = 1</script>',
    '<object data="javascript:window.__pwned=1"></object><embed src="javascript:window.__pwned=1">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
    '<base href="javascript:window.__pwned=1//">',
    '<form action="javascript:window.__pwned=1"><button>go</button></form>',
    '<math><mtext></p><script>window.__pwned = 1</script></mtext></math>',
    '<details open ontoggle="window.__pwned = 1">d</details>',
    '<a href="#" onclick="window.__pwned = 1" onmouseover="window.__pwned = 1">hover</a>',
    '{{ config.__class__ }}{% raw %}',  # template syntax is text, never evaluated
]
MARKDOWN_ATTACKS = [
    "[md link](javascript:window.__pwned=1)",
    "![md image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<javascript:window.__pwned=1>",
    "[reference][evil]\n\n[evil]: javascript:window.__pwned=1",
    "[html entity](&#106;avascript:window.__pwned=1)",
]


SOURCE_URL = 'https://example.org/"><script>window.__pwned=1</script>'


def attack(n: int) -> str:
    """A field value: a marker the reader must see, then an attack."""
    return f"标记{n:02d} {ATTACKS[n % len(ATTACKS)]} 尾{n:02d}"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write_hostile_site(site) -> list[str]:
    """A site whose every string attacks; returns the markers that must be visible."""
    n = iter(range(100))
    config = {k: attack(next(n)) for k in ("title", "office", "sponsor", "address", "phone", "site_id_code",
                                          "icp_record", "police_record", "objection_phone", "notice")}
    config["objection_email"] = 'jd@example.org" onmouseover="window.__pwned=1'
    unit = attack(next(n))
    lines = [f"{key}: {q(value)}" for key, value in config.items()]
    lines += ["base_url: https://example.org/gk/", "search: true", f"units:\n  - name: {q(unit)}"]
    (site / "site_config.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = site / "content/plans/demo-2019"
    for old in plan.glob("*.md"):
        old.unlink()
    (plan / "plan.yaml").write_text(
        f"title: {q(attack(next(n)))}\noffice: {q(attack(next(n)))}\nissued_on: '2019-01-24'\n"
        f"document_number: {q(attack(next(n)))}\nsummary: {q(attack(next(n)))}\n"
        f"source_url: {q(SOURCE_URL)}\n"
        f"categories:\n  - number: 1\n    title: {q(attack(next(n)))}\n    summary: {q(attack(next(n)))}\n",
        encoding="utf-8")
    (plan / "report.pdf").write_bytes(b"%PDF-1.4")
    for number, status in ((1, "done"), (2, "closed")):
        fields = {key: attack(next(n)) for key in ("problem", "title", "goal", "deadline", "supervising", "leader")}
        fields["responsible"] = f"{unit}、{attack(next(n))}"
        record = "\n\n".join([attack(next(n)) + " 记录", *MARKDOWN_ATTACKS, *ATTACKS])
        (plan / f"0{number}.md").write_text(
            "---\n" + "".join(f"{key}: {q(value)}\n" for key, value in fields.items())
            + f"number: {number}\ncategory: 1\nstatus: {status}\ncompleted_on: 2019-02-20\n"
            + f"measures:\n  - {q(attack(next(n)))}\n  - {q(attack(next(n)))}\n"
            + f"progress:\n  - date: 2019-02-01\n    note: {q(attack(next(n)))}\n"
            + f"attachments:\n  - title: {q(attack(next(n)))}\n    path: report.pdf\n"
            + f"extra:\n  {q(attack(next(n)))}: {q(attack(next(n)))}\n"
            + (f"closed_on: 2019-04-01\nobjection_result: {q(attack(next(n)))}\n" if status == "closed" else "")
            + f"acceptance:\n  units: [{q(attack(next(n)))}]\n  result: {q(attack(next(n)))}\n"
            + f"objection:\n  contact: {q(attack(next(n)))}\n"
            # (Diagnostic 1 shows the site's objection phone; 2 its own.)
            + (f"  phone: {q(attack(next(n)))}\n" if status == "closed" else "")
            + "---\n" + record + "\n", encoding="utf-8")
    (site / "content/pages/about.md").write_text(
        f"---\ntitle: {q(attack(next(n)))}\n---\n" + "\n\n".join([attack(next(n)), *MARKDOWN_ATTACKS, *ATTACKS]),
        encoding="utf-8")
    return [f"标记{i:02d}" for i in range(next(n))]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    import shutil
    site = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today"))
    markers = write_hostile_site(site)
    output = site.parent / "out"
    build_site(site / "site_config.yaml", site / "content", output, date(2019, 6, 1))
    # The same kind of site with plain text: its scripts and styles are the site's own.
    plain = site.parent / "plain"
    shutil.copytree(SITES / "basic", plain, ignore=shutil.ignore_patterns("expected", "today"))
    config = plain / "site_config.yaml"
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").splitlines()
                                if not line.startswith("search:")) + "\nsearch: true\n", encoding="utf-8")
    clean = site.parent / "clean"
    build_site(config, plain / "content", clean, date(2019, 6, 1))
    return output, clean, markers


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of script and style elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.raw, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs).get("src", ""))

    def handle_endtag(self, tag):
        self._open = None if tag in ("script", "style") else self._open

    def handle_data(self, data):
        if self._open:
            self.raw.append((*self._open, data.strip()))


def parse(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def scripts_and_styles(folder) -> set:
    found = set()
    for page in folder.rglob("*.html"):
        elements = parse(page.read_text(encoding="utf-8"))
        found |= {(tag, dict(attrs).get("src", "")) for tag, attrs in elements.tags if tag in ("script", "style")}
        found |= set(elements.raw)
    return found


def is_dangerous_url(value: str) -> bool:
    value = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
    return value.startswith(("javascript:", "data:", "vbscript:"))


def check_no_foreign_script(name, text: str, allowed: set, forbidden: set) -> None:
    """No element, attribute, URL, script or style in the HTML that the site itself does not have."""
    elements = parse(text)
    for tag, attrs in elements.tags:
        assert tag not in forbidden, f"{name}: <{tag}>"
        for attr, value in attrs:
            assert not attr.startswith("on"), f"{name}: <{tag} {attr}={value!r}>"
            assert attr not in ("srcdoc", "formaction", "xlink:href"), f"{name}: <{tag} {attr}>"
            if attr in ("href", "src", "action", "data", "content", "poster"):
                assert not is_dangerous_url(value or ""), f"{name}: <{tag} {attr}={value!r}>"
            if attr == "style":
                assert "expression" not in value and "url(" not in value, f"{name}: style={value!r}"
        if tag == "meta":
            assert dict(attrs).get("http-equiv") is None, f"{name}: {attrs}"
    for script in {(tag, dict(attrs).get("src", "")) for tag, attrs in elements.tags if tag in ("script", "style")}:
        assert script in allowed, f"{name}: a script or style the site does not have: {script}"
    for raw in elements.raw:
        assert raw in allowed, f"{name}: script or style text the site does not have: {raw}"


@pytest.fixture(scope="module")
def own_markup(hostile):
    """The site's own scripts and styles, and the risky tags it never uses, from a clean build."""
    _, clean, _ = hostile
    allowed = scripts_and_styles(clean)
    own_tags = {tag for page in clean.rglob("*.html") for tag, _ in parse(page.read_text(encoding="utf-8")).tags}
    forbidden = {"iframe", "object", "embed", "svg", "math", "base", "form", "frame", "details"} - own_tags
    return allowed, forbidden


def test_built_html_carries_no_script_of_theirs(hostile, own_markup):
    output, _, _ = hostile
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        check_no_foreign_script(page.relative_to(output), page.read_text(encoding="utf-8"), *own_markup)


def test_every_marker_is_visible_text(hostile):
    output, _, markers = hostile
    text = "".join(page.read_text(encoding="utf-8") for page in output.rglob("*.html"))
    missing = [m for m in markers if m not in text]
    assert missing == [], f"text lost with its attack: {missing}"
    issue = (output / "plans/demo-2019/issues/1.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in issue  # shown as text, not dropped
    assert "md link" in issue and "reference" in issue


def test_xml_and_data_files_stay_well_formed(hostile, own_markup):
    output, _, _ = hostile
    ET.parse(output / "sitemap.xml")  # raises on any markup that escaped its element
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(output / "feed.xml").getroot().findall(f"{atom}entry")
    # Two records, their two notices and one 销号.
    assert sorted(entry.find(f"{atom}id").text.rsplit("/", 1)[1] for entry in entries) == [
        "1.html", "1.html#notice", "2.html", "2.html#closed", "2.html#notice"]
    for entry in entries:
        assert "标记" in entry.find(f"{atom}title").text  # the attack is text, not elements
        assert list(entry.find(f"{atom}summary")) == []
        content = entry.find(f"{atom}content")
        if content is None:
            continue  # (a notice or 销号 entry: its summary only)
        assert content.get("type") == "html" and list(content) == []
        check_no_foreign_script("feed.xml", content.text, *own_markup)  # what a feed reader renders
    rows = json.loads((output / "data/issues.json").read_text(encoding="utf-8"))
    assert [row["number"] for row in rows] == [1, 2]
    assert all(not name.startswith(("..", "/")) for name in tree(output))


SAMPLE = ["index.html", "plans/demo-2019/index.html", "plans/demo-2019/categories/1.html",
          "plans/demo-2019/issues/1.html", "pages/about.html", "leaders/index.html", "overdue.html"]


def test_no_script_runs_in_chromium_and_the_text_is_shown(hostile):
    output, _, _ = hostile
    with chromium() as browser:
        page = browser.new_page()
        dialogs, requests = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        for name in SAMPLE:
            page.goto((output / name).as_uri())
            page.wait_for_load_state("load")
            # Fire the events injected handlers wait for; any handler that survived would run now.
            page.evaluate("""() => document.querySelectorAll('*').forEach(e => {
                for (const type of ['mouseover', 'focus', 'toggle', 'load', 'error'])
                    e.dispatchEvent(new Event(type, {bubbles: true}));
            })""")
            assert page.evaluate("window.__pwned") is None, f"{name}: an injected script ran"
            body = page.inner_text("body")
            assert "标记" in body and "尾" in body, f"{name}: the text is not shown"
        assert dialogs == []
        assert not [url for url in requests if url.startswith(("javascript:", "data:text/html"))]
        issue = (output / "plans/demo-2019/issues/1.html").as_uri()
        page.goto(issue)
        assert "<script>window.__pwned = 1</script>" in page.inner_text("main")
