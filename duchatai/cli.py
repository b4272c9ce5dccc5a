"""The command line: a thin shell over the library.

Each command parses its options, calls one library function, hands the result
to a renderer and exits. Errors are ``DuchataiError``s, turned into one line
on stderr and exit code 1 in ``_guard``; usage errors are Typer's (exit 2).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.exceptions import TyperException

from duchatai.core.dates import json_default
from duchatai.core.errors import DuchataiError, Interrupted, InvalidInput
from duchatai.core.messages import t
from duchatai.core.text import visible, visible_line
from duchatai.session import State, _flush_warnings, refuse, start_session, unexpected
from duchatai.session import calendar_after as session_calendar_after

app = typer.Typer(
    help="督查台 duchatai — 政府督查事项台账 / a ledger for a government supervision office.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
calendar_app = typer.Typer(help="工作日计算 / working-day calendar.", no_args_is_help=True)
milestone_app = typer.Typer(help="节点任务 / milestones of an item.", no_args_is_help=True)
index_app = typer.Typer(help="缓存 / the disposable item cache.", no_args_is_help=True)
app.add_typer(calendar_app, name="calendar")
app.add_typer(milestone_app, name="milestone")
app.add_typer(index_app, name="index")

F = TypeVar("F", bound=Callable[..., Any])


def _guard(func: F) -> F:
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
        except DuchataiError as error:
            raise typer.Exit(refuse(error)) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except Exception as error:
            raise typer.Exit(refuse(unexpected(error))) from None
        _flush_warnings()
        return result

    return wrapper  # type: ignore[return-value]


def _state(ctx: typer.Context) -> State:
    state = ctx.find_root().obj
    if not isinstance(state, State):  # a sub-app invoked alone (tests)
        state = State(None, None, None, None)
        ctx.find_root().obj = state
    return state


def _echo_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=json_default) + "\n")


def _date(text: str | None, state: State, what: str) -> dt.date | None:
    if text is None:
        return None
    from duchatai.core.dates import parse_date

    return parse_date(text, state.today, what=what)


@app.callback()
def _main(
    ctx: typer.Context,
    ledger: Annotated[
        str | None, typer.Option("--ledger", help="台账目录 / the ledger directory.")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", help="视为今天的日期 / the date taken as today.")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="操作人 / who acts.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="zh | en")] = None,
    include_edits: Annotated[
        bool,
        typer.Option(
            "--include-edits",
            help="一并提交所涉文件的手工修改 / commit hand edits of the touched files too.",
        ),
    ] = False,
) -> None:
    """督查台: register, assign, urge, review and report on supervision items."""
    try:
        ctx.obj = start_session(ledger, today, by, lang)
    except DuchataiError as error:  # a bad --lang: its line as it is, before any command
        sys.stderr.write(visible(error.message) + "\n")
        raise typer.Exit(error.exit_code) from None
    ctx.obj.include_edits = include_edits


# -- init ---------------------------------------------------------------------


@app.command()
@_guard
def init(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="新台账目录 / where to create the ledger.")] = ".",
    office: Annotated[str, typer.Option(help="督查室名称 / the office's name.")] = "督查室",
    lang: Annotated[str, typer.Option("--lang-default", help="台账默认语言 zh|en.")] = "zh",
    clerk: Annotated[
        str | None, typer.Option(help="本机督查员代码 (编号前缀) / this clone's clerk code.")
    ] = None,
) -> None:
    """新建台账 / create a ledger (config, items/, archive/, git repository, one commit)."""
    from duchatai.store.init import init_ledger

    state = _state(ctx)
    root = init_ledger(Path(path), state.by, os.environ, office=office, lang=lang, clerk=clerk)
    from duchatai.ui import render

    render.out(t("initialised", path=root))


# -- the procedure -------------------------------------------------------------

Json = Annotated[bool, typer.Option("--json", help="JSON 输出 / JSON output.")]


def _milestone_arg(text: str, state: State) -> tuple[str, dt.date]:
    head, _, title = text.strip().partition(" ")
    day = _date(head, state, "--milestone")
    if not title.strip() or day is None:
        raise InvalidInput(t("bad_milestone", text=text))
    return title.strip(), day


@app.command()
@_guard
def register(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="事项名称 / the item's title.")],
    category: Annotated[str, typer.Option("--category", "-c", help="类别 / category key.")],
    start: Annotated[str | None, typer.Option(help="立项日期 (默认今天) / start date.")] = None,
    due: Annotated[str | None, typer.Option(help="明确的办理时限 / explicit due date.")] = None,
    lead: Annotated[str | None, typer.Option(help="主办单位 / lead unit.")] = None,
    co: Annotated[list[str] | None, typer.Option(help="协办单位 (可重复) / co-unit.")] = None,
    responsible: Annotated[str | None, typer.Option(help="责任人 / responsible person.")] = None,
    kind: Annotated[str, typer.Option(help="routine | comprehensive")] = "routine",
    method: Annotated[
        list[str] | None, typer.Option(help="督查方式 / method (repeatable).")
    ] = None,
    weekly: Annotated[bool, typer.Option("--weekly", help="周报制 / weekly duty.")] = False,
    complex_: Annotated[
        bool, typer.Option("--complex", help="涉及面广、难度大 / wide or hard.")
    ] = False,
    source: Annotated[str | None, typer.Option(help="来源/文号 / source reference.")] = None,
    milestone: Annotated[
        list[str] | None,
        typer.Option(help='节点任务 "DATE 标题" (可重复) / milestone "DATE title".'),
    ] = None,
    as_json: Json = False,
) -> None:
    """分解立项 / register a new item; the due date follows the category rule."""
    from duchatai.app import procedure

    state = _state(ctx)
    context = state.context()
    item = procedure.register(
        context,
        title,
        category,
        start=_date(start, state, "--start"),
        due=_date(due, state, "--due"),
        lead=lead,
        co=co or [],
        responsible=responsible,
        kind=kind,
        methods=method or [],
        weekly=weekly,
        complex_item=complex_,
        source=source,
        milestones=[_milestone_arg(m, state) for m in milestone or []],
    )
    if as_json:
        _echo_json(
            {"id": item.id, "due": item.due, "status": item.status.value, "category": item.category}
        )
    else:
        from duchatai.ui import render

        render.out(t("registered", id=item.id, due=item.due))


@app.command()
@_guard
def assign(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    lead: Annotated[str, typer.Option(help="主办单位 / lead unit.")],
    co: Annotated[list[str] | None, typer.Option(help="协办单位 / co-unit (repeatable).")] = None,
    responsible: Annotated[str | None, typer.Option(help="责任人 / responsible person.")] = None,
    approved_by: Annotated[str | None, typer.Option(help="审定人 / approved by.")] = None,
) -> None:
    """督查交办 / assign an item to its lead unit (after approval)."""
    from duchatai.app import procedure
    from duchatai.ui import render

    item = procedure.assign(
        _state(ctx).context(),
        item_id,
        lead=lead,
        co=co or [],
        responsible=responsible,
        approved_by=approved_by,
    )
    render.out(t("assigned", id=item.id, unit=item.lead_unit))


@app.command()
@_guard
def urge(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    method: Annotated[str, typer.Option(help="督查方式 / method.")] = "phone",
    note: Annotated[str | None, typer.Option(help="说明 / note.")] = None,
) -> None:
    """催办 / urge the lead unit."""
    from duchatai.app import procedure
    from duchatai.ui import render

    item = procedure.urge(_state(ctx).context(), item_id, method=method, note=note)
    render.out(t("urged", id=item.id, n=len(item.urges)))


@app.command()
@_guard
def report(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    kind: Annotated[str, typer.Option(help="result | progress | weekly")],
    text: Annotated[str, typer.Option(help="报告内容 / the report's text.")],
    signed_by: Annotated[str | None, typer.Option(help="审签领导 / signed by.")] = None,
    sealed: Annotated[bool, typer.Option("--sealed", help="已加盖公章 / sealed.")] = False,
) -> None:
    """办理报告 / record a unit's report."""
    from duchatai.app import procedure
    from duchatai.ui import render

    item = procedure.report(
        _state(ctx).context(), item_id, kind=kind, text=text, signed_by=signed_by, sealed=sealed
    )
    render.out(t("reported", id=item.id, status=item.status.value))


