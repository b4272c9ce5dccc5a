"""How long the deadline engine takes per due date, against two baselines.

Run as ``python benchmarks/bench_deadlines.py [--n 100000] [--repeats 5] [--seed 2026]``.

Three timings over the same random start dates (2025-2026), each repeated and
reported as the median:

* ``compute``  — ``duchatai.core.deadlines.compute`` over the computable categories
  of the Jinan profile plus explicit ones with a ``--due`` (so every rule kind
  and the explanation — holidays and adjusted workdays crossed — is built);
* ``after``    — plain ``WorkCalendar.after(start, 10)``, the bisect alone;
* ``timedelta``— ``start + timedelta(days=10)``, the floor of any date arithmetic.

All three share one ``WorkCalendar`` whose year tables are warmed up first, as
a long-running report would see it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from duchatai.core.deadlines import compute
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar

FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2026, 12, 31)
TEN_DAYS = dt.timedelta(days=10)


def make_cases(n: int, seed: int) -> list[tuple[str, dt.date, bool, dt.date | None]]:
    """``n`` (category, start, complex, explicit due) tuples over every category."""
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    categories = list(DEFAULT_PROFILE.categories)
    cases: list[tuple[str, dt.date, bool, dt.date | None]] = []
    for _ in range(n):
        category = rng.choice(categories)
        start = FIRST + dt.timedelta(days=rng.randrange(span + 1))
        rule = DEFAULT_PROFILE.categories[category]
        explicit = start + dt.timedelta(days=rng.randrange(1, 60)) if rule.needs_explicit else None
        cases.append((category, start, rng.random() < 0.2, explicit))
    return cases


def time_once(func: Callable[[], object]) -> float:
    began = time.perf_counter()
    func()
    return time.perf_counter() - began


def median_of(func: Callable[[], object], repeats: int) -> float:
    return statistics.median(time_once(func) for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="due dates per run")
    parser.add_argument("--repeats", type=int, default=5, help="runs; the median is shown")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    cases = make_cases(args.n, args.seed)
    starts = [start for _, start, _, _ in cases]
    calendar = WorkCalendar()
    profile = DEFAULT_PROFILE

    def run_compute() -> None:
        for category, start, complex_item, explicit in cases:
            compute(
                profile, category, start, calendar, complex_item=complex_item, explicit=explicit
            )

    def run_dates_only() -> None:
        for category, start, complex_item, explicit in cases:
            compute(
                profile,
                category,
                start,
                calendar,
                complex_item=complex_item,
                explicit=explicit,
                explain=False,
            )

    def run_after() -> None:
        after = calendar.after
        for start in starts:
            after(start, 10)

    def run_timedelta() -> None:
        for start in starts:
            start + TEN_DAYS  # noqa: B018 - the addition is what is timed

    run_compute()  # warm up: year tables, named-day index, imports inside compute
    results = {
        "compute": median_of(run_compute, args.repeats),
        "date only": median_of(run_dates_only, args.repeats),
        "after": median_of(run_after, args.repeats),
        "timedelta": median_of(run_timedelta, args.repeats),
    }
    floor = results["timedelta"]
    after = results["after"]
    print(f"{args.n:,} due dates, median of {args.repeats} runs, start dates {FIRST}..{LAST}")
    print(f"{'':<10} {'seconds':>9} {'µs/date':>9} {'× after':>9} {'× timedelta':>12}")
    for name, seconds in results.items():
        per = seconds / args.n * 1e6
        print(
            f"{name:<10} {seconds:>9.3f} {per:>9.2f} {seconds / after:>9.1f}"
            f" {seconds / floor:>12.1f}"
        )
    if calendar.guessed_years:
        years = ", ".join(map(str, sorted(calendar.guessed_years)))
        print(f"note: years counted from weekends alone (no holiday data): {years}")


if __name__ == "__main__":
    main()
