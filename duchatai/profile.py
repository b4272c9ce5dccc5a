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
    categories: dict[str, CategoryRule] = {}
    for key, body in raw["categories"].items():
        if not isinstance(body, Mapping):
            raise ValueError(f"rules.categories.{key} must be a mapping")
        rule = str(body.get("rule", "explicit"))
        if rule not in RULE_KINDS:
            raise ValueError(
                f"rules.categories.{key}.rule: {rule!r} is not one of {', '.join(RULE_KINDS)}"
            )
        try:
            categories[str(key)] = CategoryRule(
                key=str(key),
                rule=rule,
                article=str(body.get("article", "")),
                days=int(body.get("days", 0)),
                months=int(body.get("months", 0)),
                complex_months=int(body.get("complex_months", 0)),
                cap_months=int(body.get("cap_months", 0)),
                progress_satisfies=bool(body.get("progress_satisfies", False)),
            )
        except (TypeError, ValueError):
            raise ValueError(f"rules.categories.{key}: numbers expected") from None
        if rule == "workdays" and categories[str(key)].days < 1:
            raise ValueError(f"rules.categories.{key}.days must be at least 1")
    ladder_raw = raw.get("ladder") or {}
    try:
        ladder = Ladder(
            criticism=int(ladder_raw.get("criticism", 1)),
            admonition=int(ladder_raw.get("admonition", 2)),
            disciplinary=int(ladder_raw.get("disciplinary", 3)),
        )
        return Profile(
            name=str(raw.get("name", "custom")),
            title=str(raw.get("title", "")),
            categories=categories,
            ladder=ladder,
            grace_workdays=int((raw.get("suggest") or {}).get("grace_workdays", 5)),
            suggest_urges=int((raw.get("suggest") or {}).get("urges", 3)),
            commend_min_items=int((raw.get("commend") or {}).get("min_items", 3)),
        )
    except (TypeError, ValueError, AttributeError):
        raise ValueError("rules: ladder / suggest / commend need whole numbers") from None


DEFAULT_PROFILE = build_profile()
