"""One invocation's state, shared by the Typer app (``cli.py``) and its fast path (``entry.py``).

The global options become a ``State``; the ledger and the calendar are opened
on first use. Years counted from weekends alone are remembered by the calendar
and said on stderr after a command succeeds (``_flush_warnings``); a refused
request prints its one line instead (``refuse``).

Nothing here imports Typer: ``entry.py`` answers ``calendar after`` with these
functions alone, within the start-up budget.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from duchatai.errors import DuchataiError, InvalidInput
from duchatai.messages import LANGS, set_lang, t

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
        self._ledger: Any = None
        self._today: dt.date | None = None
        self._calendar: Any = None

    @property
    def today(self) -> dt.date:
        """``--today``, else ``$DUCHATAI_TODAY``, else the date in China."""
        if self._today is None:
            self._today = resolve_today(self.today_arg, os.environ)
        return self._today

    def ledger(self, required: bool = True) -> Any:
        """The ledger, or None when not required and none is found."""
        if self._ledger is None:
            from duchatai.discovery import find_root
            from duchatai.errors import LedgerNotFound

            try:
                root = find_root(self.ledger_arg, os.environ, os.getcwd())
            except LedgerNotFound:
                if required:
                    raise
                return None
            from duchatai.ledger import Ledger

            self._ledger = Ledger(root)
            self._ledger.include_edits = self.include_edits
            if not self.lang_arg and not os.environ.get("DUCHATAI_LANG"):
                set_lang(self._ledger.config.lang)
        return self._ledger

    def context(self) -> Any:
        """The procedure's context: the ledger, today and who acts."""
        from duchatai.ledger import resolve_actor
        from duchatai.procedure import Context

        ledger = self.ledger()
        return Context(ledger, self.today, resolve_actor(self.by, os.environ, ledger.root))

    def calendar(self) -> Any:
        """The ledger's calendar when a ledger is found, else the package's alone."""
        ledger = self.ledger(required=False)
        if ledger is not None:
            return ledger.calendar
        if self._calendar is None:
            from duchatai.workdays import WorkCalendar

            self._calendar = WorkCalendar()
        return self._calendar


def start_session(
    ledger: str | None, today: str | None, by: str | None, lang: str | None
) -> State:
    """What the global options do before any command runs.

    ``--lang`` (else ``$DUCHATAI_LANG``) chooses the language; an unknown one
    raises ``InvalidInput``, which the caller prints as it is and exits with.
    The new state is the one whose calendar warnings ``_flush_warnings`` says.
    """
    chosen = lang or os.environ.get("DUCHATAI_LANG")
    if chosen:
        if chosen.lower()[:2] not in LANGS:
            raise InvalidInput(t("lang_invalid", value=chosen))
        set_lang(chosen)
    state = State(ledger, today, by, lang)
    _STATE_FOR_WARNINGS[:] = [state]
    return state


def resolve_today(arg: str | None, env: Any) -> dt.date:
    """``--today``, else ``$DUCHATAI_TODAY``, else the local date in China (Asia/Shanghai)."""
    from duchatai.dates import parse_date

    given = arg or env.get("DUCHATAI_TODAY")
    now = _china_now()
    if given:
        return parse_date(given, now, what="--today")
    return now


def _china_now() -> dt.date:
    return dt.datetime.now(_CHINA).date()


def refuse(error: DuchataiError) -> int:
    """Print a refused request as one unwrapped line on stderr; return its exit code.

    Dates computed on the way (and their warnings) are discarded with it.
    """
    _flush_warnings(discard=True)
    sys.stderr.write(error.message.replace("\n", " ") + "\n")
    return error.exit_code


_STATE_FOR_WARNINGS: list[State] = []


def _flush_warnings(discard: bool = False) -> None:
    """Say on stderr which years were counted from weekends alone (never silently)."""
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


def _spans(years: list[int]) -> list[str]:
    """Consecutive years as ranges: [2027, 2028, 2030] → ["2027–2028", "2030"]."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return [str(a) if a == b else f"{a}–{b}" for a, b in spans]


def _count(text: str, what: str) -> int:
    """A positive whole number typed by the user; ``InvalidInput`` otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise InvalidInput(t("bad_number", what=what, text=text)) from None
    if value < 1:
        raise InvalidInput(t("bad_number", what=what, text=text))
    return value


# -- commands answered by both the Typer app and the fast path -----------------


def calendar_after(state: State, start_text: str, n_text: str) -> str:
    """What ``calendar after DATE N`` prints: the Nth working day after DATE, one line."""
    from duchatai.dates import parse_date

    day = parse_date(start_text, state.today, what="DATE")
    return state.calendar().after(day, _count(n_text, "N")).isoformat() + "\n"
