#!/usr/bin/env python3
"""Generate a ledger of N made-up but realistic items, in the tool's own format.

Usage::

    python benchmarks/generate.py N DIR [--seed 20261120] [--no-git]

The ledger at DIR gets ``duchatai.yaml`` (the package's template, office
济南市人民政府督查室, the units listed), ``items/<id>.yaml`` and
``archive/<year>/<id>.yaml``, a ``.gitignore`` for ``.duchatai/``, and a git
repository with one commit so that ``register`` can commit afterwards.

Each item's due date comes from the package's deadline engine
(``duchatai.core.deadlines.compute``) and its history (assignment, weekly and
progress reports, urges, result report, review, extension, closing, archiving)
is consistent with the procedure, so that ``duchatai check`` finds nothing.
Seen on the morning of 2026-11-20 (``TODAY``) about 40 % of all items are
overdue; the rest are on track, reported, closed or archived.

Writing goes through ``duchatai.store.yamlio.dump_record``, whose fast writer of
fresh files (``duchatai.store.emit``) produces byte for byte what ruamel's
round-trip dumper writes (that dumper costs a few ms an item: too slow for
50,000); the first items are checked against the dumper on every run. Deterministic: a fixed
seed and fixed dates, no look at the machine's clock.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from duchatai.core.deadlines import compute, is_overdue
from duchatai.core.history import as_of
from duchatai.core.model import Extension, Item, Milestone, Report, Review, Status, Urge
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.store.yamlio import dump_record, round_trip_dump

OFFICE = "济南市人民政府督查室"
TODAY = dt.date(2026, 11, 20)
SEED = 20261120
FIRST_START = dt.date(2025, 1, 2)
LAST_DUE = dt.date(2026, 12, 31)
"""Open items stay due within the years ``chinese-calendar`` knows (no 2027 guesses)."""
GITIGNORE = "# duchatai's lock and disposable cache\n.duchatai/\n"

PROFILE = DEFAULT_PROFILE
CALENDAR = WorkCalendar()

# unit → (leader who signs its reports, contact person responsible for items)
UNITS: dict[str, tuple[str, str]] = {
    "市发展改革委": ("孙海涛", "陈晓东"),
    "市住房城乡建设局": ("王志刚", "李文静"),
    "市交通运输局": ("赵永强", "马俊"),
    "市生态环境局": ("周立平", "韩雪"),
    "市教育局": ("吴春燕", "高鹏"),
    "市卫生健康委": ("郑国庆", "杨帆"),
    "市财政局": ("冯建军", "许丽"),
    "市自然资源和规划局": ("何振宇", "罗斌"),
    "市城市管理局": ("宋卫东", "曹阳"),
    "市农业农村局": ("田茂林", "孔令军"),
    "市商务局": ("邓艳", "薛凯"),
    "市水务局": ("蒋洪波", "崔永亮"),
    "市公安局": ("刘建国", "张伟"),
    "市民政局": ("黄丽华", "徐静"),
    "市人力资源社会保障局": ("朱振华", "胡斌"),
    "市文化和旅游局": ("秦雅琴", "钱程"),
    "市应急管理局": ("梁志勇", "谢东"),
    "市市场监管局": ("潘立新", "袁媛"),
    "市工业和信息化局": ("董明", "程浩"),
    "市大数据局": ("唐晓峰", "彭丽"),
    "历下区政府": ("林涛", "苏明"),
    "市中区政府": ("郭峰", "贾琳"),
    "槐荫区政府": ("范志远", "邵华"),
    "天桥区政府": ("卢刚", "方园"),
    "历城区政府": ("姜海", "金鑫"),
    "长清区政府": ("汪洋", "任杰"),
    "章丘区政府": ("石磊", "魏然"),
    "济阳区政府": ("谭军", "陆平"),
}
UNIT_NAMES = list(UNITS)
CLERKS = ("张敏", "李娜", "王磊", "刘洋", "陈静")
APPROVERS = ("周宏", "孙立", "赵宁")
LEADERS = ("市长", "常务副市长", "分管副市长", "市委常委、副市长", "秘书长")

TOPICS = (
    "城镇老旧小区改造",
    "农村生活污水治理",
    "中小学校舍安全隐患排查整治",
    "中心城区停车设施建设",
    "秋冬季大气污染防治",
    "小清河沿线环境综合整治",
    "优化营商环境",
    "社区医院建设",
    "公共充电桩布局",
    "高标准农田建设",
    "城市防洪排涝",
    "拖欠农民工工资问题整改",
    "燃气管道老化更新改造",
    "黄河流域生态保护",
    "普惠托育服务体系建设",
    "养老服务设施补短板",
    "城乡供水一体化",
    "企业上市培育",
    "科技型中小企业梯次培育",
    "历史文化街区保护利用",
    "道路交通安全隐患治理",
    "安全生产专项整治",
    "食品安全城市创建",
    "数字政府建设",
    "“一网通办”事项扩面",
    "重点产业链招商",
    "外贸稳规模优结构",
    "夜间经济发展",
    "背街小巷整治提升",
    "垃圾分类全覆盖",
    "城市更新专项规划编制",
    "地铁沿线土地综合开发",
    "高校毕业生就业促进",
    "义务教育学位供给",
    "农村公路提档升级",
    "闲置低效用地盘活",
    "政府债务风险化解",
    "供暖管网改造",
    "占道经营和马路市场整治",
    "群众反映强烈的噪声扰民问题",
)
PROJECTS = (
    "济南黄河大桥南连接线工程",
    "中央商务区（CBD）重点项目",
    "轨道交通4号线一期工程",
    "新东站片区综合开发",
    "起步区科创金融中心",
    "华山湖片区配套设施",
    "市第三人民医院新院区",
    "小清河复航工程",
    "绕城高速二环线改扩建",
    "章丘明水古城二期",
)
WEEKLY_TEXTS = (
    "本周按计划推进，无新增问题。",
    "本周召开推进会1次，协调解决问题2项。",
    "本周现场施工正常，节点任务按序时推进。",
    "本周完成阶段性任务，下周继续推进。",
    "本周遇阴雨天气影响进度，已安排周末加班追赶。",
)
PROGRESS_TEXTS = (
    "已制定工作方案，明确责任分工和时间节点。",
    "已组织现场勘查，正在推进前期手续办理。",
    "已召开专题协调会，剩余问题正在逐项解决。",
    "已完成总体进度的六成，资金已落实。",
)
RESULT_TEXTS = (
    "各项任务已按要求完成，详见附件。",
    "已答复代表，代表满意。",
    "已答复提案委员，提案人满意。",
    "整改已全部完成，建立长效管理机制。",
    "方案已印发实施，资金已拨付到位。",
)
REJECT_TEXTS = (
    "整改不到位，请补充相关数据后重新报送。",
    "现场复核发现问题反弹，退回重新办理。",
    "报告缺少具体时间表，请完善后再报。",
)
URGE_TEXTS = (
    "已超期，请尽快报送办理结果。",
    "请于三个工作日内说明进展情况。",
    "现场督办，进度明显滞后。",
    "",
)
EXTEND_TEXTS = (
    "涉及多部门协调，需待上级批复后方能完成。",
    "受汛期影响施工暂停，需顺延。",
    "统计数据需待月末汇总后方能报送。",
)

# category → (weight, how its items' titles and sources look)
CATEGORY_WEIGHTS: dict[str, int] = {
    "leader-instruction": 15,
    "executive-meeting": 15,
    "npc-suggestion": 12,
    "cppcc-proposal": 12,
    "upper": 10,
    "document": 8,
    "key-project": 8,
    "work-report": 6,
    "special-meeting": 6,
    "plenary-meeting": 3,
    "other": 5,
}
EXPLICIT = {"document", "key-project", "special-meeting", "plenary-meeting", "other"}
# Categories whose due date can be moved by a review or an extension without a
# hard cap and without reaching into 2027.
SHORT = {"leader-instruction", "executive-meeting", "upper"}

OUTCOMES = (
    ("overdue", 40),
    ("on-track", 18),
    ("reported", 10),
    ("closed", 20),
    ("archived", 12),
)


# -- working days ------------------------------------------------------------------

_WORKDAYS: list[int] = [
    d
    for d in range(dt.date(2024, 12, 1).toordinal(), dt.date(2027, 1, 1).toordinal())
    if CALENDAR.is_workday(dt.date.fromordinal(d))
]


def workday_on_or_after(day: dt.date) -> dt.date:
    """The first working day on or after ``day`` (within 2024-12..2026)."""
    index = bisect.bisect_left(_WORKDAYS, day.toordinal())
    return dt.date.fromordinal(_WORKDAYS[min(index, len(_WORKDAYS) - 1)])


def random_workday(rng: random.Random, low: dt.date, high: dt.date) -> dt.date | None:
    """A working day in ``low..high`` (both included), or None when there is none."""
    lo = bisect.bisect_left(_WORKDAYS, low.toordinal())
    hi = bisect.bisect_right(_WORKDAYS, high.toordinal())
    if lo >= hi:
        return None
    return dt.date.fromordinal(_WORKDAYS[rng.randrange(lo, hi)])


def workdays_in(low: dt.date, high: dt.date) -> list[dt.date]:
    lo = bisect.bisect_left(_WORKDAYS, low.toordinal())
    hi = bisect.bisect_right(_WORKDAYS, high.toordinal())
    return [dt.date.fromordinal(d) for d in _WORKDAYS[lo:hi]]


# -- titles ------------------------------------------------------------------------


def title_and_source(category: str, start: dt.date, rng: random.Random) -> tuple[str, str]:
    """A title and a source reference shaped like the category's real ones."""
    topic = rng.choice(TOPICS)
    year = start.year
    number = rng.randint(1, 260)
    if category == "leader-instruction":
        leader = rng.choice(LEADERS)
        return (
            f"{leader}批示：尽快解决{topic}中群众反映的问题",
            f"{leader}在《每日要情》第{number}期上的批示",
        )
    if category == "executive-meeting":
        return (
            f"常务会议决定事项：{topic}",
            f"市政府第{number}次常务会议纪要（济政阅〔{year}〕{number}号）",
        )
    if category == "npc-suggestion":
        return f"关于{topic}的建议（第{number:04d}号）", f"市十八届人大五次会议第{number:04d}号建议"
    if category == "cppcc-proposal":
        return (
            f"关于{topic}的提案（第{number:04d}号）",
            f"政协济南市第十五届委员会第五次会议第{number:04d}号提案",
        )
    if category == "upper":
        return (
            f"省政府办公厅督查通知：{topic}落实情况",
            f"山东省人民政府办公厅督查通知（鲁政办督〔{year}〕{number}号）",
        )
    if category == "document":
        return f"贯彻落实《关于推进{topic}的实施意见》", f"济政发〔{year}〕{number}号"
    if category == "key-project":
        return (
            f"{rng.choice(PROJECTS)}建设推进",
            f"市重点项目督查通知（济政督字〔{year}〕{number}号）",
        )
    if category == "work-report":
        quarter = (start.month - 1) // 3 + 1
        return (
            f"《政府工作报告》第{quarter}季度任务：{topic}",
            f"{year}年《政府工作报告》目标任务分解（济政字〔{year}〕12号）",
        )
    if category == "special-meeting":
        return f"{topic}专题会议确定事项", f"专题会议纪要（济政阅〔{year}〕{number}号）"
    if category == "plenary-meeting":
        return f"市政府全体会议部署：{topic}", "市政府全体会议"
    return f"市领导交办：{topic}", f"市领导交办事项（督查室登记〔{year}〕{number}号）"


