"""Deterministic synthetic disclosure sites for the benchmark: N problems across several plans.

The same (size, seed) always gives the same files, so timings from different runs and machines
build the same corpus. Text is Chinese of realistic length; records carry paragraphs, a list and a
table; about 70% of problems are done and published on the build date.
"""
from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2021, 1, 1)
CATEGORIES = 8
_PLACES = ["雁峰区", "石鼓区", "蒸湘区", "珠晖区", "南岳区", "衡阳县", "衡南县", "衡山县", "衡东县", "祁东县",
           "耒阳市", "常宁市", "高新区", "松木经开区", "白沙工业园"]
_UNITS = ["市生态环境局", "市住房城乡建设局", "市自然资源和规划局", "市水利局", "市农业农村局", "市城管和综合执法局",
          "市工业和信息化局", "市交通运输局", "市林业局", "市卫生健康委"]
_LEADERS = ["刘正兴", "彭玉明", "王建国", "李红梅", "张志强", "陈立新", "杨晓东", "赵丽华", "周建平", "吴海燕",
            "郑国庆", "孙志刚", "黄文斌", "何静", "罗小军", "高明亮", "林芳", "梁宏伟", "宋佳", "唐晓峰"]
_SUBJECTS = ["餐饮油烟污染", "城区黑臭水体", "饮用水水源保护区违法建筑", "页岩砖厂大气污染", "尾矿库环境风险",
             "非法采砂", "垃圾填埋场渗滤液", "工业园区污水处理厂", "畜禽养殖污染", "重金属历史遗留废渣",
             "建筑工地扬尘", "散煤燃烧", "自然保护区违规采矿", "河道非法排污口", "危险废物贮存"]
_CLAUSES = ["群众反映强烈且长期没有得到有效解决", "整改推进不力、监管不到位", "存在敷衍整改、表面整改的情况",
            "相关部门履职不到位，审批把关不严", "环境风险隐患突出，周边群众投诉较多", "治理设施建设滞后，运行不稳定",
            "执法检查流于形式，违法行为反复出现", "历史遗留问题较多，治理资金不足"]
_ACTIONS = ["开展专项排查整治", "建立问题清单和责任清单", "落实网格化监管责任", "完成治理设施提质改造",
            "依法关停取缔违法企业", "组织第三方开展环境监测", "加强执法巡查和联合执法", "建立长效管理机制",
            "完成生态修复和复绿", "督促企业落实主体责任", "开展整改情况“回头看”", "向社会公开整改进展"]
_RESULTS = ["经现场核查，整改措施已全部落实到位", "监测结果显示各项指标稳定达标", "群众满意度明显提升",
            "相关责任人已按规定追责问责", "已建立长效监管机制并持续运行", "经市整改办组织验收，同意销号"]


@dataclass(frozen=True)
class Corpus:
    """Where a generated site is, and what it holds."""

    root: Path
    config: Path
    content: Path
    today: date
    size: int
    published: int
    edit_path: Path  # a published problem the benchmark edits between rebuilds


def _sentence(rng: random.Random, subject: str) -> str:
    place, unit = rng.choice(_PLACES), rng.choice(_UNITS)
    return (f"{place}{unit}针对{subject}问题，{rng.choice(_ACTIONS)}，{rng.choice(_ACTIONS)}，"
            f"共出动执法人员{rng.randint(20, 400)}人次，检查点位{rng.randint(5, 200)}个，"
            f"{rng.choice(_RESULTS)}。")


