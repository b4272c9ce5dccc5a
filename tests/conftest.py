"""Shared fixtures: an isolated environment, a fresh ledger, a CLI runner, items built
directly (``make_item``), and the helpers several test modules share."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duchatai.cli import app
from duchatai.core.deadlines import compute
from duchatai.core.history import status_of
from duchatai.core.messages import set_lang
from duchatai.core.model import Extension, Item, Report, Review, Urge
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.workdays import WorkCalendar

TODAY = "2026-11-20"
SHM = Path("/dev/shm")


def _roomy(path: Path) -> bool:
    """A writable folder with room for the whole session's temporary ledgers (pytest
    keeps them until the end): a container's default 64 MB /dev/shm is not."""
    try:
        fs = os.statvfs(path)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK) and fs.f_bavail * fs.f_frsize > 2 * 1024**3


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders on tmpfs where the system has one and nobody chose otherwise.

    Every change fsyncs its files and the git commit writes objects: on a busy disk
    the suite spent most of its time waiting for the disk, not running. Memory
    behaves the same for what the tests check (rename, fsync, symlinks, FIFOs).
    """
    if config.option.basetemp is None and "TMPDIR" not in os.environ and _roomy(SHM):
        os.environ["TMPDIR"] = str(SHM)
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global git identity, no ledger or clock from the developer's shell."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "DUCHATAI_LEDGER",
        "DUCHATAI_TODAY",
        "DUCHATAI_USER",
        "DUCHATAI_LANG",
        "DUCHATAI_EMAIL",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    # The tests' fixed --today dates (2026-11-20 and earlier) are not backdating:
    # the real date is pinned before them (test_security_output sets its own).
    monkeypatch.setenv("DUCHATAI_REAL_TODAY", "2000-01-01")
    set_lang("zh")


Run = Callable[..., "Result"]



class Result:
    """What a CLI invocation gave: exit code, stdout, stderr."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, exception: BaseException | None):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception

    def __repr__(self) -> str:
        return f"Result({self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process: ``run("list", "--json", today=..., ledger=...)``."""

    def invoke(*args: str, ledger: Path | None = None, today: str | None = TODAY,
               by: str | None = "测试员", lang: str | None = None) -> Result:
        argv: list[str] = []
        if ledger is not None:
            argv += ["--ledger", str(ledger)]
        if today is not None:
            argv += ["--today", today]
        if by is not None:
            argv += ["--by", by]
        if lang is not None:
            argv += ["--lang", lang]
        runner = CliRunner()
        result = runner.invoke(app, [*argv, *args])
        set_lang("zh")
        return Result(result.exit_code, result.stdout, result.stderr, result.exception)

    return invoke


BuiltLedger = Callable[[str, Callable[[Path], object]], Path]
_TEMPLATES: dict[str, Path] = {}


