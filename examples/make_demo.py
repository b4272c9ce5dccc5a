#!/usr/bin/env python3
"""(Re)create the demo ledger ``examples/demo/`` (济南市人民政府督查室, 2026).

Usage::

    python examples/make_demo.py            # writes examples/demo/
    python examples/make_demo.py OUTDIR     # writes elsewhere

The script is deterministic: a fixed random seed, fixed dates, no look at the
machine's clock. Every item is registered with its due date computed by the
package's own deadline engine (``duchatai.core.deadlines.compute``) and then walked
through the procedure of 第七条 event by event (assign, urge, report, review,
extend, close, archive), each step checked against the states the model
allows, so that the stored files are what the CLI itself would have written.

The data are made up but shaped like a real municipal supervision ledger: as
seen on the morning of 2026-11-20 about a quarter of the open items are
overdue, a few fall due within three working days and the rest are on track.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from duchatai.core.deadlines import category_rule, compute, hard_cap, is_overdue
from duchatai.core.model import Extension, Item, Milestone, Report, Review, Status, Urge
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar
from duchatai.store.files import atomic_write
from duchatai.store.yamlio import dump_record, parse_yaml

OFFICE = "济南市人民政府督查室"
TODAY = dt.date(2026, 11, 20)
"""The morning the demo is meant to be looked at (the README's first command)."""
SEED = 20261120
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "demo"
GITIGNORE = "# duchatai's lock and disposable cache\n.duchatai/\n"

PROFILE = DEFAULT_PROFILE
CALENDAR = WorkCalendar()


def d(text: str) -> dt.date:
    """``"06-05"`` → 2026-06-05 (every date of the demo lies in 2026)."""
    month, day = text.split("-")
    return dt.date(2026, int(month), int(day))


# -- people ------------------------------------------------------------------

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
    "历下区政府": ("林涛", "苏明"),
    "市中区政府": ("郭峰", "贾琳"),
}
CLERKS = ("张敏", "李娜", "王磊")
"""督查室 staff who record registrations, urges and reports."""
APPROVERS = ("周宏", "孙立")
"""市政府秘书长 / 副秘书长 who approve the assignment (经秘书长审定)."""


# -- what happens to an item ---------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One step of the procedure on one day."""

    day: dt.date
    action: str
    text: str = ""
    kind: str = ""
    method: str = ""
    accept: bool = True
    until: dt.date | None = None
    late: bool = False
    number: int = 0
    sealed: bool = True
    progress: str = ""
    next_steps: str = ""


def assign(day: str) -> Event:
    return Event(d(day), "assign")


def urge(day: str, method: str, note: str = "") -> Event:
    return Event(d(day), "urge", text=note, method=method)


def report(day: str, kind: str, text: str, *, sealed: bool = True) -> Event:
    return Event(d(day), "report", text=text, kind=kind, sealed=sealed)


def accept(day: str) -> Event:
    return Event(d(day), "review", accept=True)


def reject(day: str, reason: str, due: str | None = None) -> Event:
    return Event(d(day), "review", text=reason, accept=False, until=d(due) if due else None)


def extend(
    day: str, until: str, reason: str, progress: str, next_steps: str, *, late: bool = False
) -> Event:
    return Event(
        d(day),
        "extend",
        text=reason,
        until=d(until),
        progress=progress,
        next_steps=next_steps,
        late=late,
    )


def done(day: str, number: int) -> Event:
    return Event(d(day), "milestone", number=number)


def close(day: str, note: str = "") -> Event:
    return Event(d(day), "close", text=note)


def archive(day: str) -> Event:
    return Event(d(day), "archive")


@dataclass
class Spec:
    """An item as the office registered it, and what happened to it since."""

    title: str
    category: str
    start: str
    lead: str
    source: str
    due: str | None = None
    """The date in the notice or the meeting's node (explicit categories)."""
    co: tuple[str, ...] = ()
    kind: str = "routine"
    methods: tuple[str, ...] = ("written",)
    weekly: bool = False
    weekly_gaps: tuple[int, ...] = ()
    """ISO week numbers in which the weekly report did not come."""
    complex_item: bool = False
    milestones: tuple[tuple[str, str], ...] = ()
    events: tuple[Event, ...] = ()
    registered: bool = False
    """Only registered so far: the lead unit is proposed, not yet assigned."""
    responsible: str = ""


# -- the items -------------------------------------------------------------------

