"""The build, top to bottom: load, validate, decide, render, write."""
from __future__ import annotations

import dataclasses
import functools
import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from . import urls
from .cache import BuildCache, content_place, reading_documents
from .config import SiteConfig, load_config
from .content import Content, listed_files, load_content
from .errors import ContentError, Problem, display_path
from .history import add_history, head_commit
from .outputs import data, search, xlsx
from .pages import all_pages, issue_page
from .publishing import Publication
from .quick import Changes, Fallback, Loaded, as_built, commits_since, learn, stored_check
from .render import make_environment
from .rendering import Output, base_digest, keep_outputs, render_outputs
from .workers import collector_skipping_existing, default_jobs
from .write import Stage, build_lock, staged_output


# The feed carries the newest records in full; readers subscribe for news, the data files hold all.
FEED_ENTRIES = 50


@dataclass(frozen=True)
class BuildResult:
    pages: int
    published: int
    listed: int
    quick: bool = False  # made by the quick path (see quick.py); the command line says so


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
                templates_dir: Path, static_dir: Path, cache: BuildCache | None = None, jobs: int = 1,
                quick: dict | None = None) -> BuildResult:
    """Render every page and output file into the stage folder (with a cache, only what changed).

    quick: with a cache, what the quick state needs besides (see quick.py); one is kept when it may."""
    cache = cache or BuildCache(None)
    env = make_environment(templates_dir, cache.compiled)
    shared = _shared(config, publication, content)
    # Pages: one per spec, each told its own path so its links can be relative.
    outputs = [Output(spec.path, spec.template, spec.context)
               for spec in all_pages(content, publication, config.notice_period_days, config.units, config.search)]
    count = len(outputs)
    published = publication.published(content)
    # Attachments of shown problems only: an unpublished problem's files never leave the content folder.
    attachments = tuple((urls.attachment_url(issue, attachment), attachment.source_path)
                        for issue in published for attachment in issue.attachments)
    # Feed, sitemap and robots.txt.
    updated = max((i.updated_on or i.published_on or publication.today for i in published), default=publication.today)
    feed = published[:FEED_ENTRIES]
    outputs.append(_feed(feed, updated, content))
    for name, listed in (("sitemap.xml", published), ("robots.txt", ())):
        outputs.append(Output(name, name, {"published": listed, "updated": updated, "plans": content.plans}))
    # Data downloads.
    rows = data.issue_rows(content, publication, config.base_url)
    outputs += _data_files(_stored(rows, cache) if len(rows) >= LARGE and cache.folder is not None else rows,
                           publication)
    # Render them on every core; files whose inputs did not change are linked from the previous build.
    # (Records are kept packed: unpacked one at a time, never all at once.)
    texts = itertools.chain((issue.record for issue in published if issue.packed_record),
                            (page.body for page in content.pages))
    base = base_digest(cache.key, env, shared) if cache.folder is not None else b""
    render_outputs(stage, outputs, env, functools.partial(_render, env), shared, content.plans, texts, cache, jobs,
                   base)
    _copy_files(stage, attachments, static_dir)
    result = BuildResult(pages=count, published=len(published), listed=len(rows))
    if cache.folder is not None and quick is not None:
        showing = {urls.issue_url(issue) for issue in published} | {"feed.xml", *DATA_FILES}
        cache.quick = learn(content, showing, cache.new_outputs, base=base, listed=_files(rows.issues),
                            feed=_files(feed), updated=updated, attachments=attachments,
                            counts=(result.pages, result.published, result.listed), **quick)
    return result


# From this many listed problems the data files read each problem from the store (the cache) as they
# make its row, rather than from the model, which their process would otherwise copy (it writes to
# each object it reads: its reference count). Reading each problem three times costs more than it
# saves below this; at 100,000 problems a sampled cold build peaked at 1,129 MB instead of 1,324 MB.
LARGE = 20_000


def _stored(rows: data.IssueRows, cache: BuildCache) -> data.IssueRows:
    """rows, with each problem read from the store when its row is made."""
    issues, publication = rows.issues, rows.publication
    sources = tuple(issue.source for issue in issues)
    history = {index: issue.history for index, issue in enumerate(issues) if issue.history}

    def issue(index: int):
        # (The model's, when the store lacks it: a file with attachments is checked every time.)
        return as_built(stored_check(cache, sources[index]), history.get(index), publication) or issues[index]

    return data.IssueRows(Loaded(range(len(issues)), issue, (sources, history)), publication, rows.base_url, sources)


def _files(issues) -> tuple[str, ...]:
    return tuple(str(issue.source_path) for issue in issues)


def _shared(config: SiteConfig, publication: Publication, content: Content) -> dict:
    """What every page is rendered with."""
    return {"config": config, "rule": publication, "today": publication.today, "urls": urls,
            "nav_plans": content.plans, "nav_pages": content.pages}


def _feed(issues, updated: date, content: Content) -> Output:
    return Output("feed.xml", "feed.xml", {"published": issues, "updated": updated, "plans": content.plans})


DATA_FILES = ("data/issues.xlsx", "data/issues.csv", "data/issues.json")


def _data_files(rows: data.IssueRows, publication: Publication) -> list[Output]:
    """The data downloads. (A rebuild takes the rows of unchanged problems from the previous copy.)
    Listed longest first: the workers start on them in this order."""
    return [Output(path, function=function, args=args) for path, function, args in zip(DATA_FILES, (
        xlsx.write_xlsx, data.write_csv, data.write_json), ((rows, publication.today), (rows,), (rows,)))]