@pytest.fixture
def built_ledger(run: Run, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltLedger:
    """``built_ledger(name, build)``: ``tmp_path / "ledger"``, a copy of a ledger that
    ``init`` and then ``build(root)`` made.

    Each name is built once per session (per worker); every test gets its own copy,
    ``.git`` and its ``duchatai`` state included (nothing in them names the folder).
    """

    def make(name: str, build: Callable[[Path], object]) -> Path:
        template = _TEMPLATES.get(name)
        if template is None:
            template = tmp_path_factory.mktemp("template") / "ledger"
            result = run("init", str(template), "--office", "测试督查室")
            assert result.exit_code == 0, result
            build(template)
            _TEMPLATES[name] = template
        root = tmp_path / "ledger"
        shutil.copytree(template, root, symlinks=True)
        return root

    return make


@pytest.fixture
def ledger(built_ledger: BuiltLedger) -> Path:
    """A freshly initialised, empty ledger with its own git repository."""
    return built_ledger("empty", lambda root: None)


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; its stdout without the trailing newline."""
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


def shared_office(
    run: Run, tmp_path: Path, first: tuple[str, str], second: tuple[str, str]
) -> tuple[Path, Path, Path]:
    """A hub (bare repository) and two clerks' clones, each given as (folder, clerk code).

    The first clerk registered and assigned ``<code>-2026-0001`` before the hub was
    made, so both clones share it.
    """
    (first_folder, first), (second_folder, second) = first, second
    one = tmp_path / first_folder
    assert run("init", str(one), "--clerk", first, "--office", "测试督查室").exit_code == 0
    ok = run("register", "共同事项", "--category", "leader-instruction", "--lead", "市水务局",
             ledger=one, today="2026-11-16")
    assert ok.exit_code == 0, ok
    assert run("assign", f"{first}-2026-0001", "--lead", "市水务局", ledger=one,
               today="2026-11-16").exit_code == 0
    hub = tmp_path / "hub.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(one), str(hub)], check=True)
    git(one, "remote", "add", "origin", str(hub))
    git(one, "fetch", "-q", "origin")
    git(one, "branch", "-q", "-u", f"origin/{git(one, 'branch', '--show-current')}")
    two = tmp_path / second_folder
    subprocess.run(["git", "clone", "-q", str(hub), str(two)], check=True)
    assert run("clerk", second, ledger=two).exit_code == 0
    return hub, one, two


def clones_without_clerk_codes(run: Run, tmp_path: Path) -> tuple[Path, Path]:
    """Two clones (``a`` with origin set, ``b``) of one empty ledger through a bare hub,
    neither with a clerk code: both hand out DC-2026-0001."""
    first = tmp_path / "a"
    assert run("init", str(first)).exit_code == 0
    hub = tmp_path / "hub.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(first), str(hub)], check=True)
    git(first, "remote", "add", "origin", str(hub))
    second = tmp_path / "b"
    subprocess.run(["git", "clone", "-q", str(hub), str(second)], check=True)
    return first, second


# -- items built directly: no files, no git ---------------------------------------------

ItemFactory = Callable[..., Item]
_CALENDAR = WorkCalendar()


def build_item(
    category: str = "leader-instruction",
    *,
    start: dt.date = dt.date(2026, 9, 29),
    due: dt.date | None = None,
    lead: str = "市水务局",
    assigned: bool = True,
    reports: Iterable[Report] = (),
    urges: Iterable[Urge] = (),
    reviews: Iterable[Review] = (),
    extensions: Iterable[Extension] = (),
    closed: dt.date | None = None,
    item_id: str = "DC-2026-0001",
    title: str = "测试事项",
) -> Item:
    """A real ``Item`` as the records make it, the way a clerk's commands would have.

    ``due`` defaults to the category's rule counted from ``start`` (an explicit
    category needs it given); the last extension, then the last rejection's new
    date, move it as the commands do. ``closed`` adds the accepting review and
    the closing date. The status follows the records (``history.status_of``).
    """
    if due is None:
        due = compute(DEFAULT_PROFILE, category, start, _CALENDAR).due
    made = Item(
        id=item_id,
        title=title,
        category=category,
        start=start,
        due=due,
        lead_unit=lead,
        assigned_on=start if assigned else None,
        reports=list(reports),
        urges=list(urges),
        reviews=list(reviews),
        extensions=list(extensions),
    )
    for extension in made.extensions:
        made.due = extension.until
    for review in made.reviews:
        made.due = review.new_due or made.due
    if closed is not None:
        made.reviews.append(Review(closed, True, reports_seen=len(made.reports)))
        made.closed_on = closed
    made.status = status_of(made)
    return made


@pytest.fixture
def make_item() -> ItemFactory:
    """``make_item(category, start=..., reports=[...], closed=...)``: see ``build_item``."""
    return build_item


def git_head(root: Path) -> str:
    """The commit at HEAD of the ledger's repository."""
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


def commit_count(root: Path) -> int:
    """How many commits the ledger's repository holds."""
    out = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True,
        check=True,
    ).stdout
    return int(out.strip())


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the ledger outside .git and .duchatai, by relative path."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".duchatai" not in p.parts
    }


def counting_reads(patch: pytest.MonkeyPatch) -> list[Path]:
    """The item files parsed from now on (``Ledger.read_item``), in order: what a test of
    the cache counts to tell a hit from a parse."""
    from duchatai.store.ledger import Ledger

    parsed: list[Path] = []
    read_item = Ledger.read_item

    def counting(self: Ledger, path: Path) -> Item:
        parsed.append(path)
        return read_item(self, path)

    patch.setattr(Ledger, "read_item", counting)
    return parsed


def counting_decodes(patch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the items decoded from the cache's rows from now on, in order: what a
    test counts to tell a read of a few facts from a read of whole items."""
    from duchatai.store import codec

    decoded: list[str] = []
    loads = codec.ItemCodec.loads

    def counting(this: codec.ItemCodec, text: str, path: Path) -> Item | None:
        decoded.append(path.stem)
        return loads(this, text, path)

    patch.setattr(codec.ItemCodec, "loads", counting)
    return decoded


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A private copy of the bundled demo ledger, without its cache, in its own git
    repository (the cache lives in the git directory: no git, no cache)."""
    copy = tmp_path / "demo"
    demo_ledger = Path(__file__).resolve().parent.parent / "examples" / "demo"
    shutil.copytree(demo_ledger, copy, ignore=shutil.ignore_patterns(".duchatai", ".git"))
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    return copy