SPECS: list[Spec] = [
    # ---- archived (立卷归档) -------------------------------------------------
    Spec(
        "《政府工作报告》第二季度任务：省市重点项目投资完成情况",
        "work-report",
        "06-05",
        "市发展改革委",
        "2026年《政府工作报告》目标任务分解（济政字〔2026〕12号）",
        co=("市财政局",),
        methods=("written", "ledger"),
        events=(
            assign("06-08"),
            report("07-10", "result", "二季度省市重点项目完成投资进度达序时要求，详见附表。"),
            accept("07-13"),
            close("07-14", "二季度任务按期完成。"),
            archive("08-03"),
        ),
    ),
    Spec(
        "市长批示：尽快解决历山路下穿立交桥积水点问题",
        "leader-instruction",
        "06-10",
        "市城市管理局",
        "市长在《每日要情》第112期上的批示（2026年6月10日）",
        co=("市水务局",),
        methods=("phone", "onsite"),
        events=(
            assign("06-10"),
            report("06-12", "progress", "已组织现场勘查，增设临时强排泵站2处。"),
            report("07-03", "result", "积水点雨污分流改造完工，经7月2日降雨检验未再积水。"),
            accept("07-06"),
            close("07-07"),
            archive("08-03"),
        ),
    ),
    Spec(
        "常务会议决定事项：2026年城镇老旧小区改造计划",
        "executive-meeting",
        "06-16",
        "市住房城乡建设局",
        "市政府第42次常务会议纪要（济政阅〔2026〕31号）",
        co=("市财政局", "历下区政府", "市中区政府"),
        events=(
            assign("06-17"),
            report("06-29", "result", "年度改造计划已印发，涉及小区186个，资金来源已落实。"),
            accept("07-01"),
            close("07-02"),
            archive("08-03"),
        ),
    ),
    Spec(
        "关于加强中小学生近视防控工作的提案（第0123号）",
        "cppcc-proposal",
        "06-22",
        "市教育局",
        "政协济南市第十五届委员会第五次会议第0123号提案",
        co=("市卫生健康委",),
        methods=("written", "inspection"),
        events=(
            assign("06-24"),
            report("09-10", "result", "已答复提案人，提案人满意；中小学视力筛查覆盖率100%。"),
            accept("09-14"),
            close("09-15", "提案人满意。"),
            archive("10-12"),
        ),
    ),
    Spec(
        "省政府办公厅督查通知：汛期城市防洪排涝工作落实情况",
        "upper",
        "07-02",
        "市水务局",
        "山东省人民政府办公厅督查通知（鲁政办督〔2026〕21号）",
        co=("市城市管理局",),
        methods=("written", "onsite"),
        events=(
            assign("07-02"),
            report("07-09", "result", "已完成自查，排查整改易涝点37处，报告已报省政府办公厅。"),
            accept("07-10"),
            close("07-13"),
            archive("10-12"),
        ),
    ),
    # ---- closed (办结) --------------------------------------------------------
    Spec(
        "关于加快农村生活污水治理的建议（第0086号）",
        "npc-suggestion",
        "06-25",
        "市生态环境局",
        "市十八届人大五次会议第0086号建议",
        co=("市农业农村局",),
        methods=("written", "inspection"),
        events=(
            assign("06-26"),
            report("07-30", "progress", "已与代表面商，制定治理三年计划。"),
            report("09-18", "result", "答复函已送达代表，代表满意。"),
            accept("09-22"),
            close("09-24", "代表满意。"),
        ),
    ),
    Spec(
        "贯彻落实《关于进一步优化营商环境的若干措施》",
        "document",
        "07-08",
        "市发展改革委",
        "济政发〔2026〕9号",
        due="09-30",
        co=("市商务局", "市财政局"),
        kind="comprehensive",
        methods=("written", "research"),
        events=(
            assign("07-09"),
            report("09-24", "result", "20条措施已全部出台实施细则。"),
            reject("09-28", "缺少惠企政策兑现数据和企业满意度调查，请补充后重新报送。", "10-20"),
            report("10-16", "result", "已补充政策兑现资金3.2亿元明细及1200家企业满意度调查结果。"),
            accept("10-19"),
            close("10-20"),
        ),
    ),
    Spec(
        "常务会议决定事项：中心城区停车设施建设三年行动",
        "executive-meeting",
        "08-12",
        "市交通运输局",
        "市政府第49次常务会议纪要（济政阅〔2026〕40号）",
        co=("市自然资源和规划局",),
        events=(
            assign("08-13"),
            report("08-25", "result", "三年行动方案已按会议意见修改完善并印发。"),
            accept("08-27"),
            close("08-28"),
        ),
    ),
    Spec(
        "分管副市长批示：群众反映小区供暖管网改造进度缓慢问题",
        "leader-instruction",
        "09-07",
        "市城市管理局",
        "副市长在12345市民服务热线专报第87期上的批示",
        methods=("phone", "onsite"),
        events=(
            assign("09-07"),
            report("09-09", "progress", "已约谈供热企业，明确10月底前完成管网改造。"),
            report("09-29", "result", "管网改造已完工并打压试验合格，已回访群众。", sealed=False),
            accept("10-09"),
            close("10-09"),
        ),
    ),
    Spec(
        "中央商务区（CBD）重点项目建设推进",
        "key-project",
        "07-20",
        "历下区政府",
        "市重点项目督查通知（济政督字〔2026〕15号）",
        due="10-30",
        co=("市住房城乡建设局",),
        methods=("onsite", "ledger"),
        milestones=(("完成土地征收", "08-31"), ("主体结构封顶", "10-20")),
        events=(
            assign("07-21"),
            done("08-28", 1),
            done("10-16", 2),
            report("10-27", "result", "年度节点任务全部完成，主体结构已封顶。"),
            accept("10-29"),
            close("10-30"),
        ),
    ),
    Spec(
        "市政府全体会议部署：财政收支平衡和“三保”支出保障",
        "plenary-meeting",
        "08-03",
        "市财政局",
        "市政府第十次全体会议",
        due="09-30",
        methods=("written", "meeting"),
        events=(
            assign("08-04"),
            extend(
                "09-24",
                "10-15",
                "三季度财政收支数据需待10月上旬统计结束后方能汇总。",
                "“三保”支出已足额保障，收支平衡方案已起草。",
                "10月10日前完成数据汇总并报送。",
            ),
            report("10-10", "result", "前三季度“三保”支出足额保障，收支平衡方案已印发。"),
            accept("10-12"),
            close("10-13"),
        ),
    ),
    Spec(
        "市领导交办：秋冬季大气污染防治攻坚方案编制",
        "other",
        "09-15",
        "市生态环境局",
        "市领导交办事项（督查室登记〔2026〕17号）",
        due="10-30",
        co=("市城市管理局", "市交通运输局"),
        methods=("phone",),
        events=(
            assign("09-16"),
            urge("11-02", "phone", "已超期，请于11月4日前报送。"),
            report("11-04", "result", "攻坚方案已印发，附重点任务清单。"),
            accept("11-06"),
            close("11-09", "逾期办结。"),
        ),
    ),
    # ---- reported (已报送办理结果) --------------------------------------------
    Spec(
        "关于增加中心城区公共充电桩布局的建议（第0152号）",
        "npc-suggestion",
        "08-20",
        "市发展改革委",
        "市十八届人大五次会议第0152号建议",
        co=("市城市管理局",),
        events=(
            assign("08-21"),
            report("11-16", "result", "已答复代表，年内新增公共充电桩1200个，代表基本满意。"),
        ),
    ),
    Spec(
        "关于推进社区医院建设的提案（第0208号）",
        "cppcc-proposal",
        "08-10",
        "市卫生健康委",
        "政协济南市第十五届委员会第五次会议第0208号提案",
        events=(
            assign("08-11"),
            urge("11-11", "phone", "提案答复已超期，请尽快报送。"),
            report("11-12", "result", "已答复提案委员，年内建成社区医院8家。"),
        ),
    ),
    Spec(
        "常务会议决定事项：城乡居民医保财政补助标准调整",
        "executive-meeting",
        "10-28",
        "市财政局",
        "市政府第57次常务会议纪要（济政阅〔2026〕49号）",
        co=("市卫生健康委",),
        events=(
            assign("10-29"),
            report("11-10", "result", "补助标准调整文件已印发，资金已拨付到位。"),
            accept("11-13"),
        ),
    ),
    Spec(
        "小清河沿线环境综合整治现场办公会确定事项",
        "special-meeting",
        "09-24",
        "市水务局",
        "现场办公会议纪要（济政阅〔2026〕45号）",
        due="11-13",
        co=("市生态环境局", "历下区政府"),
        methods=("onsite", "ledger"),
        milestones=(("清淤工程完工", "10-20"), ("沿线排污口整治", "11-06")),
        events=(
            assign("09-24"),
            done("10-19", 1),
            done("11-05", 2),
            report("11-12", "result", "办公会确定的两项节点任务均已完成，附验收意见。"),
        ),
    ),
    Spec(
        "《济南市城市更新专项规划》编制",
        "document",
        "10-09",
        "市自然资源和规划局",
        "济政办字〔2026〕33号",
        due="11-30",
        co=("市住房城乡建设局",),
        events=(
            assign("10-10"),
            report("11-18", "result", "规划成果已通过专家论证，报市政府审定。"),
        ),
    ),
    Spec(
        "国务院督查组反馈问题整改：工程建设领域拖欠农民工工资",
        "upper",
        "11-05",
        "市住房城乡建设局",
        "国务院第五督查组反馈意见（鲁政办督〔2026〕30号转）",
        methods=("written", "joint"),
        events=(
            assign("11-05"),
            report("11-13", "result", "涉及的12个项目欠薪已全部清偿，建立工资专户制度。"),
        ),
    ),
    # ---- returned (退回重新办理) -----------------------------------------------
    Spec(
        "济南黄河大桥南连接线工程征地拆迁",
        "key-project",
        "07-15",
        "市交通运输局",
        "市重点项目督查通知（济政督字〔2026〕14号）",
        due="10-15",
        co=("市自然资源和规划局", "历下区政府"),
        methods=("onsite", "ledger"),
        weekly=True,
        weekly_gaps=(33, 36, 40, 44, 45, 46),
        milestones=(("完成入户调查", "08-14"), ("签约率达到90%", "09-30"), ("交地", "11-10")),
        events=(
            assign("07-16"),
            done("08-14", 1),
            done("10-09", 2),
            report("10-13", "result", "签约率已达92%，剩余8户正在协商。"),
            reject("10-20", "交地节点未完成，剩余户签约无具体时间表，退回重新办理。", "11-10"),
            urge("11-12", "phone", "重新办理已超期，请说明交地进度。"),
            urge("11-17", "onsite", "现场督办，剩余5户仍未签约。"),
        ),
    ),
    Spec(
        "常务会议决定事项：中小学校舍安全隐患排查整治",
        "executive-meeting",
        "10-14",
        "市教育局",
        "市政府第55次常务会议纪要（济政阅〔2026〕47号）",
        co=("市住房城乡建设局",),
        events=(
            assign("10-15"),
            report("10-27", "result", "已完成排查，发现隐患43处，已整改31处。"),
            reject("11-04", "尚有12处隐患未整改到位，请整改完毕后再报。", "12-04"),
        ),
    ),
    Spec(
        "市领导交办：整治城市道路占道经营和马路市场",
        "other",
        "09-01",
        "市中区政府",
        "市领导交办事项（督查室登记〔2026〕21号）",
        due="10-30",
        co=("市城市管理局",),
        methods=("onsite",),
        events=(
            assign("09-02"),
            report("10-28", "result", "已取缔马路市场3处，规范占道经营点位58个。"),
            reject("11-05", "现场复核发现经二路仍有反弹，请巩固整治成果。", "11-24"),
        ),
    ),
    # ---- assigned (交办, 承办中) ------------------------------------------------
    Spec(
        "《政府工作报告》第三季度任务：新建高标准农田",
        "work-report",
        "07-06",
        "市农业农村局",
        "2026年《政府工作报告》目标任务分解（济政字〔2026〕12号）",
        co=("市财政局", "市水务局"),
        methods=("written", "ledger"),
        events=(
            assign("07-07"),
            urge("10-19", "written", "三季度进展报告已超期，请于10月23日前报送。"),
            urge("10-27", "phone"),
            urge("11-05", "meeting", "约谈分管负责同志。"),
        ),
    ),
    Spec(
        "副市长批示：群众反映化工企业夜间异味扰民问题",
        "leader-instruction",
        "11-09",
        "市生态环境局",
        "副市长在12345市民服务热线专报第103期上的批示",
        methods=("phone", "onsite"),
        events=(
            assign("11-09"),
            urge("11-13", "phone", "批示件已超期，请立即报送办理情况。"),
            urge("11-17", "onsite"),
        ),
    ),
    Spec(
        "国家卫生健康委督查通知：秋冬季呼吸道传染病防控",
        "upper",
        "10-26",
        "市卫生健康委",
        "国家卫生健康委办公厅督查通知（国卫办督函〔2026〕56号）",
        co=("市教育局",),
        events=(
            assign("10-26"),
            urge("11-05", "phone", "已超过7个工作日，请回复进展。"),
            report("11-06", "progress", "已完成发热门诊扩容，学校晨午检制度落实中。"),
        ),
    ),
    Spec(
        "魏家庄片区城市更新现场办公会确定事项",
        "special-meeting",
        "09-10",
        "市中区政府",
        "现场办公会议纪要（济政阅〔2026〕43号）",
        due="11-06",
        co=("市住房城乡建设局", "市自然资源和规划局"),
        kind="comprehensive",
        methods=("onsite", "ledger", "meeting"),
        weekly=True,
        weekly_gaps=(41, 44, 45, 46),
        milestones=(
            ("完成片区规划方案", "09-30"),
            ("启动首批房屋征收", "10-23"),
            ("首批征收签约完成", "11-06"),
        ),
        events=(
            assign("09-11"),
            done("09-29", 1),
            urge("10-26", "ledger", "节点任务“启动首批房屋征收”已逾期。"),
            urge("11-10", "meeting"),
        ),
    ),
    Spec(
        "济南轨道交通6号线站点周边配套道路建设",
        "key-project",
        "06-18",
        "市交通运输局",
        "市重点项目督查通知（济政督字〔2026〕11号）",
        due="09-30",
        co=("市自然资源和规划局", "历下区政府"),
        kind="comprehensive",
        methods=("onsite", "ledger"),
        weekly=True,
        weekly_gaps=(28, 31, 35, 40, 43),
        milestones=(
            ("完成道路设计", "07-31"),
            ("完成管线迁改", "09-15"),
            ("路面工程完工", "10-30"),
            ("竣工验收", "12-10"),
        ),
        events=(
            assign("06-18"),
            done("07-29", 1),
            done("09-21", 2),
            urge("10-08", "phone", "已过办理期限，请说明原因。"),
            extend(
                "10-09",
                "12-15",
                "管线迁改涉及燃气、电力多家产权单位，工期延误。",
                "管线迁改已完成，路面工程完成60%。",
                "11月底前完成路面工程，12月中旬竣工验收。",
                late=True,
            ),
        ),
    ),
    Spec(
        "常务会议决定事项：城市生活垃圾分类示范片区建设",
        "executive-meeting",
        "10-29",
        "市城市管理局",
        "市政府第57次常务会议纪要（济政阅〔2026〕49号）",
        co=("历下区政府",),
        events=(
            assign("10-30"),
            urge("11-16", "phone", "已超期，请尽快报送办理结果。"),
        ),
    ),
    Spec(
        "贯彻落实《济南市河湖长制工作考核办法》",
        "document",
        "08-25",
        "市水务局",
        "济政办发〔2026〕18号",
        due="11-13",
        co=("市生态环境局",),
        events=(
            assign("08-26"),
            report("10-15", "progress", "考核细则已起草，正在征求各区县意见。"),
            urge("11-16", "written", "已过办理期限，进展报告不能代替办理结果。"),
        ),
    ),
    Spec(
        "市委书记批示：英雄山路早晚高峰交通拥堵治理",
        "leader-instruction",
        "11-18",
        "市交通运输局",
        "市委书记在《信息专报》第221期上的批示",
        co=("市城市管理局",),
        methods=("phone",),
        events=(assign("11-18"),),
    ),
    Spec(
        "省政府督查通知：冬季清洁取暖和天然气保供",
        "upper",
        "11-16",
        "市城市管理局",
        "山东省人民政府办公厅督查通知（鲁政办督〔2026〕34号）",
        co=("市发展改革委",),
        events=(assign("11-17"),),
    ),
    Spec(
        "关于加强中小学课后服务的建议（第0177号）",
        "npc-suggestion",
        "08-24",
        "市教育局",
        "市十八届人大五次会议第0177号建议",
        methods=("written", "phone"),
        events=(
            assign("08-25"),
            report("10-20", "progress", "已与代表沟通，课后服务覆盖率达98%，答复函起草中。"),
        ),
    ),
    Spec(
        "市政府全体会议部署：四季度经济运行冲刺",
        "plenary-meeting",
        "09-28",
        "市发展改革委",
        "市政府第十一次全体会议",
        due="12-18",
        co=("市财政局", "市商务局"),
        kind="comprehensive",
        methods=("meeting", "research"),
        weekly=True,
        weekly_gaps=(43,),
        events=(assign("09-29"),),
    ),
    Spec(
        "关于破解老旧小区加装电梯难题的建议（第0061号）",
        "npc-suggestion",
        "06-29",
        "市住房城乡建设局",
        "市十八届人大五次会议第0061号建议（重点建议）",
        co=("市自然资源和规划局", "市中区政府"),
        methods=("written", "inspection"),
        complex_item=True,
        milestones=(("出台加装电梯补贴办法", "09-30"), ("邀请代表视察", "11-13")),
        events=(
            assign("06-30"),
            done("09-28", 1),
            done("11-12", 2),
            report("11-13", "progress", "已邀请代表视察市中区试点小区，代表对进展表示认可。"),
        ),
    ),
    Spec(
        "关于保护泉水资源、助推泉城申遗的提案（第0231号）",
        "cppcc-proposal",
        "09-01",
        "市水务局",
        "政协济南市第十五届委员会第五次会议第0231号提案",
        co=("市自然资源和规划局",),
        events=(assign("09-02"),),
    ),
    Spec(
        "市领导交办：元旦春节期间“菜篮子”产品保供稳价",
        "other",
        "10-20",
        "市商务局",
        "市领导交办事项（督查室登记〔2026〕26号）",
        due="12-10",
        co=("市农业农村局",),
        events=(assign("10-21"),),
    ),
    Spec(
        "兴隆片区产业园基础设施建设",
        "key-project",
        "10-12",
        "市中区政府",
        "市重点项目督查通知（济政督字〔2026〕19号）",
        due="12-25",
        co=("市发展改革委",),
        methods=("onsite", "ledger"),
        weekly=True,
        milestones=(("完成场地平整", "11-13"), ("主干道路通车", "12-18")),
        events=(assign("10-13"), done("11-13", 1)),
    ),
    Spec(
        "常务会议决定事项：冬季城市供暖保障",
        "executive-meeting",
        "11-13",
        "市城市管理局",
        "市政府第59次常务会议纪要（济政阅〔2026〕52号）",
        events=(assign("11-16"),),
    ),
    Spec(
        "大明湖—趵突泉片区文旅融合现场办公会确定事项",
        "special-meeting",
        "11-02",
        "历下区政府",
        "现场办公会议纪要（济政阅〔2026〕50号）",
        due="12-15",
        co=("市商务局",),
        methods=("onsite",),
        milestones=(("制定夜间经济提升方案", "11-27"), ("完成商业街区改造", "12-15")),
        events=(assign("11-03"),),
    ),
    # ---- registered (立项, 待交办) ----------------------------------------------
    Spec(
        "省政府督查室转办：农村供水工程冬季运行管护",
        "upper",
        "11-19",
        "市水务局",
        "山东省人民政府督查室转办单（鲁督转〔2026〕88号）",
        registered=True,
    ),
    Spec(
        "冬春农田水利基本建设专题会议确定事项",
        "special-meeting",
        "11-19",
        "市农业农村局",
        "专题会议纪要（济政阅〔2026〕53号）",
        due="12-18",
        co=("市水务局",),
        registered=True,
    ),
    Spec(
        "贯彻落实《关于促进消费扩容提质的若干措施》",
        "document",
        "11-18",
        "市商务局",
        "济政字〔2026〕41号",
        due="12-31",
        co=("市财政局",),
        registered=True,
    ),
]


