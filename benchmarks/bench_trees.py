#!/usr/bin/env python3
"""Every daily command of two (or more) source trees on the same ledger, side by side.

Usage::

    python benchmarks/bench_trees.py [--size N] [--repeats N] [--skip WORD] BEFORE AFTER [TREE ...]

A tree is a directory holding a ``duchatai`` package (for an older commit:
``mkdir -p /tmp/sb/x && git archive REV | tar -x -C /tmp/sb/x``). One ledger
of ``--size`` items is generated (``generate.py``, as seen on 2026-11-20) and
cloned once per tree, so each tree keeps its own cache. Every command is run
as its own process with the tree first on ``PYTHONPATH`` and bytecode cached,
warmed once, then ``--repeats`` rounds in which each tree runs each command
once, interleaved (a burst of load on a shared machine hits every tree alike).
The table gives each tree's median and its ratio to the first tree's: the
question this answers is "did a change make any command slower?".

The write commands (``urge`` and ``register``) include their git commit; each
round writes one more record or item, the same for every tree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (a sibling script, not a package)

TODAY = generate.TODAY.isoformat()


def commands(item_id: str) -> dict[str, list[str]]:
    """The figures: a name and the arguments after ``duchatai --ledger L --today D``."""
    return {
        "overdue": ["overdue"],
        "due --within 10": ["due", "--within", "10"],
        "list": ["list"],
        "list --unit --status": ["list", "--unit", "市发展改革委", "--status", "assigned"],
        f"show {item_id}": ["show", item_id],
        "weekly": ["weekly"],
        "weekly --format json": ["weekly", "--format", "json"],
        "stats": ["stats"],
        "escalation": ["escalation"],
        "check": ["check"],
        "urge + git commit": ["urge", item_id, "--method", "phone", "--note", "基准测试"],
        "register + git commit": [
            "register", "常务会议决定事项：基准测试", "-c", "executive-meeting",
            "--lead", "市发展改革委",
        ],
    }


def run(argv: list[str], env: dict[str, str]) -> float:
    """Seconds for one process; output discarded, a failure stops the benchmark."""
    began = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - began
    if proc.returncode not in (0, 3):  # 3: the morning report found overdue items
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr[-800:]!r}")
    return seconds


def main() -> None:
    """Generate, copy, warm, run the interleaved rounds, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, metavar="TREE")
    parser.add_argument("--size", type=int, default=1000, help="items in the ledger")
    parser.add_argument("--repeats", type=int, default=5, help="rounds (median of these)")
    parser.add_argument("--skip", action="append", default=[], metavar="WORD",
                        help="leave out the figures whose name starts with WORD (repeatable)")
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.trees]

    with tempfile.TemporaryDirectory(prefix="duchatai-trees-") as work:
        source = Path(work) / "source"
        items = generate.generate(args.size, source)
        item_id = next(item.id for item in items if item.closed_on is None)
        base_env = {**os.environ, "DUCHATAI_USER": "bench", "DUCHATAI_EMAIL": "bench@localhost"}
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)
        base_env.pop("COLUMNS", None)
        runs: list[tuple[Path, str, list[str], dict[str, str]]] = []
        for number, tree in enumerate(trees):
            ledger = Path(work) / f"ledger-{number}"
            # A clone through the git protocol (file://), not a copy of the object files:
            # the generator's last commit may have started a detached ``git gc``.
            subprocess.run(["git", "clone", "-q", source.as_uri(), str(ledger)], check=True)
            env = {**base_env, "PYTHONPATH": str(tree),
                   "PYTHONPYCACHEPREFIX": str(Path(work) / f"pycache-{number}")}
            prefix = [sys.executable, "-m", "duchatai", "--ledger", str(ledger), "--today", TODAY]
            for name, rest in commands(item_id).items():
                if any(name.startswith(word) for word in args.skip):
                    continue
                runs.append((tree, name, [*prefix, *rest], env))

        for _, _, argv, env in runs:  # warm: caches built, bytecode written
            run(argv, env)
        samples: dict[tuple[Path, str], list[float]] = {(t, n): [] for t, n, _, _ in runs}
        names = list(dict.fromkeys(name for _, name, _, _ in runs))
        for _ in range(args.repeats):
            for name in names:
                for tree, figure, argv, env in runs:
                    if figure == name:
                        samples[(tree, name)].append(run(argv, env))

    print(f"{args.size:,} items, median of {args.repeats} rounds, load {os.getloadavg()[0]:.1f}")
    header = "".join(f"{tree.name[-14:]:>16}" for tree in trees)
    ratios = "".join(f"{'× ' + tree.name[-12:]:>16}" for tree in trees[1:])
    print(f"{'command':26}{header}{ratios}")
    for name in names:
        medians = [statistics.median(samples[(tree, name)]) for tree in trees]
        cells = "".join(f"{m:16.3f}" for m in medians)
        cells += "".join(f"{m / medians[0]:16.2f}" for m in medians[1:])
        print(f"{name[:26]:26}{cells}")


if __name__ == "__main__":
    main()
