"""``calendar import``: the State Council's holiday notice read back day by day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Run, commit_count, git, snapshot
from notice_writer import YEARS, write

from duchatai.app.notice_import import merged_calendar
from duchatai.core.notice import NoticeUnreadable, calendar_sections, parse_notice
from duchatai.core.workdays import WorkCalendar, parse_overrides


def _calendar(texts: list[str]) -> WorkCalendar:
    section: dict[object, object] = {}
    for text in texts:
        section = merged_calendar(section, parse_notice(text))
    return WorkCalendar(parse_overrides(section), use_package=False)


@pytest.mark.parametrize(
    ("full_width", "xingqi", "order"),
    [(True, False, 1), (False, True, -1), (True, True, 1), (False, False, -1)],
)
def test_every_year_of_the_package_reads_back_day_by_day(
    full_width: bool, xingqi: bool, order: int
) -> None:
    """Each notice written from the package's data, imported in either order (a late-December
    元旦 from the next year's notice survives the import of its own year's notice)."""
    texts = [write(y, full_width=full_width, xingqi=xingqi) for y in YEARS[::order]]
    ours = _calendar(texts + texts[:3])  # an import again changes nothing
    package = WorkCalendar()
    day = dt.date(2004, 1, 1)
    while day.year <= 2026:
        assert ours.is_workday(day) == package.is_workday(day), day
        assert (ours.holiday_name(day) is None) == (package.holiday_name(day) is None), day
        day += dt.timedelta(days=1)
    assert all(ours.has_data(y) for y in YEARS)


def test_a_line_in_the_official_wording() -> None:
    text = (
        "国务院办公厅关于2026年部分节假日安排的通知\n"
        "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。"
        "2月14日（周六）、2月28日（周六）上班。\n"
    )
    notice = parse_notice(text)
    assert notice.year == 2026
    assert [(h.name, h.first, h.last) for h in notice.holidays] == [
        ("春节", dt.date(2026, 2, 15), dt.date(2026, 2, 23))
    ]
    assert notice.workdays == (dt.date(2026, 2, 14), dt.date(2026, 2, 28))


def test_older_wordings() -> None:
    text = (
        "国务院办公厅关于2017年部分节假日安排的通知\n"
        "一、元旦：1月1日放假，1月2日（星期一）补休。\n"
        "三、清明节：4月2日至4日放假调休，共3天。4月1日（星期六）上班。\n"
        "四、劳动节：4月29日至5月1日放假，共3天。\n"
        "五、端午节：5月28日至30日放假调休，共3天。5月27日（星期六）上班。\n"
    )
    notice = parse_notice(text)
    assert [h.first for h in notice.holidays][:2] == [dt.date(2017, 1, 1), dt.date(2017, 1, 2)]
    assert calendar_sections(notice)[2017]["complete"] is True
    two = parse_notice("关于2016年部分节假日安排的通知\n一、元旦：1月1日放假，与周末连休。\n")
    assert two.holidays[0].first == dt.date(2016, 1, 1)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("二、春节：2月15日（周一）至23日放假调休，共9天。", "weekday"),  # 02-15 is a Sunday
        ("二、春节：2月15日至23日放假调休，共8天。", "count"),
        ("二、春节：2月15日至23日放假调休，共9天。另行通知。", "sentence"),
        ("二、春节：2月30日放假。", "no such day"),
        ("二、春节：2月15日至23日放假调休，共9天。2月13日（周五）上班。", "a weekday worked"),
        ("春节：2月15日至23日放假调休，共9天。", "not numbered"),
    ],
)
def test_a_line_not_read_whole_is_refused_by_its_number(line: str, why: str) -> None:
    title = "国务院办公厅关于2026年部分节假日安排的通知"
    text = f"{title}\n一、元旦：1月1日（周四）放假1天。\n{line}\n"
    with pytest.raises(NoticeUnreadable) as caught:
        parse_notice(text)
    assert "第3行" in caught.value.message, why


def test_no_title_no_year() -> None:
    with pytest.raises(NoticeUnreadable, match="年份"):
        parse_notice("一、元旦：1月1日放假。\n")


def test_cli_calendar_import(run: Run, ledger: Path, tmp_path: Path) -> None:
    config = ledger / "duchatai.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "# the office's own note\n", encoding="utf-8"
    )
    git(ledger, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qam", "a note")
    bad = tmp_path / "bad.txt"
    bad.write_text(write(2026).replace("共9天", "共8天"), encoding="utf-8")
    before, commits = snapshot(ledger), commit_count(ledger)
    refused = run("calendar", "import", str(bad), ledger=ledger)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("读不懂通知第7行：") and len(refused.stderr.splitlines()) == 1
    assert snapshot(ledger) == before and commit_count(ledger) == commits
    notice = tmp_path / "2026.txt"
    notice.write_bytes(write(2026, full_width=False).encode("gb18030"))
    done = run("calendar", "import", str(notice), ledger=ledger)
    assert done.exit_code == 0, done
    assert "已导入2026年节假日安排" in done.stdout
    assert commit_count(ledger) == commits + 1
    assert git(ledger, "log", "-1", "--format=%s").startswith("calendar import 2026")
    written = config.read_text(encoding="utf-8")
    assert "# the office's own note" in written and "# Working-day calendar." in written
    assert "2026-02-15..2026-02-23: 春节" in written
    assert run("calendar", "after", "2026-09-30", "3", ledger=ledger).stdout == "2026-10-10\n"
    again = run("calendar", "import", str(notice), ledger=ledger)
    assert again.exit_code == 0 and "未作改动" in again.stdout
    assert commit_count(ledger) == commits + 1
    assert run("check", ledger=ledger).exit_code == 0
