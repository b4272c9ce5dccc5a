"""One invocation's state: what the global options say, made by the Typer app's callback.

The global options become a ``State``; the ledger and the calendar are opened
on first use. Years counted from weekends alone are remembered by the calendar
and said on stderr after a command succeeds (``_flush_warnings``); a refused
request prints its one line instead (``refuse``).

Nothing here imports Typer, the ledger or the procedure: they are imported
when a command first needs them, so that start-up stays within its budget.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import Any

from duchatai.core.errors import DuchataiError, InvalidInput
from duchatai.core.messages import LANGS, set_lang, t

# China has kept UTC+8 without daylight saving since 1991: the date in
# Asia/Shanghai, without loading the time-zone database.
_CHINA = dt.timezone(dt.timedelta(hours=8))


class State:
    """What the global options say; the ledger is opened on first use."""

    def __init__(self, ledger: str | None, today: str | None, by: str | None, lang: str | None):
        self.ledger_arg = ledger
        self.today_arg = today
        self.by = by
        self.lang_arg = lang
        self.include_edits = False
        """``--include-edits``: a write may commit hand edits of the files it touches."""
        self.notes: list[str] = []
        """Said on stderr after the command succeeds: the year chosen for a date typed
        without one (``date_year_chosen``)."""
        self.today_note: str | None = None
        """The year chosen for ``--today`` typed without one (said once, however often
        ``start`` runs)."""
        self._started = False
        """Whether ``start`` has applied the options given so far (``given`` resets it)."""
        self._ledger: Any = None
        self._today: dt.date | None = None
        self._calendar: Any = None

    def given(self, name: str, value: Any) -> None:
        """A global option given on the command line, before or after the subcommand
        (the last one given wins); ``start`` applies it."""
        attribute = {"ledger": "ledger_arg", "today": "today_arg", "lang": "lang_arg"}
        setattr(self, attribute.get(name, name), value)
        self._started = False

    def start(self) -> None:
        """Apply the global options given so far, once (again after more are ``given``).

        ``--lang`` (else ``$DUCHATAI_LANG``) chooses the language; an unknown one
        raises ``InvalidInput``. Today is read now: a command that never asks
        for it (``check``, ``index rebuild``…) must still refuse ``--today 2026-02-30``.
        This state is the one whose calendar warnings ``_flush_warnings`` says.
        """
        if self._started:
            return
        chosen = self.lang_arg or os.environ.get("DUCHATAI_LANG")
        if chosen:
            if chosen.lower()[:2] not in LANGS:
                raise InvalidInput(t("lang_invalid", value=chosen))
            set_lang(chosen)
        self._today = None
        self.today  # noqa: B018
        self.today_note = self._year_chosen(self.today_arg, self.today, "--today")
        _STATE_FOR_WARNINGS[:] = [self]
        self._started = True

    @property
    def today(self) -> dt.date:
        """``--today``, else ``$DUCHATAI_TODAY``, else the date in China."""
        if self._today is None:
            self._today = resolve_today(self.today_arg, os.environ)
        return self._today

    def note_year(self, text: str, day: dt.date, what: str) -> None:
        """Echo the full date chosen for ``text`` when it was typed without a year."""
        note = self._year_chosen(text, day, what)
        if note:
            self.notes.append(note)

    @staticmethod
    def _year_chosen(text: str | None, day: dt.date, what: str) -> str | None:
        from duchatai.core.dates import has_no_year

        if text and has_no_year(text):
            return t("date_year_chosen", what=what, text=text.strip(), date=day)
        return None

    @property
    def real_today(self) -> dt.date:
        """The real date in China, whatever ``--today`` says (see ``resolve_real_today``)."""
        return resolve_real_today(os.environ)

    def ledger(self, required: bool = True) -> Any:
        """The ledger, or None when not required and none is found."""
        if self._ledger is None:
            from duchatai.core.errors import LedgerNotFound
            from duchatai.store.discovery import find_root

            try:
                root = find_root(self.ledger_arg, os.environ, os.getcwd())
            except LedgerNotFound:
                if required:
                    raise
                return None
            from duchatai.store.ledger import Ledger

            self._ledger = Ledger(root)
            self._ledger.include_edits = self.include_edits
            if not self.lang_arg and not os.environ.get("DUCHATAI_LANG"):
                set_lang(self._ledger.config.lang)
        return self._ledger

    def context(self) -> Any:
        """The procedure's context: the ledger, today and who acts."""
        from duchatai.app.step import Context
        from duchatai.store.git import resolve_actor

        ledger = self.ledger()
        return Context(
            ledger,
            self.today,
            resolve_actor(self.by, os.environ, ledger.root),
            real_today=self.real_today,
        )

    def calendar(self) -> Any:
        """The ledger's calendar when a ledger is found, else the package's alone."""
        ledger = self.ledger(required=False)
        if ledger is not None:
            return ledger.calendar
        if self._calendar is None:
            from duchatai.core.workdays import WorkCalendar

            self._calendar = WorkCalendar()
        return self._calendar


def start_session(
    ledger: str | None, today: str | None, by: str | None, lang: str | None
) -> State:
    """A started state for these global options (``State.start``; ``InvalidInput`` on a
    bad ``--lang`` or ``--today``)."""
    state = State(ledger, today, by, lang)
    state.start()
    return state