# -- items -------------------------------------------------------------------------


@dataclass
class Draft:
    """An item before its id is known (ids follow the start dates)."""

    item: Item
    outcome: str


def _start(rng: random.Random, category: str, outcome: str) -> tuple[dt.date, dt.date | None]:
    """A start date (and an explicit due date) fitting the wanted outcome."""
    for _ in range(200):
        if outcome == "on-track":
            if category in EXPLICIT:
                due = random_workday(rng, TODAY, LAST_DUE)
                assert due is not None
                start = workday_on_or_after(due - dt.timedelta(days=rng.randint(15, 120)))
                if start < TODAY:
                    return start, due
                continue
            back = {"leader-instruction": 4, "upper": 9, "executive-meeting": 13}[category]
            start = random_workday(rng, TODAY - dt.timedelta(days=back), TODAY - dt.timedelta(1))
        else:
            # Recent items are the most frequent; a few are more than a year old.
            age = min(int(rng.expovariate(1 / 160)) + 3, (TODAY - FIRST_START).days)
            start = workday_on_or_after(TODAY - dt.timedelta(days=age))
        if start is None or start >= TODAY:
            continue
        explicit = None
        if category in EXPLICIT:
            explicit = workday_on_or_after(start + dt.timedelta(days=rng.randint(15, 120)))
        return start, explicit
    raise RuntimeError(f"no start date for {category} {outcome}")


