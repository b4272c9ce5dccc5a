#!/usr/bin/env python3
"""Every command beside its Taskwarrior counterpart on the same N items (issue 17).

Usage::

    python benchmarks/bench_commands.py [--sizes 1000,10000,50000] [--repeats 3]
                                        [--work DIR] [--no-import] [--no-check]
                                        [--only overdue,list,…] [--before DUCHATAI]

For each size a ledger is made the way a user would (``copies.py``: ``register``
and the other commands on a few items, their files copied, about 45 % overdue
on 2026-12-02) and kept under ``--work`` (default ``/tmp/duchatai-commands``) for
the next run; the same items are imported into a Taskwarrior ``TASKDATA``. Each
round runs every figure once, ours and theirs one after the other (so a burst of
load hits both); the table shows the medians, their ratio, the target of the
issue and the peak resident memory of each side (``/usr/bin/time -f %M``).
Every run of ours is the installed console script with bytecode caching on and
its output redirected to a file, as a cron job or a clerk's pipe would have it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_scale as scale  # noqa: E402  (sibling scripts, not a package)
import copies  # noqa: E402

from duchatai.core.model import Item, Status  # noqa: E402
from duchatai.store.ledger import Ledger  # noqa: E402

TODAY = dt.date(2026, 12, 2)
Argv = Callable[[int], list[str]]
"""The command line of one round (writes need a new target every round)."""


@dataclass
class Pair:
    """One figure: our command, its counterpart, and the target of their ratio."""

    name: str
    ours: Argv
    theirs_name: str
    theirs: Argv | None
    limit: float | None = None
    """Target: ratio (ours ÷ theirs) at most this; or seconds, when ``theirs`` is None."""
    before: Argv | None = None
    """The same command run by ``--before``'s duchatai on its own copy of the ledger."""
    ours_s: list[scale.Sample] = field(default_factory=list)
    theirs_s: list[scale.Sample] = field(default_factory=list)
    before_s: list[scale.Sample] = field(default_factory=list)


def build(n: int, work: Path, before: str | None = None) -> Path:
    """The ledger of ``n`` copies under ``work`` (made once, then reused), its cache warm;
    with ``before``, a copy of it for that duchatai (each version keeps its own cache)."""
    root = work / f"ledger-{n}"
    if not (root / "duchatai.yaml").exists():
        began = time.perf_counter()
        copies.main([str(n), str(root), "--today", TODAY.isoformat()])
        print(f"  N={n:,}: built in {time.perf_counter() - began:.0f} s", flush=True)
    warm = [(scale.duchatai_argv(), root)]
    if before is not None:
        if not before_root(root).exists():
            subprocess.run(["cp", "-a", str(root), str(before_root(root))], check=True)
        warm.append(([before], before_root(root)))
    for argv, where in warm:
        first = scale.timed([*argv, "--ledger", str(where), "--today", TODAY.isoformat(), "list"])
        print(f"  N={n:,}: first read (cache) {first.seconds:.1f} s, "
              f"{first.max_rss_kib / 1024:.0f} MiB", flush=True)
    return root


def before_root(root: Path) -> Path:
    """The copy of the ledger ``--before``'s duchatai works on."""
    return root.with_name(root.name + "-before")


def targets(items: list[Item], rounds: int) -> dict[str, list[str]]:
    """Items each write can act on, a fresh one per round."""

    def ids(test: Callable[[Item], bool], need: int = rounds) -> list[str]:
        found = [i.id for i in items if test(i)]
        if len(found) < need:
            raise SystemExit(f"not enough items for {rounds} rounds")
        return found

    assigned = ids(lambda i: i.status == Status.ASSIGNED and i.category == "npc-suggestion",
                   3 * rounds)
    return {
        "registered": ids(lambda i: i.status == Status.REGISTERED),
        "urge": assigned[:rounds],
        "chain": assigned[rounds : 2 * rounds],
        "edit": assigned[2 * rounds : 3 * rounds],
        # Not extended yet (a run before may have), due this year and not this week.
        "extend": ids(lambda i: i.is_open and not i.extensions
                      and TODAY + dt.timedelta(days=7) < i.due < dt.date(2027, 1, 1)),
    }