def _record(rng: random.Random, subject: str, completed: date) -> str:
    """A resolution record: three to five paragraphs, a list and a small table (about 1,000 characters)."""
    paragraphs = ["".join(_sentence(rng, subject) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 5))]
    steps = [f"{i}. {rng.choice(_ACTIONS)}：{_sentence(rng, subject)}" for i in range(1, rng.randint(3, 5) + 1)]
    rows = [f"| {rng.choice(_PLACES)} | {rng.randint(1, 60)} | {rng.randint(1, 60)} | {rng.choice(_RESULTS)} |"
            for _ in range(rng.randint(3, 6))]
    return "\n\n".join([
        paragraphs[0],
        "## 主要措施",
        "\n".join(steps),
        *paragraphs[1:-1],
        "## 整改成效",
        "| 地区 | 排查问题（个） | 完成整改（个） | 核查结论 |\n| --- | --- | --- | --- |\n" + "\n".join(rows),
        paragraphs[-1] + f"该问题于{completed.year}年{completed.month}月{completed.day}日办理到位。",
    ])


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _problem_file(rng: random.Random, number: int, issued: date) -> tuple[str, bool]:
    subject = rng.choice(_SUBJECTS)
    place = rng.choice(_PLACES)
    problem = f"{place}{subject}问题{rng.choice(_CLAUSES)}，{rng.choice(_CLAUSES)}，" + _sentence(rng, subject)
    goal = f"全面完成{subject}整治，{rng.choice(_RESULTS)}，{rng.choice(_RESULTS)}。"
    deadline_day = issued + timedelta(days=rng.randint(60, 900))
    deadline = rng.choice(["立行立改、持续推进", f"{deadline_day.year}年{deadline_day.month}月底前"])
    roll = rng.random()
    status = "done" if roll < 0.7 else "in progress" if roll < 0.85 else "not started"
    lines = ["---", f"number: {number}", f"category: {rng.randint(1, CATEGORIES)}", f"problem: {_quote(problem)}",
             f"goal: {_quote(goal)}", "measures:"]
    lines += [f"  - {_quote(rng.choice(_ACTIONS) + '，' + _sentence(rng, subject))}" for _ in range(rng.randint(2, 4))]
    lines += [f"deadline: {deadline}", f"responsible: {place}人民政府", f"supervising: {rng.choice(_UNITS)}",
              f"leader: {rng.choice(_LEADERS)}", f"status: {status}"]
    record = ""
    if status == "done":
        completed = issued + timedelta(days=rng.randint(10, (TODAY - issued).days - 10))
        lines += [f"completed_on: {completed.isoformat()}", "progress:"]
        for step in range(rng.randint(1, 3)):
            lines += [f"  - date: {(issued + timedelta(days=step + 1)).isoformat()}",
                      f"    note: {_quote(_sentence(rng, subject))}"]
        record = _record(rng, subject, completed)
    lines += [f"internal_notes: {_quote('内部备注：' + _sentence(rng, subject))}", "---", record]
    return "\n".join(lines) + "\n", status == "done"


def _plan_yaml(index: int, issued: date) -> str:
    lines = [f"title: 第{index + 1}轮环境保护督察反馈意见整改方案（合成数据）", "office: 市突出环境问题整改工作领导小组办公室",
             f"issued_on: '{issued.isoformat()}'", f"document_number: 合成〔{issued.year}〕{index + 1}号", "categories:"]
    for number in range(1, CATEGORIES + 1):
        lines += [f"- number: {number}", f"  title: {_SUBJECTS[number % len(_SUBJECTS)]}等问题整改",
                  f"  summary: 第{number}类整改任务（合成数据）。"]
    return "\n".join(lines) + "\n"


_CONFIG = """title: 环境保护督察整改公开（基准测试合成站点）
office: 市突出环境问题整改工作领导小组办公室
base_url: https://example.gov.cn/gongkai/
sponsor: 基准测试
notice_period_days: 7
list_unfinished: true
search: true
"""


def plan_count(size: int) -> int:
    """Several plans: one per 2,000 problems, between 2 and 20."""
    return max(2, min(20, size // 2000))


def generate_site(root: Path, size: int, seed: int = 20190124) -> Corpus:
    """Write a complete site (config and content) of `size` problems under root, replacing what was there."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    rng = random.Random(seed)
    plans = plan_count(size)
    published, edit_path = 0, None
    for index in range(plans):
        issued = date(2017 + index % 3, 1 + index % 12, 10)
        folder = content / "plans" / f"plan-{index + 1:02d}"
        folder.mkdir(parents=True)
        (folder / "plan.yaml").write_text(_plan_yaml(index, issued), encoding="utf-8")
        count = size // plans + (1 if index < size % plans else 0)
        for number in range(1, count + 1):
            text, is_done = _problem_file(rng, number, issued)
            path = folder / f"{number:05d}.md"
            path.write_text(text, encoding="utf-8")
            published += is_done
            if is_done and edit_path is None and index == plans // 2:
                edit_path = path
    pages = content / "pages"
    pages.mkdir()
    (pages / "about.md").write_text("---\ntitle: 关于本站\n---\n本站为基准测试生成的合成站点。\n", encoding="utf-8")
    config = root / "site_config.yaml"
    config.write_text(_CONFIG, encoding="utf-8")
    return Corpus(root, config, content, TODAY, size, published, edit_path)


def edit_problem(path: Path, round_number: int) -> None:
    """An editor's small change to one published problem's record (a new sentence each round)."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + f"\n\n补充说明（第{round_number}次修改）：已将整改资料归档备查。\n", encoding="utf-8")
