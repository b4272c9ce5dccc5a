"""Issue 19, point 1: reminders to units (催办提醒), built from the morning report's
facts, mailed through a real SMTP server (aiosmtpd on 127.0.0.1) or written as
``.eml`` files, never the same digest to the same unit twice on one day."""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import ItemFactory, Run, commit_count, git, snapshot

from duchatai.core.brief import brief_of
from duchatai.core.messages import set_lang
from duchatai.core.model import Report
from duchatai.core.profile import DEFAULT_PROFILE
from duchatai.core.records import Milestone
from duchatai.core.workdays import WorkCalendar
from duchatai.reports.digest import digests
from duchatai.ui.render_digest import body, subject

D = dt.date
CAL = WorkCalendar()
TODAY = D(2026, 11, 20)  # a Friday


# -- the digest: library level ------------------------------------------------------------


def _digests(items: list[Any], unit: str | None = None) -> list[Any]:
    return digests(
        [brief_of(i) for i in items], [], TODAY, CAL, DEFAULT_PROFILE, warn_workdays=3, unit=unit
    )


def test_digest_takes_the_morning_report_apart_by_lead_unit(make_item: ItemFactory) -> None:
    late = make_item(start=D(2026, 11, 2), lead="市水务局", item_id="DC-2026-0001", title="甲")
    soon = make_item(start=D(2026, 11, 18), lead="市财政局", item_id="DC-2026-0002", title="乙")
    answered = make_item(
        start=D(2026, 11, 2), lead="市水务局", item_id="DC-2026-0003",
        reports=[Report(D(2026, 11, 4), "result", "已办结")],
    )
    found = {d.unit: d for d in _digests([late, soon, answered])}
    assert set(found) == {"市水务局", "市财政局"}
    water, finance = found["市水务局"], found["市财政局"]
    assert [r.item.id for r in water.overdue] == ["DC-2026-0001"]  # 0003 answered in time
    assert water.due_soon == [] and finance.overdue == []
    assert [(r.item.id, r.workdays_left) for r in finance.due_soon] == [("DC-2026-0002", 1)]
    only = _digests([late, soon], unit="市财政局")
    assert [d.unit for d in only] == ["市财政局"]


def test_digest_has_late_and_coming_milestones_and_missing_weekly(
    make_item: ItemFactory,
) -> None:
    item = make_item("key-project", start=D(2026, 10, 9), due=D(2026, 12, 31), title="工程")
    item.weekly = True
    item.milestones = [
        Milestone("完成招标", D(2026, 11, 10)),
        Milestone("开工", D(2026, 11, 24)),
        Milestone("已做", D(2026, 11, 5), done=D(2026, 11, 5)),
    ]
    (digest,) = _digests([item])
    assert [(m.number, m.title) for m in digest.late_milestones] == [(1, "完成招标")]
    assert [(m.number, m.title) for m in digest.milestones_due] == [(2, "开工")]
    assert [b.id for b in digest.missing_weekly] == [item.id]
    assert digest.missing_week == D(2026, 11, 9)  # last week, Monday


def test_a_unit_with_nothing_to_do_gets_no_digest(make_item: ItemFactory) -> None:
    calm = make_item("key-project", start=D(2026, 11, 2), due=D(2026, 12, 31))
    closed = make_item(start=D(2026, 11, 2), closed=D(2026, 11, 4))
    assert _digests([calm, closed]) == []


def test_fingerprint_follows_the_facts_not_the_language(make_item: ItemFactory) -> None:
    late = make_item(start=D(2026, 11, 2), item_id="DC-2026-0001")
    other = make_item(start=D(2026, 11, 2), item_id="DC-2026-0002")
    (one,) = _digests([late])
    (again,) = _digests([late])
    (more,) = _digests([late, other])
    assert one.fingerprint() == again.fingerprint() != more.fingerprint()
    zh = subject(one)
    set_lang("en")
    try:
        en = subject(one)
        assert one.fingerprint() == _digests([late])[0].fingerprint()
    finally:
        set_lang("zh")
    assert zh != en and "超期1项" in zh and "1 overdue" in en