@app.command()
@_guard
def review(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    accept: Annotated[bool, typer.Option("--accept", help="审核通过 / accept.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="退回重办 / return.")] = False,
    reason: Annotated[str | None, typer.Option(help="退回理由 / reason.")] = None,
    due: Annotated[str | None, typer.Option(help="重办时限 / new due date.")] = None,
) -> None:
    """审核 / accept a result report, or return it with a new due date."""
    from duchatai.app import procedure
    from duchatai.ui import render

    if accept == reject:
        raise InvalidInput(t("review_choose"))
    state = _state(ctx)
    item = procedure.review(
        state.context(), item_id, accept=accept, reason=reason, due=_date(due, state, "--due")
    )
    if accept:
        render.out(t("review_accepted", id=item.id))
    else:
        render.out(t("review_returned", id=item.id, due=item.due))


@app.command()
@_guard
def extend(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    until: Annotated[str, typer.Option(help="延期至 / new due date.")],
    reason: Annotated[str, typer.Option(help="原因 / reason.")],
    progress: Annotated[str | None, typer.Option(help="进展情况 / progress so far.")] = None,
    next_steps: Annotated[str | None, typer.Option(help="下一步打算 / next steps.")] = None,
    late: Annotated[
        bool, typer.Option("--late", help="受理逾期申请 / accept a late application.")
    ] = False,
) -> None:
    """延期 / extend the due date (第十八条: applied for before it)."""
    from duchatai.app import procedure
    from duchatai.ui import render

    state = _state(ctx)
    until_day = _date(until, state, "--until")
    assert until_day is not None
    item = procedure.extend(
        state.context(),
        item_id,
        until=until_day,
        reason=reason,
        progress=progress,
        next_steps=next_steps,
        late=late,
    )
    render.out(t("extended", id=item.id, due=item.due))


@app.command()
@_guard
def close(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    note: Annotated[str | None, typer.Option(help="办结说明 / note.")] = None,
) -> None:
    """办结 / close an item whose report was accepted."""
    from duchatai.app import procedure
    from duchatai.ui import render

    item = procedure.close(_state(ctx).context(), item_id, note=note)
    render.out(t("closed", id=item.id))


@app.command()
@_guard
def archive(
    ctx: typer.Context,
    item_ids: Annotated[list[str] | None, typer.Argument(metavar="ID...")] = None,
    closed: Annotated[
        bool, typer.Option("--closed", help="归档全部已办结事项 / every closed item.")
    ] = False,
) -> None:
    """归档 / move closed items to archive/<year>/."""
    from duchatai.app import procedure
    from duchatai.ui import render

    items = procedure.archive(_state(ctx).context(), item_ids or [], all_closed=closed)
    render.out(t("archived", n=len(items), ids=" ".join(i.id for i in items) or "—"))


@milestone_app.command("add")
@_guard
def milestone_add(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    title: Annotated[str, typer.Argument(help="节点任务 / the milestone.")],
    due: Annotated[str, typer.Option(help="节点时限 / its date.")],
) -> None:
    """添加节点任务 / add a dated milestone."""
    from duchatai.app import procedure
    from duchatai.ui import render

    state = _state(ctx)
    day = _date(due, state, "--due")
    assert day is not None
    item = procedure.add_milestone(state.context(), item_id, title=title, due=day)
    render.out(t("milestone_added", id=item.id, n=len(item.milestones), due=day))


@milestone_app.command("done")
@_guard
def milestone_done(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    number: Annotated[int, typer.Argument(metavar="N", help="节点序号 / milestone number.")],
    on: Annotated[str | None, typer.Option("--date", help="完成日期 / done on.")] = None,
) -> None:
    """标记节点完成 / mark milestone N done."""
    from duchatai.app import procedure
    from duchatai.ui import render

    state = _state(ctx)
    item = procedure.finish_milestone(
        state.context(), item_id, number=number, on=_date(on, state, "--date")
    )
    render.out(t("milestone_finished", id=item.id, n=number))


# -- reading -------------------------------------------------------------------


def item_json(item: Any, today: dt.date, ledger: Any) -> dict[str, Any]:
    """An item as ``show --json`` gives it (also used by ``list --json`` and export)."""
    from duchatai.app.spreadsheet import item_json as as_json

    return as_json(item, today, ledger)


def _light(item: Any, state: State) -> str | None:
    from duchatai.reports.data import light

    ledger = state.ledger()
    return light(
        item,
        state.today,
        ledger.calendar,
        ledger.profile,
        warn_workdays=ledger.config.warn_workdays,
        approach_workdays=ledger.config.approach_workdays,
    )


def _progress() -> Callable[[int, int], None] | None:
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


def _read_all(state: State) -> list[Any]:
    """Every readable item; broken files are named on stderr, never fatal."""
    ledger = state.ledger()
    items, problems = ledger.load_all(progress=_progress())
    _skipped(problems)
    return items


def _read_briefs(state: State) -> list[Any]:
    """The briefs of the items open today (``Ledger.briefs``); broken files named on stderr."""
    briefs, problems = state.ledger().briefs(state.today, progress=_progress())
    _skipped(problems)
    return briefs


def _skipped(problems: list[Any]) -> None:
    for problem in problems:  # the message names the file and line already
        sys.stderr.write(visible(t("skipped_item", error=problem.message)) + "\n")


@app.command()
@_guard
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: Json = False,
) -> None:
    """查看事项 / show one item, its due date's explanation and its history."""
    state = _state(ctx)
    ledger = state.ledger()
    item = ledger.get(item_id)
    if as_json:
        _echo_json(item_json(item, state.today, ledger))
        return
    from duchatai.ui import render

    render.out(render.item_detail(item, state.today, _light(item, state)))


@app.command("list")
@_guard
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="状态 / status.")] = None,
    unit: Annotated[str | None, typer.Option(help="单位 / lead or co-unit.")] = None,
    category: Annotated[str | None, typer.Option(help="类别 / category.")] = None,
    as_json: Json = False,
) -> None:
    """事项列表 / list items (archived ones with --status archived)."""
    from duchatai.app.spreadsheet import check_filters, select

    state = _state(ctx)
    ledger = state.ledger()
    check_filters(ledger, status, category)  # one error line, before broken-file warnings
    items = select(_read_all(state), ledger, status=status, unit=unit, category=category)
    if as_json:
        _echo_json([item_json(i, state.today, ledger) for i in items])
        return
    from duchatai.ui import render

    table = render.item_list([(i, _light(i, state)) for i in items], width=render.term_width())
    render.write_grid(table)
    render.write_line(t("list_total", n=len(items)))


