#!/usr/bin/env python3
"""The floors under issue 17's targets: what any command costs before it does its work.

Usage::

    python benchmarks/bench_floors.py [--sizes 10000,50000] [--rounds 15]
                                      [--work DIR]

A target such as "``overdue`` ≤ 0.5× ``task overdue``" can only be met if the
part of the run that no implementation on this stack can skip already fits in
it. Three floors, each a Python process of this virtual environment (so it pays
the same interpreter start as ``duchatai``) on the ledger ``bench_commands.py``
builds (reused under ``--work``):

- ``import typer``: every command of a Typer program imports it first;
- ``+ stat every file``: a read that answers for a clerk's hand edit must at least
  look at every item file's size and time, even with a cache (the manifest's
  freshness scan does no more than this);
- ``+ read the cache``: and a read that does not parse every YAML file loads a cache
  of what they hold; the cheapest Python can do is what this one does: one SQLite
  query for the rows the morning report reads, each ``json.loads``-ed (C code), no
  object made of them;
- ``+ git commit``: a write that keeps git history as the audit trail commits its
  file with ``git commit -- PATH``, so the repository's hooks and signing policy
  hold (here: a one-line probe file in a copy of the ledger, no hooks).

Each round runs every floor, ``duchatai --version`` and the Taskwarrior
commands the targets name, one after the other (so a burst of load hits all);
the table shows medians, the floor as a multiple of the counterpart, and
whether the target leaves any room for the command's own work.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_commands as commands  # noqa: E402  (sibling scripts, not a package)
import bench_scale as scale  # noqa: E402

from duchatai.store.cache import cache_path  # noqa: E402
from duchatai.store.ledger import Ledger  # noqa: E402

STAT_EVERY_FILE = """
import os, sys, typer
def walk(path):
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path)
            else:
                entry.stat(follow_symlinks=False)
for part in ("items", "archive"):
    if os.path.isdir(os.path.join(sys.argv[1], part)):
        walk(os.path.join(sys.argv[1], part))
"""

READ_THE_CACHE = STAT_EVERY_FILE + """
import json, sqlite3
rows = 0
with sqlite3.connect(f"file:{sys.argv[2]}?mode=ro", uri=True) as connection:
    query = "SELECT key, value FROM meta WHERE key >= 'm:' AND key < 'm;'"
    for _, text in connection.execute(query):
        rows += len(json.loads(text)[0])
if rows < int(sys.argv[3]):
    sys.exit(f"the cache holds {rows} files, not {sys.argv[3]}: run a duchatai read first")
"""

COMMIT_ONE_FILE = """
import os, subprocess, sys, typer
root, round_no = sys.argv[1], sys.argv[2]
with open(root + "/probe/probe.txt", "w") as probe:
    probe.write(f"{round_no} {os.getpid()}\\n")  # never the committed text
subprocess.run(["git", "commit", "-q", "-m", "probe " + round_no, "--", "probe/probe.txt"],
               cwd=root, check=True)
