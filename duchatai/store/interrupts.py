"""Signals around a change of the ledger, and the test-only kill at a named step.

While a change runs, SIGTERM and SIGHUP raise ``Interrupted`` so that the
change is undone like any other failure (SIGINT already raises
``KeyboardInterrupt``); while it is being undone, SIGINT, SIGTERM and SIGHUP
wait until the undo is complete. ``checkpoint`` lets the test suite SIGKILL a
writer at a named step, to check what the next command finds.

A leaf of the store: the journal, the change, ``init`` and the one git runner
use it, and it uses none of them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

from duchatai.core.errors import Interrupted

TEST_KILL_ENV = "DUCHATAI_TEST_KILL_AT"
"""Test-only: ``DUCHATAI_TEST_KILL_AT=<step>`` makes a writer SIGKILL itself at that
step (``begun``, ``journal``, ``written``, ``staged``, ``committed``), so that tests can
check what the next command finds. Never set it outside the test suite."""

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def checkpoint(step: str) -> None:
    """Test-only fault hook: die here when ``$DUCHATAI_TEST_KILL_AT`` names ``step``."""
    if os.environ.get(TEST_KILL_ENV) == step:  # pragma: no cover - runs in a killed child
        os.kill(os.getpid(), signal.SIGKILL)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While a change runs, SIGTERM and SIGHUP raise ``Interrupted`` (the change is undone)."""
    if not _main_thread():  # signal handlers can only be set from the main thread
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """While undoing, SIGINT, SIGTERM and SIGHUP wait: the undo is never cut short.

    A signal that arrived meanwhile is raised (``Interrupted`` or
    ``KeyboardInterrupt``) once the undo is complete.
    """
    if not _main_thread():
        yield
        return
    pending: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        pending.append(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (*_SIGNALS, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
    if pending:
        if pending[0] == signal.SIGINT:
            raise KeyboardInterrupt
        raise Interrupted(pending[0])