@app.command()
@_guard
def log(ctx: typer.Context, item_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """事项历史 / the item's history from git, oldest first."""
    from duchatai.store.git import item_log

    entries = item_log(_state(ctx).ledger(), item_id)
    for entry in entries:
        # Author and subject come from commits anyone could push: shown, never raw.
        author, subject = visible_line(entry.author), visible_line(entry.subject)
        sys.stdout.write(f"{entry.when}  {entry.commit[:10]}  {author}  {subject}\n")


# -- calendar ------------------------------------------------------------------


@calendar_app.command("after")
@_guard
def calendar_after(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="DATE")],
    n: Annotated[str, typer.Argument(metavar="N")],
) -> None:
    """第 N 个工作日 / print the Nth working day after DATE."""
    # entry.py answers this command without Typer: both run session.calendar_after.
    sys.stdout.write(session_calendar_after(_state(ctx), start, n))


@calendar_app.command("between")
@_guard
def calendar_between(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="A")],
    second: Annotated[str, typer.Argument(metavar="B")],
) -> None:
    """工作日天数 / working days in (A, B] (negative when B is before A)."""
    state = _state(ctx)
    a, b = _date(first, state, "A"), _date(second, state, "B")
    assert a is not None and b is not None
    sys.stdout.write(f"{state.calendar().between(a, b)}\n")