# -- the simulation ------------------------------------------------------------------

WEEKLY_TEXTS = (
    "本周按计划推进，无新增问题。",
    "本周召开推进会1次，协调解决问题2项。",
    "本周现场施工正常，节点任务按序时推进。",
    "本周完成阶段性任务，下周继续推进。",
    "本周遇阴雨天气影响进度，已安排周末加班追赶。",
)


class DemoError(Exception):
    """The demo data contradict the procedure or the rules."""


def weekly_events(spec: Spec, item_start: dt.date, rng: random.Random) -> list[Event]:
    """One weekly report per ISO week (on its last working day), gaps left out.

    Weeks run from the one after assignment until the week before ``TODAY``
    (or until the item is closed).
    """
    assigned = next((e.day for e in spec.events if e.action == "assign"), None)
    if assigned is None:
        return []
    ends = [e.day for e in spec.events if e.action in ("close",)]
    stop = min([TODAY, *ends])
    out: list[Event] = []
    monday = assigned - dt.timedelta(days=assigned.weekday()) + dt.timedelta(days=7)
    while monday + dt.timedelta(days=6) < TODAY:
        week = monday.isocalendar().week
        days = [monday + dt.timedelta(days=i) for i in range(7)]
        # Friday as a rule; a weekday before it when Friday is a holiday; a worked
        # weekend day (调休) only when the whole working week was a holiday.
        workdays = [x for x in days if CALENDAR.is_workday(x)]
        weekdays = [x for x in workdays if x.weekday() < 5]
        workdays = weekdays or workdays
        if workdays and week not in spec.weekly_gaps:
            day = workdays[-1]
            if item_start < day < stop:
                text = f"第{week}周：{rng.choice(WEEKLY_TEXTS)}"
                out.append(
                    Event(day, "report", text=text, kind="weekly", sealed=rng.random() < 0.8)
                )
        monday += dt.timedelta(days=7)
    return out


