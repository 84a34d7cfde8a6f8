"""site_config.yaml -> SiteConfig: every setting typed, with what it means beside it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from .clock import DEFAULT_TIME_ZONE, is_time_zone
from .complaints.model import DEFAULT_LISTED, read_listed_fields
from .errors import ContentError, Diagnostic, did_you_mean, display_path
from .frontmatter import ReadError, parse_yaml, read_text
from .lifecycle_fields import DAY_KINDS
from .textclean import clean_text
from .i18n import _
from .unit_groups import group_units, read_unit_groups


@dataclass(frozen=True)
class Unit:
    """A responsible unit for per-unit views: its name and the other ways plans write it."""

    name: str
    aliases: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # the unit_groups phrases that stand for this unit among others ('各县市区')


@dataclass(frozen=True)
class SiteConfig:
    title: str
    """The site's name, shown in every page header and in the SiteName meta tag."""
    office: str
    """The office that publishes the disclosure (shown as the source of every page)."""
    base_url: str = ""
    """Absolute address the site is served from, e.g. https://www.example.gov.cn/gongkai/.
    Optional: pages link relatively; the feed and sitemap need it for absolute links."""
    language: str = "zh-CN"
    """The pages' language, for <html lang>."""
    sponsor: str = ""
    """主办单位, shown in the footer."""
    address: str = ""
    """The office's postal address (footer)."""
    phone: str = ""
    """The office's phone number (footer)."""
    site_id_code: str = ""
    """网站标识码 (footer and the SiteIDCode meta tag)."""
    icp_record: str = ""
    """ICP备案号 (footer)."""
    police_record: str = ""
    """公安机关备案号 (footer)."""
    notice_period_days: int = 7
    """公示期: how many days from publication the public may object (the first and last day included)."""
    notice_day_kind: str = "calendar"
    """How the 公示期 counts days: calendar (自然日) or working (工作日: China's holidays and 调休 known)."""
    objection_phone: str = ""
    """社会监督电话 for objections during the notice period."""
    objection_email: str = ""
    """社会监督邮箱 for objections during the notice period."""
    objection_address: str = ""
    """来信地址 for objections during the notice period."""
    publish_progress: bool = False
    """Whether unfinished problems' progress notes and 序时进度 are public (整改进展清单)."""
    list_unfinished: bool = True
    """Whether unfinished problems are listed (plan fields and status only, never their record)."""
    notice: str = ""
    """A notice shown on every page, e.g. '示例数据' for a demonstration site."""
    search: bool = True
    """Whether to build the search index (outputs/search.py)."""
    history: bool = True
    """Whether published pages show 修订记录 from the content repository's git history."""
    units: tuple[Unit, ...] = field(default=())
    """Optional: responsible units with aliases, to group problems per unit."""
    unit_groups: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    """Optional: a phrase plans write for several units at once ('各县市区') -> the configured units it
    stands for; a problem whose responsible text holds the phrase counts for each of them."""
    correction_url: str = ""
    """我要纠错: where readers report a mistake on the site (default: the 联系我们 page)."""
    conac_url: str = ""
    """党政机关 identification (开办者标识) address; the footer shows the 党政机关 badge linking to it."""
    public_contacts: tuple[str, ...] = field(default=())
    """Phone numbers, e-mail addresses and names the site publishes on purpose (an official's office
    phone): the personal-data check (privacy.py) allows them everywhere, as it allows phone,
    objection_phone, objection_email, 12345 and 12369."""
    complaint_publish_interim: bool = False
    """Whether complaint items 阶段性办结 publish their results like 已办结 ones (complaints/rule.py)."""
    complaint_listed_fields: tuple[str, ...] = DEFAULT_LISTED
    """What of a complaint item is listed before its results are public: some of case_number,
    received_on, region, pollution_type, summary, verified, status (its 序号 always)."""
    timezone: str = DEFAULT_TIME_ZONE
    """The site's time zone (an IANA name): the build date is today's date there, whatever the
    machine's own zone (a runner in UTC would publish a day early or late)."""


_TEXT_FIELDS = {f.name for f in fields(SiteConfig)} - {"notice_period_days", "list_unfinished", "search", "history", "units",
                                                 "publish_progress", "public_contacts", "unit_groups",
                                                 "complaint_publish_interim", "complaint_listed_fields"}
_BOOLEANS = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}


def _read_bool(value, name, problem):
    if isinstance(value, str) and value.lower() in _BOOLEANS:
        return _BOOLEANS[value.lower()]
    problem(name, _("'{value}' is not true or false", value=value))
    return True