@calendar_app.command("month")
@_guard
def calendar_month(
    ctx: typer.Context,
    month: Annotated[str | None, typer.Argument(metavar="YYYY-MM")] = None,
) -> None:
    """月历 / a month's grid with holidays and adjusted workdays marked."""
    import re

    from duchatai.core.dates import check_bounds
    from duchatai.ui import render

    state = _state(ctx)
    if month is None:
        year, mon = state.today.year, state.today.month
    else:
        match = re.match(r"^([0-9]{4})[-/年]([0-9]{1,2})月?$", month.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise InvalidInput(t("bad_month", text=month))
        year, mon = int(match.group(1)), int(match.group(2))
        check_bounds(dt.date(max(year, 1), mon, 1), what="YYYY-MM", text=month)
    render.out(render.month_grid(state.calendar(), year, mon, state.today))


@calendar_app.command("explain")
@_guard
def calendar_explain(
    ctx: typer.Context,
    category: Annotated[str, typer.Argument(metavar="CATEGORY")],
    start: Annotated[str, typer.Argument(metavar="DATE")],
    due: Annotated[str | None, typer.Option(help="明确时限 / explicit due date.")] = None,
    complex_: Annotated[bool, typer.Option("--complex", help="涉及面广、难度大.")] = False,
    as_json: Json = False,
) -> None:
    """时限说明 / how the due date of CATEGORY started on DATE is found."""
    from duchatai.core.deadlines import compute
    from duchatai.core.profile import DEFAULT_PROFILE
    from duchatai.ui import render

    state = _state(ctx)
    ledger = state.ledger(required=False)
    profile = ledger.profile if ledger else DEFAULT_PROFILE
    day = _date(start, state, "DATE")
    assert day is not None
    basis = compute(
        profile,
        category,
        day,
        state.calendar(),
        complex_item=complex_,
        explicit=_date(due, state, "--due"),
    )
    if as_json:
        _echo_json(basis.to_record())
    else:
        render.out(render.explanation(basis))


# -- reports ---------------------------------------------------------------------


def _criticisms(state: State) -> list[Any]:
    ledger = state.ledger()
    found, problems = ledger.load_criticisms()
    for problem in problems:
        sys.stderr.write(
            t("skipped_file", path=ledger.relative(problem.path), error=problem.message) + "\n"
        )
    return found


def _hints(standings: dict[str, Any]) -> dict[str, str]:
    from duchatai.ui.render_reports import level_hint

    return {unit: level_hint(s.count, s.next_level.value) for unit, s in standings.items()}


@app.command()
@_guard
def overdue(
    ctx: typer.Context,
    unit: Annotated[str | None, typer.Option(help="只看某单位 / one unit only.")] = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="列出可通报批评的单位 / criticism candidates.")
    ] = False,
    fail_if_any: Annotated[
        bool, typer.Option("--fail-if-any", help="有超期时退出码为 3 / exit 3 when any.")
    ] = False,
    as_json: Json = False,
) -> None:
    """晨报:超期事项 / the morning report of overdue items."""
    from duchatai.reports import data as reports

    state = _state(ctx)
    ledger = state.ledger()
    morning = reports.morning(
        _read_briefs(state),
        _criticisms(state),
        state.today,
        ledger.calendar,
        ledger.profile,
        unit=unit,
        warn_workdays=ledger.config.warn_workdays,
    )
    suggestions = []
    if suggest:
        suggestions = reports.criticism_candidates(
            morning.rows,
            ledger.profile,
            {u: s.next_level.value for u, s in morning.standings.items()},
        )
    if as_json:
        if suggest:
            _echo_json([s.to_json() for s in suggestions])
        else:
            _echo_json([r.to_json() for r in morning.rows])
    else:
        from duchatai.ui import render
        from duchatai.ui import render_reports as rr

        # The morning report avoids Rich (slow to import, ~1 ms a table row).
        render.write_line(t("overdue_title", office=ledger.config.office, today=state.today))
        if morning.rows:
            table = rr.overdue_table(
                morning.rows, _hints(morning.standings), state.today, width=render.term_width()
            )
            render.write_grid(table)
        else:
            render.write_line(t("overdue_none"))
        if morning.missing_weekly:
            ids = " ".join(i.id for i in morning.missing_weekly)
            render.write_line(t("missing_weekly", ids=ids), style="yellow")
        if suggest:
            render.write_line(t("suggest_title"))
            if suggestions:
                render.out(rr.suggestion_table(suggestions))
            else:
                render.write_line(t("suggest_none"))
        summary = rr.overdue_summary(
            morning.rows, state.today, len(morning.missing_weekly), len(morning.due_soon)
        )
        for line in summary.splitlines():
            render.write_line(line, style="bold")
    if fail_if_any and morning.rows:
        raise typer.Exit(3)


