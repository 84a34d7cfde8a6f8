"""Pages that let a reader find their way without JavaScript: each plan's problems by phase (the
filter form on the plan page only narrows the same list in place), the legend of the phases, the
HTML site map (网站地图) and 联系我们.

The phase pages list exactly the problems the plan page counts in each phase, so the counts on
home, plan page, these pages, the filter and the data files are one number (tests/test_site_pages.py).
"""
from __future__ import annotations

from .. import urls
from ..counts import count
from ..lifecycle import CLOSED, IN_NOTICE, NOTICE_ENDED, PHASE_LABELS
from ..model import IN_PROGRESS, NOT_STARTED, Content
from ..publishing import Publication
from . import Output

FINISHED_PHASES = (IN_NOTICE, NOTICE_ENDED, CLOSED)
# (key, label, phases, the Tally field that counts them): 办理到位 is the three phases after the work.
VIEWS = (
    ("not started", PHASE_LABELS[NOT_STARTED], (NOT_STARTED,), "not_started"),
    ("in progress", PHASE_LABELS[IN_PROGRESS], (IN_PROGRESS,), "in_progress"),
    ("done", "办理到位", FINISHED_PHASES, "finished"),
    ("in notice", PHASE_LABELS[IN_NOTICE], (IN_NOTICE,), "in_notice"),
    ("notice ended", PHASE_LABELS[NOTICE_ENDED], (NOTICE_ENDED,), "notice_ended"),
    ("closed", PHASE_LABELS[CLOSED], (CLOSED,), "closed"),
)


def status_pages(content: Content, publication: Publication):
    """plans/<slug>/status/<phase>.html: a plan's listed problems in one phase (or all of 办理到位)."""
    for plan in content.plans:
        listed = publication.listed(plan)
        for key, label, phases, _ in VIEWS:
            issues = [issue for issue in listed if publication.phase(issue) in phases]
            yield Output(urls.status_url(plan.slug, key), "status.html", {
                "column": plan.title, "plan": plan, "view": key, "label": label, "views": VIEWS,
                "issues": issues, "tally": count(plan.issues, publication)})


def guide_pages(content: Content, units=(), search: bool = False):
    """The legend of the phases, the HTML site map and 联系我们."""
    yield Output("phases.html", "phases.html", {"column": "阶段说明", "views": VIEWS})
    yield Output("sitemap.html", "sitemap.html", {"column": "网站地图", "views": VIEWS, "units": units,
                                                  "search": search})
    yield Output("contact.html", "contact.html", {"column": "联系我们"})