def _copy_files(stage: Stage, attachments, static_dir: Path) -> None:
    """Attachments (site path, source file), and the static files, copied as they are."""
    for relative, source in attachments:
        stage.copy(relative, source)
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        stage.copy("static/" + path.relative_to(static_dir).as_posix(), path)


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
    if cache.folder is not None:
        result = quick_build(config_path, content_dir, output_dir, today, base_url, templates_dir, static_dir,
                             preview, cache, jobs)
        if result is not None:
            return result
        attempt, cache = cache, BuildCache.open(cache_dir)  # (what the attempt noted is not this build's)
        attempt.store.close()
        cache.outputs_read = attempt.outputs_read  # (but what it read is: read once)
    place = content_place(content_dir)
    # Load and validate everything first: nothing is written when anything is wrong.
    with reading_documents(cache, content_dir, jobs, keep_checks):
        config, content = load_site(config_path, content_dir, base_url)
    # The model lives as long as the build: the garbage collector need not scan it again and again.
    with collector_skipping_existing():
        # 修订记录 from committed git history (none outside a content repository).
        git_head = head_commit(config_path.parent) if config.history else None
        if config.history:
            views = cache.read("history.pickle")
            views = views if isinstance(views, dict) else {}
            before = set(views)  # (a blob's view never changes: new or dropped blobs are what is new)
            content = add_history(content, config_path.parent, today, views)
            cache.history = views if views.keys() != before else None
        config, publication = _rule(config, today, preview)
        # Decide, once, what is public on the build date, and leave the rest out of the model.
        content = publication.public_content(content)
        with _stage(output_dir, cache) as stage:
            result = render_site(stage, config, content, publication, templates_dir, static_dir, cache, jobs,
                                 quick={"place": place, "output": str(output_dir.absolute()), "git_head": git_head})
            _complete(stage, config)
        cache.save(stage.kept)
        return result


def quick_build(config_path: Path, content_dir: Path, output_dir: Path, today: date, base_url: str | None,
                templates_dir: list[Path], static_dir: Path, preview: bool, cache: BuildCache,
                jobs: int) -> BuildResult | None:
    """build_site after edits to records alone, by the quick path (see quick.py); None when it does
    not apply (nothing written then but files the full build checks before it trusts them)."""
    state = cache.read_outputs().get("quick")
    if state is None or (state.place, state.output) != (content_place(content_dir), str(output_dir.absolute())):
        return None
    token = listed_files.set({})  # the plans without their problems: what every page but a list needs
    try:
        config, content = load_site(config_path, content_dir, base_url)
    except ContentError:
        return None
    finally:
        listed_files.reset(token)
    config, publication = _rule(config, today, preview)
    env = make_environment(templates_dir, cache.compiled)
    shared = _shared(config, publication, content)
    if base_digest(cache.key, env, shared) != state.base:
        return None
    head = head_commit(config_path.parent) if config.history else None
    repo, committed = None, set()
    if head != state.git_head:  # (commits since: their problems' 修订记录 is read again)
        since = commits_since(config_path.parent, state, head)
        if since is None:
            return None
        repo, committed = since
    try:
        changes = Changes(state, content_dir, cache, publication, also=committed)
        if committed:
            changes.take_history(repo, head, today, committed)
        plans = {plan.slug: plan for plan in content.plans}
        outputs = []
        for issue in map(changes.issue, changes.found):
            if publication.is_shown(issue):
                spec = issue_page(plans[issue.plan], issue, publication, config.notice_period_days, config.units)
                outputs.append(Output(spec.path, spec.template, spec.context))
        if changes.found.keys() & set(state.feed):
            outputs.append(_feed([changes.issue(path) for path in state.feed], state.updated, content))
        if changes.found:
            issues, sources = changes.listed()
            outputs += _data_files(data.IssueRows(issues, publication, config.base_url, sources), publication)
        redone = {output.path for output in outputs}
        with _stage(output_dir, cache) as stage:
            if not keep_outputs(stage, {path: record for path, record in cache.outputs.items() if path not in redone},
                                cache):
                raise Fallback  # the output was changed since: the full build checks every file
            try:
                render_outputs(stage, outputs, env, functools.partial(_render, env), shared, content.plans, (),
                               cache, jobs, state.base)
            except ContentError:
                raise Fallback from None  # the full build reports it (a quick build's plans hold no problems)
            if any(cache.new_outputs[path].deep for path in redone):
                raise Fallback  # it read a plan's problems: a quick build has none to give
            _copy_files(stage, state.attachments, static_dir)
            _complete(stage, config)
    except Fallback:
        return None
    cache.files, cache.quick = changes.files, changes.state
    cache.save(stage.kept, prune=False)
    return BuildResult(*state.counts, quick=True)


def _rule(config: SiteConfig, today: date, preview: bool) -> tuple[SiteConfig, Publication]:
    """The config as built, and the publication rule."""
    if preview:
        # A preview is rebuilt on every edit: indexing would double that time, and editors check
        # records there, not search. The preview has no search page or box.
        config = dataclasses.replace(config, search=False)
    return config, Publication(today, config.list_unfinished, preview)


@contextmanager
def _stage(output_dir: Path, cache: BuildCache):
    """Render into a sibling folder and swap it in whole (see write.py)."""
    with build_lock(output_dir), staged_output(output_dir, cache.spare) as stage:
        cache.load_outputs(output_dir, stage)
        yield stage


def _complete(stage: Stage, config: SiteConfig) -> None:
    # (The stage may be an earlier site patched: what this build did not write goes.)
    stage.remove_unwritten()
    # Search index from the rendered pages, inside the stage so it swaps in with them.
    if config.search:
        search.index_site(stage.root)