@app.command()
@_guard
def due(
    ctx: typer.Context,
    within: Annotated[str, typer.Option(help="工作日数 / working days ahead.")] = "3",
    as_json: Json = False,
) -> None:
    """即将到期 / items due within N working days (default 3)."""
    from duchatai.reports import data as reports

    state = _state(ctx)
    ledger = state.ledger()
    days = _within(within)
    rows = reports.due_within(
        _read_briefs(state),
        state.today,
        ledger.calendar,
        ledger.profile,
        days,
    )
    if as_json:
        _echo_json([r.to_json() for r in rows])
        return
    from duchatai.ui import render
    from duchatai.ui import render_reports as rr

    render.out(rr.due_table(rows) if rows else t("due_none", n=days))


def _within(text: str) -> int:
    """``due --within``: working days ahead, 0–10,000."""
    from duchatai.core.dates import MAX_WORKDAYS

    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidInput(t("bad_number", what="--within", text=text))
    if len(digits.lstrip("0")) > 5 or int(digits) > MAX_WORKDAYS:
        raise InvalidInput(
            t("number_out_of_range", what="--within", text=text, low=0, high=MAX_WORKDAYS)
        )
    return int(digits)


@app.command()
@_guard
def weekly(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option(help="YYYY-Www (默认本周 / this week).")] = None,
    format_: Annotated[
        str, typer.Option("--format", help="text | markdown | html | json")
    ] = "text",
    output: Annotated[str | None, typer.Option(help="写入文件 / write to FILE.")] = None,
) -> None:
    """周报 / the weekly report (for cron)."""
    from duchatai.core.dates import iso_week
    from duchatai.core.escalation import standing
    from duchatai.reports import data as reports
    from duchatai.ui import render_reports as rr

    formats = ("text", "markdown", "html", "json")
    if format_ not in formats:
        raise InvalidInput(
            t("unknown_choice", what="--format", value=format_, choices=", ".join(formats))
        )
    state = _state(ctx)
    ledger = state.ledger()
    if week:
        monday, _ = iso_week(week)
    else:
        monday = state.today - dt.timedelta(days=state.today.weekday())
    report = reports.weekly(
        _read_all(state),
        monday,
        state.today,
        ledger.calendar,
        ledger.profile,
        office=ledger.config.office,
    )
    criticisms = _criticisms(state)
    standings = {
        r.item.lead_unit: standing(
            r.item.lead_unit, report.as_of.year, criticisms, ledger.profile.ladder, report.as_of
        )
        for r in report.overdue
    }
    hints = _hints(standings)
    if format_ == "json":
        data = report.to_json()
        data["hints"] = hints
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif format_ == "markdown":
        text = rr.weekly_markdown(report, hints)
    elif format_ == "html":
        text = rr.weekly_html(report, hints)
    else:
        text = rr.weekly_text(report, hints)
    if output:
        _write_output(output, text.encode("utf-8"), ledger.root)
        sys.stderr.write(t("written", path=output) + "\n")
    else:
        sys.stdout.write(text)


