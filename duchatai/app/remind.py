"""催办提醒: each unit's digest, mailed (``remind --send``) or written as ``.eml`` files
(``--dry-run``), never the same digest to the same unit twice on one day.

What was sent is kept in the ledger, ``reminders/<year>.yaml`` (one entry per
message: date, unit, address, the digest's fingerprint, subject, message id),
written in one commit a run, so every clerk sharing the ledger knows what went
out. The run holds the ledger's lock while it sends: two clerks' runs cannot
both send the same digest.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from duchatai.app.mail import MailSettings, Postman, letter, mail_settings, password
from duchatai.app.step import Context
from duchatai.core.errors import InvalidInput, LedgerBroken
from duchatai.core.messages import t
from duchatai.reports.digest import UnitDigest
from duchatai.store.safefile import read_bounded
from duchatai.store.yamlio import first_line, parse_yaml


@dataclass
class Reminder:
    """One unit's digest as a letter, and where it goes (None: no address known)."""

    digest: UnitDigest
    to: str | None
    subject: str
    body: str

    @property
    def unit(self) -> str:
        """The unit reminded."""
        return self.digest.unit


@dataclass
class Outcome:
    """What a run did, unit by unit."""

    sent: list[Reminder] = field(default_factory=list)
    skipped: list[Reminder] = field(default_factory=list)
    """Already sent today, the same digest."""
    no_address: list[Reminder] = field(default_factory=list)


def sent_log(root: Path, year: int) -> Path:
    """Where the year's sent reminders are kept."""
    return root / "reminders" / f"{year}.yaml"


def sent_entries(root: Path, year: int) -> list[dict[str, Any]]:
    """The year's sent log, read as data (a hostile file is refused, not obeyed)."""
    path = sent_log(root, year)
    if not path.exists():
        return []
    try:
        raw = parse_yaml(read_bounded(path)) or {}
        entries = raw.get("sent") or [] if isinstance(raw, dict) else None
        if not isinstance(entries, list):
            raise ValueError("expected a mapping with a list under 'sent'")
    except Exception as error:
        raise LedgerBroken(
            t("remind_sent_log_broken", path=path, error=first_line(error))
        ) from None
    return [e for e in entries if isinstance(e, dict)]


def already_sent(entries: Sequence[dict[str, Any]], reminder: Reminder, day: dt.date) -> bool:
    """The same digest went to the same unit on ``day``."""
    return any(
        str(e.get("date")) == day.isoformat()
        and e.get("unit") == reminder.unit
        and e.get("digest") == reminder.digest.fingerprint()
        for e in entries
    )


def as_message(settings: MailSettings, reminder: Reminder) -> EmailMessage:
    """The reminder as a mail message."""
    domain = settings.sender.rpartition("@")[2] or "duchatai"
    assert reminder.to is not None
    return letter(settings, reminder.to, reminder.subject, reminder.body, domain)


def send(
    ctx: Context,
    reminders: Sequence[Reminder],
    *,
    postman: Callable[[MailSettings, str | None], Postman] = Postman,
) -> Outcome:
    """Mail each reminder not already sent today; record what went out in one commit.

    If the server fails part way, what was sent is still recorded, then the
    failure is reported: the next run sends only the rest.
    """
    ledger = ctx.ledger
    settings = mail_settings(ledger.config.mail, ledger.config.office)
    secret = password(settings, ledger.root)
    outcome = Outcome()
    day = ctx.today
    with ledger.change("", ctx.actor) as change:
        entries = sent_entries(ledger.root, day.year)
        todo = []
        for reminder in reminders:
            if reminder.to is None:
                outcome.no_address.append(reminder)
            elif already_sent(entries, reminder, day):
                outcome.skipped.append(reminder)
            else:
                todo.append(reminder)
        failure = _deliver(ctx, settings, secret, todo, outcome, entries, postman)
        if outcome.sent:
            change.write_record(sent_log(ledger.root, day.year), {"sent": entries})
            change.message = f"remind: {len(outcome.sent)} unit(s) on {day.isoformat()}"
    if failure is not None:
        raise failure
    return outcome


def _deliver(
    ctx: Context,
    settings: MailSettings,
    secret: str | None,
    todo: Sequence[Reminder],
    outcome: Outcome,
    entries: list[dict[str, Any]],
    postman: Callable[[MailSettings, str | None], Postman],
) -> InvalidInput | None:
    """Send ``todo``; each sent one appended to ``entries``. The failure, if any."""
    if not todo:
        return None
    failed: list[str] = []
    current = todo[0]
    try:
        with postman(settings, secret) as session:
            for reminder in todo:
                current = reminder
                message = as_message(settings, reminder)
                try:
                    session.send(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                    failed.append(f"{reminder.unit}: {_reason(error)}")  # this one only
                    continue
                outcome.sent.append(reminder)
                entries.append(_entry(ctx, reminder, message))
    except (smtplib.SMTPException, OSError) as error:
        failed.append(f"{current.unit}: {_reason(error)}")
    if not failed:
        return None
    units = "、".join(f.partition(":")[0] for f in failed)
    return InvalidInput(t("mail_failed", unit=units, error="; ".join(failed)))


def _reason(error: BaseException) -> str:
    """What the server said, on one line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        said = error.recipients.items()
        return "; ".join(f"{a} {c} {m.decode('utf-8', 'replace')}" for a, (c, m) in said)
    return " ".join(str(error).split())


def _entry(ctx: Context, reminder: Reminder, message: EmailMessage) -> dict[str, Any]:
    return {
        "date": ctx.today,
        "unit": reminder.unit,
        "to": reminder.to,
        "digest": reminder.digest.fingerprint(),
        "subject": reminder.subject,
        "message_id": str(message["Message-ID"]),
        "by": ctx.actor.name,
    }


def dry_run(ctx: Context, reminders: Sequence[Reminder], folder: Path) -> list[Path]:
    """Write one ``.eml`` per unit into ``folder`` (made if missing); nothing sent or
    recorded. A unit without an address gets its letter addressed to nobody."""
    from duchatai.store.output import write_output

    ledger = ctx.ledger
    raw = ledger.config.mail or {"host": "localhost", "from": "duchatai@localhost"}
    settings = mail_settings(raw, ledger.config.office)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for reminder in reminders:
        shown = Reminder(reminder.digest, reminder.to or "undisclosed-recipients:;",
                         reminder.subject, reminder.body)
        message = as_message(settings, shown)
        path = folder / f"{ctx.today.isoformat()}-{_file_name(reminder.unit)}.eml"
        write_output(str(path), bytes(message), ledger.root)
        written.append(path)
    return written


def _file_name(unit: str) -> str:
    """A unit's name as a safe file name (no separators or control characters)."""
    kept = "".join(c if c.isalnum() or c in "-_（）()" else "_" for c in unit)
    return kept[:80] or "unit"
