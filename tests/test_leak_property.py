"""The central promise as a property: for ANY site, nothing of an unpublished problem reaches output/
but its plan fields (on its own page, in lists, data files, sitemap and search index when listed).

Hypothesis generates sites with random statuses and dates around the build date, and a unique
marker in every field that is not public. Every file of the output (pages, feed, sitemap, data
files, the search index decompressed) is searched for every marker; every published problem must
be in each place it belongs; and after some are un-published, a rebuild leaves no trace of them.
Each example builds through one entry (tests/entries.py), the incremental one with the same cache
for the rebuild. tests/test_incremental_property.py checks the same after sequences of edits.
"""
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from conftest import SITES, index_holds, readable_tree, search_index
from entries import ENTRIES, build

TODAY = date(2019, 6, 1)
STATUSES = ["not started", "未开始", "in progress", "整改中", "done", "办理到位", "closed", "已销号"]
FINISHED = {"done", "办理到位", "closed", "已销号"}
LIFECYCLE_MARKERS = ("acceptunit", "acceptresult", "contact", "objection", "closingtitle", "closingname",
                     "closingdata", "photoname", "caption", "photodata")
FEED_ENTRIES = 50  # README: feed.xml carries the newest 50 steps of published problems


def letters(number: int) -> str:
    """A number as letters, so a marker stays one word for the search indexer."""
    return "".join("abcdefghij"[int(d)] for d in str(number))


