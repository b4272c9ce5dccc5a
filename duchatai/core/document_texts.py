"""What the 督查通知, the 催办单, the 通报 and the 督查报告 say, from the items.

Each builder takes the items (and what the step worked out: the urgency, the
days overdue) and a ``Heading`` (number, date, the office, the ledger commit) and
returns a ``documents.Document``. 公文 are written in Chinese whatever ``--lang``
says; the articles cited are those of the rules (济政办发〔2016〕30号).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from duchatai.core.documents import (
    BLUE,
    CRITICISM,
    HEADING,
    ITEM_REPORT,
    NOTICE,
    PLAIN,
    RED,
    SLIP,
    YELLOW,
    Block,
    Document,
    Para,
    Table,
    chinese_date,
)
from duchatai.core.messages import (
    BASIS_LABELS,
    CATEGORY_LABELS,
    METHOD_LABELS,
    REPORT_LABELS,
    STATUS_LABELS,
)
from duchatai.core.model import Item
from duchatai.core.records import Extension, Report, Review, Urge

NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Heading:
    """What every document of the office shares: its number, date, issuer and source."""

    number: str
    date: dt.date
    office: str
    commit: str
    contact: str = ""
    """联系人及电话 (``contact:`` in ``duchatai.yaml``), printed on notices and slips."""

    def document(
        self, kind: str, mark: str, title: str, body: list[Block], **rest: Any
    ) -> Document:
        """A document under this heading: its number and date, the office signing and
        printing it, the commit it was made from; ``rest`` the other parts (``cc``…)."""
        return Document(
            kind=kind,
            mark=mark,
            number=self.number,
            title=title,
            body=body,
            date=self.date,
            signer=self.office,
            commit=self.commit,
            printer=self.office,
            **rest,
        )


def zh(table: dict[str, tuple[str, str]], key: str) -> str:
    """The Chinese label of a stored value (a 公文 is in Chinese whatever ``--lang``)."""
    pair = table.get(key)
    return pair[0] if pair else key


def office_mark(office: str) -> str:
    """发文机关标志: the office's name and 文件 (``济南市人民政府督查室文件``)."""
    return office if office.endswith("文件") else f"{office}文件"


def numbered(index: int, text: str) -> Para:
    """一级标题 ``一、…`` (黑体)."""
    return Para(f"{NUMERALS[index] if index < 10 else index + 1}、{text}", HEADING)


def due_rule(item: Item) -> str:
    """How the due date was set, from the item's ``due_basis`` (第十六条)."""
    basis = item.due_basis or {}
    kind = str(basis.get("basis", ""))
    article = str(basis.get("article", ""))
    count = basis.get("count", 0)
    if kind == "workdays":
        text = f"{count}个工作日"
    elif kind == "months":
        text = f"{count}个月"
    elif kind == "quarter-end":
        text = f"季度结束后{count}日内"
    elif kind == "explicit":
        text = zh(BASIS_LABELS, "explicit")
    else:
        return "按交办要求"
    return f"{article}，{text}" if article else text


def units_line(item: Item) -> str:
    """主办单位 and 协办单位 on one line."""
    line = f"主办单位：{item.lead_unit or '—'}"
    if item.co_units:
        line += f"；协办单位：{'、'.join(item.co_units)}"
    return line


def _item_paras(item: Item) -> list[Block]:
    """One item of a notice: source, units, what is asked, the due date and its rule."""
    source = item.source or zh(CATEGORY_LABELS, item.category)
    out: list[Block] = [
        Para(f"事项编号：{item.id}。来源：{source}（{zh(CATEGORY_LABELS, item.category)}）。"),
        Para(f"{units_line(item)}。" + (f"责任人：{item.responsible}。" * bool(item.responsible))),
        Para(f"办理时限：{chinese_date(item.due)}前（{due_rule(item)}）。"),
    ]
    if item.weekly:
        out.append(Para("本事项实行周报制，请每周报送一次进展情况，直至办结（第十七条）。"))
    for milestone in item.milestones:
        out.append(Para(f"节点任务：{chinese_date(milestone.due)}前{milestone.title}。"))
    return out


