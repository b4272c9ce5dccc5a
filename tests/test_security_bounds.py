"""Bounds (issue 12, part D): every date and number bounded, no traceback, a sound ``check``.

- F11: dates at the limits of ``datetime`` and huge counts are refused with one
  line naming the valid range (years 1900–2200, N ≤ 10,000 working days);
  ``--today 2026-02-30`` is refused by every command.
- F12: ``check`` never crashes on hostile files and names the field and its line.
- F13: the same id in ``items/`` and ``archive/`` (or a full-width look-alike) is
  found by ``check`` and counted once by the reports.
- F16: an ``OSError`` and any unexpected exception become one line, exit 1.
- A hypothesis driver runs random command lines of hostile values through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from conftest import Result, Run, commit_count, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duchatai.core.dates import check_bounds, parse_date
from duchatai.core.errors import InvalidInput
from duchatai.core.model import valid_id
from duchatai.core.profile import build_profile
from duchatai.core.workdays import WorkCalendar, parse_overrides

TODAY = "2026-11-20"
D = dt.date


def _one_line_refusal(result: Result, *needles: str) -> str:
    """Exit 1, one stderr line holding every needle, no traceback; the line."""
    exit_code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    exception = result.exception
    assert exit_code == 1, result
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert "Traceback" not in stdout + stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# -- F11: dates and numbers at the limits ------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["calendar", "after", "9999-12-31", "1"], ["9999-12-31", "1900", "2200"]),
        (["calendar", "after", "0001-01-01", "1"], ["0001-01-01", "1900", "2200"]),
        (["calendar", "after", "2026-01-05", "10001"], ["10001", "10000"]),
        (["calendar", "after", "2026-01-05", "9" * 5000], ["10000"]),
        (["calendar", "after", "2200-12-30", "10"], ["2200-12-30", "2200"]),
        (["calendar", "month", "0000-01"], ["0000-01", "1900", "2200"]),
        (["calendar", "between", "2026-01-05", "9999-12-31"], ["9999-12-31", "1900"]),
        (["weekly", "--week", "9999-W52"], ["9999-W52", "1900", "2200"]),
        (["weekly", "--week", "0001-W01"], ["0001-W01", "1900"]),
        (["--today", "0001-01-01", "overdue"], ["0001-01-01", "1900", "2200"]),
        (["--today", "9999-12-31", "list"], ["9999-12-31", "2200"]),
        (["--today", "2026-02-30", "index", "rebuild"], ["2026-02-30"]),
        (["--today", "2026-02-30", "check"], ["2026-02-30"]),
        (["due", "--within", "99999999"], ["99999999", "10000"]),
        (["due", "--within", "-3"], ["-3"]),
        (["stats", "--year", "0000"], ["0000", "1900", "2200"]),
        (["escalation", "--year", "9999"], ["9999", "1900", "2200"]),
        (["register", "甲", "-c", "upper", "--start", "9999-12-30"], ["9999-12-30", "2200"]),
        (["register", "甲", "-c", "upper", "--start", "0001-01-01"], ["0001-01-01", "1900"]),
        (["register", "甲", "-c", "document", "--due", "2201-01-01"], ["2201-01-01", "2200"]),
        (["register", "甲", "-c", "upper", "--start", "2200-12-30"], ["2200-12-30", "2200"]),
    ],
)
def test_limits_are_refused_in_one_line(
    run: Run, ledger: Path, argv: list[str], needles: list[str]
) -> None:
    before, commits = snapshot(ledger), commit_count(ledger)
    if argv[0] == "--today":
        result = run(*argv[2:], ledger=ledger, today=argv[1])
    else:
        result = run(*argv, ledger=ledger)
    _one_line_refusal(result, *needles)
    assert snapshot(ledger) == before
    assert commit_count(ledger) == commits


@pytest.mark.parametrize(
    "argv",
    [
        ["register", "a\x00b", "-c", "upper"],
        ["--by", "a\x00b", "register", "甲", "-c", "upper"],
    ],
)
def test_a_nul_character_is_a_refusal_not_a_crash(
    run: Run, ledger: Path, argv: list[str]
) -> None:
    before, commits = snapshot(ledger), commit_count(ledger)
    _one_line_refusal(run(*argv, ledger=ledger), "U+0000")
    assert snapshot(ledger) == before
    assert commit_count(ledger) == commits
    _one_line_refusal(run("--ledger", "led\x00ger", "list", ledger=None), "--ledger")


def test_the_limits_themselves_are_accepted(run: Run, ledger: Path) -> None:
    assert run("calendar", "after", "1900-01-01", "1", ledger=ledger).stdout == "1900-01-02\n"
    assert run("calendar", "after", "2026-01-05", "10000", ledger=ledger).exit_code == 0
    assert run("--lang", "en", "calendar", "month", "2200-12", ledger=ledger).exit_code == 0
    result = run("register", "甲", "-c", "document", "--start", "1900-01-01", "--due",
                 "2200-12-31", "--backdate", "--json", ledger=ledger)
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["id"] == "DC-1900-0001"


def test_calendar_after_refuses_out_of_bounds_in_one_line(run: Run) -> None:
    """``calendar after`` past the supported years: one line naming the bound, exit 1."""
    outcomes = [
        run("calendar", "after", "9999-12-31", "1", today=TODAY),
        run("calendar", "after", "2026-01-05", "1", today="2026-02-30"),
        run("calendar", "after", "2200-12-30", "10", today=None),
    ]
    assert [r.exit_code for r in outcomes] == [1, 1, 1]
    err = [r.stderr.splitlines() for r in outcomes]
    assert all(len(lines) == 1 and "Traceback" not in lines[0] for lines in err)
    assert "1900" in err[0][0] and "2026-02-30" in err[1][0] and "2200" in err[2][0]


def test_parse_date_bounds_every_accepted_form() -> None:
    today = D(2026, 11, 20)
    for text in ("1899-12-31", "18991231", "2201年1月1日", "2201/01/01"):
        with pytest.raises(InvalidInput, match="1900"):
            parse_date(text, today)
    assert parse_date("1900-01-01", today) == D(1900, 1, 1)
    assert parse_date("2200-12-31", today) == D(2200, 12, 31)
    with pytest.raises(InvalidInput):
        parse_date("2026-02-30", today)
    with pytest.raises(InvalidInput, match="2200"):
        check_bounds(D(9999, 1, 1))


def test_workday_walk_past_2200_is_a_clean_refusal() -> None:
    calendar = WorkCalendar()
    with pytest.raises(InvalidInput, match="2200"):
        calendar.after(D(2200, 12, 30), 10)
    assert calendar.after(D(2200, 12, 1), 5).year == 2200


@pytest.mark.parametrize(
    ("rules", "needle"),
    [
        ({"categories": {"upper": {"days": 999999999}}}, "rules.categories.upper.days"),
        ({"categories": {"upper": {"days": float("inf")}}}, "numbers expected"),
        ({"categories": {"npc-suggestion": {"months": 121}}}, "months"),
        ({"categories": {"npc-suggestion": {"cap_months": -1}}}, "cap_months"),
        ({"ladder": {"admonition": 10**9}}, "ladder.admonition"),
        ({"suggest": {"grace_workdays": 10**9}}, "grace_workdays"),
    ],
)
def test_rule_numbers_are_bounded(rules: dict[str, object], needle: str) -> None:
    with pytest.raises(ValueError, match=re.escape(needle)):
        build_profile(rules)


def test_calendar_overrides_are_bounded() -> None:
    with pytest.raises(ValueError, match="1900"):
        parse_overrides({9999: {"holidays": ["9999-01-01"]}})
    with pytest.raises(ValueError, match="range"):
        parse_overrides({2027: {"holidays": ["2027-01-01..9999-12-31"]}})
    with pytest.raises(ValueError, match="not a year"):
        parse_overrides({float("inf"): {}})


@pytest.mark.parametrize(
    ("config_line", "needle"),
    [
        ("rules: {categories: {upper: {days: 999999999}}}", "days"),
        ("warn_workdays: 999999999", "warn_workdays"),
        ("warn_workdays: .inf", "duchatai.yaml"),
        ("calendar: {9999: {complete: true}}", "9999"),
    ],
)
def test_config_numbers_are_refused_in_one_line(
    run: Run, ledger: Path, config_line: str, needle: str
) -> None:
    config = ledger / "duchatai.yaml"
    key = config_line.split(":")[0]
    text = re.sub(rf"(?m)^{key}:.*$", config_line, config.read_text("utf-8"), count=1)
    assert config_line in text
    config.write_text(text, "utf-8")
    result = run("list", ledger=ledger)
    _one_line_refusal(result, needle)


def test_import_rows_at_the_limits_are_refused(run: Run, ledger: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "rows.csv"
    sheet.write_text(
        "编号,事项名称,类别,立项日期,办理时限\n"
        ",甲,上级批示交办,0001-01-01,\n"
        ",乙,其他交办事项,2026-11-20,9999-12-31\n"
        ",丙,上级批示交办,2200-12-30,\n",
        "utf-8",
    )
    before, commits = snapshot(ledger), commit_count(ledger)
    result = run("import", str(sheet), ledger=ledger)
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert "rows.csv!2:" in lines[0] and "0001-01-01" in lines[0] and "1900" in lines[0]
    assert "rows.csv!3:" in lines[1] and "9999-12-31" in lines[1]
    assert "rows.csv!4:" in lines[2] and "2200-12-30" in lines[2]
    assert snapshot(ledger) == before
    assert commit_count(ledger) == commits


def test_hostile_due_basis_is_not_a_crash(run: Run, ledger: Path) -> None:
    result = run("register", "甲", "-c", "upper", ledger=ledger)
    assert result.exit_code == 0, result
    path = ledger / "items" / "DC-2026-0001.yaml"
    text = path.read_text("utf-8").replace("  count: 7", "  count: .inf")
    text = text.replace("due_basis:\n", "due_basis:\n  holidays: ['2026-01-01..9999-12-31 x']\n")
    path.write_text(text, "utf-8")
    shown = run("show", "DC-2026-0001", ledger=ledger)
    assert shown.exit_code == 0, shown
    assert "Traceback" not in shown.stdout + shown.stderr


@pytest.mark.parametrize(
    ("config_line", "expected"),
    [
        ("warn_workdays: 99999999",
         "warn_workdays: 99999999 is out of range; use a whole number 0-10000"),
        ("rules: {categories: {upper: {days: 999999}}}",
         "rules.categories.upper.days: 999999 is out of range; use a whole number 0-3650"),
        ("calendar: {9999: {complete: true}}", "calendar.9999: the year is outside 1900-2200"),
    ],
)
def test_check_names_the_config_field_and_its_line(
    run: Run, ledger: Path, config_line: str, expected: str
) -> None:
    config = ledger / "duchatai.yaml"
    key = config_line.split(":")[0]
    text = re.sub(rf"(?m)^{key}:.*$", config_line, config.read_text("utf-8"), count=1)
    config.write_text(text, "utf-8")
    line = text.splitlines().index(config_line) + 1
    lines = _check_lines(run, ledger)
    assert len(lines) == 1, lines
    assert re.match(rf"duchatai\.yaml:{line}: {re.escape(expected)}", lines[0]), lines


def test_id_pattern_is_ascii_only() -> None:
    assert valid_id("DC-2026-0001")
    for text in (
        "ＤＣ-２０２６-０００１", "DC-２０２６-0001", "DC-1-0001", "dc-2026-0001", "DC-२०२६-0001"
    ):
        assert not valid_id(text), text


# -- F16: OSError and the last-resort net ---------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only modes")
def test_read_only_ledger_is_one_line(run: Run, ledger: Path) -> None:
    for path in [ledger, ledger / "items"]:
        path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run("register", "甲", "-c", "upper", ledger=ledger)
    finally:
        for path in [ledger, ledger / "items"]:
            path.chmod(stat.S_IRWXU)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr


def test_os_error_becomes_one_line_naming_the_path(
    run: Run, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder where a file belongs, a read-only or full disk: what, where, what to do."""
    import duchatai.app.procedure as procedure

    def fail(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(ledger / "items"))

    monkeypatch.setattr(procedure, "register", fail)
    result = run("register", "甲", "-c", "upper", ledger=ledger)
    line = _one_line_refusal(result, str(ledger / "items"), "Permission denied")
    assert "权限" in line  # what to do


