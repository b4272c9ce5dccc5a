"""One ledger shared by several clerks: the clerk code and ``sync``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "bad_clerk": (
        "督查员代码“{code}”无效；应为1-10位大写字母或数字，以字母开头，如 LX",
        "clerk code {code!r} is invalid; use 1-10 capital letters or digits starting "
        "with a letter, e.g. LX",
    ),
    "clerk_unset": (
        "未设置督查员代码（编号使用台账前缀）；多人共用台账时请运行 duchatai clerk 代码",
        "no clerk code set (ids use the ledger's prefix); set one with duchatai clerk CODE "
        "when several clerks share the ledger",
    ),
    "clerk_set": (
        "本机督查员代码：{code}（新事项编号形如 {code}-2026-0001）",
        "clerk code: {code} (new ids look like {code}-2026-0001)",
    ),
    "synced": (
        "同步完成（{branch}）：拉取 {pulled} 个提交，推送 {pushed} 个提交",
        "synced ({branch}): pulled {pulled} commits, pushed {pushed}",
    ),
    "sync_dirty": (
        "工作区有未提交的手工改动：{files}；请先提交或撤销后再同步，未作任何改动",
        "the working tree has uncommitted changes: {files}; commit or undo them first; "
        "nothing changed",
    ),
    "sync_no_origin": (
        "台账仓库没有名为 origin 的远端；请先 git remote add origin 地址",
        "the ledger repository has no remote named origin; add one with git remote add origin URL",
    ),
    "sync_detached": (
        "仓库不在任何分支上（detached HEAD）；请先 git switch 到台账分支",
        "the repository is on no branch (detached HEAD); git switch to the ledger's branch",
    ),
    "sync_conflict": (
        "与远端的修改无法自动合并：{files}；同步已撤销，台账未改动。"
        "请用 duchatai check 查看这些文件的问题，修正后再同步",
        "cannot merge with the remote automatically: {files}; the sync was undone and "
        "nothing changed. See what duchatai check says of these files, fix them and sync again",
    ),
    "sync_push_failed": (
        "推送失败（重试 {attempts} 次）；请稍后再同步",
        "push failed after {attempts} attempts; sync again later",
    ),
    "sync_git_failed": ("git {command} 失败：{error}", "git {command} failed: {error}"),
}
