"""The build, top to bottom: load, validate, decide, render, write."""
from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from . import urls
from .cache import BuildCache, reading_documents
from .config import SiteConfig, load_config
from .content import Content, load_content
from .errors import ContentError, Problem, display_path
from .history import add_history
from .outputs import data, search, xlsx
from .pages import all_pages
from .publishing import Publication
from .render import make_environment
from .rendering import Output, render_outputs
from .workers import collector_skipping_existing, default_jobs
from .write import Stage, build_lock, staged_output


# The feed carries the newest records in full; readers subscribe for news, the data files hold all.
FEED_ENTRIES = 50


@dataclass(frozen=True)
class BuildResult:
    pages: int
    published: int
    listed: int


def load_site(config_path: Path, content_dir: Path, base_url: str | None = None) -> tuple[SiteConfig, Content]:
    """Read and validate config and content together, so every problem is reported at once."""
    problems: list[Problem] = []
    config = content = None
    try:
        config = load_config(config_path, base_url)
    except ContentError as error:
        problems += error.problems
    try:
        content = load_content(content_dir)
    except ContentError as error:
        problems += error.problems
    if problems:
        raise ContentError(problems)
    return config, content


def _render(env: jinja2.Environment, template: str, context: dict) -> str:
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise ContentError([Problem(display_path(error.filename or template), error.lineno,
                                    f"template error: {error.message}")]) from None
    except jinja2.TemplateError as error:
        path, line = _template_place(error, template)
        raise ContentError([Problem(path, line, f"template error: {error}")]) from None
    except ContentError:
        raise
    except Exception as error:  # a template's own mistake, such as {{ count / 0 }}
        path, line = _template_place(error, template)
        if line is None:  # not raised in a template: ours, with its traceback
            raise
        raise ContentError([Problem(path, line, f"template error: {type(error).__name__}: {error}")]) from None


def _template_place(error: Exception, template: str) -> tuple[str, int | None]:
    """The template file and line a rendering error came from (Jinja puts template frames in the traceback)."""
    place = (f"templates/{template}", None)
    frame = error.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            place = (display_path(filename), frame.tb_lineno)
        frame = frame.tb_next
    return place


def render_site(stage: Stage, config: SiteConfig, content: Content, publication: Publication,
                templates_dir: Path, static_dir: Path, cache: BuildCache | None = None, jobs: int = 1) -> BuildResult:
    """Render every page and output file into the stage folder (with a cache, only what changed)."""
    cache = cache or BuildCache(None)
    env = make_environment(templates_dir)
    shared = {"config": config, "rule": publication, "today": publication.today, "urls": urls,
              "nav_plans": content.plans, "nav_pages": content.pages}
    # Pages: one per spec, each told its own path so its links can be relative.
    outputs = [Output(spec.path, spec.template, spec.context)
               for spec in all_pages(content, publication, config.notice_period_days, config.units, config.search)]
    count = len(outputs)
    published = publication.published(content)
    # Attachments of shown problems only: an unpublished problem's files never leave the content folder.
    for issue in published:
        for attachment in issue.attachments:
            stage.copy(urls.attachment_url(issue, attachment), attachment.source_path)
    # Feed, sitemap and robots.txt.
    updated = max((i.updated_on or i.published_on or publication.today for i in published), default=publication.today)
    for name, listed in (("feed.xml", published[:FEED_ENTRIES]), ("sitemap.xml", published), ("robots.txt", ())):
        outputs.append(Output(name, name, {"published": listed, "updated": updated, "plans": content.plans}))
    # Data downloads.
    rows = data.issue_rows(content, publication, config.base_url)
    # (A rebuild takes the rows of unchanged problems from the previous copy.) Listed longest
    # first: the workers start on them in this order.
    outputs.append(Output("data/issues.xlsx", function=xlsx.write_xlsx, args=(rows, publication.today)))
    outputs.append(Output("data/issues.csv", function=data.write_csv, args=(rows,)))
    outputs.append(Output("data/issues.json", function=data.write_json, args=(rows,)))
    # Render them on every core; files whose inputs did not change are linked from the previous build.
    # (Records are kept packed: unpacked one at a time, never all at once.)
    texts = itertools.chain((issue.record for issue in published if issue.packed_record),
                            (page.body for page in content.pages))
    render_outputs(stage, outputs, env, lambda template, context: _render(env, template, context), shared,
                   content.plans, texts, cache, jobs)
    # Static files, copied as they are.
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        stage.copy("static/" + path.relative_to(static_dir).as_posix(), path)
    return BuildResult(pages=count, published=len(published), listed=len(rows))


def build_site(config_path: Path, content_dir: Path, output_dir: Path, today: date,
               base_url: str | None = None, templates_dir: Path | None = None,
               static_dir: Path | None = None, preview: bool = False, cache_dir: Path | None = None,
               jobs: int | None = None, keep_checks: bool = False) -> BuildResult:
    """Build the whole site into output_dir; on any problem raise and leave output_dir as it was.

    With a cache_dir, what an earlier build worked out is reused (the output is the same either way).
    keep_checks: keep the content's checks in memory for this process's next build (see cache.py)."""
    root = Path(__file__).resolve().parent.parent
    # A site's own templates folder overrides the built-in templates of the same name.
    templates_dir = [templates_dir, root / "templates"] if templates_dir else [root / "templates"]
    static_dir = static_dir or root / "static"
    jobs = jobs or default_jobs()
    cache = BuildCache.open(cache_dir)
    # Load and validate everything first: nothing is written when anything is wrong.
    with reading_documents(cache, content_dir, jobs, keep_checks):
        config, content = load_site(config_path, content_dir, base_url)
    # The model lives as long as the build: the garbage collector need not scan it again and again.
    with collector_skipping_existing():
        # 修订记录 from committed git history (none outside a content repository).
        if config.history:
            views = cache.read("history.pickle")
            views = views if isinstance(views, dict) else {}
            before = set(views)  # (a blob's view never changes: new or dropped blobs are what is new)
            content = add_history(content, config_path.parent, today, views)
            cache.history = views if views.keys() != before else None
        if preview:
            # A preview is rebuilt on every edit: indexing would double that time, and editors check
            # records there, not search. The preview has no search page or box.
            config = dataclasses.replace(config, search=False)
        # Decide, once, what is public on the build date, and leave the rest out of the model.
        publication = Publication(today, config.list_unfinished, preview)
        content = publication.public_content(content)
        # Render into a sibling folder and swap it in whole.
        with build_lock(output_dir), staged_output(output_dir, cache.spare) as stage:
            cache.load_outputs(output_dir, stage)
            result = render_site(stage, config, content, publication, templates_dir, static_dir, cache, jobs)
            # (The stage may be an earlier site patched: what this build did not write goes.)
            stage.remove_unwritten()
            # Search index from the rendered pages, inside the stage so it swaps in with them.
            if config.search:
                search.index_site(stage.root)
        cache.save(stage.kept)
        return result
