"""Mail out of the office: the settings (``mail:`` in ``duchatai.yaml``), the password
(never in the ledger) and one SMTP session for a run of messages.

The settings travel with the ledger through git, so they hold no secret: the
password comes from the environment (``DUCHATAI_SMTP_PASSWORD`` or the variable
``mail.password_env`` names) or from a file outside the ledger
(``mail.password_file``).
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import t
from duchatai.store.safefile import read_bounded

PASSWORD_ENV = "DUCHATAI_SMTP_PASSWORD"
TIMEOUT = 30.0


@dataclass(frozen=True)
class MailSettings:
    """Where and as whom to send."""

    host: str
    port: int
    starttls: bool
    user: str
    sender: str
    sender_name: str
    password_env: str
    password_file: str


def mail_settings(raw: Mapping[str, Any], office: str) -> MailSettings:
    """``mail:`` checked: a host and a sender address are needed."""
    if not raw or not raw.get("host"):
        raise InvalidInput(t("mail_not_configured"))
    try:
        port = int(raw.get("port", 587))
    except (TypeError, ValueError):
        raise InvalidInput(t("mail_bad_setting", error=f"port: {raw.get('port')!r}")) from None
    if not 0 < port < 65536:
        raise InvalidInput(t("mail_bad_setting", error=f"port: {port}"))
    sender = str(raw.get("from") or "").strip()
    if "@" not in sender:
        raise InvalidInput(t("mail_bad_setting", error=f"from: {sender!r}"))
    return MailSettings(
        host=str(raw["host"]).strip(),
        port=port,
        starttls=bool(raw.get("starttls", port == 587)),
        user=str(raw.get("user") or "").strip(),
        sender=sender,
        sender_name=str(raw.get("name") or office),
        password_env=str(raw.get("password_env") or PASSWORD_ENV),
        password_file=str(raw.get("password_file") or ""),
    )


def password(settings: MailSettings, ledger_root: Path) -> str | None:
    """The password, from the environment or a file outside the ledger; None when the
    server needs no login (no ``user``)."""
    if not settings.user:
        return None
    value = os.environ.get(settings.password_env)
    if value:
        return value
    if settings.password_file:
        path = Path(settings.password_file).expanduser().resolve()
        if path.is_relative_to(ledger_root.resolve()):
            raise InvalidInput(t("mail_password_in_ledger", path=path))
        try:
            return read_bounded(path, 4096).decode("utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(t("mail_bad_setting", error=f"password_file: {error}")) from None
    raise InvalidInput(t("mail_no_password", env=settings.password_env))


def letter(settings: MailSettings, to: str, subject: str, body: str, domain: str) -> EmailMessage:
    """One plain-text message in UTF-8 (the subject RFC 2047-encoded when written out)."""
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body, charset="utf-8")
    return message


class Postman:
    """One SMTP session: log in once, send each message, quit."""

    def __init__(self, settings: MailSettings, secret: str | None) -> None:
        self.settings = settings
        self.secret = secret
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Postman:
        settings = self.settings
        self.smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        if settings.starttls:
            self.smtp.starttls()
        if settings.user and self.secret is not None:
            self.smtp.login(settings.user, self.secret)
        return self

    def send(self, message: EmailMessage) -> None:
        """Send one message (SMTPUTF8 when the server offers it and an address needs it)."""
        assert self.smtp is not None
        self.smtp.send_message(message)

    def __exit__(self, *exc: object) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
