"""Typing what people say (issue 15): names of stored values, global options after the
subcommand, dates without a year, ``--version``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, commit_count, git_head, snapshot
from hypothesis import given
from hypothesis import strategies as st

from duchatai.app import spreadsheet_read
from duchatai.core import names
from duchatai.core.dates import has_no_year, parse_date, yearless_date
from duchatai.core.errors import InvalidInput
from duchatai.core.model import KINDS, METHODS, REPORT_KINDS, Status
from duchatai.core.profile import DEFAULT_PROFILE

D = dt.date
KEYS = {
    "category": list(DEFAULT_PROFILE.categories),
    "status": [s.value for s in Status],
    "method": list(METHODS),
    "kind": list(KINDS),
    "report": list(REPORT_KINDS),
}

# -- the names: one home (core.names), used by the options and by import ----------


@pytest.mark.parametrize("field", sorted(KEYS))
def test_every_name_resolves_to_its_key_and_no_name_is_two_keys(field: str) -> None:
    keys = KEYS[field]
    seen: dict[str, str] = {}
    for key in keys:
        for name in names.names_of(field, key):
            assert names.resolve(field, name, keys) == key, name
            assert names.resolve(field, f" {name} ", keys) == key
            assert seen.setdefault(name, key) == key, f"{name} names {seen[name]} and {key}"


@pytest.mark.parametrize(
    ("field", "text", "key"),
    [
        ("category", "领导批示", "leader-instruction"),
        ("category", "市领导批示", "leader-instruction"),
        ("category", "常务会议", "executive-meeting"),
        ("category", "重点项目", "key-project"),
        ("category", "ｕｐｐｅｒ", "upper"),  # full-width letters fold
        ("category", "Leader-Instruction", None),  # keys are exact
        ("category", "会议", None),
        ("method", "电话", "phone"),
        ("method", "现场督查", "onsite"),
        ("method", "on-site", "onsite"),
        ("status", "已交办", "assigned"),
        ("status", "办理中", "assigned"),
        ("status", "已办结", "closed"),
        ("status", "撤销", "withdrawn"),
        ("kind", "综合", "comprehensive"),
        ("report", "结果", "result"),
        ("report", "进展", "progress"),
        ("report", "周报", "weekly"),
    ],
)
def test_resolve(field: str, text: str, key: str | None) -> None:
    assert names.resolve(field, text, KEYS[field]) == key


def test_a_ledgers_own_category_is_found_by_its_key() -> None:
    assert names.resolve("category", "my-own", ["my-own", "upper"]) == "my-own"
    assert names.choices("category", ["my-own", "upper"]) == "my-own, upper(上级批示交办)"


def test_import_reads_the_same_names() -> None:
    assert spreadsheet_read._labelled("领导批示", "category", KEYS["category"]) == LI
    assert spreadsheet_read._labelled("在办", "status", KEYS["status"]) == "assigned"


LI = "leader-instruction"


def _shown(run: Run, ledger: Path, item_id: str) -> dict[str, Any]:
    done = run("show", item_id, "--json", ledger=ledger)
    assert done.exit_code == 0, done
    shown: dict[str, Any] = json.loads(done.stdout)
    return shown


def _item(ledger: Path, item_id: str) -> str:
    return (ledger / "items" / f"{item_id}.yaml").read_text(encoding="utf-8")


def test_cli_takes_chinese_names_everywhere(ledger: Path, run: Run) -> None:
    done = run("register", "关于X的批示", "--category", "领导批示", "--method", "电话",
               "--kind", "综合", "--json", ledger=ledger)
    assert done.exit_code == 0, done
    item_id = json.loads(done.stdout)["id"]
    text = _item(ledger, item_id)
    assert f"category: {LI}" in text and "kind: comprehensive" in text and "- phone" in text
    assert run("assign", item_id, "--lead", "市财政局", ledger=ledger).exit_code == 0
    assert run("urge", item_id, "--method", "现场", ledger=ledger).exit_code == 0
    reported = run("report", item_id, "--kind", "进展", "--text", "推进中", ledger=ledger)
    assert reported.exit_code == 0
    text = _item(ledger, item_id)
    assert "method: onsite" in text and "kind: progress" in text
    listed = run("list", "--status", "已交办", "--category", "批示", "--json", ledger=ledger)
    assert [row["id"] for row in json.loads(listed.stdout)] == [item_id]
    assert json.loads(run("list", "--status", "已办结", "--json", ledger=ledger).stdout) == []


def test_an_unknown_name_is_refused_naming_key_and_name(ledger: Path, run: Run) -> None:
    before, head = snapshot(ledger), git_head(ledger)
    done = run("register", "x", "--category", LI, "--method", "邮件", ledger=ledger)
    assert done.exit_code == 1 and len(done.stderr.splitlines()) == 1
    assert "--method“邮件”无效" in done.stderr and "phone(电话督查)" in done.stderr
    assert (snapshot(ledger), git_head(ledger)) == (before, head)
    listed = run("list", "--status", "进行中", ledger=ledger)
    assert listed.exit_code == 1 and "assigned(已交办)" in listed.stderr


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["register", "--help"], ["leader-instruction=市领导批示", "phone=电话督查",
                                  "comprehensive=综合督查"]),
        (["list", "--help"], ["assigned=已交办", "upper=上级批示交办"]),
        (["report", "--help"], ["result=办理结果报告"]),
    ],
)
def test_help_lists_keys_and_chinese_names(run: Run, argv: list[str], shown: list[str]) -> None:
    done = run(*argv, today=None, by=None)
    flat = "".join(done.stdout.split())  # wrapped anywhere
    assert done.exit_code == 0
    for words in shown:
        assert words in flat


# -- the global options after the subcommand ---------------------------------------


def test_global_options_after_the_subcommand(ledger: Path, run: Run) -> None:
    assert run("register", "Y", "-c", LI, ledger=ledger, today="2026-11-02").exit_code == 0
    before = run("--today", "2026-11-20", "overdue", ledger=ledger, today=None)
    after = run("overdue", "--today", "2026-11-20", "--lang", "en", "--lang", "zh",
                ledger=None, today=None, by=None)
    assert after.exit_code == 1 and "台账" in after.stderr  # no --ledger here: none found
    after = run("overdue", "--ledger", str(ledger), "--today", "2026-11-20", today=None)
    assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)
    assert "2026-11-20" in after.stdout
    english = run("overdue", "--lang", "en", ledger=ledger)
    assert english.exit_code == 0 and "overdue" in english.stdout.lower()


def test_an_option_value_equal_to_a_global_option_is_a_value(ledger: Path, run: Run) -> None:
    commits = commit_count(ledger)
    done = run("register", "-c", LI, "--source", "--today", "--json", "--", "--today",
               ledger=ledger, today="2026-11-20")
    assert done.exit_code == 0, done
    item = _shown(run, ledger, json.loads(done.stdout)["id"])
    assert (item["title"], item["start"]) == ("--today", "2026-11-20")
    assert "source: --today" in _item(ledger, item["id"])
    noted = run("urge", item["id"], "--note", "--by", "--by", "王", ledger=ledger, by=None)
    assert noted.exit_code == 1  # registered, not assigned: refused, but parsed as meant
    assert "--by" not in noted.stderr.split("“")[0]
    assert commit_count(ledger) == commits + 1


def test_version(run: Run) -> None:
    from importlib.metadata import version

    done = run("--version", today=None, by=None)
    assert (done.exit_code, done.stdout) == (0, f"duchatai {version('duchatai')}\n")


# -- dates without a year ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "toward", "expected"),
    [
        ("1月5日", D(2026, 12, 20), "next", D(2027, 1, 5)),
        ("1月5日", D(2026, 12, 20), "last", D(2026, 1, 5)),
        ("1月5日", D(2026, 12, 20), "this", D(2026, 1, 5)),
        ("12月30日", D(2027, 1, 3), "last", D(2026, 12, 30)),
        ("12-30", D(2027, 1, 3), "next", D(2027, 12, 30)),
        ("1-5", D(2026, 1, 5), "next", D(2026, 1, 5)),  # today is its own next and last
        ("1月5号", D(2026, 1, 5), "last", D(2026, 1, 5)),
        ("2月29日", D(2026, 3, 1), "next", D(2028, 2, 29)),
        ("2月29日", D(2026, 3, 1), "last", D(2024, 2, 29)),
        ("2026-01-05", D(2026, 12, 20), "next", D(2026, 1, 5)),  # a year given is kept
    ],
)
def test_yearless_dates(text: str, today: dt.date, toward: str, expected: dt.date) -> None:
    assert parse_date(text, today, toward=toward) == expected


@pytest.mark.parametrize("text", ["2月30日", "13-1", "0-5", "2月29日", "1/5", "1.5"])
def test_yearless_dates_that_do_not_exist_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_date(text, D(2026, 3, 1), toward="this")


@given(
    st.dates(D(1950, 1, 1), D(2150, 12, 31)),
    st.integers(1, 12),
    st.integers(1, 31),
)
def test_next_and_last_are_the_nearest_days_on_each_side(
    today: dt.date, month: int, day: int
) -> None:
    after = yearless_date(month, day, today, "next")
    before = yearless_date(month, day, today, "last")
    assert (after is None) == (before is None)
    if after is not None and before is not None:
        assert before <= today <= after
        assert (after.month, after.day) == (before.month, before.day) == (month, day)
        assert after.year - before.year <= (8 if (month, day) == (2, 29) else 1)


def test_has_no_year() -> None:
    assert has_no_year("1月5日") and has_no_year(" 1-5 ") and not has_no_year("2026-01-05")


def test_cli_dates_without_a_year(ledger: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2026-12-20")
    done = run("register", "重点项目推进", "-c", "重点项目", "--due", "1月5日",
               "--start", "12月30日", "--milestone", "12-31 完成招标", "--json",
               ledger=ledger, today="2026-12-20")
    assert done.exit_code == 0, done
    item = _shown(run, ledger, json.loads(done.stdout)["id"])
    assert (item["due"], item["start"]) == ("2027-01-05", "2025-12-30")
    assert item["milestones"][0]["due"] == "2026-12-31"
    assert "--due“1月5日”按 2027-01-05 计" in done.stderr
    assert "--start“12月30日”按 2025-12-30 计" in done.stderr
    # --today without a year: the day that has been (reports and urges are dated by it).
    urged = run("assign", item["id"], "--lead", "市财政局", ledger=ledger, today="12月1日")
    assert urged.exit_code == 0 and "--today“12月1日”按 2026-12-01 计" in urged.stderr
    assert "assigned_on: 2026-12-01" in _item(ledger, item["id"])
    # Said once, in the language given after the subcommand.
    listed = run("list", "--lang", "en", ledger=ledger, today="12月1日")
    assert listed.stderr.count("--today '12月1日' taken as 2026-12-01\n") == 1, listed
    assert "按" not in listed.stderr
    english = run("calendar", "after", "1-5", "1", today="2026-12-20", lang="en")
    assert (english.stdout, english.stderr) == ("2026-01-06\n", "")  # calendar: this year's
