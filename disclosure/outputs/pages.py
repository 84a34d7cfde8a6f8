"""The site's HTML pages: which exist, at which path, from which template and data.

Every listed problem gets a page (all of them when list_unfinished, the default; else the published
ones): the plan's own fields, phase, deadline history and overdue days for every one, the record and
all that goes with it only for those the publication rule shows. Each function yields Outputs
(path, template name, context) in a fixed order.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .. import urls
from ..model import Content, Issue, Plan
from ..lifecycle import CLOSED, IN_NOTICE
from ..photos import pairs
from ..publishing import Publication
from ..counts import by_category, count
from ..units import issues_of, units_of
from . import Output, browse, data
from ..complaints import data as complaint_data


def _leaders(content: Content, publication: Publication) -> dict[str, list[Issue]]:
    found = defaultdict(list)
    for plan in content.plans:
        for issue in publication.listed(plan):
            if issue.leader:
                found[issue.leader].append(issue)
    return dict(sorted(found.items()))


def home_pages(content: Content, publication: Publication, latest: int = 10):
    plans = [(plan, count(plan.issues, publication)) for plan in content.plans]
    yield Output("index.html", "index.html", {
        "column": "首页", "plans": plans, "latest": publication.published(content)[:latest]})


def plan_pages(content: Content, publication: Publication, units=()):
    for plan in content.plans:
        categories = by_category(plan, publication)
        yield Output(urls.plan_url(plan.slug), "plan.html", {
            "column": plan.title, "plan": plan, "tally": count(plan.issues, publication),
            "categories": categories, "issues": publication.listed(plan), "views": browse.VIEWS,
            "units": units})
        for category, issues, tally in categories:
            yield Output(urls.category_url(plan.slug, category.number), "category.html", {
                "column": plan.title, "plan": plan, "category": category, "tally": tally,
                "issues": [i for i in issues if publication.is_listed(i)]})


@dataclass(frozen=True)
class IssueLink:
    """A link to another problem's page: what previous/next show of it (never its record)."""

    number: int
    title: str
    path: str


def neighbours(listed: Sequence[Issue], index: int) -> tuple[IssueLink | None, IssueLink | None]:
    """The problems before and after listed[index] in its plan (listed: problems with pages, in order)."""
    here = listed[index]
    found = []
    for other in (index - 1, index + 1):
        issue = listed[other] if 0 <= other < len(listed) else None
        found.append(IssueLink(issue.number, issue.title, urls.issue_url(issue))
                     if issue is not None and issue.plan == here.plan else None)
    return found[0], found[1]


def issue_pages(content: Content, publication: Publication, units=()):
    """A page for every listed problem (see the module's docstring)."""
    for plan in content.plans:
        listed = publication.listed(plan)
        for index, issue in enumerate(listed):
            yield issue_page(plan, issue, publication, units, neighbours(listed, index))


def issue_page(plan: Plan, issue: Issue, publication: Publication, units=(), around=(None, None)) -> Output:
    """A listed problem's page (its plan is read for its own fields only); around: neighbours()."""
    category = next(category for category in plan.categories if category.number == issue.category)
    return Output(urls.issue_url(issue), "issue.html", {
        "column": plan.title, "plan": plan, "issue": issue, "category": category,
        "units": units_of(issue, units), "published": publication.is_published(issue),
        "phase": publication.phase(issue), "notice": publication.window(issue), "photo_rows": pairs(issue.photos),
        "previous": around[0], "next": around[1]})


def notice_pages(content: Content, publication: Publication, recent: int = 20):
    """公示栏: the notices open on the build date (soonest to end first) and the newest 销号."""
    shown = [issue for issue in publication.published(content) if publication.is_published(issue)]
    open_now = sorted((i for i in shown if publication.phase(i) == IN_NOTICE),
                      key=lambda i: (publication.window(i).end, i.plan, i.number))
    closed = sorted((i for i in shown if publication.phase(i) == CLOSED),
                    key=lambda i: (-i.lifecycle.closed_on.toordinal(), i.plan, i.number))
    yield Output("notices.html", "notices.html", {
        "column": "公示栏", "open": open_now, "closed": closed[:recent],
        "plans": {plan.slug: plan for plan in content.plans}})


def leader_pages(content: Content, publication: Publication):
    leaders = _leaders(content, publication)
    plans = {plan.slug: plan for plan in content.plans}
    yield Output("leaders/index.html", "leaders.html", {
        "column": "督办领导", "leaders": [(name, count(issues, publication)) for name, issues in leaders.items()]})
    for name, issues in leaders.items():
        yield Output(urls.leader_url(name), "leader.html", {
            "column": "督办领导", "leader": name, "issues": issues, "plans": plans,
            "tally": count(issues, publication)})


def overdue_pages(content: Content, publication: Publication):
    issues = [i for plan in content.plans for i in publication.listed(plan) if publication.is_overdue(i)]
    issues.sort(key=lambda i: (i.current_deadline.date, i.plan, i.number))
    yield Output("overdue.html", "overdue.html", {
        "column": "逾期问题", "issues": issues, "plans": {plan.slug: plan for plan in content.plans}})


def unit_pages(content: Content, publication: Publication, units):
    """units/index.html with each configured unit's tally, and one page per unit (when configured)."""
    if not units:
        return
    listed = [i for plan in content.plans for i in publication.listed(plan)]
    plans = {plan.slug: plan for plan in content.plans}
    found = [(unit, issues_of(unit, listed)) for unit in units]
    yield Output("units/index.html", "units.html", {
        "column": "责任单位", "units": [(unit, count(issues, publication)) for unit, issues in found]})
    for unit, issues in found:
        yield Output(urls.unit_url(unit.name), "unit.html", {
            "column": "责任单位", "unit": unit, "issues": issues, "plans": plans,
            "tally": count(issues, publication)})


def tool_pages(search: bool):
    """The search page (only when the site has a search index) and the data downloads page."""
    if search:
        yield Output("search.html", "search.html", {"column": "搜索"})
    yield Output("data/index.html", "data.html", {"column": "数据下载", "columns": data.COLUMN_NOTES,
                                                  "complaint_columns": complaint_data.COLUMN_NOTES})


def static_pages(content: Content):
    for page in content.pages:
        yield Output(urls.page_url(page.slug), "page.html", {"column": page.title, "page": page})
    yield Output("404.html", "404.html", {"column": "页面未找到"})


def all_pages(content: Content, publication: Publication, units=(), search: bool = False):
    """Every HTML page of the site, in a fixed order."""
    yield from home_pages(content, publication)
    yield from plan_pages(content, publication, units)
    yield from browse.status_pages(content, publication)
    yield from issue_pages(content, publication, units)
    yield from notice_pages(content, publication)
    yield from leader_pages(content, publication)
    yield from unit_pages(content, publication, units)
    yield from overdue_pages(content, publication)
    yield from tool_pages(search)
    yield from browse.guide_pages(content, units, search)
    yield from static_pages(content)