def notice(items: Sequence[Item], unit: str, head: Heading) -> Document:
    """督查通知 (第七条(三), 第八条(一) 书面督查) to ``unit``; the other units copied."""
    one = items[0]
    title = (
        f"关于督办“{one.title}”的通知"
        if len(items) == 1
        else f"关于督办“{one.title}”等{len(items)}项督查事项的通知"
    )
    body: list[Block] = [
        Para(
            f"按照督查工作有关规定，现将下列督查事项交由你单位办理"
            f"（共{len(items)}项），请高度重视，认真抓好落实。"
        )
    ]
    for index, item in enumerate(items):
        body.append(numbered(index, item.title))
        body += _item_paras(item)
    body.append(numbered(len(items), "报送要求"))
    body += [
        Para(
            "办理结果请经单位主要负责同志审签并加盖公章后，于办理时限内书面报送"
            f"{head.office}（第十七条）。协办单位请及时向主办单位报送承办情况（第十二条）。"
        ),
        Para(
            "确因特殊情况不能按期办结的，请在办理时限届满前提出延期申请，"
            "说明原因、目前进展及下一步措施（第十八条）。"
        ),
    ]
    if head.contact:
        body.append(Para(f"联系人及电话：{head.contact}。"))
    others = [u for i in items for u in (i.lead_unit, *i.co_units) if u and u != unit]
    return head.document(
        NOTICE, office_mark(head.office), title, body,
        addressee=f"{unit}：", cc=list(dict.fromkeys(others)),
    )


URGENCY = {
    RED: ("红色督办", "该事项已超过办理时限{late}，请立即报送办理结果，并书面说明逾期原因。"),
    YELLOW: ("黄色催办", "该事项将于{left}个工作日内到期，请抓紧办理，按时报送办理结果。"),
    BLUE: ("蓝色提醒", "请按照办理时限要求抓紧办理，按时报送办理情况。"),
}
"""The slip's colour by urgency (蓝 approaching, 黄 within the warning days, 红 overdue)."""


def slip(item: Item, colour: str, left: int, late: int, head: Heading) -> Document:
    """催办单 / 督办单 (第七条(五)), coloured by urgency: ``left`` working days to the due
    date, ``late`` working days past it (red)."""
    name, ask = URGENCY[colour]
    urge = item.urges[-1] if item.urges else None
    rows = [
        ("事项编号", item.id),
        ("督查事项", item.title),
        ("事项来源", item.source or zh(CATEGORY_LABELS, item.category)),
        ("主办单位", item.lead_unit or "—"),
        ("协办单位", "、".join(item.co_units) or "—"),
        ("交办日期", chinese_date(item.assigned_on) if item.assigned_on else "—"),
        ("办理时限", f"{chinese_date(item.due)}（{due_rule(item)}）"),
        ("办理状态", zh(STATUS_LABELS, item.status.value)),
        ("催办次数", f"第{len(item.urges)}次"),
        ("催办方式", zh(METHOD_LABELS, urge.method) if urge else "—"),
    ]
    if urge and urge.note:
        rows.append(("催办意见", urge.note))
    body: list[Block] = [
        Table(("项目", "内容"), tuple(rows)),
        Para(ask.format(left=left, late=f"{late}个工作日" if late else "")),
        Para("办理结果请经单位主要负责同志审签并加盖公章后报送（第十七条）。"),
    ]
    if head.contact:
        body.append(Para(f"联系人及电话：{head.contact}。"))
    return head.document(
        SLIP,
        "督办单" if colour == RED else "催办单",
        f"关于抓紧办理“{item.title}”的{'督办' if colour == RED else '催办'}通知",
        body,
        addressee=f"{item.lead_unit or '—'}：",
        cc=list(item.co_units),
        colour=colour,
        note=name,
    )


@dataclass(frozen=True)
class Fact:
    """An item that grounds a criticism, and how late it stood on the day of the 通报."""

    item: Item
    workdays_overdue: int


