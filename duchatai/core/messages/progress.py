"""Progress bars of long commands on a terminal (issue 17)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "progress_export": ("正在导出", "exporting"),
    "progress_import_check": ("正在校验", "checking rows"),
    "progress_import_write": ("正在写入", "writing items"),
}
