"""Reaching the units: reminders (催办提醒) by mail and calendar feeds (issue 19)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the digest (催办提醒): one per unit ------------------------------------
    "digest_subject": (
        "【督查提醒】{unit}：{summary}（截至{date}）",
        "[Supervision reminder] {unit}: {summary} (as of {date})",
    ),
    "digest_summary_overdue": ("超期{n}项", "{n} overdue"),
    "digest_summary_due": ("即将到期{n}项", "{n} due soon"),
    "digest_summary_milestones": ("节点任务{n}项", "{n} milestones"),
    "digest_summary_weekly": ("周进展未报{n}项", "{n} weekly reports missing"),
    "digest_greeting": ("{unit}：", "To {unit}:"),
    "digest_intro": (
        "截至{date}，贵单位承办的督查事项中有以下需要办理，请按要求报送：",
        "As of {date}, the supervision items your unit leads need the following:",
    ),
    "digest_overdue": ("{n}、已超期事项（{count}项）", "{n}. Overdue items ({count})"),
    "digest_due": ("{n}、即将到期事项（{count}项）", "{n}. Items due soon ({count})"),
    "digest_milestones": (
        "{n}、节点任务（{count}项）",
        "{n}. Milestones late or due soon ({count})",
    ),
    "digest_weekly": (
        "{n}、未按时报送周进展（{count}项）",
        "{n}. Weekly progress reports missing ({count})",
    ),
    "digest_overdue_line": (
        "{i}. {id}　{title}\n   办理时限{due}，已超期{workdays}个工作日。请立即报送办理情况，"
        "并说明逾期原因。",
        "{i}. {id}  {title}\n   Due {due}, {workdays} working day(s) overdue. Report at once, "
        "with the reason for the delay.",
    ),
    "digest_due_line": (
        "{i}. {id}　{title}\n   办理时限{due}，还有{workdays}个工作日。请于{due}前报送办理情况。",
        "{i}. {id}  {title}\n   Due {due}, {workdays} working day(s) left. Report by {due}.",
    ),
    "digest_milestone_late": (
        "{i}. {id}　{title}\n   节点任务“{milestone}”应于{due}完成，已逾期{workdays}个工作日。"
        "请立即完成并报告。",
        "{i}. {id}  {title}\n   Milestone “{milestone}” was due {due}, {workdays} working day(s) "
        "late. Complete it and report at once.",
    ),
    "digest_milestone_due": (
        "{i}. {id}　{title}\n   节点任务“{milestone}”应于{due}前完成。",
        "{i}. {id}  {title}\n   Milestone “{milestone}” is due by {due}.",
    ),
    "digest_weekly_line": (
        "{i}. {id}　{title}\n   {week}未报送进展。请立即补报，并于每周报送进展。",
        "{i}. {id}  {title}\n   No progress report for week {week}. Send it now, and "
        "report every week.",
    ),
    "digest_closing": (
        "报送材料须经单位主要负责人签字并加盖公章。如有疑问，请与{office}联系。",
        "Reports must be signed by the unit's head and sealed. Questions: {office}.",
    ),
    # -- remind ------------------------------------------------------------------
    "remind_nothing": (
        "截至{date}，没有需要提醒的单位",
        "as of {date}, no unit has anything to be reminded of",
    ),
    "remind_not_workday": (
        "{date}不是工作日，不发送提醒（--workdays-only）",
        "{date} is not a working day; no reminders sent (--workdays-only)",
    ),
    "remind_sent": ("已发送：{unit} → {to}（{subject}）", "sent: {unit} → {to} ({subject})"),
    "remind_already": (
        "已跳过：{unit} 今天已收到同一份提醒（{date}）",
        "skipped: {unit} already received this same digest today ({date})",
    ),
    "remind_no_address": (
        "未发送：{unit} 没有邮箱地址；请在 duchatai.yaml 的 units 中写明，"
        "如“{unit}: ban@example.gov.cn”",
        "not sent: {unit} has no address; add it under units in duchatai.yaml, "
        "e.g. “{unit}: office@example.gov.cn”",
    ),
    "remind_written": ("已写出：{path}（{unit}）", "written: {path} ({unit})"),
    "remind_summary": (
        "提醒完成：发送{sent}个单位，跳过{skipped}个，无地址{missing}个",
        "reminders done: {sent} unit(s) sent, {skipped} skipped, {missing} without an address",
    ),
    "remind_send_or_dry": (
        "--send 与 --dry-run 只能选一个",
        "--send and --dry-run cannot be used together; choose one",
    ),
    "mail_not_configured": (
        "没有邮件设置：请在 duchatai.yaml 中写 mail: {{host: smtp.example.gov.cn, port: 587, "
        "starttls: true, user: ducha, from: ducha@example.gov.cn}}",
        "no mail settings: add to duchatai.yaml mail: {{host: smtp.example.gov.cn, port: 587, "
        "starttls: true, user: ducha, from: ducha@example.gov.cn}}",
    ),
    "mail_bad_setting": (
        "duchatai.yaml 的 mail 设置有误：{error}",
        "the mail settings in duchatai.yaml are wrong: {error}",
    ),
    "mail_no_password": (
        "没有邮件密码：请设置环境变量 {env}，或在 mail.password_file 中指定台账以外的文件",
        "no mail password: set the environment variable {env}, or name a file outside the "
        "ledger in mail.password_file",
    ),
    "mail_password_in_ledger": (
        "密码文件 {path} 在台账目录内，会随同步传给他人；请放到台账以外",
        "the password file {path} is inside the ledger and would be shared by sync; "
        "keep it outside the ledger",
    ),
    "mail_failed": (
        "邮件发送失败（{unit}）：{error}；已发送的已记录，可稍后再运行 remind --send",
        "sending failed ({unit}): {error}; what was sent is recorded, run remind --send again "
        "later",
    ),
    "remind_sent_log_broken": (
        "提醒发送记录 {path} 无法读取：{error}；请修复该文件或用 git 恢复",
        "the reminders' sent log {path} cannot be read: {error}; fix it or restore it with git",
    ),
    # -- feed ---------------------------------------------------------------------
    "feed_written": (
        "已写出：{path}（{unit}，{events}个日程）",
        "written: {path} ({unit}, {events} event(s))",
    ),
    "feed_calendar_name": ("{unit} 督查事项", "{unit} supervision items"),
    "feed_due_summary": ("【督查】{title}（办理时限）", "[Supervision] {title} (due)"),
    "feed_milestone_summary": (
        "【督查节点】{milestone}（{title}）",
        "[Supervision milestone] {milestone} ({title})",
    ),
    "feed_role_lead": ("牵头单位", "lead unit"),
    "feed_role_co": ("协办单位", "co-unit"),
    "feed_description": (
        "事项编号：{id}\n来源：{source}\n类别：{category}\n牵头单位：{lead}\n协办单位：{co}\n"
        "本单位：{role}\n办理时限：{due}",
        "Item: {id}\nSource: {source}\nCategory: {category}\nLead unit: {lead}\n"
        "Co-units: {co}\nYour unit: {role}\nDue: {due}",
    ),
    "feed_alarm": ("督查事项明天到期：{title}", "Supervision item due tomorrow: {title}"),
}