def test_unexpected_exception_is_one_internal_error_line(
    run: Run, ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duchatai.app.procedure as procedure

    def fail(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(procedure, "register", fail)
    result = run("register", "甲", "-c", "upper", ledger=ledger, lang="en")
    line = _one_line_refusal(result, "internal error", "ZeroDivisionError", "report")
    assert line.startswith("internal error: ZeroDivisionError: division by zero")


def test_lock_or_state_in_the_way_is_not_a_traceback(run: Run, ledger: Path) -> None:
    """``.duchatai`` a file: reads and writes say one line or carry on, never a traceback."""
    state = ledger / ".duchatai"
    shutil.rmtree(state, ignore_errors=True)
    state.write_text("in the way", "utf-8")
    for args in (("list",), ("register", "甲", "-c", "upper")):
        result = run(*args, ledger=ledger)
        assert result.exit_code in (0, 1), result
        assert "Traceback" not in result.stdout + result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


# -- F12 / F13: check ----------------------------------------------------------------------

ITEM = """\
id: {id}
title: 测试事项
category: upper
kind: routine
status: {status}
start: 2026-11-20
due: 2026-12-01
lead_unit: 市教育局
reports: []
urges: []
reviews: []
closed_on: {closed}
"""


def _item(root: Path, relative: str, item_id: str, extra: str = "", **fields: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"status": "assigned", "closed": "null", **fields}
    path.write_text(ITEM.format(id=item_id, **values) + extra, "utf-8")
    return path


def _check_lines(run: Run, ledger: Path) -> list[str]:
    result = run("check", ledger=ledger, lang="en")
    assert result.exception is None or isinstance(result.exception, SystemExit), result
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 1, result
    return result.stdout.splitlines()


def test_check_finds_the_same_id_in_items_and_two_archive_years(
    run: Run, ledger: Path
) -> None:
    _item(ledger, "items/DC-2026-0001.yaml", "DC-2026-0001")
    for year in ("2025", "2026"):
        _item(ledger, f"archive/{year}/DC-2026-0001.yaml", "DC-2026-0001",
              status="archived", closed="2026-11-20")
    lines = _check_lines(run, ledger)
    assert lines == [
        "archive/2025/DC-2026-0001.yaml:1: id: DC-2026-0001 is also in "
        "items/DC-2026-0001.yaml, archive/2026/DC-2026-0001.yaml",
        "archive/2026/DC-2026-0001.yaml:1: id: DC-2026-0001 is also in "
        "items/DC-2026-0001.yaml, archive/2025/DC-2026-0001.yaml",
        "items/DC-2026-0001.yaml:1: id: DC-2026-0001 is also in "
        "archive/2025/DC-2026-0001.yaml, archive/2026/DC-2026-0001.yaml",
    ]


def test_reads_count_a_duplicated_id_once_and_say_so(run: Run, ledger: Path) -> None:
    _item(ledger, "items/DC-2026-0001.yaml", "DC-2026-0001")
    for year in ("2025", "2026"):
        _item(ledger, f"archive/{year}/DC-2026-0001.yaml", "DC-2026-0001",
              status="archived", closed="2026-11-20")
    listed = run("list", "--json", ledger=ledger)
    assert listed.exit_code == 0, listed
    found = json.loads(listed.stdout)
    assert [(i["id"], i["status"]) for i in found] == [("DC-2026-0001", "assigned")]
    warnings = listed.stderr.splitlines()
    assert len(warnings) == 2
    assert all("DC-2026-0001" in w and "items/DC-2026-0001.yaml" in w for w in warnings)
    stats = run("stats", "--json", ledger=ledger)
    assert stats.exit_code == 0, stats
    assert [(r["unit"], r["items"]) for r in json.loads(stats.stdout)] == [("市教育局", 1)]


@pytest.mark.parametrize("cached", [True, False])
def test_every_read_keeps_the_same_copy_of_a_duplicated_id(
    run: Run, ledger: Path, cached: bool
) -> None:
    """The copy in items/ is closed, a stale one in the archive is open and overdue: the
    morning report, ``due``, ``list`` and ``stats`` all keep the items/ copy (as ``show``
    does), and each says which file it skipped in the same words, with the cache or
    without one (no git: every file parsed)."""
    _item(ledger, "items/DC-2026-0001.yaml", "DC-2026-0001", status="closed",
          closed="2026-11-25")
    _item(ledger, "archive/2026/DC-2026-0001.yaml", "DC-2026-0001")
    if not cached:
        shutil.rmtree(ledger / ".git")
    said = ("warning: skipped id DC-2026-0001 is duplicated: archive/2026/DC-2026-0001.yaml "
            "is not counted (items/DC-2026-0001.yaml is used); run duchatai check and remove "
            "the extra file\n")
    for _ in range(2):  # the second read from the cache the first one filled
        for args in (["overdue", "--json"], ["due", "--within", "30", "--json"],
                     ["list", "--json"], ["stats", "--json"]):
            result = run(*args, ledger=ledger, today="2026-12-10", lang="en")
            assert result.exit_code in (0, 3), result
            assert result.stderr == said, args
            found = json.loads(result.stdout)
            if args[0] == "list":
                assert [(i["id"], i["status"]) for i in found] == [("DC-2026-0001", "closed")]
            elif args[0] == "stats":
                assert [(r["unit"], r["items"]) for r in found] == [("市教育局", 1)]
            else:
                assert "DC-2026-0001" not in result.stdout, (args, found)


def test_check_finds_non_canonical_ids(run: Run, ledger: Path) -> None:
    _item(ledger, "items/DC-2026-0001.yaml", "DC-2026-0001")
    _item(ledger, "items/ＤＣ-２０２６-０００１.yaml", "ＤＣ-２０２６-０００１")
    _item(ledger, "items/DC-2026-0002.yaml", "dc-2026-0002")
    _item(ledger, "items/DC-2026-003.yaml", "DC-2026-003")
    lines = _check_lines(run, ledger)
    canonical = "is not a canonical id such as DC-2026-0001 (ASCII capitals and digits)"
    wide = "items/ＤＣ-２０２６-０００１.yaml:1: id:"
    assert lines == [
        "items/DC-2026-0001.yaml:1: id: DC-2026-0001 is also in "
        "items/ＤＣ-２０２６-０００１.yaml",
        "items/DC-2026-0002.yaml:1: id: 'dc-2026-0002' " + canonical,
        "items/DC-2026-0002.yaml:1: id: dc-2026-0002 does not match the file name "
        "DC-2026-0002.yaml",
        "items/DC-2026-003.yaml:1: id: 'DC-2026-003' " + canonical,
        "items/DC-2026-003.yaml:1: id: file name 'DC-2026-003.yaml' " + canonical,
        f"{wide} 'ＤＣ-２０２６-０００１' " + canonical,
        f"{wide} file name 'ＤＣ-２０２６-０００１.yaml' " + canonical,
        f"{wide} ＤＣ-２０２６-０００１ is also in items/DC-2026-0001.yaml",
    ]


def test_check_finds_records_dated_before_the_start(run: Run, ledger: Path) -> None:
    path = _item(ledger, "items/DC-2026-0001.yaml", "DC-2026-0001")
    text = path.read_text("utf-8")
    text = text.replace(
        "reports: []\nurges: []\nreviews: []\n",
        "reports:\n  - date: 2026-11-01\n    kind: progress\n    text: 早\n"
        "urges:\n  - date: 2026-11-19\n"
        "reviews:\n  - date: 2026-11-21\n    accepted: true\n  - date: 2025-01-01\n"
        "    accepted: false\n",
    )
    path.write_text(text, "utf-8")
    assert _check_lines(run, ledger) == [
        "items/DC-2026-0001.yaml:10: reports[1].date: 2026-11-01 is before start 2026-11-20",
        "items/DC-2026-0001.yaml:14: urges[1].date: 2026-11-19 is before start 2026-11-20",
        "items/DC-2026-0001.yaml:18: reviews[2].date: 2025-01-01 is before start 2026-11-20",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (ITEM.format(id="DC-2026-0001", status="assigned", closed="null") + "conflicts: 5\n",
         ["13: conflicts: a list of conflict entries expected"]),
        (ITEM.format(id="DC-2026-0001", status="assigned", closed="null").replace(
            "reviews: []", "reviews:\n  - date: 2026-11-21\n    accepted: false\n"
            "    reports_seen: .inf"),
         ["14: reviews[1].reports_seen: inf is not a whole number 0-1000000"]),
        (ITEM.format(id="DC-2026-0001", status="assigned", closed="null").replace(
            "start: 2026-11-20", "start: 0001-01-01"),
         ["6: start: 0001-01-01 is outside the years 1900-2200"]),
        (ITEM.format(id="DC-2026-0001", status="assigned", closed="null").replace(
            "urges: []", "urges:\n  - method: phone"),
         ["11: urges[1].date: missing date"]),
        ("[" * 5000 + "\n", None),
        ("[" * 5000 + "]" * 5000 + "\n", ["1: file: the file does not hold a mapping of fields"]),
        ("- just\n- a list\n", ["1: file: the file does not hold a mapping of fields"]),
        ("\x00\x9d\xff binary \x01\x02\n", None),
        ("id: DC-2026-0001\n" + "title: [" * 3 + "\n", None),
    ],
)
def test_check_never_crashes_and_names_field_and_line(
    run: Run, ledger: Path, body: str, expected: list[str] | None
) -> None:
    path = ledger / "items" / "DC-2026-0001.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(body.encode("utf-8", "surrogateescape"))
    lines = _check_lines(run, ledger)
    prefix = "items/DC-2026-0001.yaml:"
    if expected is None:  # a file YAML cannot read: one problem, with its line
        assert len(lines) == 1 and re.match(rf"^{prefix}\d+(:\d+)?: file: \S", lines[0]), lines
    else:
        assert lines == [prefix + e for e in expected]
    for command in ("list", "overdue", "stats"):
        result = run(command, "--json", ledger=ledger)
        assert result.exit_code == 0, result
        assert "Traceback" not in result.stdout + result.stderr


def test_check_names_the_line_of_each_conflict_entry(run: Run, ledger: Path) -> None:
    conflicts = (
        "conflicts:\n  - field: due\n    local: 2026-12-01\n    remote: 2026-12-04\n"
        "  - oops\n"
    )
    _item(ledger, "items/DC-2026-0001.yaml", "DC-2026-0001", extra=conflicts)
    assert _check_lines(run, ledger) == [
        "items/DC-2026-0001.yaml:14: conflicts[1]: conflict in due: local 2026-12-01, "
        "remote 2026-12-04; run duchatai resolve DC-2026-0001 --take local|remote|FIELD=VALUE",
        "items/DC-2026-0001.yaml:17: conflicts[2]: a conflict entry expected",
    ]


# -- the hypothesis driver -------------------------------------------------------------

HOSTILE = [
    "", " ", "0", "-1", "1", "3", "7", "10000", "10001", "99999999999999999999", "1e9",
    "nan", "inf", "0001-01-01", "9999-12-31", "2026-02-30", "1899-12-31", "2201-01-01",
    TODAY, "2026-12-31", "2200-12-30", "11月20日", "0000-01", "2026-11", "9999-W52",
    "2026-W48", "0001-W01", "２０２６-１１-２０", "１０", "ＤＣ-２０２６-０００１",
    "DC-2026-0001", "DC-2026-0002", "DC-2026-0003", "dc-2026-0001", "DC-1-0001",
    "DC-2026-99999999", "TB-2026-0001", "upper", "document", "executive-meeting", "市教育局",
    "result", "progress", "weekly", "json", "html", "markdown", "text", "csv", "xlsx",
    "closed", "assigned", "phone", "zh", "en", "\x1b[31mred", "a\x00b", "\x07", "evil\nname",
    "tab\there", "x" * 5000, "..", "../..", "/dev/zero", "/dev/null", "/", "~", "𝔘𝔫𝔦",
    "\u202e反转", "%s%n", "{0}", "'; drop table", "=1+1", "@SUM(A1)", "-", "--", "-x",
]

EXCLUDED = {"init", "sync", "merge-file"}
"""Commands that would create ledgers elsewhere, need the network or write given paths."""


def _command_table() -> list[tuple[tuple[str, ...], list[tuple[str, str, bool]]]]:
    """(command path, [(kind, name, is_flag)]) for every command the driver may run."""
    from typer.main import get_command

    from duchatai.cli import app

    table = []
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        pairs = [((name, n), c) for n, c in subs.items()] if subs else [((name,), command)]
        for path, cmd in pairs:
            if path[0] in EXCLUDED:
                continue
            params = [
                (p.param_type_name, p.opts[0], bool(getattr(p, "is_flag", False)))
                for p in cmd.params
                if p.opts and p.opts[0] != "--help"
            ]
            table.append((path, params))
    return table


COMMANDS = _command_table()


@st.composite
def command_lines(draw: st.DrawFn, out_dir: Path) -> list[str]:
    """A random command line: global options, a command, its arguments and options."""
    value = st.sampled_from(HOSTILE) | st.text(max_size=12)
    outputs = st.sampled_from(
        [str(out_dir / "out.txt"), str(out_dir / "missing" / "x.csv"), str(out_dir)]
    )
    argv: list[str] = []
    if draw(st.booleans()):
        argv += ["--today", draw(st.sampled_from([TODAY, TODAY, *HOSTILE]))]
    if draw(st.booleans()):
        argv += ["--lang", draw(st.sampled_from(["zh", "en", "fr"]))]
    argv += ["--by", draw(st.sampled_from(["测试员", "测试员", *HOSTILE]))]
    path, params = draw(st.sampled_from(COMMANDS))
    argv += path
    for kind, name, is_flag in params:
        if kind == "argument":
            if draw(st.integers(0, 5)) == 0:
                continue  # a missing argument: a usage error, exit 2
            if path == ("import",):
                argv.append(draw(st.sampled_from(["/dev/null", str(out_dir), "..", "nope.csv"])))
            else:
                argv.append(draw(value))
        elif draw(st.booleans()):
            if is_flag:
                argv.append(name)
            elif name == "--output":
                argv += [name, draw(outputs)]
            else:
                argv += [name, draw(value)]
    return argv


@pytest.fixture(scope="module")
def fuzz_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small ledger with items in several states, made once for the driver."""
    from typer.testing import CliRunner

    from duchatai.cli import app
    from duchatai.core.messages import set_lang

    root = tmp_path_factory.mktemp("fuzz") / "ledger"
    home = root.parent / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")

        def run(*args: str) -> None:
            argv = ["--ledger", str(root), "--today", "2026-11-02", "--by", "测试员", *args]
            result = CliRunner().invoke(app, argv)
            set_lang("zh")
            assert result.exit_code == 0, (args, result.output)

        CliRunner().invoke(app, ["init", str(root), "--office", "测试督查室"])
        run("register", "甲", "-c", "upper", "--lead", "市教育局")
        run("register", "乙", "-c", "document", "--due", "2026-12-31", "--lead", "市财政局")
        run("register", "丙", "-c", "npc-suggestion", "--weekly")
        run("assign", "DC-2026-0001", "--lead", "市教育局")
        run("assign", "DC-2026-0002", "--lead", "市财政局")
        run("report", "DC-2026-0002", "--kind", "result", "--text", "已办结")
        run("review", "DC-2026-0002", "--accept")
        run("close", "DC-2026-0002")
        run("criticize", "市教育局", "--reason", "逾期", "--item", "DC-2026-0001")
    return root


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same 300 command lines on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_command_lines_never_show_a_traceback(
    data: st.DataObject, fuzz_ledger: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any command line of hostile values: exit 0–4, no traceback, no stray exception."""
    from typer.testing import CliRunner

    from duchatai.cli import app
    from duchatai.core.messages import set_lang

    out_dir = fuzz_ledger.parent / "out"
    out_dir.mkdir(exist_ok=True)
    argv = data.draw(command_lines(out_dir))
    result = CliRunner().invoke(app, ["--ledger", str(fuzz_ledger), *argv])
    set_lang("zh")
    output = result.stdout + result.stderr
    assert result.exit_code in {0, 1, 2, 3, 4}, (argv, result.exit_code, output)
    assert "Traceback" not in output, (argv, output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        argv,
        repr(result.exception),
    )
    assert "internal error" not in output and "内部错误" not in output, (argv, output)