@app.command()
@_guard
def stats(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option(help="年度 (默认今年) / year.")] = None,
    as_json: Json = False,
) -> None:
    """年度统计 / per unit: items, on time, late, open overdue, on-time rate."""
    from duchatai.reports import data as reports

    state = _state(ctx)
    ledger = state.ledger()
    wanted = _year(year, state)
    rows = reports.stats(
        reports.as_of_all(_read_all(state), state.today), wanted, state.today, ledger.profile
    )
    commend = reports.commendation_candidates(rows, ledger.profile.commend_min_items)
    if as_json:
        _echo_json([r.to_json() for r in rows])
        return
    from duchatai.ui import render
    from duchatai.ui import render_reports as rr

    render.out(t("stats_title", year=wanted, today=state.today))
    render.out(rr.stats_table(rows, commend))
    if commend:
        render.out(t("commend", units="、".join(commend)))


def _write_output(output: str, data: bytes, ledger_root: Path | None) -> None:
    """Write a report or export with ``output.write_output``: only a regular or new file,
    never one of the ledger's own files, atomically; a missing folder is refused, not created."""
    from duchatai.store.output import write_output

    write_output(output, data, ledger_root)


def _year(text: str | None, state: State) -> int:
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


# -- accountability ---------------------------------------------------------------


@app.command()
@_guard
def criticize(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(metavar="UNIT")],
    reason: Annotated[str, typer.Option(help="批评理由 / reason.")],
    item: Annotated[list[str] | None, typer.Option("--item", help="相关事项 / item id.")] = None,
    rectify_by: Annotated[
        str | None, typer.Option(help="整改期限 / rectification deadline.")
    ] = None,
) -> None:
    """通报批评 / record a criticism of a unit (第二十条)."""
    from duchatai.app import procedure
    from duchatai.core.escalation import standing
    from duchatai.ui import render

    state = _state(ctx)
    context = state.context()
    criticism = procedure.criticize(
        context,
        unit,
        reason=reason,
        items=item or [],
        rectify_by=_date(rectify_by, state, "--rectify-by"),
    )
    ledger = state.ledger()
    found, _ = ledger.load_criticisms()
    now = standing(criticism.unit, state.today.year, found, ledger.profile.ladder, state.today)
    from duchatai.core.messages import LEVEL_LABELS, label

    render.out(
        t(
            "criticized",
            id=criticism.id,
            unit=criticism.unit,
            n=now.count,
            level=label(LEVEL_LABELS, now.level.value),
        )
    )