"""


@dataclass(frozen=True)
class Target:
    """One of the issue's targets: our command, its counterpart, the ratio allowed
    and the floor any implementation of the command pays."""

    command: str
    counterpart: str
    limit: float
    floor: str


TARGETS = [
    Target("overdue", "task overdue", 0.5, "+ read the cache"),
    Target("list", "task list", 0.5, "+ read the cache"),
    Target("show ID", "task UUID info", 0.5, "import typer"),
    Target("weekly, stats", "task summary", 1.0, "+ read the cache"),
    Target("register … edit", "task add", 1.0, "+ git commit"),
]


def figures(python: str, ledger: Path, probe: Path, task_env: dict[str, str],
            env: dict[str, str], uuid: str, count: int) -> dict[str, Callable[[int], scale.Sample]]:
    """Every figure of a round, by name (``count``: the ledger's item files)."""
    cache = cache_path(Ledger(ledger))
    assert cache is not None, "the ledger is in git"

    def run(*argv: str, environ: dict[str, str] = env) -> Callable[[int], scale.Sample]:
        return lambda r: scale.timed(list(argv), env=environ)

    task = ["task", "rc.confirmation=off"]
    return {
        "python -c pass": run(python, "-c", "pass"),
        "import typer": run(python, "-c", "import typer"),
        "+ stat every file": run(python, "-c", STAT_EVERY_FILE, str(ledger)),
        "+ read the cache": run(python, "-c", READ_THE_CACHE, str(ledger), str(cache),
                                str(count)),
        "+ git commit": lambda r: scale.timed(
            [python, "-c", COMMIT_ONE_FILE, str(probe), str(r)], env=env),
        "duchatai --version": run(*scale.duchatai_argv(), "--version"),
        "task overdue": run(*task, "overdue", environ=task_env),
        "task list": run(*task, "list", environ=task_env),
        "task UUID info": run(*task, uuid, "info", environ=task_env),
        "task summary": run(*task, "summary", environ=task_env),
        "task add": run(*task, "add", "测试事项", "project:leader-instruction", "due:today+3d",
                        environ=task_env),
    }


def probe_copy(ledger: Path, work: Path, n: int) -> Path:
    """A copy of the ledger with a committed probe file, for the commit floor."""
    probe = work / f"floors-{n}"
    if not (probe / "probe" / "probe.txt").exists():
        shutil.rmtree(probe, ignore_errors=True)
        subprocess.run(["cp", "-a", str(ledger), str(probe)], check=True)
        (probe / "probe").mkdir()
        (probe / "probe" / "probe.txt").write_text("0\n")
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run([*git, "add", "probe"], cwd=probe, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "probe"], cwd=probe, check=True)
    return probe


def bench_size(n: int, rounds: int, work: Path) -> str:
    ledger = commands.build(n, work)
    items, _ = Ledger(ledger).load_all()
    task_dir = work / f"task-{n}"
    shutil.rmtree(task_dir, ignore_errors=True)
    task_dir.mkdir()
    task_env = scale.setup_taskwarrior(items, task_dir, commands.TODAY)
    if task_env is None:
        raise SystemExit("taskwarrior (`task`) is not installed: apt-get install taskwarrior")
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    steps = figures(sys.executable, ledger, probe_copy(ledger, work, n), task_env, env,
                    commands._uuid(items[0].id), len(items))
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for r in range(rounds):
        for name, step in steps.items():
            samples[name].append(step(r).seconds)
        print(f"  N={n:,}: round {r + 1} of {rounds} done", flush=True)
    return table(n, rounds, {name: statistics.median(s) for name, s in samples.items()})


def table(n: int, rounds: int, median: dict[str, float]) -> str:
    lines = [f"N = {n:,} items, medians of {rounds} interleaved rounds, seconds", ""]
    lines += [f"- {name}: {seconds:.3f}" for name, seconds in median.items()]
    lines += [
        "",
        "| target | counterpart s | allowed s | floor | floor s | floor ÷ counterpart "
        "| room left for the command's own work |",
        "|---|---|---|---|---|---|---|",
    ]
    for target in TARGETS:
        theirs = median[target.counterpart]
        allowed = target.limit * theirs
        floor = median[target.floor]
        room = allowed - floor
        said = f"{room:.3f} s" if room > 0 else "none: the floor alone misses the target"
        lines.append(
            f"| {target.command} ≤ {target.limit:g}× {target.counterpart} | {theirs:.3f} | "
            f"{allowed:.3f} | {target.floor} | {floor:.3f} | {floor / theirs:.2f} | {said} |")
    return "\n".join([*lines, ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--work", type=Path, default=Path("/tmp/duchatai-commands"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout
    print(f"taskwarrior {version.strip()}; load {os.getloadavg()[0]:.1f}", flush=True)
    tables = [bench_size(int(size), args.rounds, args.work) for size in args.sizes.split(",")]
    print()
    print("\n".join(tables))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
