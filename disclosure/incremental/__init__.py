"""Everything that only saves time, behind one door: build_site here makes the same bytes as
pipeline.build_site, from the same phases, reusing what earlier builds worked out.

- documents.py: each problem file checked once, in parallel, or taken from the cache by its stat;
- engine.py: every file rendered on every core, an unchanged one (fingerprint.py) kept instead;
- spare.py: the site a build swapped out is patched into the next one;
- quick.py: after edits to records alone, only what shows those records is made again;
- cache.py and store.py: what is kept between builds, checksummed, never trusted blindly.

The pipeline knows none of this: deleting this package leaves a working (slower) build.
"""
from __future__ import annotations

import dataclasses
import itertools
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from .. import urls
from ..complaints import data as complaint_data
from ..complaints.site import complaints_digest, has_batches, public_batches
from ..content import scan_content
from ..errors import ContentError
from ..guard import has_personal_data, refuse_personal_data
from ..history import add_history, head_commit
from ..outputs import data
from ..outputs.feed import feed_output
from ..outputs.pages import issue_page, neighbours
from ..pipeline import (DATA_FILES, STATIC_DIR, BuildResult, SitePlan, copy_files, data_outputs, decide,
                        finish_stage, load_site, plan_site, shared_context)
from ..templating import make_environment, template_folders
from ..staging import Stage, build_lock
from .cache import BuildCache
from .complaints import load_batches, page_keys, unchanged_item_pages
from .documents import check_documents, content_place
from .engine import MarkdownMemo, base_digest, keep_known, keep_outputs, new_job, render_outputs
from .fingerprint import WatchedEnvironment
from .quick import Changes, Fallback, Loaded, as_built, commits_since, learn, stored_check
from .renditions import Rendition, cached
from .search_shards import KeptShards
from .spare import staged_with_spare
from .workers import collector_paused, collector_skipping_existing, default_jobs, imap_forked

# From this many listed problems the data files read each problem from the store (the cache) as they
# make its row, rather than from the model, which their process would otherwise copy (it writes to
# each object it reads: its reference count). Below this, reading each problem three times costs
# more than it saves (bench/RESULTS.md).
LARGE = 20_000


@dataclasses.dataclass(frozen=True)
class Options:
    """How to build, besides what: the arguments of pipeline.build_site, and the cache's."""

    config_path: Path
    content_dir: Path
    output_dir: Path
    today: date
    base_url: str | None = None
    templates_dir: Path | None = None
    static_dir: Path | None = None
    preview: bool = False
    jobs: int = 1
    resident: dict | None = None  # the checks of this process's last build (documents.check_documents)


def build_site(config_path: Path, content_dir: Path, output_dir: Path, today: date,
               base_url: str | None = None, templates_dir: Path | None = None,
               static_dir: Path | None = None, preview: bool = False, cache_dir: Path | None = None,
               jobs: int | None = None, resident: dict | None = None) -> BuildResult:
    """pipeline.build_site, reusing what the builds before it with cache_dir worked out.

    resident: a dict this process keeps between its builds (the preview server): the checks of the
    last build are kept there instead of read back from the cache."""
    options = Options(config_path, content_dir, output_dir, today, base_url, templates_dir, static_dir or STATIC_DIR,
                      preview,
                      jobs or default_jobs(), resident)
    cache = BuildCache.open(cache_dir)
    if cache.folder is not None:
        with collector_paused():
            result = quick_build(options, cache)
        if result is not None:
            return result
        attempt, cache = cache, BuildCache.open(cache_dir)  # (what the attempt noted is not this build's)
        attempt.store.close()
        cache.outputs_read = attempt.outputs_read  # (but what it read is: read once)
    return full_build(options, cache)


