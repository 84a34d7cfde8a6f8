"""The build, top to bottom: load, validate, decide, render, write.

This is the whole of what a build means. Nothing here only saves time: the cache, workers and the
quick path live in incremental/, which wraps these same phases and gives the same bytes.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from . import urls
from .complaints.model import Batch
from .complaints.rule import ComplaintRule
from .complaints.site import complaint_outputs, load_batches, public_batches
from .config import SiteConfig, load_config
from .content import ContentFiles, load_content
from .model import Content
from .attachments import AttachmentRefused, check_attachment_file
from .errors import ContentError, Diagnostic, display_path
from .guard import refuse_personal_data
from .history import add_history
from .lifecycle import NoticeRule, check_lifecycle, issue_files
from .outputs import Output, data, search, xlsx
from .outputs.feed import feed_output, last_updated
from .outputs.pages import all_pages
from .outputs.robots import robots_output
from .outputs.sitemap import complaint_entries, sitemap_outputs
from .photos import Rendition, renditions
from .publishing import Publication
from .templating import make_environment, render_template, template_folders
from .staging import Stage, build_lock, staged_output

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DATA_FILES = ("data/issues.xlsx", "data/issues.csv", "data/issues.json")


@dataclass(frozen=True)
class BuildResult:
    pages: int
    published: int
    listed: int
    quick: bool = False  # made by the quick path (incremental/quick.py); the command line says so


@dataclass(frozen=True)
class SitePlan:
    """Every file of the site, decided: what the render and write phases make."""

    files: list[Output]  # the pages, then feed, sitemap and robots.txt, then the complaint pages and data files
    rows: data.IssueRows  # the data files' rows
    published: list  # the problems shown on the build date, newest first
    attachments: tuple[tuple[str, Path], ...]  # (site path, source file) of each published attachment
    shared: dict  # what every page is rendered with
    result: BuildResult

    @property
    def outputs(self) -> list[Output]:
        """Every file to render: the files, then the data files."""
        return self.files + data_outputs(self.rows, self.rows.publication.today)


def build_site(config_path: Path, content_dir: Path, output_dir: Path, today: date,
               base_url: str | None = None, templates_dir: Path | None = None,
               static_dir: Path | None = None, preview: bool = False) -> BuildResult:
    """Build the whole site into output_dir; on any problem raise and leave output_dir as it was."""
    # Load and validate everything first: nothing is written when anything is wrong.
    config, content = load_site(config_path, content_dir, base_url)
    # Complaint batches (content/complaints/), the site's second content type.
    batches = load_batches(content_dir)
    # 修订记录 from committed git history (none outside a content repository).
    if config.history:
        content = add_history(content, config_path.parent, today, {})
    # Decide, once, what is public on the build date, and leave the rest out of the model.
    config, publication = decide(config, today, preview)
    # No personal data in anything public on the build date (everything, in a preview).
    refuse_personal_data(content, config, publication)
    content = publication.public_content(content)
    # The same for complaint items: each as public on the build date (complaints/rule.py), no personal data.
    batches, complaint_rule = public_batches(batches, config, publication)
    # Render every file into a sibling folder, then swap it in whole.
    site = plan_site(config, content, publication, batches, complaint_rule)
    env = make_environment(template_folders(templates_dir))
    with build_lock(output_dir), staged_output(output_dir) as stage:
        for output in site.outputs:
            write_output(stage, env, site.shared, output)
        copy_files(stage, site.attachments, static_dir or STATIC_DIR)
        finish_stage(stage, config)
    return site.result


def load_site(config_path: Path, content_dir: Path, base_url: str | None = None,
              files: ContentFiles | None = None, checked: dict | None = None) -> tuple[SiteConfig, Content]:
    """Read and validate config and content together, so every problem is reported at once.

    files and checked: see content.load_content."""
    problems: list[Diagnostic] = []
    config = content = None
    try:
        config = load_config(config_path, base_url)
    except ContentError as error:
        problems += error.problems
    try:
        content = load_content(content_dir, files, checked)
    except ContentError as error:
        problems += error.problems
    if config is not None and content is not None:
        problems += check_lifecycle(content, NoticeRule(config.notice_period_days, config.notice_day_kind))
    if problems:
        raise ContentError(problems)
    return config, content


def decide(config: SiteConfig, today: date, preview: bool) -> tuple[SiteConfig, Publication]:
    """The config as built, and the publication rule for the build date."""
    if preview:
        # A preview is rebuilt on every edit, and editors check records there, not search: the
        # preview has no search index, page or box.
        config = dataclasses.replace(config, search=False)
    rule = NoticeRule(config.notice_period_days, config.notice_day_kind)
    return config, Publication(today, config.list_unfinished, preview, rule, config.publish_progress)


def plan_site(config: SiteConfig, content: Content, publication: Publication, batches: list[Batch] = (),
              complaint_rule: ComplaintRule | None = None) -> SitePlan:
    """Every file of the site, from the public content (and the public complaint batches)."""
    # Pages: one per spec, each told its own path so its links can be relative.
    outputs = list(all_pages(content, publication, config.units, config.search))
    complaints = complaint_outputs(list(batches), complaint_rule, config.base_url) if batches else []
    pages = len(outputs) + sum(output.function is None for output in complaints)
    published = publication.published(content)
    # Attachments of shown problems only: an unpublished problem's files never leave the content folder.
    attachments = tuple((urls.attachment_url(issue, attachment), attachment.source_path)
                        for issue in published for attachment in issue_files(issue))
    attachments += tuple(rendition for issue in published for rendition in renditions(issue))
    updated = last_updated(published, publication.today)
    unpublished = [issue for plan in content.plans for issue in publication.listed(plan) if not publication.is_shown(issue)]
    complaint_pages = complaint_entries(complaints, complaint_rule.is_published) if batches else ()
    outputs += [feed_output(published, updated, content.plans, publication),
                *sitemap_outputs(published, publication.today, content.plans, unpublished, complaint_pages, config.base_url),
                robots_output(updated, content.plans), *complaints]
    rows = data.issue_rows(content, publication, config.base_url)
    return SitePlan(outputs, rows, published, attachments, shared_context(config, publication, content, bool(batches)),
                    BuildResult(pages=pages, published=len(published), listed=len(rows)))


def data_outputs(rows: data.IssueRows, today: date) -> list[Output]:
    """The data downloads, longest to make first."""
    return [Output(path, function=function, args=args) for path, function, args in zip(DATA_FILES, (
        xlsx.write_xlsx, data.write_csv, data.write_json), ((rows, today), (rows,), (rows,)))]


def shared_context(config: SiteConfig, publication: Publication, content: Content, complaints: bool = False) -> dict:
    """What every page is rendered with. complaints: whether the site has complaint batches."""
    return {"config": config, "rule": publication, "today": publication.today, "urls": urls,
            "nav_plans": content.plans, "nav_pages": content.pages, "nav_complaints": complaints}


def write_output(stage: Stage, env: jinja2.Environment, shared: dict, output: Output) -> None:
    """Render one file into the stage."""
    if output.template is not None:
        stage.write(output.path, render_template(env, output.template,
                                                 {**shared, **output.context, "page_path": output.path}))
    else:
        stage.claim(output.path)  # (two outputs on one path are an error)
        with stage.create(output.path) as out:
            output.function(out, *output.args)


def copy_files(stage: Stage, attachments, static_dir: Path) -> None:
    """Attachments (site path, source file), and the static files, copied as they are."""
    for relative, source in attachments:
        path = source.source if isinstance(source, Rendition) else source
        try:  # (the file may have been replaced since its problem file was read: the rule again)
            check_attachment_file(path)
        except AttachmentRefused as error:
            raise ContentError([Diagnostic(display_path(path), None, error.message, field="attachments",
                                           hint=error.hint)]) from None
        if isinstance(source, Rendition):
            stage.write(relative, source.data())  # a photo, drawn again without its metadata
        else:
            stage.copy(relative, source)
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        stage.copy("static/" + path.relative_to(static_dir).as_posix(), path)


def finish_stage(stage: Stage, config: SiteConfig, shards: search.ShardReuse | None = None,
                 entries: dict | None = None, mapper=map) -> None:
    """The last steps before the swap. shards: earlier builds' search shards a rebuild may keep;
    entries: pages as the search index takes them, made when they were rendered; mapper: how the
    index maps its work over pages and shards (map, or over every core)."""
    # (The stage may be an earlier site patched: what this build did not write goes.)
    stage.remove_unwritten(spared=search.BUNDLE if config.search else None)  # (its bundles: see search.py)
    # Search index from the rendered pages, inside the stage so it swaps in with them.
    if config.search:
        search.index_site(stage.root, shards, entries, mapper)