def draft(rng: random.Random) -> Draft:
    """One item with a consistent history, as seen on ``TODAY``."""
    outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
    categories = list(CATEGORY_WEIGHTS)
    weights = list(CATEGORY_WEIGHTS.values())
    if outcome == "on-track":  # open and not yet due: due dates must stay in 2026
        categories = [c for c in categories if c in EXPLICIT or c in SHORT]
        weights = [CATEGORY_WEIGHTS[c] for c in categories]
    for _ in range(100):
        category = rng.choices(categories, weights)[0]
        start, explicit = _start(rng, category, outcome)
        complex_item = category in ("npc-suggestion", "cppcc-proposal") and rng.random() < 0.15
        basis = compute(
            PROFILE, category, start, CALENDAR, complex_item=complex_item, explicit=explicit
        )
        if basis.guessed_years or basis.due > LAST_DUE:
            continue
        if outcome == "on-track" and basis.due < TODAY:
            continue
        if outcome in ("overdue", "closed", "archived") and basis.due >= TODAY:
            continue
        if outcome == "archived" and basis.due > TODAY - dt.timedelta(days=30):
            continue
        item = _item(rng, category, start, basis, complex_item)
        if _history(rng, item, outcome):
            return Draft(item, outcome)
    raise RuntimeError(f"could not draft a {outcome} item")