def pairs(root: Path, work: Path, n: int, picks: dict[str, list[str]],
          before: str | None = None) -> list[Pair]:
    found = _pairs(root, work, n, picks, scale.duchatai_argv())
    if before is not None:
        old = _pairs(before_root(root), work, n, picks, [before])
        for pair, earlier in zip(found, old, strict=True):
            pair.before = earlier.ours
    return found


def _pairs(root: Path, work: Path, n: int, picks: dict[str, list[str]],
           program: list[str]) -> list[Pair]:
    base = [*program, "--ledger", str(root), "--today", TODAY.isoformat()]

    def ours(*args: str) -> Argv:
        return lambda r: [*base, *args]

    def task(*args: str) -> Argv:
        return lambda r: ["task", "rc.confirmation=off", *args]

    def on(kind: str, make: Callable[[str, int], list[str]]) -> Argv:
        return lambda r: [*base, *make(picks[kind][r], r)]

    def their(kind: str, *args: str) -> Argv:
        return lambda r: ["task", "rc.confirmation=off", _uuid(picks[kind][r]), *args]

    one = picks["urge"][0]
    summary = task("summary")
    add = task("add", "测试事项", "project:leader-instruction", "due:today+3d")
    reads = [
        # The floor of every command: Python, the imports, the command line parsed.
        Pair("--version (start-up)", ours("--version"), "task --version",
             lambda r: ["task", "--version"]),
        Pair("overdue", ours("overdue"), "task overdue", task("overdue"), 0.5),
        Pair("due --within 3", ours("due", "--within", "3"), "task +DUE list",
             task("+DUE", "list"), 0.5),
        Pair("list", ours("list"), "task list", task("list"), 0.5),
        Pair("list --unit 市财政局", ours("list", "--unit", "市财政局"), "task +市财政局 list",
             task("+市财政局", "list"), 0.5),
        Pair("list --category npc-suggestion", ours("list", "--category", "npc-suggestion"),
             "task project:npc-suggestion list", task("project:npc-suggestion", "list"), 0.5),
        Pair("list --status assigned", ours("list", "--status", "assigned"),
             "task status:pending list", task("status:pending", "list"), 0.5),
        Pair("list --json", ours("list", "--json"), "task export", task("export")),
        Pair(f"show {one}", ours("show", one), "task UUID info",
             task(_uuid(one), "info"), 0.5),
        *(Pair(f"weekly --format {f}", ours("weekly", "--format", f), "task summary", summary,
               1.0) for f in ("text", "markdown", "html", "json")),
        Pair("weekly --week 2026-W40", ours("weekly", "--week", "2026-W40"), "task summary",
             summary, 1.0),
        Pair("stats", ours("stats"), "task summary", summary, 1.0),
        # The other reads, for time and memory (the target: below `task overdue`'s).
        Pair("assess", ours("assess"), "task summary", summary),
        Pair("escalation", ours("escalation"), "task summary", summary),
        Pair("remind", ours("remind"), "task overdue", task("overdue")),
        Pair("feed --unit 市财政局", ours("feed", "--unit", "市财政局"),
             "task +市财政局 export", task("+市财政局", "export")),
        Pair("packet --unit 市财政局", lambda r: [
            *base, "packet", "--unit", "市财政局", "--output", str(work / f"packet-{n}.xlsx")],
             "task +市财政局 export", task("+市财政局", "export")),
        Pair(f"log {one}", ours("log", one), "task UUID info", task(_uuid(one), "info")),
    ]
    writes = [
        Pair("register", on("registered", lambda _, r: [
            "register", f"测试事项{r}", "--category", "leader-instruction",
            "--lead", "市财政局"]), "task add", add, 1.0),
        Pair("assign", on("registered", lambda i, r: [
            "assign", i, "--lead", "市财政局", "--approved-by", "王秘书长"]),
             "task add", add, 1.0),
        Pair("urge", on("urge", lambda i, r: ["urge", i, "--method", "phone", "--note", "催"]),
             "task UUID annotate", their("urge", "annotate", "催办"), 1.0),
        Pair("report (result)", on("chain", lambda i, r: [
            "report", i, "--kind", "result", "--text", "已完成", "--signed-by", "张局长",
            "--sealed"]), "task add", add, 1.0),
        Pair("review --accept", on("chain", lambda i, r: ["review", i, "--accept"]),
             "task add", add, 1.0),
        Pair("close", on("chain", lambda i, r: ["close", i, "--note", "已办结"]),
             "task UUID done", their("chain", "done"), 1.0),
        Pair("extend", on("extend", lambda i, r: [
            "extend", i, "--until", "2027-02-26", "--reason", "天气", "--progress", "七成",
            "--next-steps", "月底完工"]), "task add", add, 1.0),
        Pair("edit --title", on("edit", lambda i, r: ["edit", i, "--title", f"改{r}"]),
             "task UUID modify", their("edit", "modify", "改"), 1.0),
    ]
    spread = [
        Pair("export --format xlsx", lambda r: [*base, "export", "--format", "xlsx", "--output",
                                               str(work / f"out-{n}.xlsx")],
             "task export", task("export"), None),
    ]
    return reads + writes + spread


