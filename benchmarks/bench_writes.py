#!/usr/bin/env python3
"""The write commands of two installations, run alternately on copies of one ledger.

Usage::

    python benchmarks/bench_writes.py LEDGER OLD_DUCHATAI NEW_DUCHATAI [--repeats 5]
                                      [--only register,urge,…] [--work DIR]

``LEDGER`` (made by ``copies.py``, its cache warm) is copied twice under
``--work``, one copy for each installation; each round runs every command once
with the old one and once with the new one on the same item of its own copy
(so a burst of load on this shared machine hits both), a fresh item each
round. The table shows each side's median seconds and new ÷ old. Both copies
end with the same commits, so their git and cache work stays alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_commands  # noqa: E402  (sibling scripts, not a package)
import bench_scale as scale  # noqa: E402

from duchatai.store.ledger import Ledger  # noqa: E402

TODAY = dt.date(2026, 12, 2)
Make = Callable[[dict[str, list[str]], int], list[str]]


def picks(root: Path, rounds: int) -> dict[str, list[str]]:
    """Items each command can act on, a fresh one per round (``bench_commands.targets``)."""
    items, _ = Ledger(root).load_all()
    return bench_commands.targets(items, rounds)


COMMANDS: dict[str, Make] = {
    "register": lambda p, r: ["register", f"测试事项{r}", "--category", "leader-instruction",
                              "--lead", "市财政局"],
    "assign": lambda p, r: ["assign", p["registered"][r], "--lead", "市财政局",
                            "--approved-by", "王秘书长"],
    "urge": lambda p, r: ["urge", p["urge"][r], "--method", "phone", "--note", "催"],
    "report": lambda p, r: ["report", p["chain"][r], "--kind", "result", "--text", "已完成",
                            "--signed-by", "张局长", "--sealed"],
    "review": lambda p, r: ["review", p["chain"][r], "--accept"],
    "close": lambda p, r: ["close", p["chain"][r], "--note", "已办结"],
    "extend": lambda p, r: ["extend", p["extend"][r], "--until", "2027-02-26", "--reason", "天气",
                            "--progress", "七成", "--next-steps", "月底完工"],
    "edit": lambda p, r: ["edit", p["edit"][r], "--title", f"改{r}"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", default=",".join(COMMANDS))
    parser.add_argument("--work", type=Path, default=Path("/tmp/duchatai-writes"))
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n]
    chosen = picks(args.ledger, args.repeats)
    copies = {}
    for side in ("old", "new"):
        target = args.work / side
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(args.ledger, target, symlinks=True)
        copies[side] = target
    for side, exe in (("old", args.old), ("new", args.new)):  # each copy's cache warm
        subprocess.run([exe, "--ledger", str(copies[side]), "--today", TODAY.isoformat(), "list"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    seconds: dict[tuple[str, str], list[float]] = {}
    for r in range(args.repeats):
        for name in names:
            for side, exe in (("old", args.old), ("new", args.new)):
                argv_ = [exe, "--ledger", str(copies[side]), "--today", TODAY.isoformat(),
                         *COMMANDS[name](chosen, r)]
                seconds.setdefault((name, side), []).append(scale.timed(argv_).seconds)
        print(f"  round {r + 1} of {args.repeats} done", flush=True)
    print(f"\n{args.ledger.name}: medians of {args.repeats}, old and new alternately\n")
    print("| command | old s | new s | new ÷ old |")
    print("|---|---|---|---|")
    for name in names:
        old = statistics.median(seconds[(name, "old")])
        new = statistics.median(seconds[(name, "new")])
        print(f"| {name} | {old:.3f} | {new:.3f} | {new / old:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
