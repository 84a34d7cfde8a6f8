"""The Jinja environment every page is rendered in, and template errors as editors read them."""
from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from pathlib import Path

import jinja2

from .bounded import RecordTooSlow, source_of
from .errors import ContentError, Diagnostic, display_path
from .markup import render_markdown
from .lifecycle import PHASE_LABELS
from .photos import photo_label, photo_url, resolve_images
from .i18n import _
from .site_links import phone_link, police_record_url

@jinja2.pass_context
def _relative_url(context, target: str) -> str:
    """A link from the page being rendered to a site path, so the site works from any sub-path or disk."""
    return _relative_path(target or "index.html", posixpath.dirname(context["page_path"]) or ".")


@jinja2.pass_context
def _photo_links(context, html: str, issue) -> str:
    """A record's images that name one of its photos, pointed at the published photo."""
    return resolve_images(html, issue, posixpath.dirname(context["page_path"])) if issue.photos else html


@functools.lru_cache(maxsize=4096)
def _relative_path(target: str, start: str) -> str:
    relative = posixpath.relpath(target, start)
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def make_environment(templates_dir: Path | list[Path], compiled: jinja2.BytecodeCache | None = None,
                     markdown: Callable[[str], str] = render_markdown,
                     environment: type[jinja2.Environment] = jinja2.Environment) -> jinja2.Environment:
    """A strict Jinja environment: a missing variable is an error, not an empty string.

    Given several folders, a template is taken from the first that has it. Each build makes its own
    environment: templates are not checked for changes while it renders (a check on every page).
    compiled: where to keep compiled templates for the next build (incremental.cache.CompiledTemplates);
    Jinja compiles a template again when its source changed. markdown and environment: the
    converter and the Environment class, for a build that watches what its pages read (incremental/).
    """
    env = environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=compiled,
        auto_reload=False,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = _relative_url
    env.filters["markdown"] = markdown
    env.filters["photo_links"] = _photo_links
    # (The phases and their labels, for a legend: lifecycle.py defines them once.)
    env.globals.update(photo_url=photo_url, photo_label=photo_label, phase_labels=PHASE_LABELS, phone_link=phone_link)
    env.filters["police_record_url"] = police_record_url
    env.filters["cn_date"] = lambda d: f"{d.year}年{d.month}月{d.day}日" if d else ""
    return env


def template_folders(templates_dir: Path | None) -> list[Path]:
    """A site's own templates folder, whose templates override the built-in ones of the same name."""
    builtin = Path(__file__).resolve().parent.parent / "templates"
    return [templates_dir, builtin] if templates_dir else [builtin]


def render_template(env: jinja2.Environment, template: str, context: dict) -> str:
    """A template rendered; a template's mistake as a ContentError naming its file and line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise ContentError([Diagnostic(display_path(error.filename or template), error.lineno,
                                       _("template error: {reason}", reason=error.message))]) from None
    except jinja2.TemplateError as error:
        path, line = _template_place(error, template)
        raise ContentError([Diagnostic(path, line, _("template error: {reason}", reason=error))]) from None
    except ContentError:
        raise
    except RecordTooSlow as error:
        source = source_of(error.text, context)
        raise ContentError([Diagnostic(display_path(source) if source else f"templates/{template}", None,
                                       _("the record cannot be rendered in {seconds} seconds",
                                         seconds=f"{error.seconds:g}"),
                                       hint=_("simplify its Markdown: many unclosed '<' or '[' make it take minutes"))
                                       ]) from None
    except Exception as error:  # a template's own mistake, such as {{ count / 0 }}
        path, line = _template_place(error, template)
        if line is None:  # not raised in a template: ours, with its traceback
            raise
        raise ContentError([Diagnostic(path, line, _("template error: {reason}",
                                                     reason=f"{type(error).__name__}: {error}"))]) from None


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