@app.command()
@_guard
def rectify(
    ctx: typer.Context,
    criticism_id: Annotated[str, typer.Argument(metavar="CRITICISM-ID")],
    on: Annotated[str | None, typer.Option("--date", help="整改完成日期 / done on.")] = None,
) -> None:
    """整改完成 / mark a criticism's rectification done."""
    from duchatai.app import procedure
    from duchatai.ui import render

    state = _state(ctx)
    criticism = procedure.rectify(state.context(), criticism_id, on=_date(on, state, "--date"))
    render.out(t("rectified", id=criticism.id, unit=criticism.unit))


@app.command()
@_guard
def escalation(
    ctx: typer.Context,
    year: Annotated[str | None, typer.Option(help="年度 / year.")] = None,
    as_json: Json = False,
) -> None:
    """问责层级 / per unit: criticisms this year and the level reached."""
    from duchatai.core.escalation import standings

    state = _state(ctx)
    ledger = state.ledger()
    wanted = _year(year, state)
    criticisms = _criticisms(state)
    as_of = min(state.today, dt.date(wanted, 12, 31))
    units = [*ledger.known_units(_read_all(state)), *(c.unit for c in criticisms)]
    rows = standings(units, wanted, criticisms, ledger.profile.ladder, as_of)
    if as_json:
        _echo_json([r.to_json() for r in rows])
        return
    from duchatai.ui import render
    from duchatai.ui import render_reports as rr

    render.out(t("escalation_title", year=wanted, today=as_of))
    render.out(rr.escalation_table(rows))


# -- maintenance -----------------------------------------------------------------


@index_app.command("rebuild")
@_guard
def index_rebuild(ctx: typer.Context) -> None:
    """重建缓存 / drop the item cache and parse every file again."""
    from duchatai.store.index import rebuild

    items, broken = rebuild(_state(ctx).ledger(), progress=_progress())
    sys.stdout.write(t("index_rebuilt", n=items, broken=broken) + "\n")