def full_build(options: Options, cache: BuildCache) -> BuildResult:
    """The pipeline's phases, each reusing what it can."""
    place, files = content_place(options.content_dir), scan_content(options.content_dir)
    # Load and validate everything first: nothing is written when anything is wrong.
    checked = check_documents(cache, options.content_dir, files, options.jobs, options.resident)
    config, content = load_site(options.config_path, options.content_dir, options.base_url, files, checked)
    # (The digest first: a batch edited while this build reads it is found changed by the next.)
    complaints = complaints_digest(options.content_dir)
    batches, batch_digests = load_batches(cache, options.content_dir)
    # The model lives as long as the build: the garbage collector need not scan it again and again.
    with collector_skipping_existing():
        git_head = head_commit(options.config_path.parent) if config.history else None
        if config.history:
            content = _add_history(cache, content, options)
        config, publication = decide(config, options.today, options.preview)
        refuse_personal_data(content, config, publication)
        content = publication.public_content(content)
        batches, complaint_rule = public_batches(batches, config, publication)
        site = plan_site(config, content, publication, batches, complaint_rule)
        with _stage(options.output_dir, cache) as stage:
            base, entries = _render(stage, site, site.outputs if len(site.rows) < LARGE or cache.folder is None else
                                    site.files + data_outputs(_stored(site.rows, cache), options.today), options,
                                    cache, (batch_digests, complaint_rule))
            copy_files(stage, cached(site.attachments, cache.folder), options.static_dir)
            _finish_stage(stage, config, cache, entries, options.jobs)
        if cache.folder is not None:
            cache.quick = _learn(content, site, cache, base, place=place, git_head=git_head,
                                 output=str(options.output_dir.absolute()), complaints=complaints)
        cache.save(stage.kept)
        return site.result


def _add_history(cache: BuildCache, content, options: Options):
    """history.add_history, with the public view of each git blob read by earlier builds."""
    views = cache.read("history.pickle")
    views = views if isinstance(views, dict) else {}
    before = set(views)  # (a blob's view never changes: new or dropped blobs are what is new)
    content = add_history(content, options.config_path.parent, options.today, views)
    cache.history = views if views.keys() != before else None
    return content


def _render(stage: Stage, site: SitePlan, outputs, options: Options, cache: BuildCache,
            batches=({}, None)) -> tuple[bytes, dict | None]:
    """Render outputs into the stage on every core, keeping each unchanged file; the base digest, and
    the rendered pages as the search index takes them (None with search off).

    batches: the digest of each complaint batch's files, and the rule for items (see complaints.py)."""
    markdown = MarkdownMemo(cache)
    env = make_environment(template_folders(options.templates_dir), cache.compiled, markdown, WatchedEnvironment)
    plans = site.shared["nav_plans"]
    base = base_digest(cache.key, env, site.shared) if cache.folder is not None else b""
    if cache.folder is not None:
        outputs = _keep_item_pages(stage, outputs, page_keys(*batches, base), cache)
    # (Records are kept packed: unpacked one at a time, never all at once.)
    texts = itertools.chain((issue.record for issue in site.published if issue.packed_record),
                            (page.body for page in site.shared["nav_pages"]))
    job = new_job(stage, outputs, env, markdown, site.shared, plans, cache, base)
    render_outputs(job, plans, texts, options.jobs, base)
    return base, job.search


def _keep_item_pages(stage: Stage, outputs: list, keys: dict, cache: BuildCache) -> list:
    """outputs without the item pages of unchanged complaint batches, which are kept as they are
    (complaints.unchanged_item_pages), unless their files are gone: those are rendered."""
    cache.complaint_pages = keys
    outputs, kept = unchanged_item_pages(outputs, keys, cache)
    missed = keep_known(stage, {path: record for path, (_, record) in kept.items()}, cache)
    return outputs + [kept[path][0] for path in missed]


def _learn(content, site: SitePlan, cache: BuildCache, base: bytes, **state):
    """What the next build needs to take the quick path (quick.learn), or None."""
    feed = next(output for output in site.files if output.path == "feed.xml").context
    # (The complaint data files too: the quick path applies only when no complaint file changed.)
    showing = {urls.issue_url(issue) for issue in site.published} | {"feed.xml", *DATA_FILES,
                                                                     *complaint_data.DATA_FILES}
    return learn(content, showing, cache.new_outputs, base=base, listed=_files(site.rows.issues),
                 feed=_files(feed["published"]), updated=feed["updated"], attachments=site.attachments,
                 counts=(site.result.pages, site.result.published, site.result.listed), **state)


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


