"""What the commands share: the error guard, the invocation's state, option parsing, reading.

Options are parsed here into dates and numbers (``InvalidInput`` on a bad
value); the ledger is read through ``read_all``/``read_briefs``, which name
broken files on stderr instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any, TypeVar

import typer
from typer.exceptions import TyperException

from duchatai.core.errors import DuchataiError, InvalidInput, NothingToChange
from duchatai.core.messages import t
from duchatai.core.text import visible
from duchatai.session import State, _flush_warnings, refuse, unexpected

F = TypeVar("F", bound=Callable[..., Any])

Json = Annotated[bool, typer.Option("--json", help="JSON 输出 / JSON output.")]
"""The ``--json`` option of the commands that have one."""


def names_help(zh: str, en: str, field: str) -> str:
    """The help of an option that takes a category, status, method or kind: every key with
    its Chinese name, either of which (or a common short form) may be typed (``core.names``)."""
    from duchatai.core.names import help_names

    return f"{zh}（中文名或英文键均可）/ {en}, key or Chinese name: {help_names(field)}."


CATEGORY_HELP = names_help("类别", "category", "category")
STATUS_HELP = names_help("状态", "status", "status")
METHOD_HELP = names_help("督查方式", "method", "method")
KIND_HELP = names_help("督查类型", "kind", "kind")
REPORT_KIND_HELP = names_help("报告类型", "kind of report", "report")


def flag(name: str, help_text: str) -> Any:
    """A switch such as ``--late``, off unless given: ``Annotated[bool, flag(...)] = False``."""
    return typer.Option(name, help=help_text)


def guard(func: F) -> F:
    """Turn a ``DuchataiError`` into one unwrapped line on stderr and its exit code.

    No traceback on any input: an ``OSError`` (read-only ledger, a folder where
    a file belongs, a full disk) becomes one line naming the path, exit 1; any
    other exception is a bug, said as one ``internal error`` line, exit 1.
    Typer's own exits and usage errors pass through untouched.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
        except NothingToChange as note:
            sys.stdout.write(visible(note.message) + "\n")
            _flush_warnings()
            return None
        except DuchataiError as error:
            raise typer.Exit(refuse(error)) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except BrokenPipeError:  # ``duchatai list | head``: the reader has all it wanted
            raise typer.Exit(_pipe_closed()) from None
        except Exception as error:
            raise typer.Exit(refuse(unexpected(error))) from None
        finally:
            gc.unfreeze()  # what ``read_all`` froze, for a caller that lives on (tests)
        _flush_warnings()
        return result

    return wrapper  # type: ignore[return-value]