@dataclass
class Spec:
    number: int
    status: str
    completed: int | None  # days from the build date
    published: int | None
    with_attachment: bool
    with_lifecycle: bool = False  # 验收, 异议, 销号 file and a photo

    def marker(self, field: str) -> str:
        return f"zqx{field}{letters(self.number)}zqx"

    def secrets(self, publish_progress: bool = False) -> list[str]:
        """Markers that may be public only once the problem is published (progress notes of listed
        problems too when the site publishes progress)."""
        found = [self.marker(f) for f in ("record", "internal", "attachtitle", "attachdata", "attachname",
                                          *LIFECYCLE_MARKERS)]
        return found + [self.marker("internal") + "tail"] + ([] if publish_progress else [self.marker("progress")])

    @property
    def published_day(self) -> int | None:
        """The publication date (days from the build date): published_on, else completed_on."""
        return self.published if self.published is not None else self.completed

    def is_published(self, today: date) -> bool:
        return self.status in FINISHED and TODAY + timedelta(days=self.published_day) <= today

    def write(self, folder: Path) -> None:
        day = lambda offset: (TODAY + timedelta(days=offset)).isoformat()
        lines = ["---", f"number: {self.number}", f"category: {1 + self.number % 2}",
                 f"problem: 问题{self.number} {self.marker('problem')}", f"title: 标题 {self.marker('title')}",
                 f"status: {self.status}", f"internal_notes: {self.marker('internal')} {self.marker('internal')}tail",
                 "progress:", "  - date: 2019-01-10", f"    note: 进展 {self.marker('progress')}"]
        if self.completed is not None:
            lines.append(f"completed_on: {day(self.completed)}")
        if self.published is not None:
            lines.append(f"published_on: {day(self.published)}")
        if self.status in ("closed", "已销号"):
            # (After the basic site's 10-day window: closing within it would need a reason.)
            lines.append(f"closed_on: {day((self.published if self.published is not None else self.completed) + 20)}")
        if self.with_lifecycle:
            lines += self.lifecycle_lines(folder)
        if self.with_attachment:
            name = f"{self.marker('attachname')}.pdf"
            (folder / name).write_text(f"%PDF {self.marker('attachdata')}")
            lines += ["attachments:", f"  - title: 附件 {self.marker('attachtitle')}", f"    path: {name}"]
        lines += ["---", f"办理情况 {self.marker('record')}。"]
        (folder / f"{self.number:03d}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


    def lifecycle_lines(self, folder: Path) -> list[str]:
        """验收, 异议, 销号 file and a photo whose PNG text chunk holds a marker (never published: stripped)."""
        photo, closing = f"{self.marker('photoname')}.png", f"{self.marker('closingname')}.pdf"
        info = PngInfo()
        info.add_text("Comment", self.marker("photodata"))
        Image.new("RGB", (40, 30), (self.number % 255, 90, 60)).save(folder / photo, pnginfo=info)
        (folder / closing).write_text(f"%PDF {self.marker('closingdata')}")
        return ["acceptance:", f"  units: [单位{self.marker('acceptunit')}]", f"  result: 结论{self.marker('acceptresult')}",
                "objection:", f"  contact: 联系{self.marker('contact')}", f"objection_result: 异议{self.marker('objection')}",
                "long_term: true", "closing_document:", f"  title: 销号{self.marker('closingtitle')}", f"  path: {closing}",
                "photos:", f"  - path: {photo}", f"    caption: 照片{self.marker('caption')}", "    kind: after"]


@st.composite
def specs(draw) -> list[Spec]:
    numbers = draw(st.lists(st.integers(1, 999), min_size=1, max_size=8, unique=True))
    found = []
    for number in numbers:
        status = draw(st.sampled_from(STATUSES))
        completed = draw(st.integers(-40, 5)) if status in FINISHED else draw(st.none() | st.integers(-40, 5))
        published = draw(st.none() | st.integers(0, 6).map(lambda extra: completed + extra if completed is not None else None)
                         .map(lambda day: day if day is None else day - 3))
        if completed is not None and published is not None and published < completed:
            published = completed
        found.append(Spec(number, status, completed, published, draw(st.booleans()), draw(st.booleans())))
    return found


def write_site(site: Path, problems: list[Spec], list_unfinished: bool, search: bool,
               publish_progress: bool = False) -> None:
    shutil.copytree(SITES / "basic", site, ignore=shutil.ignore_patterns("expected", "today", "0*.md"))
    config = site / "site_config.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("list_unfinished:", "search:"))]
    lines += [f"list_unfinished: {str(list_unfinished).lower()}", f"search: {str(search).lower()}",
              f"publish_progress: {str(publish_progress).lower()}"]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = site / "content/plans/demo-2019"
    for problem in problems:
        problem.write(folder)


def output_texts(output: Path) -> dict[str, str]:
    """Every output file as text (conftest.readable_tree: the search index and data/issues.xlsx unpacked)."""
    return {name: data.decode("utf-8", "replace").lower() for name, data in readable_tree(output).items()}


def searchable_by(output: Path):
    """text -> the pages of the output's search index holding it (conftest.index_holds)."""
    pages = search_index(output)
    return lambda text: {url for url, page in pages.items() if index_holds(page["tokens"], text)}


def check_site(output: Path, problems: list[Spec], list_unfinished: bool, search: bool, today: date = TODAY,
               publish_progress: bool = False) -> None:
    """Every published problem is where it belongs; nothing of the others is anywhere (built for today)."""
    texts = output_texts(output)
    everything = "\n".join(f"{name}\n{text}" for name, text in texts.items())  # names too: attachment files
    index = searchable_by(output)
    rows = {row["number"]: row for row in json.loads(texts["data/issues.json"])}
    # (The search index's pair map, pagefind/pairs/, is scanned with the rest.)
    assert not search or any(re.fullmatch(r"pagefind/pairs/[0-9a-f]+/\d+\.json", name) for name in texts)
    # The feed carries the newest 50 steps of published problems (lifecycle.events): a 销号 (20 days after
    # publication here), the notice opening and the record (both on the publication day); ties by number.
    steps = [(day, order, p.number) for p in problems if p.is_published(today)
             for day, order in ((p.published_day + 20, 0), (p.published_day, 1), (p.published_day, 2))
             if order or p.status in ("closed", "已销号") and TODAY + timedelta(days=day) <= today]
    in_feed = {number for day, order, number in sorted(steps, key=lambda s: (-s[0], s[1], s[2]))[:FEED_ENTRIES]
               if order == 2}
    for problem in problems:
        page = f"plans/demo-2019/issues/{problem.number}.html"
        if problem.is_published(today):
            assert problem.marker("record") in texts[page] and problem.marker("progress") in texts[page]
            assert (problem.marker("record") in texts["feed.xml"]) == (problem.number in in_feed)
            assert page in texts["sitemap.xml"]
            assert f'href="issues/{problem.number}.html"' in texts["plans/demo-2019/index.html"]
            assert problem.marker("record") in rows[problem.number]["record"]
            assert problem.marker("internal") not in everything, "internal notes are never public"
            if problem.with_attachment:
                assert (output / page.replace(".html", "") / f"{problem.marker('attachname')}.pdf").is_file()
            if problem.with_lifecycle:
                assert problem.marker("acceptunit") in texts[page] and problem.marker("caption") in texts[page]
                assert any(problem.marker("photoname") + "-thumb.png" in name for name in texts)
                assert problem.marker("photodata") not in everything, "a photo's metadata is never published"
            assert rows[problem.number]["phase"] in ("in notice", "notice ended", "closed")
            assert not search or index(problem.marker("record")) == {page}, "published record missing from search"
            continue
        leaked = [(secret, name) for secret in problem.secrets(publish_progress) for name, text in texts.items()
                  if secret in text or secret in name]
        leaked += [(secret, url) for secret in problem.secrets(publish_progress) for url in index(secret)]
        assert leaked == [], f"problem {problem.number} ({problem.status}) leaked"
        if list_unfinished:
            # Its own page shows the plan's fields and says the record comes once the work is done
            # (the markers above: nothing else of it), and is in the sitemap and the search index.
            assert problem.marker("problem") in texts[page] and "办理情况在问题办理到位后在本页公开" in texts[page]
            assert 'data-pagefind-body' in texts[page] and page in texts["sitemap.xml"]
            assert not search or page in index(problem.marker("problem")), "an unfinished problem's page is not searchable"
        else:
            assert page not in texts and page not in everything
        if list_unfinished:
            row = rows[problem.number]
            assert "record" not in row and "completed_on" not in row and "published_on" not in row
            # Done but not yet published: public exactly as an unfinished problem.
            assert row["status"] == row["phase"] and row["phase"] in ("not started", "in progress")
            assert [row[key] for key in ("notice_start", "notice_end", "closed_on", "acceptance_units", "long_term")] == [None] * 5
        else:
            assert problem.number not in rows and problem.marker("title") not in everything


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(specs(), st.booleans(), st.booleans(), st.booleans(), st.sampled_from(ENTRIES), st.data())
def test_no_unpublished_marker_reaches_output(problems, list_unfinished, search, publish_progress, entry, data):
    with tempfile.TemporaryDirectory() as folder:
        site, output = Path(folder) / "site", Path(folder) / "out"
        cache = Path(folder) / "cache" if entry == "incremental" else None  # (kept for the rebuild)

        def build_and_check():
            built = build(entry, site, output, TODAY.isoformat(), cache, in_process=True)
            assert built.returncode == 0, built.stderr
            check_site(output, problems, list_unfinished, search, publish_progress=publish_progress)

        write_site(site, problems, list_unfinished, search, publish_progress)
        build_and_check()
        # Un-publish some of the published ones; the rebuilt site keeps no trace of them.
        published = [p for p in problems if p.is_published(TODAY)]
        retract = data.draw(st.lists(st.sampled_from(published), unique_by=lambda p: p.number)) if published else []
        for problem in retract:
            problem.status, problem.completed, problem.published = "in progress", None, None
        shutil.rmtree(site)
        write_site(site, problems, list_unfinished, search, publish_progress)
        build_and_check()


# ---- complaint items (issue 23): the same promise for a batch's 调查核实情况, 处理和整改情况 and 问责 ----

ITEM_STATUSES = ["done", "已办结", "interim", "阶段性办结", "open", "未办结"]
ITEM_DONE, ITEM_INTERIM = {"done", "已办结"}, {"interim", "阶段性办结"}
ITEM_RESULTS = ("investigation", "handling", "accountability")
ITEM_LISTABLE = ("case_number", "received_on", "region", "pollution_type", "summary", "verified", "status")
ITEM_TEXTS = ("region", "pollution_type", "summary")  # the listable fields that carry a marker


@dataclass
class ItemSpec:
    seq: int
    status: str
    published: int | None  # days from the build date (None: the batch's date)
    verified: str

    def marker(self, field: str) -> str:
        return f"zqi{field}{letters(self.seq)}zqi"

    def publication(self, batch_day: int | None) -> int | None:
        return self.published if self.published is not None else batch_day

    def is_published(self, today: date, batch_day: int | None, interim: bool) -> bool:
        day = self.publication(batch_day)
        handled = self.status in ITEM_DONE or (interim and self.status in ITEM_INTERIM)
        return handled and day is not None and TODAY + timedelta(days=day) <= today

    def block(self) -> str:
        lines = [f"- seq: {self.seq}", f"  case_number: QX{self.seq:05d}", "  received_on: 2019-05-01",
                 *(f"  {key}: 文{self.marker(key)}" for key in (*ITEM_TEXTS, *ITEM_RESULTS)),
                 f"  verified: {self.verified}", f"  status: {self.status}",
                 f"  internal_notes: 内部{self.marker('internal')}"]
        if self.published is not None:
            lines.append(f"  published_on: {(TODAY + timedelta(days=self.published)).isoformat()}")
        return "\n".join(lines) + "\n"


@st.composite
def item_specs(draw) -> list[ItemSpec]:
    seqs = draw(st.lists(st.integers(1, 400), min_size=1, max_size=8, unique=True))
    return [ItemSpec(seq, draw(st.sampled_from(ITEM_STATUSES)), draw(st.none() | st.integers(-10, 10)),
                     draw(st.sampled_from(["属实", "不属实", "部分属实"]))) for seq in seqs]


def write_batch(site: Path, items: list[ItemSpec], batch_day: int | None, interim: bool, listed: list[str]) -> None:
    """The demo-batch batch of complaint items, and the site's complaint settings."""
    folder = site / "content/complaints/demo-batch"
    folder.mkdir(parents=True, exist_ok=True)
    day = f"published_on: {(TODAY + timedelta(days=batch_day)).isoformat()}\n" if batch_day is not None else ""
    (folder / "batch.yaml").write_text(f"title: 测试批次\nnumber: 3\n{day}", encoding="utf-8")
    (folder / "items.yaml").write_text("".join(item.block() for item in items), encoding="utf-8")
    config = site / "site_config.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("complaint_")]
    lines += [f"complaint_publish_interim: {str(interim).lower()}", f"complaint_listed_fields: [{', '.join(listed)}]"]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_items(output: Path, items: list[ItemSpec], batch_day: int | None, interim: bool, listed: list[str],
                search: bool, today: date = TODAY) -> None:
    """Every published item's results are where they belong; nothing an item may not show is anywhere."""
    texts = output_texts(output)
    index = searchable_by(output)
    rows = {row["seq"]: row for row in json.loads(texts["data/complaints.json"])}
    assert "complaints/demo-batch/index.html" in texts["sitemap.xml"]
    for item in items:
        page = f"complaints/demo-batch/items/QX{item.seq:05d}.html"
        assert item.marker("internal") not in "\n".join(texts.values()), "internal notes are never public"
        if item.is_published(today, batch_day, interim):
            assert all(item.marker(key) in texts[page] for key in (*ITEM_TEXTS, *ITEM_RESULTS))
            assert page.lower() in texts["sitemap.xml"]  # (texts are lower-cased)
            assert set(rows[item.seq]) == {"batch", "seq", "case_number", "received_on", "region", "pollution_type",
                                           "summary", "verified", "status", "published", *ITEM_RESULTS,
                                           "published_on", "url"}
            assert rows[item.seq]["published"] is True and rows[item.seq]["verified"] == item.verified
            assert not search or index(item.marker("handling")) == {page}, "published item missing from search"
            continue
        secrets = [item.marker(key) for key in ITEM_RESULTS] + [item.marker(key) for key in ITEM_TEXTS
                                                                if key not in listed]
        leaked = [(secret, name) for secret in secrets for name, text in texts.items() if secret in text]
        leaked += [(secret, url) for secret in secrets for url in index(secret)]
        assert leaked == [], f"item {item.seq} ({item.status}) leaked"
        assert page not in texts and page.lower() not in texts["sitemap.xml"]
        row = rows[item.seq]
        assert set(row) == {"batch", "seq", "case_number", "received_on", "region", "pollution_type", "summary",
                            "verified", "status", "published"} and row["published"] is False
        assert row["verified"] is None or "verified" in listed
        assert row["status"] == "open" or "status" in listed
        assert all(item.marker(key) in texts["complaints/demo-batch/index.html"] for key in ITEM_TEXTS if key in listed)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(item_specs(), st.none() | st.integers(-5, 5), st.booleans(), st.lists(st.sampled_from(ITEM_LISTABLE), unique=True),
       st.integers(0, 3).map(lambda n: n == 3), st.sampled_from(ENTRIES), st.data())
def test_no_unpublished_item_result_reaches_output(items, batch_day, interim, listed, search, entry, data):
    with tempfile.TemporaryDirectory() as folder:
        site, output = Path(folder) / "site", Path(folder) / "out"
        cache = Path(folder) / "cache" if entry == "incremental" else None

        def build_and_check():
            built = build(entry, site, output, TODAY.isoformat(), cache, in_process=True)
            assert built.returncode == 0, built.stderr
            check_items(output, items, batch_day, interim, listed, search)

        write_site(site, [], True, search)
        write_batch(site, items, batch_day, interim, listed)
        build_and_check()
        # A re-import sets some published items back to 未办结: the rebuilt site keeps no trace of their results.
        published = [item for item in items if item.is_published(TODAY, batch_day, interim)]
        for item in data.draw(st.lists(st.sampled_from(published), unique_by=lambda i: i.seq)) if published else []:
            item.status = "open"
        write_batch(site, items, batch_day, interim, listed)
        build_and_check()