def _read_units(value, problem) -> tuple[Unit, ...]:
    if not isinstance(value, list):
        problem("units", _("must be a list of units, each with a 'name' and optional 'aliases'"))
        return ()
    units = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            units.append(Unit(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                problem("units", _("unit {number}: aliases must be a list of names", number=index + 1),
                        (index, "aliases"))
                aliases = []
            units.append(Unit(item["name"], tuple(aliases)))
        else:
            problem("units", _("unit {number} needs a 'name'", number=index + 1), (index,))
    return tuple(units)


def _read_setting(name: str, value, values: dict, problem) -> None:
    """One known setting into values, or its problem noted."""
    if name in _TEXT_FIELDS:
        if isinstance(value, str):
            values[name] = clean_text(value.strip())
        else:
            problem(name, _("must be text"))
    elif name == "notice_period_days":
        if isinstance(value, str) and re.fullmatch(r"\d{1,4}", value):
            values[name] = int(value)
        else:
            problem(name, _("'{value}' is not a number of days", value=value))
    elif name == "units":
        values[name] = _read_units(value, problem)
    elif name == "unit_groups":
        values[name] = read_unit_groups(value, problem)
    elif name == "public_contacts":
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            values[name] = tuple(item.strip() for item in value)
        else:
            problem(name, _("must be a list of numbers, addresses or names ('- ...' lines)"))
    elif name == "complaint_listed_fields":
        values[name] = read_listed_fields(value, lambda message: problem(name, message))
    else:
        values[name] = _read_bool(value, name, problem)


def _read_day_kind(kind: str, problem) -> str:
    if kind not in DAY_KINDS:
        problem("notice_day_kind", _("'{kind}' is not calendar or working", kind=kind))
    return DAY_KINDS.get(kind, "calendar")


def load_config(path: Path, base_url: str | None = None) -> SiteConfig:
    """Read and validate site_config.yaml; raise ContentError listing every problem."""
    shown = display_path(path)
    if not path.is_file():
        raise ContentError([Diagnostic(shown, None, _("the site configuration file does not exist"),
                                       hint=_("pass --config or create site_config.yaml"))])
    try:
        data, lines = parse_yaml(read_text(path, shown), shown)
    except ReadError as error:
        raise ContentError([error.problem]) from None
    if not isinstance(data, dict):
        raise ContentError([Diagnostic(shown, 1, _("the configuration must be 'setting: value' lines"))])
    problems: list[Diagnostic] = []

    def problem(name, message, sub=(), hint=None):
        line = lines.get((name,) + tuple(sub), lines.get((name,), 1))
        problems.append(Diagnostic(shown, line, message, field=name, hint=hint))

    values = _typed_values(data, lines, shown, problems, problem)
    if base_url is not None:
        values["base_url"] = base_url
    _check_values(values, problems, problem, shown)
    if problems:
        raise ContentError(problems)
    url = values.get("base_url", "")
    if url and not url.endswith("/"):
        values["base_url"] = url + "/"
    return SiteConfig(**values)


def _typed_values(data: dict, lines: dict, shown: str, problems: list, problem) -> dict:
    """Each known setting's value, typed; each unknown or mistyped one noted."""
    known = {f.name for f in fields(SiteConfig)}
    values = {}
    for name, value in data.items():
        if name not in known:
            problems.append(Diagnostic(shown, lines.get((name,)), _("'{name}' is not a setting", name=name),
                                       hint=did_you_mean(name, known)))
        else:
            _read_setting(name, value, values, problem)
    return values


def _check_values(values: dict, problems: list, problem, shown: str) -> None:
    """The checks across settings: what is required, the day kind, the time zone, the site's address."""
    for required in ("title", "office"):
        if not values.get(required) and required not in {p.field for p in problems}:
            problems.append(Diagnostic(shown, 1, _("is required"), field=required))
    values["notice_day_kind"] = _read_day_kind(values.get("notice_day_kind", "calendar"), problem)
    if "timezone" in values and not is_time_zone(values["timezone"]):
        problem("timezone", _("'{value}' is not a time zone", value=values["timezone"]),
                hint=_("write it like {example}", example="Asia/Shanghai"))
    if values.get("unit_groups"):
        values["units"] = group_units(values.get("units", ()), values["unit_groups"], problem)
    url = values.get("base_url", "")
    if url and not re.match(r"https?://[^\s/]+", url):
        problem("base_url", _("'{url}' is not an http(s) address", url=url),
                hint=_("write it like {example}", example="https://www.example.gov.cn/gongkai/"))