def _item(
    rng: random.Random, category: str, start: dt.date, basis: Any, complex_item: bool
) -> Item:
    title, source = title_and_source(category, start, rng)
    lead = rng.choice(UNIT_NAMES)
    co = rng.sample([u for u in UNIT_NAMES if u != lead], k=rng.choice((0, 0, 1, 1, 2, 3)))
    weekly = category in ("key-project", "plenary-meeting") and rng.random() < 0.5
    methods = ["written"] if rng.random() < 0.6 else rng.sample(["written", "onsite", "ledger"], 2)
    item = Item(
        id="",
        title=title,
        category=category,
        start=start,
        due=basis.due,
        kind="comprehensive" if rng.random() < 0.1 else "routine",
        weekly=weekly,
        complex=complex_item,
        source=source,
        lead_unit=lead,
        co_units=co,
        responsible=UNITS[lead][1],
        registered_by=rng.choice(CLERKS),
        methods=methods,
        due_basis=basis.to_record(),
    )
    if category == "key-project":
        span = max((basis.due - start).days, 4)
        marks = sorted({rng.randint(1, span - 1) for _ in range(2)})
        item.milestones = [
            Milestone(title=name, due=workday_on_or_after(start + dt.timedelta(days=m)))
            for name, m in zip(("完成前期手续", "主体工程完工"), marks, strict=False)
        ]
    return item


