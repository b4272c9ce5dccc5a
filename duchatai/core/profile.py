"""The rule profile: categories, time limits and the escalation ladder as data.

The default is the Jinan profile (济政办发〔2016〕30号). An office with other
numbers overrides any part of it in its ``duchatai.yaml`` under ``rules:``::

    rules:
      categories:
        executive-meeting: {days: 7}       # change one number
      ladder: {admonition: 2, disciplinary: 3}

Nothing here imports typer, rich or ruamel: profiles are plain data.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

RULE_KINDS = ("workdays", "quarter-end", "months", "explicit")

# Sane limits on every number of a rule (``rules:`` in the config): ten years
# of days or months is far beyond any time limit, and keeps due dates within
# the years the tool accepts.
MAX_DAYS = 3650
MAX_MONTHS = 120
MAX_COUNT = 10_000
"""Ladder steps, grace working days, urges and commendation minimums."""

JINAN_2016: dict[str, Any] = {
    "name": "jinan-2016",
    "title": "济政办发〔2016〕30号 济南市政府督查工作规定",
    "categories": {
        "upper": {
            "rule": "workdays",
            "days": 7,
            "article": "第十六条(一)",
            "progress_satisfies": True,
        },
        "work-report": {"rule": "quarter-end", "days": 15, "article": "第十六条(二)"},
        "document": {"rule": "explicit", "article": "第十六条(三)"},
        "key-project": {"rule": "explicit", "article": "第十六条(三)"},
        "executive-meeting": {"rule": "workdays", "days": 10, "article": "第十六条(四)"},
        "special-meeting": {"rule": "explicit", "article": "第十六条(五)"},
        "plenary-meeting": {"rule": "explicit", "article": "第六条(二)"},
        "leader-instruction": {
            "rule": "workdays",
            "days": 3,
            "article": "第十六条(六)",
            "progress_satisfies": True,
        },
        "npc-suggestion": {
            "rule": "months",
            "months": 3,
            "complex_months": 6,
            "cap_months": 6,
            "article": "第十六条(七)",
        },
        "cppcc-proposal": {
            "rule": "months",
            "months": 3,
            "complex_months": 6,
            "cap_months": 6,
            "article": "第十六条(七)",
        },
        "other": {"rule": "explicit", "article": "第六条(八)"},
    },
    # 第二十条: criticisms within one calendar year that bring each level.
    "ladder": {"criticism": 1, "admonition": 2, "disciplinary": 3},
    # Candidates for criticism: overdue beyond this many working days, or
    # urged this many times without an answer (overdue --suggest).
    "suggest": {"grace_workdays": 5, "urges": 3},
    # Commendation candidates (第十九条): all closed on time, at least this many.
    "commend": {"min_items": 3},
    # 复核 (第八条(七)): a closed item's follow-up visit is due this many working days
    # after closing (list --recheck-due); a category may set its own recheck_workdays.
    "recheck": {"workdays": 20},
}


@dataclass(frozen=True)
class CategoryRule:
    """How the due date of one category of item is found (第十六条)."""

    key: str
    rule: str
    article: str
    days: int = 0
    months: int = 0
    complex_months: int = 0
    cap_months: int = 0
    progress_satisfies: bool = False
    recheck_workdays: int = 20
    """Working days after closing when the follow-up visit (复核) is due."""

    @property
    def needs_explicit(self) -> bool:
        """The notice or the meeting sets the date; the tool cannot compute one."""
        return self.rule == "explicit"


@dataclass(frozen=True)
class Ladder:
    """Criticisms within one calendar year that bring each level (第二十条)."""

    criticism: int = 1
    admonition: int = 2
    disciplinary: int = 3


@dataclass(frozen=True)
class Profile:
    """A complete rule profile."""

    name: str
    title: str
    categories: Mapping[str, CategoryRule]
    ladder: Ladder
    grace_workdays: int
    suggest_urges: int
    commend_min_items: int

    def rule(self, category: str) -> CategoryRule:
        """The rule of a category; ``KeyError`` if unknown (callers validate first)."""
        return self.categories[category]


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def build_profile(overrides: Mapping[str, Any] | None = None) -> Profile:
    """The Jinan profile with an office's overrides merged in.

    Raises ``ValueError`` with a readable message when an override is malformed.
    """
    raw = _merge(JINAN_2016, overrides or {})
    if not isinstance(raw["categories"], Mapping):
        # e.g. ``categories:`` left with its entries commented out (YAML null)
        raise ValueError("rules.categories must be a mapping of category to rule")
    recheck = raw.get("recheck") or {}
    if not isinstance(recheck, Mapping):
        raise ValueError("rules.recheck must be a mapping such as {workdays: 20}")
    default_recheck = recheck.get("workdays", 20)
    categories = {
        str(key): _category_rule(key, body, default_recheck)
        for key, body in raw["categories"].items()
    }
    ladder_raw = raw.get("ladder") or {}
    try:
        ladder = Ladder(
            criticism=int(ladder_raw.get("criticism", 1)),
            admonition=int(ladder_raw.get("admonition", 2)),
            disciplinary=int(ladder_raw.get("disciplinary", 3)),
        )
        profile = Profile(
            name=str(raw.get("name", "custom")),
            title=str(raw.get("title", "")),
            categories=categories,
            ladder=ladder,
            grace_workdays=int((raw.get("suggest") or {}).get("grace_workdays", 5)),
            suggest_urges=int((raw.get("suggest") or {}).get("urges", 3)),
            commend_min_items=int((raw.get("commend") or {}).get("min_items", 3)),
        )
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise ValueError("rules: ladder / suggest / commend need whole numbers") from None
    for name, value, low in (
        ("ladder.criticism", ladder.criticism, 1),
        ("ladder.admonition", ladder.admonition, 1),
        ("ladder.disciplinary", ladder.disciplinary, 1),
        ("suggest.grace_workdays", profile.grace_workdays, 0),
        ("suggest.urges", profile.suggest_urges, 0),
        ("commend.min_items", profile.commend_min_items, 0),
    ):
        _bounded(f"rules.{name}", value, low, MAX_COUNT)
    return profile


def _category_rule(key: Any, body: Any, default_recheck: Any = 20) -> CategoryRule:
    """The rule of one category under ``rules.categories``; ``ValueError`` naming the field."""
    if not isinstance(body, Mapping):
        raise ValueError(f"rules.categories.{key} must be a mapping")
    rule = str(body.get("rule", "explicit"))
    if rule not in RULE_KINDS:
        raise ValueError(
            f"rules.categories.{key}.rule: {rule!r} is not one of {', '.join(RULE_KINDS)}"
        )
    try:
        made = CategoryRule(
            key=str(key),
            rule=rule,
            article=str(body.get("article", "")),
            days=int(body.get("days", 0)),
            months=int(body.get("months", 0)),
            complex_months=int(body.get("complex_months", 0)),
            cap_months=int(body.get("cap_months", 0)),
            progress_satisfies=bool(body.get("progress_satisfies", False)),
            recheck_workdays=int(body.get("recheck_workdays", default_recheck)),
        )
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"rules.categories.{key}: numbers expected") from None
    if rule == "workdays" and made.days < 1:
        raise ValueError(f"rules.categories.{key}.days must be at least 1")
    for name, value, high in (
        ("days", made.days, MAX_DAYS),
        ("months", made.months, MAX_MONTHS),
        ("complex_months", made.complex_months, MAX_MONTHS),
        ("cap_months", made.cap_months, MAX_MONTHS),
        ("recheck_workdays", made.recheck_workdays, MAX_DAYS),
    ):
        _bounded(f"rules.categories.{key}.{name}", value, 0, high)
    return made


def _bounded(name: str, value: int, low: int, high: int) -> None:
    """Refuse a rule number outside [low, high] with a message naming the range."""
    if not low <= value <= high:
        raise ValueError(f"{name}: {value} is out of range; use a whole number {low}-{high}")


DEFAULT_PROFILE = build_profile()
