"""Holiday notices written in the State Council's format from chinese-calendar's data.

The tests of ``calendar import`` read these back and compare day by day: every
year the package covers (2004-2026), in full-width or half-width punctuation,
with 周一 or 星期一.
"""

from __future__ import annotations

import datetime as dt

from chinese_calendar import constants

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
NUMERALS = "一二三四五六七八九十"
WEEKDAYS = "一二三四五六日"
YEARS = range(2004, 2027)


def runs() -> list[list[dt.date]]:
    """The package's days off as runs of consecutive days."""
    found: list[list[dt.date]] = []
    for day in sorted(constants.holidays):
        if found and (day - found[-1][-1]).days == 1:
            found[-1].append(day)
        else:
            found.append([day])
    return found


def schedule(year: int) -> list[tuple[str, list[dt.date], list[dt.date]]]:
    """The notice of ``year``: (name, days off, workdays) per holiday, in order.

    A run belongs to the notice of the year it ends in (元旦 from 12-30); each
    adjusted workday to the run nearest to it.
    """
    all_runs = runs()
    attached: dict[int, list[dt.date]] = {}
    for work in sorted(constants.workdays):
        nearest = min(
            range(len(all_runs)),
            key=lambda i: min(abs((d - work).days) for d in (all_runs[i][0], all_runs[i][-1])),
        )
        attached.setdefault(nearest, []).append(work)
    result = []
    for index, run in enumerate(all_runs):
        if run[-1].year != year:
            continue
        names = list(dict.fromkeys(NAMES[str(constants.holidays[d])] for d in run))
        result.append(("、".join(names), run, attached.get(index, [])))
    return result


def write(year: int, *, full_width: bool = True, xingqi: bool = False) -> str:
    """The notice of ``year`` as text, in the official layout."""
    week = "星期" if xingqi else "周"

    def day(d: dt.date, prev: dt.date | None) -> str:
        text = f"{d.day}日（{week}{WEEKDAYS[d.weekday()]}）"
        if prev is None or prev.month != d.month or prev.year != d.year:
            text = f"{d.month}月" + text
        if d.year != year and (prev is None or prev.year != d.year):
            text = f"{d.year}年" + text
        elif prev is not None and prev.year != d.year:
            text = f"{d.year}年" + text
        return text

    lines = [
        f"国务院办公厅关于{year}年部分节假日安排的通知",
        "国办发明电〔2099〕1号",
        "",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        f"　　经国务院批准，现将{year}年元旦、春节等放假调休日期的具体安排通知如下。",
    ]
    for number, (name, off, work) in enumerate(schedule(year)):
        first, last = off[0], off[-1]
        span = day(first, None) if first == last else f"{day(first, None)}至{day(last, first)}"
        line = f"　　{NUMERALS[number]}、{name}：{span}放假调休，共{len(off)}天。"
        if work:
            listed, prev = [], None
            for w in work:
                listed.append(day(w, prev))
                prev = w
            line += "、".join(listed) + "上班。"
        lines.append(line)
    lines += [
        "　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。",
        "",
        "国务院办公厅",
        f"{year - 1}年11月12日",
    ]
    text = "\n".join(lines) + "\n"
    if not full_width:
        for wide, narrow in ("：:", "（(", "）)", "，,", "。."):
            text = text.replace(wide, narrow)
    return text
