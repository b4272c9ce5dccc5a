"""Several clerks: conflicts found by ``sync``, ``resolve``, ids renumbered, the server hook.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "conflict_line": (
        "⚠ {id} 的“{field}”两边改得不同：本地为 {local}（{local_by}，{local_on}），"
        "远端为 {remote}（{remote_by}，{remote_on}）",
        "⚠ {id}: {field} was changed differently: local {local} ({local_by}, {local_on}), "
        "remote {remote} ({remote_by}, {remote_on})",
    ),
    "conflicts_left": (
        "同步已完成，但有 {n} 处冲突待解决（退出码 4）；台账暂按本地值记录。"
        "请逐项运行 duchatai resolve 编号 --take local（本地）、--take remote（远端）"
        "或 --take 字段=值，再运行 duchatai sync",
        "synced, but {n} conflicts are left to resolve (exit 4); the ledger holds the local "
        "values for now. Run duchatai resolve ID --take local, --take remote or --take "
        "FIELD=VALUE for each, then duchatai sync",
    ),
    "conflict_unknown": ("未知", "unknown"),
    "renumbered": (
        "编号重复：本机新登记的 {old} 在远端已被占用，已改为 {new}",
        "id taken: {old}, registered here and not yet shared, is taken upstream; it is now {new}",
    ),
    "show_conflicts": (
        "⚠ 同步冲突待解决：{fields}；运行 duchatai check 查看两边的值，"
        "用 duchatai resolve {id} --take local|remote|字段=值 解决",
        "⚠ sync conflicts to resolve: {fields}; duchatai check shows both values; settle "
        "with duchatai resolve {id} --take local|remote|FIELD=VALUE",
    ),
    "resolve_none": (
        "{id} 没有待解决的冲突，未作任何改动",
        "{id} has no conflict to resolve; nothing changed",
    ),
    "resolve_bad_take": (
        "--take“{take}”无效；应为 local（本地）、remote（远端）或 字段=值，如 due=2026-12-04",
        "--take {take!r} is invalid; use local, remote or FIELD=VALUE, e.g. due=2026-12-04",
    ),
    "resolve_two_sides": (
        "--take local 与 --take remote 只能选一个",
        "--take local and --take remote cannot both be given",
    ),
    "resolve_not_in_conflict": (
        "{id} 的“{field}”没有冲突；有冲突的字段：{fields}",
        "{id} has no conflict in {field}; fields in conflict: {fields}",
    ),
    "resolve_uncovered": (
        "{id} 的“{fields}”仍有冲突；请加 --take local、--take remote 或 --take 字段=值，"
        "未作任何改动",
        "{id} still has conflicts in {fields}; add --take local, --take remote or "
        "--take FIELD=VALUE; nothing changed",
    ),
    "resolve_bad_value": (
        "{id} 的“{field}”不能取值“{value}”：{error}；未作任何改动",
        "{id}: {field} cannot be {value!r}: {error}; nothing changed",
    ),
    "resolved": (
        "已解决 {id} 的冲突：{fields}",
        "resolved the conflicts of {id}: {fields}",
    ),
    "hook_installed": (
        "已在 {path} 安装 pre-receive 检查：推送的台账不能通过 duchatai check 时将被拒绝",
        "installed the pre-receive guard in {path}: a push that leaves the ledger failing "
        "duchatai check is refused",
    ),
    "hook_not_bare": (
        "{path} 不是 git 裸仓库（共享仓库应以 git init --bare 建立）；未作任何改动",
        "{path} is not a bare git repository (a shared one is made with git init --bare); "
        "nothing changed",
    ),
    "hook_foreign": (
        "{path} 已有另一个 pre-receive 钩子，不是 duchatai 安装的；请先移走它，未作任何改动",
        "{path} already holds a pre-receive hook that duchatai did not install; move it "
        "away first; nothing changed",
    ),
    "hook_refused": (
        "推送被拒绝：{ref} 的台账有 {n} 处问题未通过 duchatai check；请在本机修正后再同步",
        "push refused: the ledger of {ref} has {n} problems duchatai check reports; fix "
        "them in your clone and sync again",
    ),
}
