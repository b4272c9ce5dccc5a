"""What people call the stored values: one home for the names of categories, statuses,
methods and kinds.

Every way in reads a value through ``resolve``: the command-line options
(``--category 领导批示``, ``--method 电话``, ``list --status 已交办``, ``--kind 结果``)
and the spreadsheet import alike. A value is its key (``leader-instruction``),
its label in either language (``市领导批示``, ``City leader's instruction``,
from ``core.messages``) or one of the short forms people say (``领导批示``,
``批示``). Matching is exact after trimming spaces and folding full-width
letters (NFKC): ``Leader-Instruction`` is not a key.

``choices`` and ``help_names`` say the accepted names (refusals, ``--help``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from duchatai.core.messages import (
    CATEGORY_LABELS,
    KIND_LABELS,
    METHOD_LABELS,
    REPORT_LABELS,
    STATUS_LABELS,
    is_zh,
)

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "category": CATEGORY_LABELS,
    "status": STATUS_LABELS,
    "method": METHOD_LABELS,
    "kind": KIND_LABELS,
    "report": REPORT_LABELS,
}
"""The label table of each field (``report``: the kind of a report)."""

SHORT: dict[str, dict[str, tuple[str, ...]]] = {
    "category": {
        "upper": ("上级批示", "上级交办", "上级"),
        "work-report": ("政府工作报告", "工作报告"),
        "document": ("重要文件", "文件"),
        "key-project": ("重点工程", "重点项目", "重点工程项目"),
        "executive-meeting": ("常务会议", "常务会", "常务会议事项"),
        "special-meeting": ("专题会议", "专题会"),
        "plenary-meeting": ("全体会议", "全体会"),
        "leader-instruction": ("领导批示", "批示"),
        "npc-suggestion": ("人大建议", "人大代表建议", "建议"),
        "cppcc-proposal": ("提案", "政协委员提案"),
        "other": ("其他", "其他事项"),
    },
    "status": {
        "registered": ("立项", "待交办", "未交办"),
        "assigned": ("交办", "办理中", "在办", "承办"),
        "reported": ("报送", "已报"),
        "returned": ("退回", "已退回", "重办"),
        "closed": ("办结", "已完成", "完成"),
        "archived": ("归档",),
        "withdrawn": ("撤销",),
    },
    "method": {
        "written": ("书面",),
        "phone": ("电话",),
        "meeting": ("会议",),
        "onsite": ("现场", "实地督查"),
        "joint": ("联合",),
        "ledger": ("对账",),
        "recheck": ("复核",),
        "inspection": ("视察",),
        "research": ("调研",),
    },
    "kind": {"routine": ("日常",), "comprehensive": ("综合",)},
    "report": {
        "result": ("结果", "办理结果", "结果报告"),
        "progress": ("进展", "进展情况", "进展报告"),
        "weekly": ("每周报告",),
    },
}
"""Short forms people say, per field and key (the labels are accepted besides)."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def names_of(field: str, key: str) -> tuple[str, ...]:
    """Every name of ``key``: the key, its two labels, its short forms (in that order)."""
    labels = LABELS[field].get(key, ())
    return tuple(dict.fromkeys((key, *labels, *SHORT[field].get(key, ()))))


def resolve(field: str, text: str, keys: Iterable[str]) -> str | None:
    """The key among ``keys`` that ``text`` names, or None.

    A key typed as itself wins over a name; a ledger's own category (a key
    without labels) is found by its key alone.
    """
    wanted = _fold(text)
    keys = list(keys)
    if wanted in keys:
        return wanted
    for key in keys:
        if wanted in names_of(field, key)[1:]:
            return key
    return None


def choices(field: str, keys: Iterable[str], *, full_width: bool = False) -> str:
    """The accepted values for a refusal: ``upper(上级批示交办), work-report(…)``;
    ``full_width`` for a Chinese sentence: ``upper（上级批示交办）、work-report（…）``. In
    English the keys alone (their Chinese names are accepted too, but not said there)."""
    if not is_zh():
        return ", ".join(keys)
    if full_width:
        return "、".join(
            f"{key}（{LABELS[field][key][0]}）" if key in LABELS[field] else key for key in keys
        )
    return ", ".join(
        f"{key}({LABELS[field][key][0]})" if key in LABELS[field] else key for key in keys
    )


def help_names(field: str) -> str:
    """The names for ``--help``: ``key=中文名`` for every key of the field."""
    # " | " (as in "zh | en"): no half-width comma against Chinese, and the help
    # can still be wrapped between two names.
    return " | ".join(f"{key}={zh}" for key, (zh, _) in LABELS[field].items())
