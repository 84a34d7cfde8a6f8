"""The build, top to bottom: load, validate, decide, render, write."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from . import urls
from .config import SiteConfig, load_config
from .content import Content, load_content
from .errors import ContentError, Problem, display_path
from .outputs import data
from .pages import all_pages
from .publishing import Publication
from .render import make_environment
from .write import Stage, build_lock, staged_output


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
        raise ContentError([Problem(f"templates/{template}", None, f"template error: {error}")]) from None


def render_site(stage: Stage, config: SiteConfig, content: Content, publication: Publication,
                templates_dir: Path, static_dir: Path) -> BuildResult:
    """Render every page and output file into the stage folder."""
    env = make_environment(templates_dir)
    shared = {"config": config, "rule": publication, "today": publication.today, "urls": urls,
              "nav_plans": content.plans, "nav_pages": content.pages}
    count = 0
    # Pages: one per spec, each told its own path so its links can be relative.
    for spec in all_pages(content, publication, config.notice_period_days):
        stage.write(spec.path, _render(env, spec.template, {**shared, **spec.context, "page_path": spec.path}))
        count += 1
    # Attachments of shown problems only: an unpublished problem's files never leave the content folder.
    for issue in publication.published(content):
        for attachment in issue.attachments:
            stage.copy(urls.attachment_url(issue, attachment), attachment.source_path)
    # Feed, sitemap and robots.txt.
    published = publication.published(content)
    updated = max((i.updated_on or i.published_on or publication.today for i in published), default=publication.today)
    for name in ("feed.xml", "sitemap.xml", "robots.txt"):
        stage.write(name, _render(env, name, {**shared, "page_path": name, "published": published,
                                              "updated": updated,
                                              "plans": content.plans}))
    # Data downloads.
    rows = data.issue_rows(content, publication, config.base_url)
    stage.write("data/issues.json", data.render_json(rows))
    stage.write("data/issues.csv", data.render_csv(rows))
    # Static files, copied as they are.
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        stage.copy("static/" + path.relative_to(static_dir).as_posix(), path)
    return BuildResult(pages=count, published=len(published), listed=len(rows))


def build_site(config_path: Path, content_dir: Path, output_dir: Path, today: date,
               base_url: str | None = None, templates_dir: Path | None = None,
               static_dir: Path | None = None, preview: bool = False) -> BuildResult:
    """Build the whole site into output_dir; on any problem raise and leave output_dir as it was."""
    root = Path(__file__).resolve().parent.parent
    templates_dir = templates_dir or root / "templates"
    static_dir = static_dir or root / "static"
    # Load and validate everything first: nothing is written when anything is wrong.
    config, content = load_site(config_path, content_dir, base_url)
    # Decide, once, what is public on the build date.
    publication = Publication(today, config.list_unfinished, preview)
    # Render into a sibling folder and swap it in whole.
    with build_lock(output_dir), staged_output(output_dir) as stage:
        return render_site(stage, config, content, publication, templates_dir, static_dir)
