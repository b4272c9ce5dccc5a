"""Issue 19, point 5: the annual assessment (考核, 第十九条): a per-unit score from a
formula kept as data in ``duchatai.yaml``, every point traced to its records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ItemFactory, Run, git

from duchatai.core.criticism import Criticism
from duchatai.core.model import Report
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.scoring import DEFAULTS, formula, score
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.assessment import assess

D = dt.date
CAL = WorkCalendar()
DAY = D(2026, 11, 20)


def test_formula_defaults_overrides_and_refusals() -> None:
    assert formula(None).weights == DEFAULTS
    assert formula({"criticism": -10, "base": 50})["criticism"] == -10.0
    with pytest.raises(ValueError, match="assessment.bonus 不是计分项"):
        formula({"bonus": 5})
    with pytest.raises(ValueError, match="不是数字"):
        formula({"criticism": "five"})
    with pytest.raises(ValueError, match="不是数字"):
        formula({"criticism": True})
    with pytest.raises(ValueError, match="floor"):
        formula({"floor": 90, "ceiling": 80})


def test_score_adds_each_weighted_term_and_keeps_the_bounds() -> None:
    weights = formula(None)
    facts = {"late_closing": (("A", 1.0), ("B", 1.0)), "overdue_workday": (("A", 12.0),)}
    s = score("市水务局", 0.5, (("A", 0.0), ("C", 1.0)), facts, weights)
    points = {t.name: t.points for t in s.terms}
    assert points["on_time_rate"] == 20.0 and points["late_closing"] == -4.0
    assert points["overdue_workday"] == pytest.approx(-2.4)
    assert s.total == pytest.approx(60 + 20 - 4 - 2.4)
    nothing_due = score("市财政局", None, (), {}, weights)
    assert nothing_due.total == 100.0 and nothing_due.rate is None
    floored = score("x", 0.0, (), {"criticism": (("TB-1", 30.0),)}, weights)
    assert floored.total == 0.0


def test_every_point_is_traced_to_its_items(make_item: ItemFactory) -> None:
    on_time = make_item(start=D(2026, 11, 2), item_id="DC-2026-0001", closed=D(2026, 11, 4))
    late = make_item(
        start=D(2026, 11, 2), item_id="DC-2026-0002",
        reports=[Report(D(2026, 11, 10), "result", "迟报")], closed=D(2026, 11, 10),
    )
    overdue = make_item(start=D(2026, 11, 2), item_id="DC-2026-0003")
    other = make_item(start=D(2026, 11, 2), item_id="DC-2026-0004", lead="市财政局",
                      closed=D(2026, 11, 3))
    criticisms = [
        Criticism("TB-2026-0001", "市水务局", D(2026, 11, 12), "超期"),
        Criticism("TB-2025-0009", "市水务局", D(2025, 12, 1), "去年的"),
    ]
    scores = assess([on_time, late, overdue, other], criticisms, 2026, DAY, CAL,
                    DEFAULT_PROFILE, formula(None))
    assert [s.unit for s in scores] == ["市财政局", "市水务局"]
    water = {t.name: t for t in scores[1].terms}
    assert scores[1].rate == 0.3333  # as stats shows it (four decimals)
    assert water["on_time_rate"].sources == (
        ("DC-2026-0001", 1.0), ("DC-2026-0002", 0.0), ("DC-2026-0003", 0.0)
    )
    assert water["late_closing"].sources == (("DC-2026-0002", 1.0),)
    # due 11-05: answered 11-10 (3 working days late); open, 11 working days by 11-20
    assert dict(water["overdue_workday"].sources) == {"DC-2026-0002": 3.0, "DC-2026-0003": 11.0}
    assert water["criticism"].sources == (("TB-2026-0001", 1.0),)  # this year's only
    expected = 60 + 40 * 0.3333 - 2 - 0.2 * 14 - 5
    assert scores[1].total == pytest.approx(round(expected, 2))


def _criticised(root: Path, run: Run) -> None:
    for title, lead in (("甲批示", "市水务局"), ("乙批示", "市财政局")):
        assert run("register", title, "--category", "leader-instruction", "--lead", lead,
                   ledger=root, today="2026-11-02").exit_code == 0
    assert run("assign", "DC-2026-0001", ledger=root, today="2026-11-02").exit_code == 0
    assert run("assign", "DC-2026-0002", ledger=root, today="2026-11-02").exit_code == 0
    assert run("report", "DC-2026-0002", "--kind", "result", "--text", "已办", "--signed-by",
               "李局长", "--sealed", ledger=root, today="2026-11-04").exit_code == 0
    assert run("criticize", "市水务局", "--reason", "超期未报", "--item", "DC-2026-0001",
               ledger=root, today="2026-11-12").exit_code == 0


def test_cli_ranks_explains_and_reads_the_formula(built_ledger: object, run: Run) -> None:
    root = built_ledger("assess-office", lambda r: _criticised(r, run))  # type: ignore[operator]
    ranked = run("assess", ledger=root)
    assert ranked.exit_code == 0, ranked
    lines = ranked.stdout.splitlines()
    assert lines[0] == "2026年度督查考核得分"
    assert lines[3].split()[:3] == ["1", "市财政局", "100.00"]
    assert lines[4].split()[:3] == ["2", "市水务局", "52.80"]  # 60 + 0 - 11×0.2 - 5
    shown = run("assess", "--explain", "市水务局", ledger=root)
    assert "通报批评  1 × -5 = -5.00" in shown.stdout and "TB-2026-0001" in shown.stdout
    assert "按时：—；未按时：DC-2026-0001" in shown.stdout
    data = json.loads(run("assess", "--json", ledger=root).stdout)
    assert data[1]["unit"] == "市水务局"
    crit = next(t for t in data[1]["terms"] if t["term"] == "criticism")
    assert crit["records"] == [{"id": "TB-2026-0001", "count": 1.0}]
    config = root / "duchatai.yaml"
    config.write_text(config.read_text("utf-8") + "assessment:\n  criticism: -20\n", "utf-8")
    git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "formula")
    heavier = run("assess", "--json", ledger=root)
    assert json.loads(heavier.stdout)[1]["score"] == pytest.approx(data[1]["score"] - 15)
    kept = config.read_text("utf-8")
    config.write_text(kept + "  bonus: 3\n", "utf-8")
    refused = run("assess", ledger=root)
    assert refused.exit_code == 1 and "assessment.bonus 不是计分项" in refused.stderr
    config.write_text(kept, "utf-8")
    unknown = run("assess", "--explain", "市水务", ledger=root)
    assert unknown.exit_code == 1 and "市水务局" in unknown.stderr
    english = run("assess", ledger=root, lang="en")
    assert english.stdout.startswith("Supervision assessment 2026")