def language_of(argv: Sequence[str], env: Any = None) -> str:
    """The language of a command line as typed, chosen as ``State`` chooses it: the last
    ``--lang`` given, else ``$DUCHATAI_LANG``, else the ledger's ``lang`` (``--ledger``,
    ``$DUCHATAI_LEDGER`` or the working directory's), else Chinese.

    For what is said before the state has applied the options, or without it: click's
    usage errors and ``--help``. A language that is not known is Chinese here (the
    state refuses it when the command runs).
    """
    env = os.environ if env is None else env
    given = _last_option(argv, "--lang") or env.get("DUCHATAI_LANG")
    if given:
        return given if given.lower()[:2] in LANGS else "zh"
    from duchatai.store.discovery import find_root

    try:
        root = find_root(_last_option(argv, "--ledger"), env, os.getcwd())
        from duchatai.store.config import load_config

        return load_config(root).lang
    except DuchataiError:  # no ledger, or a broken one: its own command will say so
        return "zh"


def _last_option(argv: Sequence[str], name: str) -> str | None:
    """The value of the last ``name VALUE`` or ``name=VALUE`` before ``--`` in ``argv``."""
    found = None
    for n, token in enumerate(argv):
        if token == "--":
            break
        if token == name and n + 1 < len(argv):
            found = argv[n + 1]
        elif token.startswith(name + "="):
            found = token.split("=", 1)[1]
    return found


def resolve_today(arg: str | None, env: Any) -> dt.date:
    """``--today``, else ``$DUCHATAI_TODAY``, else the local date in China (Asia/Shanghai)."""
    from duchatai.core.dates import parse_date

    given = arg or env.get("DUCHATAI_TODAY")
    if given:  # without a year: its last occurrence up to the real date (a day that has been)
        return parse_date(given, resolve_real_today(env), what="--today", toward="last")
    return _china_now()


def resolve_real_today(env: Any) -> dt.date:
    """The real date of a write: the date in China, which ``--today`` does not change.

    A write made with ``--today`` earlier than this date is backdated: its
    records carry ``recorded_on`` (this date) and an extension is judged
    against it. ``$DUCHATAI_REAL_TODAY`` overrides it for tests only (the
    test suite pins it so that its fixed ``--today`` dates are not taken for
    backdating); it is not a clerk's option and is not documented as one.
    """
    from duchatai.core.dates import parse_date

    now = _china_now()
    given = env.get("DUCHATAI_REAL_TODAY")
    if given:
        return parse_date(given, now, what="DUCHATAI_REAL_TODAY")
    return now


def _china_now() -> dt.date:
    return dt.datetime.now(_CHINA).date()


def refuse(error: DuchataiError) -> int:
    """Print a refused request as one unwrapped line on stderr; return its exit code.

    Dates computed on the way (and their warnings) are discarded with it.
    """
    _flush_warnings(discard=True)
    from duchatai.core.text import visible

    sys.stderr.write(visible(error.message.replace("\n", " ")) + "\n")
    return error.exit_code


def unexpected(error: Exception) -> DuchataiError:
    """The one line for an exception that is not a ``DuchataiError`` (the last-resort net).

    An ``OSError`` (read-only ledger, permission denied, a folder where a file
    is expected, a full disk) says what failed on which path and what to do;
    anything else is a bug, said as ``internal error: <type>: <message>``.
    Set ``DUCHATAI_DEBUG=1`` to get the traceback instead.
    """
    import errno

    if os.environ.get("DUCHATAI_DEBUG"):
        raise error
    if isinstance(error, OSError):
        writing = error.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EISDIR)
        action = t("os_action_write" if writing else "os_action_use")
        path = error.filename if error.filename is not None else "?"
        reason = error.strerror or str(error) or type(error).__name__
        return DuchataiError(t("os_failed", action=action, path=path, error=reason))
    if isinstance(error, ValueError) and "null byte" in str(error):
        # A NUL typed into a value that reaches a file name or a git argument:
        # the operating system refuses it, so it is the user's input, not a bug.
        return DuchataiError(t("nul_in_input"))
    text = " ".join(str(error).split())[:200] or "-"
    return DuchataiError(t("internal_error", kind=type(error).__name__, error=text))


_STATE_FOR_WARNINGS: list[State] = []


def _flush_warnings(discard: bool = False) -> None:
    """Say on stderr which years were counted from weekends alone (never silently),
    and the ledger's notes for the clerk (``Ledger.notices``: a new unit)."""
    for state in _STATE_FOR_WARNINGS:
        calendars = [state._calendar]
        if state._ledger is not None:
            calendars.append(state._ledger.calendar)
        for calendar in calendars:
            if calendar is None:
                continue
            if not discard:
                for span in _spans(sorted(calendar.guessed_years)):
                    sys.stderr.write(t("guessed_year", year=span) + "\n")
            calendar.guessed_years.clear()
        if not discard:
            for note in filter(None, [state.today_note, *state.notes]):
                sys.stderr.write(note + "\n")
        state.today_note = None
        state.notes.clear()
        if state._ledger is not None:
            if not discard:
                for note in state._ledger.notices:
                    sys.stderr.write(note + "\n")
            state._ledger.notices.clear()


def _spans(years: list[int]) -> list[str]:
    """Consecutive years as ranges: [2027, 2028, 2030] → ["2027–2028", "2030"]."""
    from duchatai.core.dates import runs

    return [str(a) if a == b else f"{a}–{b}" for a, b, _ in runs((year, None) for year in years)]