def _history(rng: random.Random, item: Item, outcome: str) -> bool:
    """Apply events up to ``TODAY`` so that the item ends in ``outcome``; False if impossible."""
    leader = UNITS[item.lead_unit][0]
    yesterday = TODAY - dt.timedelta(days=1)
    registered_only = outcome in ("overdue", "on-track") and rng.random() < 0.06
    if not registered_only:
        latest = min(item.start + dt.timedelta(days=3), yesterday)
        assigned = random_workday(rng, item.start, latest)
        if assigned is None:
            return False
        item.assigned_on = assigned
        item.approved_by = rng.choice(APPROVERS)
        item.status = Status.ASSIGNED
    progress_ok = PROFILE.categories[item.category].progress_satisfies

    def report(day: dt.date, kind: str, text: str) -> None:
        item.reports.append(
            Report(day, kind, text, rng.choice(CLERKS), leader, sealed=rng.random() < 0.85)
        )

    def urges(low: dt.date, high: dt.date) -> None:
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            day = random_workday(rng, low, high)
            if day is not None:
                method = rng.choice(("phone", "phone", "written", "onsite"))
                item.urges.append(Urge(day, method, rng.choice(URGE_TEXTS), rng.choice(CLERKS)))
                if method not in item.methods:
                    item.methods.append(method)
        item.urges.sort(key=lambda u: u.date)

    if item.status == Status.REGISTERED:
        return outcome == "overdue" or item.due >= TODAY
    end = yesterday
    if outcome == "overdue":
        if item.category in SHORT and rng.random() < 0.2:
            # A result came in on time but was returned; the new due date passed too.
            first = random_workday(rng, item.assigned_on or item.start, item.due)
            if first is None or first >= yesterday:
                return False
            report(first, "result", rng.choice(RESULT_TEXTS))
            rejected = random_workday(rng, first, min(first + dt.timedelta(days=5), yesterday))
            if rejected is None:
                return False
            new = compute(PROFILE, item.category, rejected, CALENDAR, complex_item=item.complex)
            if new.due >= TODAY:
                return False
            item.reviews.append(
                Review(rejected, False, rng.choice(REJECT_TEXTS), rng.choice(CLERKS),
                       len(item.reports), item.due, new.due)
            )
            item.due, item.due_basis, item.status = new.due, new.to_record(), Status.RETURNED
        elif not progress_ok and rng.random() < 0.4:
            day = random_workday(rng, item.start + dt.timedelta(days=1), item.due)
            if day is not None and day < TODAY:
                report(day, "progress", rng.choice(PROGRESS_TEXTS))
        urges(item.due + dt.timedelta(days=1), yesterday)
        if rng.random() < 0.08:  # reported, but after the due date: still overdue
            late = random_workday(rng, item.due + dt.timedelta(days=1), yesterday)
            if late is None:
                return False
            report(late, "result", rng.choice(RESULT_TEXTS))
            item.status = Status.REPORTED
    elif outcome == "on-track":
        if item.category in EXPLICIT and rng.random() < 0.15:
            previous = workday_on_or_after(item.due - dt.timedelta(days=rng.randint(7, 30)))
            day = random_workday(rng, item.start + dt.timedelta(days=1), min(previous, TODAY)
                                 - dt.timedelta(days=1))
            if day is not None and previous < item.due:
                item.extensions.append(
                    Extension(day, previous, item.due, rng.choice(EXTEND_TEXTS),
                              rng.choice(PROGRESS_TEXTS), "按调整后的时限完成。", False,
                              rng.choice(CLERKS))
                )
    else:  # reported, closed, archived: a result report on time (mostly)
        last = min(item.due, yesterday)
        if outcome in ("closed", "archived") and rng.random() < 0.15:
            last = min(item.due + dt.timedelta(days=20), yesterday)
        day = random_workday(rng, (item.assigned_on or item.start) + dt.timedelta(days=1), last)
        if day is None:
            return False
        if rng.random() < 0.3 and not progress_ok:
            early = random_workday(rng, item.start + dt.timedelta(days=1), day)
            if early is not None and early < day:
                report(early, "progress", rng.choice(PROGRESS_TEXTS))
        report(day, "result", rng.choice(RESULT_TEXTS))
        item.status = Status.REPORTED
        end = day
        if outcome != "reported" or rng.random() < 0.3:
            reviewed = random_workday(rng, day, min(day + dt.timedelta(days=6), yesterday))
            if reviewed is None:
                return False
            item.reviews.append(Review(reviewed, True, "", rng.choice(CLERKS), len(item.reports)))
            end = reviewed
        if outcome in ("closed", "archived"):
            closed = random_workday(rng, end, min(end + dt.timedelta(days=4), yesterday))
            if closed is None:
                return False
            item.status, item.closed_on = Status.CLOSED, closed
            item.close_note = rng.choice(("", "按期办结。", "代表满意。"))
            end = closed
        if outcome == "archived":
            filed = random_workday(rng, end + dt.timedelta(days=7), yesterday)
            if filed is None:
                return False
            item.status, item.archived_on = Status.ARCHIVED, filed
    _weekly(rng, item, leader, end)
    for milestone in item.milestones:
        if milestone.due < TODAY and (outcome != "overdue" or rng.random() < 0.5):
            done = random_workday(rng, milestone.due - dt.timedelta(days=10), milestone.due)
            if done is not None and item.start < done < TODAY:
                milestone.done = done
    return True


def _weekly(rng: random.Random, item: Item, leader: str, end: dt.date) -> None:
    """One weekly report per ISO week (its last working day) for weekly items, a few gaps."""
    if not item.weekly or item.assigned_on is None:
        return
    fridays: list[dt.date] = []
    monday = item.assigned_on - dt.timedelta(days=item.assigned_on.weekday() - 7)
    while monday + dt.timedelta(days=6) < TODAY and monday <= end:
        days = workdays_in(monday, monday + dt.timedelta(days=4))
        if days and days[-1] > item.assigned_on and rng.random() > 0.1:
            fridays.append(days[-1])
        monday += dt.timedelta(days=7)
    for day in fridays[-26:]:
        week = day.isocalendar().week
        item.reports.append(
            Report(day, "weekly", f"第{week}周：{rng.choice(WEEKLY_TEXTS)}", rng.choice(CLERKS),
                   leader, sealed=rng.random() < 0.8)
        )
    item.reports.sort(key=lambda r: r.date)


