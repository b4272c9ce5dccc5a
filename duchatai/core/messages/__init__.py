"""What the office reads, in Simplified Chinese (default) and English.

``set_lang`` is called once at the entry point (``--lang``, ``DUCHATAI_LANG``
or the ledger's ``lang``); library code builds user messages with ``t``.

The labels of stored values are here; the messages, one ``MESSAGES`` table of
key to (zh, en), are kept by area in the modules of this package and merged
below into the one table ``t`` reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from duchatai.core.messages import (
    assessing,
    calimport,
    checking,
    confirmations,
    conflicts,
    corrections,
    documents,
    followup,
    framework,
    outputs,
    outreach,
    packets,
    progress,
    refusals,
    safety,
    sharing,
    spoken,
    spreadsheet,
    undo,
)

LANGS = ("zh", "en")
_lang = "zh"


def set_lang(lang: str) -> None:
    """Choose the language of everything ``t`` and the labels return."""
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "zh"


def lang() -> str:
    """The language in force."""
    return _lang


def is_zh() -> bool:
    """Whether what people read is in Chinese (the default)."""
    return _lang == "zh"


def _fmt(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def t(key: str, **kwargs: Any) -> str:
    """The message ``key`` in the current language, formatted with ``kwargs``."""
    zh, en = MESSAGES[key]
    template = en if _lang == "en" else zh
    return template.format(**{k: _fmt(v) for k, v in kwargs.items()})


def label(table: dict[str, tuple[str, str]], key: str) -> str:
    """A label from one of the label tables below; unknown keys print as themselves."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if _lang == "en" else pair[0]


CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "upper": ("上级批示交办", "Instructions from above"),
    "work-report": ("政府工作报告任务", "Government work report task"),
    "document": ("重要文件事项", "Important document"),
    "key-project": ("重点工程项目", "Key project"),
    "executive-meeting": ("常务会议决定", "Executive meeting decision"),
    "special-meeting": ("专题会议事项", "Special meeting item"),
    "plenary-meeting": ("全体会议决定", "Plenary meeting decision"),
    "leader-instruction": ("市领导批示", "City leader's instruction"),
    "npc-suggestion": ("人大代表建议", "NPC deputy suggestion"),
    "cppcc-proposal": ("政协提案", "CPPCC proposal"),
    "other": ("其他交办事项", "Other assigned item"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "registered": ("已立项", "registered"),
    "assigned": ("已交办", "assigned"),
    "reported": ("已报送", "reported"),
    "returned": ("退回重办", "returned"),
    "closed": ("已办结", "closed"),
    "archived": ("已归档", "archived"),
    "withdrawn": ("已撤销", "withdrawn"),
}

METHOD_LABELS: dict[str, tuple[str, str]] = {
    "written": ("书面督查", "written"),
    "phone": ("电话督查", "phone"),
    "meeting": ("会议督查", "meeting"),
    "onsite": ("现场督查", "on-site"),
    "joint": ("联合督查", "joint"),
    "ledger": ("对账督查", "ledger check"),
    "recheck": ("复核督查", "recheck"),
    "inspection": ("邀请视察", "inspection"),
    "research": ("督查调研", "research"),
}

REPORT_LABELS: dict[str, tuple[str, str]] = {
    "result": ("办理结果报告", "result report"),
    "progress": ("进展情况报告", "progress report"),
    "weekly": ("周报", "weekly report"),
}

MILESTONE_STATE_LABELS: dict[str, tuple[str, str]] = {
    "done": ("按期完成", "done"),
    "done_late": ("逾期完成", "done late"),
    "overdue": ("逾期未完成", "late"),
    "pending": ("未到期", "not yet due"),
    "dropped": ("未完成（事项已办结）", "not done (item closed)"),
}
"""The states of ``core.milestones.milestone_state``."""

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "assign": ("交办（assign）", "assign"),
    "urge": ("催办（urge）", "urge"),
    "report": ("报送报告（report）", "report"),
    "review": ("审核（review）", "review"),
    "extend": ("延期（extend）", "extend"),
    "close": ("办结（close）", "close"),
    "archive": ("归档（archive）", "archive"),
    "milestone": ("节点任务（milestone）", "milestone"),
    "withdraw": ("撤销（withdraw）", "withdraw"),
    "edit": ("更正（edit）", "edit"),
    "note": ("备注（note）", "note"),
    "recheck": ("复核（recheck）", "recheck"),
}

KIND_LABELS: dict[str, tuple[str, str]] = {
    "routine": ("日常督查", "routine"),
    "comprehensive": ("综合督查", "comprehensive"),
}

BASIS_LABELS: dict[str, tuple[str, str]] = {
    "workdays": ("工作日", "working days"),
    "quarter-end": ("季度结束后日历日", "calendar days after quarter end"),
    "months": ("个月", "months"),
    "explicit": ("通知/会议明确时限", "date set by the notice or meeting"),
}

LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "none": ("无", "none"),
    "criticism": ("通报批评", "criticism"),
    "admonition": ("诫勉谈话", "admonition talk"),
    "disciplinary": ("组织处理或纪律处分", "organisational/disciplinary handling"),
}

PARTS = (
    progress,
    refusals,
    conflicts,
    confirmations,
    sharing,
    spreadsheet,
    safety,
    calimport,
    corrections,
    outputs,
    spoken,
    undo,
    documents,
    outreach,
    assessing,
    packets,
    followup,
    checking,
    framework,
)
"""The modules that hold the messages, by area; ``tests/test_messages.py`` checks
that no key is in two of them and that each has its zh and en text."""

MESSAGES: dict[str, tuple[str, str]] = {
    key: pair for part in PARTS for key, pair in part.MESSAGES.items()
}