def criticism(
    unit: str, reason: str, facts: Sequence[Fact], rectify_by: dt.date | None, head: Heading
) -> Document:
    """通报 (通报批评, 第二十条(一)): the facts from the items, the decision, the
    rectification deadline and the ladder that follows."""
    body: list[Block] = [
        Para(f"近期，{head.office}在督查工作中发现，{unit}{reason}。有关情况通报如下："),
        numbered(0, "基本情况"),
    ]
    for fact in facts:
        item = fact.item
        late = f"，已超期{fact.workdays_overdue}个工作日" if fact.workdays_overdue else ""
        urged = f"，经催办{len(item.urges)}次" if item.urges else ""
        body.append(
            Para(
                f"“{item.title}”（{item.id}），办理时限为{chinese_date(item.due)}"
                f"{urged}，目前状态为{zh(STATUS_LABELS, item.status.value)}{late}。"
            )
        )
    if not facts:
        body.append(Para(f"{reason}。"))
    body += [
        numbered(1, "处理决定"),
        Para(f"根据督查工作有关规定（第二十条），决定对{unit}予以通报批评。"),
        numbered(2, "整改要求"),
        Para(
            f"请{unit}认真查找原因，切实抓好整改，"
            + (f"于{chinese_date(rectify_by)}前" if rectify_by else "及时")
            + f"将书面检查和整改情况报送{head.office}。"
        ),
        Para(
            "对被通报批评后未按期整改或一年内被通报批评2次的单位，将对其主要负责人进行诫勉谈话；"
            "一年内被通报批评3次的，按规定给予组织处理或纪律处分（第二十条）。"
        ),
    ]
    return head.document(
        CRITICISM, office_mark(head.office), f"关于对{unit}予以通报批评的通报", body,
        addressee="各有关单位：", cc=[unit],
    )


def item_report(item: Item, head: Heading) -> Document:
    """督查报告 (一事一报, 第七条(七)): source, assignment, every urge and report,
    the reviews and the outcome of one item."""
    body: list[Block] = [
        Para(f"现将“{item.title}”（{item.id}）督查办理情况报告如下："),
        numbered(0, "事项来源"),
        Para(
            f"该事项来源于{item.source or zh(CATEGORY_LABELS, item.category)}"
            f"（{zh(CATEGORY_LABELS, item.category)}），于{chinese_date(item.start)}立项。"
        ),
        numbered(1, "交办情况"),
        Para(_assignment(item)),
    ]
    body += [Para(_extension(e), PLAIN) for e in item.extensions]
    body.append(numbered(2, "督查催办情况"))
    body += [Para(_urge(u), PLAIN) for u in item.urges] or [Para("未催办。")]
    body.append(numbered(3, "办理报告情况"))
    reports = [Para(_report(r, item.lead_unit), PLAIN) for r in item.reports]
    body += reports or [Para("尚未收到办理报告。")]
    body.append(numbered(4, "审核情况"))
    body += [Para(_review(r), PLAIN) for r in item.reviews] or [Para("尚未审核。")]
    body += [numbered(5, "办理结果"), Para(_outcome(item))]
    return head.document(
        ITEM_REPORT, office_mark(head.office), f"关于“{item.title}”办理情况的督查报告", body
    )


def _assignment(item: Item) -> str:
    if item.assigned_on is None:
        return f"尚未交办。办理时限为{chinese_date(item.due)}（{due_rule(item)}）。"
    approved = f"，经{item.approved_by}审定" if item.approved_by else ""
    return (
        f"{chinese_date(item.assigned_on)}{approved}交办，{units_line(item)}。"
        f"办理时限为{chinese_date(item.due)}（{due_rule(item)}）。"
    )


def _extension(extension: Extension) -> str:
    return (
        f"{chinese_date(extension.date)}申请延期至{chinese_date(extension.until)}，"
        f"理由：{extension.reason}（第十八条）。"
    )


def _urge(urge: Urge) -> str:
    note = f"：{urge.note}" if urge.note else ""
    return f"{chinese_date(urge.date)}，{zh(METHOD_LABELS, urge.method)}{note}。"


def _report(report: Report, lead: str) -> str:
    kind = zh(REPORT_LABELS, report.kind)
    proof = "，".join(
        p for p in (f"{report.signed_by}审签" if report.signed_by else "",
                    "已盖章" if report.sealed else "") if p
    )
    shown = f"（{proof}）" if proof else ""
    return f"{chinese_date(report.date)}，{report.unit or lead}报送{kind}：{report.text}{shown}。"


def _review(review: Review) -> str:
    day = chinese_date(review.date)
    if review.accepted:
        return f"{day}，审核通过。"
    again = f"，重新办理时限为{chinese_date(review.new_due)}" if review.new_due else ""
    return f"{day}，审核不通过，退回重新办理：{review.reason}{again}。"


def _outcome(item: Item) -> str:
    status = zh(STATUS_LABELS, item.status.value)
    if item.closed_on is None:
        return f"该事项目前状态为{status}。"
    note = f"：{item.close_note}" if item.close_note else ""
    return f"该事项已于{chinese_date(item.closed_on)}办结{note}。"