def make_items(n: int, seed: int = SEED) -> list[Item]:
    """``n`` items with ids ``DC-<start year>-NNNN`` numbered in start-date order."""
    rng = random.Random(seed)
    drafts = [draft(rng) for _ in range(n)]
    drafts.sort(key=lambda d: d.item.start)
    numbers: Counter[int] = Counter()
    items = []
    for entry in drafts:
        year = entry.item.start.year
        numbers[year] += 1
        entry.item.id = f"DC-{year}-{numbers[year]:04d}"
        items.append(entry.item)
    return items


# -- writing -----------------------------------------------------------------------


def item_path(root: Path, item: Item) -> Path:
    """Where the ledger keeps the item: ``archive/<year closed>/`` once archived."""
    if item.status == Status.ARCHIVED:
        assert item.closed_on is not None
        return root / "archive" / str(item.closed_on.year) / f"{item.id}.yaml"
    return root / "items" / f"{item.id}.yaml"


def config_text(office: str, units: list[str]) -> str:
    """The package's config template, filled in, with the units listed."""
    template = resources.files("duchatai").joinpath("templates/duchatai.yaml").read_text("utf-8")
    text = template.format(office=office, lang="zh")
    old = "units: []\n"
    if old not in text:
        raise RuntimeError("the config template's units line changed; update generate.py")
    return text.replace(old, "units:\n" + "".join(f"  - {u}\n" for u in units), 1)


def git_commit_all(root: Path, message: str) -> None:
    """``git init`` (when needed), stage everything, one commit by a fixed identity."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "generate.py",
        "GIT_AUTHOR_EMAIL": "generate@localhost",
        "GIT_COMMITTER_NAME": "generate.py",
        "GIT_COMMITTER_EMAIL": "generate@localhost",
    }
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message],
        cwd=root,
        check=True,
        env=env,
    )


def generate(
    n: int, out: Path, *, seed: int = SEED, git: bool = True, verify: int = 50
) -> list[Item]:
    """Write a ledger of ``n`` items at ``out`` (which must not hold files) and return them.

    The first ``verify`` items are also dumped with ``dump_record`` and must
    come out byte for byte identical.
    """
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    items = make_items(n, seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "duchatai.yaml").write_text(config_text(OFFICE, UNIT_NAMES), "utf-8")
    (out / ".gitignore").write_text(GITIGNORE, "utf-8")
    (out / "items").mkdir()
    (out / "archive").mkdir()
    (out / "items" / ".gitkeep").write_bytes(b"")
    (out / "archive" / ".gitkeep").write_bytes(b"")
    made: set[Path] = set()
    for index, item in enumerate(items):
        record = item.to_record()
        text = dump_record(record, None)
        if index < verify and text != round_trip_dump(record, None):
            raise AssertionError(f"{item.id}: the fast writer differs from ruamel's dump")
        path = item_path(out, item)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(text)
    if git:
        git_commit_all(out, f"generated ledger of {n} items (seed {seed})")
    return items


def summary(items: list[Item]) -> str:
    """Counts by status and category, and how many are overdue on ``TODAY``."""
    by_status = Counter(i.status.value for i in items)
    by_cat = Counter(i.category for i in items)
    late = sum(
        1
        for i in items
        if (past := as_of(i, TODAY)) is not None and is_overdue(past, TODAY, PROFILE)
    )
    return "\n".join(
        [
            "status:   " + ", ".join(f"{s.value} {by_status[s.value]}" for s in Status),
            "category: " + ", ".join(f"{c} {by_cat[c]}" for c in PROFILE.categories),
            f"overdue on {TODAY}: {late} of {len(items)} ({late / max(len(items), 1):.0%})",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of items")
    parser.add_argument("dir", type=Path, help="where to create the ledger (new or empty)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-git", action="store_true", help="skip git init and the commit")
    parser.add_argument("--force", action="store_true", help="replace an existing ledger at DIR")
    args = parser.parse_args(argv)
    if args.force and (args.dir / "duchatai.yaml").is_file():
        shutil.rmtree(args.dir)
    began = time.perf_counter()
    items = generate(args.n, args.dir, seed=args.seed, git=not args.no_git)
    print(f"wrote {len(items)} items to {args.dir} in {time.perf_counter() - began:.1f} s")
    print(summary(items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
