#!/usr/bin/env python3
"""Start-up of ``duchatai --help``, ``--version`` and ``calendar after 2026-09-30 3`` (target
< 0.25 s), beside Python alone and Python importing Typer.

Usage::

    python benchmarks/bench_startup.py [--rounds 15] [--pyc] [TREE ...]

Each TREE is a source tree put first on ``PYTHONPATH`` (default: this
project), so that a checkout of an older commit can be timed beside the
current one. Every round runs ``python -c pass`` (the floor), ``python -c
"import typer"`` (the floor of any command line built with Typer) and, for
each tree, ``python -m duchatai --help``, ``--version`` and ``calendar after
2026-09-30 3`` once each, from an empty directory outside any ledger; the
median of each is printed with its ratio to the floor. ``--pyc`` lets Python
cache bytecode (in a temporary prefix), as an installed package has it,
even when ``PYTHONDONTWRITEBYTECODE`` is set.
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

PROJECT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "duchatai --help": ["-m", "duchatai", "--help"],
    "duchatai --version": ["-m", "duchatai", "--version"],
    "calendar after 2026-09-30 3": ["-m", "duchatai", "calendar", "after", "2026-09-30", "3"],
}


def main() -> None:
    """Parse the arguments, run the rounds, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[PROJECT], metavar="TREE")
    parser.add_argument("--rounds", type=int, default=15, help="rounds (median of these)")
    parser.add_argument("--pyc", action="store_true", help="allow bytecode caching")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        outside = Path(work) / "elsewhere"
        outside.mkdir()
        runs: dict[tuple[str, str], tuple[list[str], dict[str, str]]] = {
            ("", "python -c pass (floor)"): ([sys.executable, "-c", "pass"], dict(os.environ)),
            ("", "python -c 'import typer'"): (
                [sys.executable, "-c", "import typer"], dict(os.environ)
            ),
        }
        for tree in (path.resolve() for path in args.trees):
            env = {**os.environ, "PYTHONPATH": str(tree)}
            env.pop("COLUMNS", None)
            if args.pyc:
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                env["PYTHONPYCACHEPREFIX"] = str(Path(work) / "pycache")
            for name, argv in COMMANDS.items():
                runs[(str(tree), name)] = ([sys.executable, *argv], env)

        for argv, env in runs.values():  # warm the file cache (and write the bytecode)
            subprocess.run(argv, cwd=outside, env=env, stdout=subprocess.DEVNULL, check=True)
        samples: dict[tuple[str, str], list[float]] = {key: [] for key in runs}
        for _ in range(args.rounds):
            for key, (argv, env) in runs.items():
                start = time.perf_counter()
                subprocess.run(argv, cwd=outside, env=env, stdout=subprocess.DEVNULL, check=True)
                samples[key].append(time.perf_counter() - start)

    floor = statistics.median(samples[("", "python -c pass (floor)")])
    print(
        f"median of {args.rounds} rounds, bytecode cached: {'yes' if args.pyc else 'as set'},"
        f" load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'tree':30} {'command':30} {'seconds':>8} {'× floor':>8}")
    for (tree, name), values in samples.items():
        median = statistics.median(values)
        print(f"{tree[-30:]:30} {name:30} {median:8.3f} {median / floor:8.2f}")


if __name__ == "__main__":
    main()