def test_letter_reads_as_the_office_writes(make_item: ItemFactory) -> None:
    late = make_item(start=D(2026, 11, 2), item_id="DC-2026-0001", title="老旧小区改造")
    (digest,) = _digests([late])
    text = body(digest, "市政府督查室")
    assert text.startswith("市水务局：\n")
    assert "一、已超期事项（1项）" in text
    assert "DC-2026-0001　老旧小区改造" in text
    assert "办理时限2026年11月5日，已超期11个工作日" in text
    assert text.rstrip().endswith("市政府督查室\n2026年11月20日")
    assert "(" not in text and "," not in text  # full-width punctuation in Chinese
    assert subject(digest) == "【督查提醒】市水务局：超期1项（截至2026年11月20日）"


# -- a real SMTP server ----------------------------------------------------------------------


class Inbox:
    """What the SMTP server received, and the addresses it refuses."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    inbox = Inbox()

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        inbox.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret")

    port = _free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _office(root: Path, run: Run) -> None:
    """Three units: two with something to do (one without an address), one calm."""
    for title, lead, day in (
        ("关于老旧小区改造的批示", "市水务局", "2026-11-02"),
        ("关于道路积水的批示", "市财政局", "2026-11-03"),
        ("关于河道治理的批示", "市水务局", "2026-11-18"),
    ):
        ok = run("register", title, "--category", "leader-instruction", "--lead", lead,
                 ledger=root, today=day)
        assert ok.exit_code == 0, ok
    for n in ("0001", "0002", "0003"):
        day = {"0001": "2026-11-02", "0002": "2026-11-03", "0003": "2026-11-18"}[n]
        assert run("assign", f"DC-2026-{n}", ledger=root, today=day).exit_code == 0


def _configure(root: Path, port: int, user: str = "") -> None:
    config = root / "duchatai.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("units: []\n", "")
    text += (
        "units:\n  市水务局: shuiwu@example.gov.cn\n  市财政局:\n"
        "  市住建局: zhujian@example.gov.cn\n"
        f"mail:\n  host: 127.0.0.1\n  port: {port}\n  starttls: false\n"
        f"  from: ducha@example.gov.cn\n  user: '{user}'\n"
    )
    config.write_text(text, encoding="utf-8")
    git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "mail")


@pytest.fixture
def office(built_ledger: Any, run: Run) -> Path:
    return built_ledger("remind-office", lambda root: _office(root, run))


def test_send_mails_each_unit_its_digest_once_a_day(
    office: Path, run: Run, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _configure(office, port)
    before = commit_count(office)
    sent = run("remind", "--send", ledger=office)
    assert sent.exit_code == 0, sent
    assert [to for to, _ in inbox.messages] == [["shuiwu@example.gov.cn"]]
    (_, message), = inbox.messages
    assert message["Subject"] == "【督查提醒】市水务局：超期1项，即将到期1项（截至2026年11月20日）"
    assert "=?utf-8?" in message.as_string(policy=policy.SMTP).split("Subject:", 1)[1][:20]
    text = message.get_content()
    assert "关于老旧小区改造的批示" in text and "关于河道治理的批示" in text
    assert "DC-2026-0002" not in text  # the other unit's item
    assert "未发送：市财政局 没有邮箱地址" in sent.stderr
    assert commit_count(office) == before + 1
    assert git(office, "log", "-1", "--format=%s") == "remind: 1 unit(s) on 2026-11-20"
    log = (office / "reminders" / "2026.yaml").read_text(encoding="utf-8")
    assert "shuiwu@example.gov.cn" in log and "digest:" in log
    again = run("remind", "--send", ledger=office)
    assert again.exit_code == 0 and len(inbox.messages) == 1
    assert "已跳过：市水务局 今天已收到同一份提醒" in again.stderr
    assert commit_count(office) == before + 1
    tomorrow = run("remind", "--send", ledger=office, today="2026-11-23")
    assert tomorrow.exit_code == 0 and len(inbox.messages) == 2


def test_password_from_the_environment_never_from_the_ledger(
    office: Path, run: Run, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    _configure(office, port, user="ducha")
    before = snapshot(office)
    refused = run("remind", "--send", ledger=office)
    assert refused.exit_code == 1 and "DUCHATAI_SMTP_PASSWORD" in refused.stderr
    assert snapshot(office) == before and inbox.messages == []
    monkeypatch.setenv("DUCHATAI_SMTP_PASSWORD", "s3cret")
    assert run("remind", "--send", ledger=office).exit_code == 0
    assert inbox.logins == [(b"ducha", b"s3cret")] and len(inbox.messages) == 1


def test_a_refusing_server_records_what_went_out(
    office: Path, run: Run, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _configure(office, port)
    config = office / "duchatai.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  市财政局:\n", "  市财政局: caizheng@example.gov.cn\n"
        ),
        encoding="utf-8",
    )
    git(office, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "address")
    inbox.refuse.add("shuiwu@example.gov.cn")  # the first unit: the next is still sent
    failed = run("remind", "--send", ledger=office)
    assert failed.exit_code == 1
    assert "邮件发送失败（市水务局）" in failed.stderr and "550" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert [to for to, _ in inbox.messages] == [["caizheng@example.gov.cn"]]
    assert "caizheng@example.gov.cn" in (office / "reminders" / "2026.yaml").read_text("utf-8")
    assert git(office, "status", "--porcelain") == ""
    inbox.refuse.clear()
    retry = run("remind", "--send", ledger=office)
    assert retry.exit_code == 0
    assert [to for to, _ in inbox.messages][1:] == [["shuiwu@example.gov.cn"]]


def test_dry_run_writes_one_eml_a_unit_and_commits_nothing(
    office: Path, run: Run, tmp_path: Path
) -> None:
    before = commit_count(office)
    out = tmp_path / "out"
    done = run("remind", "--dry-run", "--output", str(out), ledger=office)
    assert done.exit_code == 0, done
    files = sorted(p.name for p in out.iterdir())
    assert files == ["2026-11-20-市水务局.eml", "2026-11-20-市财政局.eml"]
    parsed = email.message_from_bytes((out / files[0]).read_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    assert parsed["Subject"].startswith("【督查提醒】市水务局")
    assert commit_count(office) == before and not (office / "reminders").exists()


def test_preview_refusals_and_rest_days(office: Path, run: Run) -> None:
    shown = run("remind", "--unit", "市财政局", ledger=office)
    assert shown.exit_code == 0 and "【督查提醒】市财政局" in shown.stdout
    assert "市水务局" not in shown.stdout
    both = run("remind", "--send", "--dry-run", ledger=office)
    assert both.exit_code == 1 and "只能选一个" in both.stderr
    saturday = run("remind", "--send", "--workdays-only", ledger=office, today="2026-11-21")
    assert saturday.exit_code == 0 and "不是工作日" in saturday.stderr
    unconfigured = run("remind", "--send", ledger=office)
    assert unconfigured.exit_code == 1 and "没有邮件设置" in unconfigured.stderr
    english = run("remind", "--unit", "市财政局", ledger=office, lang="en")
    assert "[Supervision reminder] 市财政局: 1 overdue" in english.stdout


def test_the_crontab_reminds_on_working_days_only() -> None:
    crontab = Path(__file__).parent.parent / "examples" / "cron" / "crontab"
    lines = [line for line in crontab.read_text(encoding="utf-8").splitlines()
             if "remind" in line and not line.lstrip().startswith("#")]
    assert len(lines) == 1
    assert lines[0].split()[:5] == ["0", "9", "*", "*", "*"]
    assert "remind --send --workdays-only" in lines[0] and "%" not in lines[0]