def quick_build(options: Options, cache: BuildCache) -> BuildResult | None:
    """build_site after edits to records alone, by the quick path (see quick.py); None when it does
    not apply (nothing written then but files the full build checks before it trusts them)."""
    state = cache.read_outputs().get("quick")
    if state is None or (state.place, state.output) != (content_place(options.content_dir),
                                                         str(options.output_dir.absolute())):
        return None
    if complaints_digest(options.content_dir) != getattr(state, "complaints", None):
        return None  # a complaint batch changed: the full build redoes what shows it
    files = scan_content(options.content_dir)
    try:  # the plans without their problems: what every page but a list needs
        config, content = load_site(options.config_path, options.content_dir, options.base_url,
                                    files.without_problems())
    except ContentError:
        return None
    config, publication = decide(config, options.today, options.preview)
    markdown = MarkdownMemo(cache)
    env = make_environment(template_folders(options.templates_dir), cache.compiled, markdown, WatchedEnvironment)
    shared = shared_context(config, publication, content, has_batches(options.content_dir))
    if base_digest(cache.key, env, shared) != state.base:
        return None
    # (A photo's renditions are drawn from its pixels: no text to search.)
    if has_personal_data((source for _, source in state.attachments if not isinstance(source, Rendition)), config):
        return None  # (an attachment replaced since: the full build reports it)
    try:
        changes = _changes(state, options, files, cache, publication, config.history)
        outputs = _quick_outputs(state, changes, config, content, publication)
        redone = {output.path for output in outputs}
        with _stage(options.output_dir, cache) as stage:
            kept = {path: record for path, record in cache.outputs.items() if path not in redone}
            if not keep_outputs(stage, kept, cache):
                raise Fallback  # the output was changed since: the full build checks every file
            try:
                job = new_job(stage, outputs, env, markdown, shared, content.plans, cache, state.base)
                render_outputs(job, content.plans, (), options.jobs, state.base)
            except ContentError:
                raise Fallback from None  # the full build reports it (a quick build's plans hold no problems)
            if any(cache.new_outputs[path].deep for path in redone):
                raise Fallback  # it read a plan's problems: a quick build has none to give
            copy_files(stage, cached(state.attachments, cache.folder), options.static_dir)
            _finish_stage(stage, config, cache, job.search, options.jobs)
    except Fallback:
        return None
    cache.files, cache.quick = changes.files, changes.state
    cache.save(stage.kept, prune=False)
    return BuildResult(*state.counts, quick=True)


def _changes(state, options: Options, files, cache: BuildCache, publication, history: bool) -> Changes:
    """The problem files changed since the state's build (quick.Changes), with the 修订记录 of
    those the commits since touched read again."""
    head = head_commit(options.config_path.parent) if history else None
    repo, committed = None, set()
    if head != state.git_head:
        since = commits_since(options.config_path.parent, state, head)
        if since is None:
            raise Fallback
        repo, committed = since
    changes = Changes(state, options.content_dir, files, cache, publication, also=committed)
    if committed:
        changes.take_history(repo, head, options.today, committed)
    return changes


def _quick_outputs(state, changes: Changes, config, content, publication) -> list:
    """The changed problems' pages, the feed when it shows one of them, and the data files."""
    plans = {plan.slug: plan for plan in content.plans}
    # (Previous/next show their problems' titles, front matter: as the last build saw them.)
    listed, position = Loaded(state.listed, changes.issue), {path: index for index, path in enumerate(state.listed)}
    outputs = [issue_page(plans[issue.plan], issue, publication, config.units, neighbours(listed, position[path]))
               for path, issue in ((path, changes.issue(path)) for path in changes.found) if publication.is_shown(issue)]
    if changes.found.keys() & set(state.feed):
        outputs.append(feed_output([changes.issue(path) for path in state.feed], state.updated, content.plans,
                                   publication))
    if changes.found:
        issues, sources = changes.listed()
        outputs += data_outputs(data.IssueRows(issues, publication, config.base_url, sources), publication.today)
    return outputs


def _finish_stage(stage: Stage, config, cache: BuildCache, entries: dict | None, jobs: int) -> None:
    """pipeline.finish_stage, keeping the search shards whose pages did not change (search_shards.py),
    the shards to index again indexed on every core. entries: the rendered pages as the search index
    takes them."""
    shards = KeptShards(cache) if cache.folder is not None and config.search else None
    finish_stage(stage, config, shards, entries,
                 lambda function, items: imap_forked(function, items, jobs, parallel_from=2))
    if shards is not None:
        shards.save()


@contextmanager
def _stage(output_dir: Path, cache: BuildCache):
    """Render into the spare (or a new sibling folder) and swap it in whole (see spare.py)."""
    with build_lock(output_dir), staged_with_spare(output_dir, cache.spare) as stage:
        cache.load_outputs(output_dir, stage)
        yield stage