def build(spec: Spec, item_id: str, rng: random.Random) -> Item:
    """Register the item and apply its events in date order, checking each step."""
    start = d(spec.start)
    explicit = d(spec.due) if spec.due else None
    basis = compute(
        PROFILE, spec.category, start, CALENDAR, complex_item=spec.complex_item, explicit=explicit
    )
    for day in [start, basis.due, *(d(m) for _, m in spec.milestones)]:
        if not CALENDAR.is_workday(day):
            raise DemoError(f"{item_id}: {day} (start, due or milestone) is not a working day")
    leader, contact = UNITS[spec.lead]
    for unit in spec.co:
        if unit not in UNITS:
            raise DemoError(f"{item_id}: unknown co-unit {unit}")
    item = Item(
        id=item_id,
        title=spec.title,
        category=spec.category,
        start=start,
        due=basis.due,
        kind=spec.kind,
        weekly=spec.weekly,
        complex=spec.complex_item,
        source=spec.source,
        lead_unit=spec.lead,
        co_units=list(spec.co),
        responsible=spec.responsible or contact,
        registered_by=rng.choice(CLERKS),
        methods=list(spec.methods),
        due_basis=basis.to_record(),
        milestones=[Milestone(title=t, due=d(day)) for t, day in spec.milestones],
    )
    events = sorted(
        [*spec.events, *weekly_events(spec, start, rng)], key=lambda e: e.day
    )  # stable: same-day events keep their written order, weekly ones last
    rule = category_rule(PROFILE, spec.category)
    for event in events:
        if not start <= event.day < TODAY:
            raise DemoError(f"{item_id}: {event.action} on {event.day} outside {start}..{TODAY}")
        if not CALENDAR.is_workday(event.day):
            raise DemoError(f"{item_id}: {event.action} on {event.day}, not a working day")
        clerk = rng.choice(CLERKS)
        act = event.action
        if act == "assign":
            item.require("assign")
            item.approved_by = rng.choice(APPROVERS)
            item.status = Status.ASSIGNED
            item.assigned_on = event.day
        elif act == "urge":
            item.require("urge")
            item.urges.append(Urge(date=event.day, method=event.method, note=event.text, by=clerk))
            if event.method not in item.methods:
                item.methods.append(event.method)
        elif act == "report":
            item.require("report")
            item.reports.append(
                Report(
                    date=event.day,
                    kind=event.kind,
                    text=event.text,
                    by=clerk,
                    signed_by=leader,
                    sealed=event.sealed,
                )
            )
            if event.kind == "result":
                item.status = Status.REPORTED
        elif act == "review":
            item.require("review")
            review = Review(
                date=event.day,
                accepted=event.accept,
                reason=event.text,
                by=clerk,
                reports_seen=len(item.reports),
            )
            if not event.accept:
                new = compute(
                    PROFILE,
                    item.category,
                    event.day,
                    CALENDAR,
                    complex_item=item.complex,
                    explicit=event.until,
                )
                cap = hard_cap(rule, item.start)
                if cap is not None and new.due > cap:
                    raise DemoError(f"{item_id}: new due {new.due} past the cap {cap}")
                review.previous_due = item.due
                review.new_due = new.due
                item.due = new.due
                item.due_basis = new.to_record()
                item.status = Status.RETURNED
            item.reviews.append(review)
        elif act == "extend":
            item.require("extend")
            assert event.until is not None
            cap = hard_cap(rule, item.start)
            if event.until <= item.due or (cap is not None and event.until > cap):
                raise DemoError(f"{item_id}: extension to {event.until} not allowed")
            late = not event.day < item.due
            if late != event.late:
                raise DemoError(f"{item_id}: extension on {event.day} late={late}, not as meant")
            item.extensions.append(
                Extension(
                    date=event.day,
                    previous_due=item.due,
                    until=event.until,
                    reason=event.text,
                    progress=event.progress,
                    next_steps=event.next_steps,
                    late=late,
                    by=clerk,
                )
            )
            item.due = event.until
        elif act == "milestone":
            item.require("milestone")
            item.milestones[event.number - 1].done = event.day
        elif act == "close":
            item.require("close")
            if not item.reviews or not item.reviews[-1].accepted:
                raise DemoError(f"{item_id}: closed without an accepted review")
            item.status = Status.CLOSED
            item.closed_on = event.day
            item.close_note = event.text
        elif act == "archive":
            item.require("archive")
            item.status = Status.ARCHIVED
            item.archived_on = event.day
        else:  # pragma: no cover - a typo in the data above
            raise DemoError(f"{item_id}: unknown action {act}")
    if spec.registered and item.status != Status.REGISTERED:
        raise DemoError(f"{item_id}: meant to stay registered")
    if not spec.registered and item.status == Status.REGISTERED:
        raise DemoError(f"{item_id}: never assigned")
    return item