def _pipe_closed() -> int:
    """Stop writing quietly when the reader of stdout has gone, as ``head`` expects:
    no error line; stdout pointed at the null device so that the flush at exit cannot
    fail again. The exit code of a program a closed pipe stops (128 + SIGPIPE)."""
    import os

    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is no file (a test's capture): nothing will be flushed to a pipe
    finally:
        os.close(null)
    return 141


def state_of(ctx: typer.Context) -> State:
    """The invocation's state, made by the app's callback (a fresh one for a sub-app alone)."""
    state = ctx.find_root().obj
    if not isinstance(state, State):  # a sub-app invoked alone (tests)
        state = State(None, None, None, None)
        ctx.find_root().obj = state
    state.start()  # global options typed after the subcommand, applied as those before it
    return state


def date_option(
    text: str | None, state: State, what: str, toward: str = "this"
) -> dt.date | None:
    """A date typed by the user (relative to today), or None when none was given.

    Without a year it falls as ``toward`` says (``dates.parse_date``: ``"next"`` for a
    due date, ``"last"`` for an event's date), and the full date chosen is echoed.
    """
    if text is None:
        return None
    from duchatai.core.dates import parse_date

    day = parse_date(text, state.today, what=what, toward=toward)
    if toward != "this":  # this year's, as always (``calendar``): nothing to say
        state.note_year(text, day, what)
    return day


def required_date(text: str, state: State, what: str, toward: str = "this") -> dt.date:
    """A date typed by the user for an option that always has one."""
    day = date_option(text, state, what, toward)
    assert day is not None
    return day


def year_option(text: str | None, state: State) -> int:
    """``--year``: four digits within the supported years; this year when not given."""
    if text is None:
        return state.today.year
    from duchatai.core.dates import MAX_YEAR, MIN_YEAR

    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise InvalidInput(t("bad_number", what="--year", text=text))
    if not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise InvalidInput(
            t("number_out_of_range", what="--year", text=text, low=MIN_YEAR, high=MAX_YEAR)
        )
    return int(text)


def workday_count(text: str, what: str) -> int:
    """A whole number of working days, 1–10,000, typed by the user; ``InvalidInput`` otherwise."""
    from duchatai.core.dates import MAX_WORKDAYS, check_count

    digits = text.strip().removeprefix("+")
    significant = digits.lstrip("0")
    if not (digits.isascii() and digits.isdigit()) or not significant:
        raise InvalidInput(t("bad_number", what=what, text=text))
    if len(significant) > 12:  # refused before ``int`` converts thousands of digits
        raise InvalidInput(t("number_out_of_range", what=what, text=text, low=1, high=MAX_WORKDAYS))
    return check_count(int(significant), what=what, text=text)


def progress() -> Callable[[int, int], None] | None:
    """A progress line on stderr for long cache rebuilds, only on a terminal."""
    if not sys.stderr.isatty():
        return None
    shown = [0.0]

    def report(done: int, total: int) -> None:
        import time

        if total < 500:
            return
        now = time.monotonic()
        if done < total and now - shown[0] < 0.1:
            return
        shown[0] = now
        width = 30
        filled = width * done // total
        bar = "█" * filled + "░" * (width - filled)
        sys.stderr.write(f"\r{t('indexing')} {bar} {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return report


def read_all(state: State) -> list[Any]:
    """Every readable item; broken files are named on stderr, never fatal."""
    with _kept():
        items, problems = state.ledger().load_all(progress=progress())
    _skipped(problems)
    return items


def read_each(state: State, sink: Callable[[Any], None]) -> None:
    """Every readable item handed to ``sink`` one at a time in id order, kept by nobody
    but this for a few items (``Ledger.each_item``); broken files are named on stderr,
    never fatal.

    The items reach ``sink`` in runs of ``EACH_RUN``: decoding one item, then writing it,
    then decoding the next took a fifth longer than decoding a run and writing it (CSV
    of 10,000 items: 0.55 → 0.46 s; ``list --json`` too), and a run is still a few
    dozen items, not 50,000.
    """
    run: list[Any] = []

    def take(item: Any) -> None:
        run.append(item)
        if len(run) == EACH_RUN:
            _hand_over(run, sink)

    problems = state.ledger().each_item(take, progress=progress())
    _hand_over(run, sink)
    _skipped(problems)


EACH_RUN = 32
"""How many items ``read_each`` holds before it hands them over (fastest of 1–1,000)."""


def _hand_over(run: list[Any], sink: Callable[[Any], None]) -> None:
    for item in run:
        sink(item)
    run.clear()


def read_naming(state: State, unit: str) -> list[Any]:
    """The items that name ``unit`` as they stood today (``Ledger.naming``, rolled back:
    ``reports.data.as_of_all``), for the caller's rule to choose from; broken files named
    on stderr."""
    from duchatai.reports.data import as_of_all

    items, problems = state.ledger().naming(unit)
    _skipped(problems)
    return as_of_all(items, state.today)


def read_lines(state: State) -> tuple[list[Any], dict[str, Any]]:
    """Every item's line (``Ledger.lines``) and the open ones' briefs by id; broken files
    named on stderr."""
    with _kept():
        pairs, problems = state.ledger().lines(progress=progress())
    _skipped(problems)
    return [line for line, _ in pairs], {line.id: b for line, b in pairs if b is not None}


def read_tallies(state: State, day: dt.date) -> list[Any]:
    """The tallies of the items as they stood at the end of ``day`` (``Ledger.tallies``);
    broken files named on stderr."""
    return [tally for _, tally, _ in _tallied(state, day, briefs=False)]


def read_source(state: State, day: dt.date) -> Any:
    """What a report taken on ``day`` reads (``reports.weekly.Source``): every item's tally,
    the open items' briefs, and the items it lists, whole, as they stood on ``day``."""
    from duchatai.reports.data import as_of_all
    from duchatai.reports.weekly import Source

    tallied = _tallied(state, day, briefs=True)

    def fetch(ids: set[str]) -> list[Any]:
        keys = [key for key, tally, _ in tallied if tally.id in ids]
        items = state.ledger().items_at(keys)
        return as_of_all(items, day)

    briefs = [brief for _, _, brief in tallied if brief is not None]
    return Source([tally for _, tally, _ in tallied], briefs, fetch)


def _tallied(state: State, day: dt.date, *, briefs: bool) -> list[Any]:
    with _kept():
        tallied, problems = state.ledger().tallies(day, briefs=briefs, progress=progress())
    _skipped(problems)
    return tallied


def read_briefs(state: State) -> list[Any]:
    """The briefs of the items open today (``Ledger.briefs``); broken files named on stderr."""
    with _kept():
        briefs, problems = state.ledger().briefs(state.today, progress=progress())
    _skipped(problems)
    return briefs


@contextlib.contextmanager
def _kept() -> Iterator[None]:
    """Around a load of thousands of items (or briefs) that live until the command ends.

    Decoding cached items makes no reference cycles, but every full collection
    walks all the objects alive: at the default thresholds the collector ran
    again and again over the growing ledger, a fifth to a third of ``overdue``,
    ``weekly``, ``stats`` and ``list`` at 10,000 items (``benchmarks/README.md``).
    So young objects are collected rarely while the items are made (a file parsed
    on a cold cache does leave cycles: they are still collected, memory stays
    flat), and the items are then kept out of every later collection
    (``gc.freeze``; ``guard`` undoes it when the command ends).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 50, 1_000)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)


def _skipped(problems: list[Any]) -> None:
    for problem in problems:  # the message names the file and line already
        sys.stderr.write(visible(t("skipped_item", error=problem.message)) + "\n")


def read_criticisms(state: State) -> list[Any]:
    """Every readable criticism; broken files are named on stderr, never fatal."""
    ledger = state.ledger()
    found, problems = ledger.load_criticisms()
    for problem in problems:
        sys.stderr.write(
            t("skipped_file", path=ledger.relative(problem.path), error=problem.message) + "\n"
        )
    return found


def write_output(output: str, data: bytes | Iterable[bytes], state: State) -> None:
    """Write a report or export (bytes, or their parts in order) with
    ``store.output.write_output``: only a regular or new file, never one of the ledger's
    own files, atomically; a missing folder is refused."""
    from duchatai.store.output import write_output as write

    write(output, data, state.ledger().root)


@contextlib.contextmanager
def export_to(output: str | None, state: State) -> Iterator[Any]:
    """Where ``export`` writes its bytes as it makes them: the file ``output`` names
    (``store.output.output_file``: ``write_output``'s refusals, said before any item is
    read; the file replaced whole when all went well, left as it was otherwise), or,
    without one, stdout."""
    if output is None:
        yield _Stdout()
        return
    from duchatai.store.output import output_file

    with output_file(output, state.ledger().root) as handle:
        yield handle


class _Stdout:
    """Bytes written to stdout as the UTF-8 text they are, a leading BOM (the CSV's, for
    Excel) dropped; a terminal is shown their control characters (``visible``)."""

    def __init__(self) -> None:
        import codecs

        self._decode = codecs.getincrementaldecoder("utf-8-sig")().decode
        self._terminal = sys.stdout.isatty()

    def write(self, data: bytes) -> int:
        text = self._decode(data)
        sys.stdout.write(visible(text) if self._terminal else text)
        return len(data)
