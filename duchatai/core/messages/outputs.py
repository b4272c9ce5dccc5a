"""Outputs (issue 15): which file an export writes, in which format, and what it holds."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "export_suffix_contradicts": (
        "--output {path} 的后缀是 .{suffix}，与格式 {fmt} 不符；请改用 .{fmt} 后缀，"
        "或去掉 --format 按后缀导出",
        "--output {path} ends in .{suffix}, which contradicts the format {fmt}: "
        "name a .{fmt} file, or leave out --format to export as the suffix says",
    ),
    "export_suffix_unknown": (
        "无法从 --output {path} 的后缀 .{suffix} 判断格式；请用 .xlsx、.csv 或 .json 后缀",
        "cannot tell the format from the suffix .{suffix} of --output {path}: "
        "name a .xlsx, .csv or .json file",
    ),
    "export_all_with_status": (
        "--all 与 --status 不能同时使用：--all 已包括已归档事项",
        "--all and --status cannot be used together: --all already includes archived items",
    ),
}