def config_text(office: str, units: list[str]) -> str:
    """The package's config template, filled in, with the units listed."""
    template = resources.files("duchatai").joinpath("templates/duchatai.yaml").read_text("utf-8")
    text = template.format(office=office, lang="zh")
    old = "units: []\n#  - 市发展改革委\n#  - 市住房城乡建设局\n"
    if old not in text:
        raise DemoError("the config template's units section changed; update make_demo.py")
    return text.replace(old, "units:\n" + "".join(f"  - {u}\n" for u in units))


def make(out: Path) -> list[Item]:
    """Write the demo ledger to ``out`` (replacing an earlier one) and return its items."""
    rng = random.Random(SEED)
    order = sorted(range(len(SPECS)), key=lambda i: (d(SPECS[i].start), i))
    items = [build(SPECS[i], f"DC-2026-{n:04d}", rng) for n, i in enumerate(order, 1)]
    used = {i.lead_unit for i in items} | {u for i in items for u in i.co_units}
    units = [u for u in UNITS if u in used]

    if out.exists():
        if not (out / "duchatai.yaml").is_file():
            raise DemoError(f"{out} exists and is not a ledger; refusing to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    atomic_write(out / "duchatai.yaml", config_text(OFFICE, units).encode("utf-8"))
    atomic_write(out / ".gitignore", GITIGNORE.encode("utf-8"))
    (out / "items").mkdir()
    (out / "archive").mkdir()
    for item in items:
        if item.status == Status.ARCHIVED:
            assert item.closed_on is not None
            path = out / "archive" / str(item.closed_on.year) / f"{item.id}.yaml"
        else:
            path = out / "items" / f"{item.id}.yaml"
        data = dump_record(item.to_record(), None)
        atomic_write(path, data)
        # What the ledger will read back must be the item we meant.
        again = Item.from_record(parse_yaml(data), path)
        if again != item:
            raise DemoError(f"{item.id}: does not read back identical")
    return items


def summary(items: list[Item]) -> str:
    """Counts by status and category, overdue and due-soon on ``TODAY``."""
    from collections import Counter

    lines = []
    by_status = Counter(i.status.value for i in items)
    lines.append("status:   " + ", ".join(f"{s.value} {by_status[s.value]}" for s in Status))
    by_cat = Counter(i.category for i in items)
    lines.append("category: " + ", ".join(f"{c} {by_cat[c]}" for c in PROFILE.categories))
    open_items = [i for i in items if i.is_open]
    late = [i for i in open_items if is_overdue(i, TODAY, PROFILE)]
    soon = [
        i
        for i in open_items
        if not is_overdue(i, TODAY, PROFILE) and 0 < CALENDAR.between(TODAY, i.due) <= 3
    ]
    lines.append(f"open {len(open_items)}, overdue on {TODAY}: {len(late)}")
    lines.append("overdue:  " + " ".join(i.id for i in late))
    lines.append("due within 3 working days: " + " ".join(f"{i.id}({i.due})" for i in soon))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    items = make(out)
    print(f"wrote {len(items)} items to {out}")
    print(summary(items))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