def _uuid(item_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, item_id))  # as ``bench_scale.task_json``


def run_round(figures: list[Pair], r: int, env: dict[str, str], task_env: dict[str, str],
              out: Path) -> None:
    for pair in figures:
        ours = scale.timed(pair.ours(r), out=out, env=env)
        pair.ours_s.append(ours)
        said = f"    {pair.name}: {ours.seconds:.3f} s"
        if pair.before is not None:
            earlier = scale.timed(pair.before(r), out=out, env=env)
            pair.before_s.append(earlier)
            said += f" (before {earlier.seconds:.3f} s)"
        if pair.theirs is not None:
            theirs = scale.timed(pair.theirs(r), out=out, env=task_env)
            pair.theirs_s.append(theirs)
            said += f", {pair.theirs_name} {theirs.seconds:.3f} s"
        print(said, flush=True)  # a long run says what it has so far


def once(name: str, argv: list[str], env: dict[str, str], out: Path) -> scale.Sample:
    sample = scale.timed(argv, out=out, env=env, check=False)
    print(f"  {name}: {sample.seconds:.1f} s, {sample.max_rss_kib / 1024:.0f} MiB, "
          f"exit {sample.code}", flush=True)
    return sample


def bench_size(n: int, repeats: int, work: Path, do_import: bool, do_check: bool = True,
               only: tuple[str, ...] = (), before: str | None = None) -> str:
    root = build(n, work, before)
    items, _ = Ledger(root).load_all()
    task_dir = work / f"task-{n}"
    if task_dir.exists():
        subprocess.run(["rm", "-rf", str(task_dir)], check=True)
    task_dir.mkdir()
    task_env = scale.setup_taskwarrior(items, task_dir, TODAY)
    if task_env is None:
        raise SystemExit("taskwarrior (`task`) is not installed: apt-get install taskwarrior")
    env = {**os.environ, "DUCHATAI_USER": "bench", "DUCHATAI_EMAIL": "bench@localhost"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("COLUMNS", None)
    figures = [p for p in pairs(root, work, n, targets(items, repeats), before)
               if not only or any(p.name.startswith(o) for o in only)]
    out = work / f"out-{n}.txt"
    for r in range(repeats):
        run_round(figures, r, env, task_env, out)
        print(f"  N={n:,}: round {r + 1} of {repeats} done", flush=True)
    extra = [_check(root, env, out)] if do_check else []
    if do_import:
        extra.append(_import(n, work, env, out))
    return table(n, len(items), figures, extra)


def _check(root: Path, env: dict[str, str], out: Path) -> str:
    floor = once("C loader", [sys.executable, "-c", scale.C_LOAD_FLOOR, str(root)], env, out)
    ours = once("check", [*scale.duchatai_argv(), "--ledger", str(root), "check"], env, out)
    return (f"| check | {ours.seconds:.2f} | ruamel C safe load | {floor.seconds:.2f} | "
            f"{ours.seconds / floor.seconds:.2f} | ≤ 1.5× | {ours.max_rss_kib / 1024:.0f} | "
            f"{floor.max_rss_kib / 1024:.0f} |")


def _import(n: int, work: Path, env: dict[str, str], out: Path) -> str:
    fresh = work / f"import-{n}"
    subprocess.run(["rm", "-rf", str(fresh)], check=True)
    subprocess.run([*scale.duchatai_argv(), "--lang", "en", "init", str(fresh), "--office",
                    "市政府督查室"], check=True, stdout=subprocess.DEVNULL, env=env)
    sheet = str(work / f"out-{n}.xlsx")
    ours = once("import", [*scale.duchatai_argv(), "--ledger", str(fresh), "--today",
                           TODAY.isoformat(), "import", sheet], env, out)
    met = "yes" if ours.seconds <= 20 else "no"
    return (f"| import (the xlsx above, into a new ledger) | {ours.seconds:.2f} | | | | ≤ 20 s: "
            f"{met} | {ours.max_rss_kib / 1024:.0f} | |")


def table(n: int, count: int, figures: list[Pair], extra: list[str]) -> str:
    before = bool(figures[0].before_s)
    lines = [
        f"N = {n:,} items ({count:,} read), medians of {len(figures[0].ours_s)} paired runs",
        "",
        "| command | duchatai s | counterpart | s | ratio | target | duchatai MiB | task MiB |"
        + (" before s | now ÷ before | before MiB |" if before else ""),
        "|---|---|---|---|---|---|---|---|" + ("---|---|---|" if before else ""),
    ]
    for pair in figures:
        ours = statistics.median(s.seconds for s in pair.ours_s)
        mib = max(s.max_rss_kib for s in pair.ours_s) / 1024
        if pair.theirs_s:
            theirs = statistics.median(s.seconds for s in pair.theirs_s)
            ratio = ours / theirs
            target = "" if pair.limit is None else (
                f"≤ {pair.limit:g}×: {'yes' if ratio <= pair.limit else 'no'}")
            if pair.name.startswith("export"):
                target = f"≤ 10 s: {'yes' if ours <= 10 else 'no'}"
            their_mib = max(s.max_rss_kib for s in pair.theirs_s) / 1024
            line = (f"| {pair.name} | {ours:.3f} | {pair.theirs_name} | {theirs:.3f} | "
                    f"{ratio:.2f} | {target} | {mib:.0f} | {their_mib:.0f} |")
            if pair.before_s:
                earlier = statistics.median(s.seconds for s in pair.before_s)
                old_mib = max(s.max_rss_kib for s in pair.before_s) / 1024
                line += f" {earlier:.3f} | {ours / earlier:.2f} | {old_mib:.0f} |"
            lines.append(line)
    return "\n".join([*lines, *extra, ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/duchatai-commands"))
    parser.add_argument("--no-import", action="store_true", help="skip the import figure")
    parser.add_argument("--no-check", action="store_true", help="skip check and its floor")
    parser.add_argument("--only", default="", help="figures whose names start so (a,b,…)")
    parser.add_argument("--before", default=None, metavar="DUCHATAI",
                        help="another duchatai (an older version's console script) run "
                             "beside, on its own copy of each ledger")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    # copies.py runs ``duchatai``: the one next to this Python.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout
    print(f"taskwarrior {version.strip()}; load {os.getloadavg()[0]:.1f}", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        only = tuple(o for o in args.only.split(",") if o)
        print(bench_size(size, args.repeats, args.work, not args.no_import, not args.no_check,
                         only, args.before), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
