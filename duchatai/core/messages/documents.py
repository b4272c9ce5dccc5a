"""The office's documents as Word files (issue 18: ``notice``, ``urge --slip``,
``criticize --document``, ``bulletin``, ``item-report``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "document_written": (
        "已印发{kind} {number}：{path}（已登记于 {register}）",
        "issued the {kind} {number}: {path} (registered in {register})",
    ),
    "document_register_broken": (
        "发文登记文件 {path} 无法读取：{error}；请修正后再印发",
        "the document register {path} cannot be read: {error}; fix it before issuing",
    ),
    "document_duplicate_number": (
        "文号 {number} 重复（{kind}，另见第 {first} 条）：同一年度文号不得重复，请重新编号",
        "number {number} is used twice ({kind}; see also entry {first}): "
        "numbers of a year must not repeat, renumber one of them",
    ),
    "notice_units_differ": (
        "所列事项的主办单位不同（{units}）：请用 --unit 指定发往哪个单位",
        "the items have different lead units ({units}): name the unit with --unit",
    ),
    "notice_no_unit": (
        "{id} 没有主办单位：请先交办（assign），或用 --unit 指定单位",
        "{id} has no lead unit: assign it first, or name the unit with --unit",
    ),
    "document_item_state": (
        "{id} 状态为{status}，不能印发{kind}",
        "{id} is {status}: no {kind} can be issued for it",
    ),
    "bulletin_one_period": (
        "请只给出 --week、--month、--year 中的一个（例如 --month 2026-11）",
        "give exactly one of --week, --month, --year (for example --month 2026-11)",
    ),
    "document_output_alone": (
        "--output 须与 {flag} 一同使用",
        "--output goes with {flag}",
    ),
}

KIND_EN = {
    "notice": "supervision notice",
    "slip": "urging slip",
    "criticism": "criticism notice",
    "bulletin": "bulletin",
    "item-report": "item report",
}
"""The English names of the documents, for messages (the documents are in Chinese)."""
