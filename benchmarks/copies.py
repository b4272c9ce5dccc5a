#!/usr/bin/env python3
"""A ledger of N items made the way a user would: ``register`` (and the other
commands) on a few items, then their files copied with new ids and dates.

Usage::

    python benchmarks/copies.py N DIR [--seed 17] [--today 2026-12-02]

Unlike ``generate.py`` (every item with a full, consistent history), the copies
keep what the commands wrote: weekly items without their weekly reports, items
registered and never assigned, milestones never done. Each copy has every date
of its template moved back by a whole number of weeks (the weekday stays, the
``recorded_on`` dates move too); about 45 % of the items are overdue on
``--today``. The templates stay (their ids have four digits, the copies' five);
one git commit holds the copies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import subprocess
import sys
import time
from pathlib import Path

DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
UNITS = (
    "市住房城乡建设局", "市交通运输局", "市生态环境局", "市教育局", "市卫生健康委",
    "市财政局", "市水务局", "市公安局", "市民政局", "市商务局", "历下区政府", "市中区政府",
)
# (weight, the commands after ``register``): the templates and their share of the copies
TEMPLATES: tuple[tuple[float, list[list[str]]], ...] = (
    (0.10, [["register", "关于加快老旧小区改造的批示", "--category", "leader-instruction",
             "--lead", "{unit}", "--method", "phone"]]),
    (0.20, [["register", "重点项目推进", "--category", "key-project", "--due", "{due}",
             "--milestone", "{milestone} 完成招标", "--weekly", "--lead", "{unit}"],
            ["assign", "{id}", "--lead", "{unit}", "--co", "市财政局",
             "--approved-by", "王秘书长"]]),
    (0.40, [["register", "关于城乡供水一体化的建议", "--category", "npc-suggestion"],
            ["assign", "{id}", "--lead", "{unit}", "--approved-by", "王秘书长"],
            ["urge", "{id}", "--method", "onsite", "--note", "现场督查"]]),
    (0.30, [["register", "常务会议议定事项", "--category", "executive-meeting",
             "--lead", "{unit}"],
            ["assign", "{id}", "--lead", "{unit}", "--approved-by", "王秘书长"],
            ["report", "{id}", "--kind", "result", "--text", "已完成", "--signed-by", "张局长",
             "--sealed"],
            ["review", "{id}", "--accept"],
            ["close", "{id}", "--note", "已办结"]]),
)


def run(ledger: Path, today: dt.date, argv: list[str]) -> None:
    subprocess.run(
        ["duchatai", "--ledger", str(ledger), "--today", today.isoformat(), "--lang", "en", *argv],
        check=True, stdout=subprocess.DEVNULL,
    )


def templates(ledger: Path, today: dt.date) -> list[tuple[float, str]]:
    """Register and process one item per template; their files' text."""
    subprocess.run(["duchatai", "--lang", "en", "init", str(ledger), "--office", "市政府督查室"],
                   check=True, stdout=subprocess.DEVNULL)
    out = []
    for number, (weight, steps) in enumerate(TEMPLATES, start=1):
        item_id = f"DC-{today.year}-{number:04d}"
        values = {
            "unit": UNITS[number], "id": item_id,
            "due": (today + dt.timedelta(days=28)).isoformat(),
            "milestone": (today + dt.timedelta(days=14)).isoformat(),
        }
        for step in steps:
            run(ledger, today, [a.format(**values) for a in step])
        path = ledger / "items" / f"{item_id}.yaml"
        out.append((weight, path.read_text("utf-8")))
    return out


def shifted(text: str, weeks: int) -> str:
    def move(m: re.Match[str]) -> str:
        day = dt.date(int(m[1]), int(m[2]), int(m[3])) - dt.timedelta(weeks=weeks)
        return day.isoformat()

    return DATE.sub(move, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 12, 2))
    args = parser.parse_args(argv)
    began = time.perf_counter()
    ledger: Path = args.dir.resolve()
    texts = templates(ledger, args.today)
    rng = random.Random(args.seed)
    weights = [w for w, _ in texts]
    year = args.today.year
    for number in range(len(TEMPLATES) + 1, args.n + 1):
        (_, text), = rng.choices(texts, weights)
        unit = rng.choice(UNITS)
        weeks = rng.randrange(0, 31)
        body = shifted(text, weeks)
        body = re.sub(rf"\bDC-{year}-\d{{4}}\b", f"DC-{year}-{number:05d}", body)
        body = re.sub(r"(lead_unit: ).*", rf"\g<1>{unit}", body, count=1)
        (ledger / "items" / f"DC-{year}-{number:05d}.yaml").write_text(body, "utf-8")
    git = ["git", "-C", str(ledger)]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--no-verify", "-m", f"{args.n} copies"], check=True)
    print(f"wrote {args.n} items to {ledger} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
