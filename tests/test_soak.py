"""A bounded soak test: three clerks make random changes and sync in random order
through ``git daemon``; in the end every clone has the same HEAD, every change of
every clerk is in the ledger, no id is taken twice, ``check`` is clean.

Seeded, so a failure is repeated by running it again. Bounded by its number of changes
(50 per clerk, as the issue asks): about 27 s on a quiet two-core machine. The time is
printed (``pytest -s``), never asserted: speed is the benchmarks' business.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from conftest import Run, git, git_head
from test_clerks import daemon, office  # noqa: F401  (the fixture is used by name)

SEED = 20261117
CHANGES = 50
"""Changes per clerk, as the issue asks."""
DAY = "2026-11-17"


def _items(clone: Path) -> list[str]:
    return sorted(p.stem for p in (clone / "items").glob("*.yaml"))


def _title(clone: Path, item_id: str) -> str:
    for line in (clone / "items" / f"{item_id}.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("title: "):
            return line[len("title: ") :]
    return ""


def _change(
    run: Run, rng: random.Random, clone: Path, who: str, token: str, superseded: set[str]
) -> bool:
    """One random change by ``who`` marked with ``token``; whether it was made. A title
    this clerk replaces by an edit (having seen it) goes into ``superseded``."""
    kind = rng.choice(["register", "report", "urge", "extend", "edit"])
    ids = _items(clone)
    target = rng.choice(ids)
    if kind == "edit":
        superseded.add(_title(clone, target))
    if kind == "register":
        made = run("register", token, "--category", "leader-instruction", "--lead", "市水务局",
                   ledger=clone, today=DAY, by=who)
        assert made.exit_code == 0, made
        new = re.search(r"DC-2026-\d{4}", made.stdout)
        assert new is not None, made
        done = run("assign", new.group(0), "--lead", "市水务局", ledger=clone, today=DAY, by=who)
        assert done.exit_code == 0, done
        return True
    args = {
        "report": ("report", target, "--kind", "progress", "--text", token),
        "urge": ("urge", target, "--note", token),
        "extend": ("extend", target, "--until", f"2026-12-{rng.randint(1, 30):02d}",
                   "--reason", token),
        "edit": ("edit", target, "--title", token),
    }[kind]
    result = run(*args, ledger=clone, today=DAY, by=who)
    # An extension to a date not after the due date in force is refused: no change.
    assert result.exit_code in (0, 1), result
    return result.exit_code == 0


def _sync(run: Run, rng: random.Random, clone: Path, who: str, told: list[str]) -> int:
    """Sync; a clerk told of conflicts resolves them (a side at random) and syncs again.
    What sync says on stderr is kept in ``told``."""
    result = run("sync", ledger=clone, by=who)
    told.append(result.stderr)
    conflicts = 0
    while result.exit_code == 4:
        held = sorted(set(re.findall(r"⚠ (\S+) 的", result.stderr)))
        assert held, result
        for item_id in held:
            side = rng.choice(["local", "remote"])
            settled = run("resolve", item_id, "--take", side, ledger=clone, by=who)
            assert settled.exit_code == 0, settled
            conflicts += 1
        result = run("sync", ledger=clone, by=who)
        told.append(result.stderr)
    assert result.exit_code == 0, result
    return conflicts


@pytest.mark.soak
def test_three_clerks_random_changes_and_syncs(
    daemon: tuple[Path, str], tmp_path: Path, run: Run  # noqa: F811
) -> None:
    started = time.monotonic()
    served, url = daemon
    clones = office(run, tmp_path, served / "ledger.git", f"{url}/ledger.git", ("a", "b", "c"))
    who = {clone: name for clone, name in zip(clones, ("甲", "乙", "丙"), strict=True)}
    rng = random.Random(SEED)
    made: list[str] = []
    superseded: set[str] = set()
    told: list[str] = []
    left = {clone: CHANGES for clone in clones}
    conflicts = 0
    while any(left.values()):
        clone = rng.choice([c for c in clones if left[c]])
        token = f"{who[clone]}-{CHANGES - left[clone]}-{rng.randrange(10**6)}"
        if _change(run, rng, clone, who[clone], token, superseded):
            made.append(token)
        left[clone] -= 1
        if rng.random() < 0.25:
            conflicts += _sync(run, rng, clone, who[clone], told)
    for _ in range(2):
        for clone in clones:
            conflicts += _sync(run, rng, clone, who[clone], told)
    assert git_head(clones[0]) == git_head(clones[1]) == git_head(clones[2])
    text = "\n".join(p.read_text(encoding="utf-8") for p in (clones[0] / "items").glob("*.yaml"))
    # Every change is in the ledger, or was replaced by a later edit of the clerk who saw
    # it, or was named in a conflict that sync reported (and a clerk resolved).
    said = "\n".join(told)
    lost = [t for t in made if t not in text and t not in superseded and t not in said]
    assert lost == []
    for clone in clones:
        assert run("check", ledger=clone).exit_code == 0
        assert git(clone, "status", "--porcelain") == ""
        assert len(_items(clone)) == len(set(_items(clone)))
    print(f"soak: {len(made)} changes, {conflicts} conflicts resolved, "
          f"{time.monotonic() - started:.1f} s")