@app.command()
@_guard
def check(ctx: typer.Context, as_json: Json = False) -> None:
    """校验台账 / validate every file; one `path:line: message` per problem."""
    from duchatai.app.checks import check_ledger
    from duchatai.core.errors import LedgerBroken
    from duchatai.store.discovery import find_root

    state = _state(ctx)
    try:
        root = state.ledger().root
    except LedgerBroken:  # a broken config is a problem to list at its line, not a refusal
        root = find_root(state.ledger_arg, os.environ, os.getcwd())
    problems = check_ledger(root)

    def relative(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    if as_json:
        _echo_json(
            [
                {"path": relative(p.path), "line": p.line or 1, "message": p.message}
                for p in problems
            ]
        )
    else:
        for problem in problems:
            where = f"{relative(problem.path)}:{problem.line or 1}"
            sys.stdout.write(visible(f"{where}: {problem.message}") + "\n")
        if not problems:
            sys.stdout.write(t("check_clean") + "\n")
    if problems:
        raise typer.Exit(1)


@app.command()
@_guard
def export(
    ctx: typer.Context,
    format_: Annotated[
        str | None, typer.Option("--format", help="csv | xlsx | json (默认按文件后缀).")
    ] = None,
    output: Annotated[str | None, typer.Option(help="输出文件 / output file.")] = None,
    status: Annotated[str | None, typer.Option(help="状态 / status.")] = None,
    unit: Annotated[str | None, typer.Option(help="单位 / lead or co-unit.")] = None,
    category: Annotated[str | None, typer.Option(help="类别 / category.")] = None,
) -> None:
    """导出台账 / the ledger as a spreadsheet (xlsx, csv) or JSON, filtered as `list`."""
    from duchatai.app import spreadsheet

    state = _state(ctx)
    ledger = state.ledger()
    fmt = spreadsheet.choose_format(format_, output)
    if output is None and fmt == "xlsx":
        raise InvalidInput(t("export_needs_output"))
    spreadsheet.check_filters(ledger, status, category)
    data, count = spreadsheet.export(
        ledger, _read_all(state), state.today, fmt, status=status, unit=unit, category=category
    )
    if output is None:
        text = data.decode("utf-8-sig")
        # CSV carries the data as it is; a terminal is shown its control characters.
        sys.stdout.write(visible(text) if sys.stdout.isatty() else text)
        return
    _write_output(output, data, ledger.root)
    sys.stderr.write(t("exported", n=count, path=output) + "\n")


@app.command("import")
@_guard
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只校验不写入 / validate, write nothing.")
    ] = False,
) -> None:
    """导入台账 / items from a spreadsheet (.xlsx or .csv), all in one commit or none."""
    from duchatai.app.spreadsheet import import_rows
    from duchatai.core.errors import ImportRefused

    try:
        result = import_rows(_state(ctx).context(), Path(file), dry_run=dry_run)
    except ImportRefused as refused:
        for problem in refused.problems:
            sys.stderr.write(visible(problem) + "\n")
        raise
    if result.ignored_columns:
        columns = "、".join(result.ignored_columns)
        sys.stderr.write(visible(t("imp_ignored", columns=columns)) + "\n")
    for action in result.actions:
        if action.kind == "create":
            line = t("imp_create", ref=action.ref, id=action.item.id, title=action.item.title)
            sys.stdout.write(visible(line) + "\n")
        elif action.kind == "update":
            fields = ", ".join(action.changed)
            sys.stdout.write(t("imp_update", ref=action.ref, id=action.item.id, fields=fields))
            sys.stdout.write("\n")
    counts = {k: result.count(k) for k in ("create", "update", "unchanged")}
    summary = t(
        "imp_dry_run" if dry_run else "imp_done",
        file=result.file,
        created=counts["create"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
    )
    sys.stdout.write(summary + "\n")


@app.command()
@_guard
def sync(ctx: typer.Context) -> None:
    """同步 / pull from and push to origin, merging other clerks' work; a clean tree after."""
    from duchatai.app.sync import sync as run_sync

    context = _state(ctx).context()
    result = run_sync(context.ledger, context.actor)
    sys.stdout.write(t("synced", pulled=result.pulled, pushed=result.pushed, branch=result.branch))
    sys.stdout.write("\n")


@app.command()
@_guard
def clerk(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Argument(metavar="CODE")] = None,
) -> None:
    """督查员代码 / show or set this clone's clerk code (the prefix of the ids it hands out)."""
    from duchatai.store.gitconfig import clerk_code, set_clerk

    root = _state(ctx).ledger().root
    if code is None:
        sys.stdout.write((clerk_code(root) or t("clerk_unset")) + "\n")
        return
    sys.stdout.write(t("clerk_set", code=set_clerk(root, code)) + "\n")


@app.command("merge-file", hidden=True)
def merge_file(
    base: Annotated[str, typer.Argument()],
    ours: Annotated[str, typer.Argument()],
    theirs: Annotated[str, typer.Argument()],
    path: Annotated[str | None, typer.Argument()] = None,
) -> None:
    """git merge driver: merge %O %A %B of one ledger file field by field into %A."""
    from duchatai.app.merge import merge_files

    raise typer.Exit(merge_files(base, ours, theirs))


def _register_only(name: str | None) -> None:
    """Leave only the command being run registered, when the command line names one.

    Typer builds every command's parameters from its signature on each start
    (about 35 ms for all of them here); one run needs one. Help, typos and
    anything unusual keep the whole app, so their output is unchanged.
    """
    commands = [
        c
        for c in app.registered_commands
        if (c.name or (c.callback.__name__ if c.callback else "").replace("_", "-")) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) == 1:
        app.registered_commands = commands
        app.registered_groups = groups


def main() -> None:
    """Run the Typer app on ``sys.argv``: what ``duchatai.entry.main`` does not answer."""
    from duchatai.entry import command_named

    registered = app.registered_commands, app.registered_groups
    _register_only(command_named(sys.argv[1:]))
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    except Interrupted as stop:  # SIGTERM/SIGHUP during a write: already undone
        sys.stderr.write(t("txn_interrupted", signal=stop.signum) + "\n")
        raise SystemExit(128 + stop.signum) from None
    finally:  # in-process callers (tests) get the whole app back
        app.registered_commands, app.registered_groups = registered
