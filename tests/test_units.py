"""Issue 14, point 4: every unit typed by a clerk is checked by one rule (``units.check_unit``).

With a ``units:`` list in ``duchatai.yaml`` a name not in it is refused, naming the
nearest listed names; with an empty list any name is accepted, and one that no
item names yet is said (once, on stderr) to be new.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BuiltLedger, Run, commit_count, git, git_head, snapshot
from hypothesis import given
from hypothesis import strategies as st

from duchatai.core.errors import InvalidInput
from duchatai.core.messages import set_lang
from duchatai.core.units import check_unit, nearest_units

LISTED = ("市水务局", "市财政局", "市住房城乡建设局", "市交通运输局")


# -- the rule, by hand -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "listed", "seen", "new", "refusal"),
    [
        # Listed: known, never new.
        ("市水务局", LISTED, (), False, None),
        # The typo: one suggestion, the whole message as the issue writes it.
        ("市水物局", LISTED, (), None, "未知单位“市水物局”，是否为：市水务局？"),
        # A name cut short, a short form of a long name.
        ("市财政", LISTED, (), None, "未知单位“市财政”，是否为：市财政局？"),
        ("市住建局", LISTED, (), None, "未知单位“市住建局”，是否为：市住房城乡建设局？"),
        # Nothing alike: no guess, the list's size and what to do.
        ("省统计局办公室", LISTED, (), None,
         "未知单位“省统计局办公室”；duchatai.yaml 的 units 列表（4 个单位）"),
        # Seen on items does not matter when there is a list.
        ("市水物局", LISTED, ("市水物局",), None, "是否为：市水务局？"),
        # No list: anything goes; new when no item names it yet.
        ("市水物局", (), (), True, None),
        ("市水务局", (), ("市水务局",), False, None),
        ("市新设局", (), ("市水务局", "市财政局"), True, None),
    ],
)
def test_check_unit(
    name: str, listed: tuple[str, ...], seen: tuple[str, ...], new: bool | None,
    refusal: str | None,
) -> None:
    if refusal is None:
        assert check_unit(name, listed, seen) is new
        return
    with pytest.raises(InvalidInput) as caught:
        check_unit(name, listed, seen)
    assert refusal in caught.value.message


def test_suggestions_in_english_and_several() -> None:
    listed = ["市水务局", "市水利局", "市财政局"]
    assert nearest_units("市水物局", listed) == ["市水务局", "市水利局"]
    set_lang("en")
    try:
        with pytest.raises(InvalidInput) as caught:
            check_unit("市水物局", listed)
    finally:
        set_lang("zh")
    assert caught.value.message == "unknown unit '市水物局'; did you mean: 市水务局, 市水利局?"


names = st.text(alphabet="市县区水务财政局委办住建交通运输", min_size=1, max_size=8)


@given(st.lists(names, min_size=1, max_size=6, unique=True), names)
def test_a_listed_name_passes_and_any_other_is_refused_with_listed_suggestions(
    listed: list[str], name: str
) -> None:
    for known in listed:
        assert check_unit(known, listed, ()) is False
    if name in listed:
        return
    with pytest.raises(InvalidInput):
        check_unit(name, listed, ())
    assert set(nearest_units(name, listed)) <= set(listed)
    assert len(nearest_units(name, listed)) <= 3


@given(st.lists(names, max_size=6), names)
def test_without_a_list_every_name_passes_and_is_new_exactly_when_unseen(
    seen: list[str], name: str
) -> None:
    assert check_unit(name, [], seen) is (name not in seen)


# -- the command line --------------------------------------------------------------


def _listed(root: Path) -> None:
    config = root / "duchatai.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "units: []", "units:\n" + "".join(f"  - {u}\n" for u in LISTED)
    )
    config.write_text(text, encoding="utf-8")
    git(root, "-c", "user.name=文员", "-c", "user.email=clerk@office", "commit", "-qam", "units")


def _refused(run: Run, root: Path, *args: str) -> str:
    before, head, count = snapshot(root), git_head(root), commit_count(root)
    result = run(*args, ledger=root, today="2026-09-29")
    assert result.exit_code == 1, result
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert (snapshot(root), git_head(root), commit_count(root)) == (before, head, count)
    return result.stderr.strip()


def test_cli_checks_every_unit_argument(run: Run, built_ledger: BuiltLedger) -> None:
    root = built_ledger("units-listed", _listed)
    registered = run("register", "防汛物资储备", "--category", "leader-instruction",
                     "--lead", "市水务局", "--json", ledger=root, today="2026-09-29")
    assert registered.exit_code == 0, registered
    assert json.loads(registered.stdout)["due"] == "2026-10-09"  # across National Day
    assert registered.stderr == ""  # a listed unit is not new
    typo = "未知单位“市水物局”，是否为：市水务局？"
    for args, said in (
        (("register", "防汛", "--category", "leader-instruction", "--lead", "市水物局"), typo),
        (("register", "防汛", "--category", "leader-instruction", "--lead", "市水务局",
          "--co", "市财政"), "未知单位“市财政”，是否为：市财政局？"),
        (("assign", "DC-2026-0001", "--lead", "市水物局"), typo),
        (("assign", "DC-2026-0001", "--lead", "市水务局", "--co", "市水物局"), typo),
        (("criticize", "市水物局", "--reason", "超期"), typo),
        (("list", "--unit", "市水物局"), typo),
        (("overdue", "--unit", "市水物局"), typo),
        (("export", "--format", "csv", "--unit", "市水物局"), typo),
    ):
        assert _refused(run, root, *args) == said, args
    # criticize --item refuses an item that is not that unit's.
    why = _refused(run, root, "criticize", "市财政局", "--reason", "超期", "--item",
                   "DC-2026-0001")
    assert "DC-2026-0001" in why and "市财政局" in why and "不能因此事项批评" in why


def test_cli_without_a_list_says_once_that_a_unit_is_new(run: Run, ledger: Path) -> None:
    first = run("register", "防汛", "--category", "leader-instruction", "--lead", "市水物局",
                "--co", "市水物局", ledger=ledger, today="2026-02-12")
    assert first.exit_code == 0, first
    assert first.stderr == "提示：“市水物局”是新单位（台账中尚无此单位的事项）\n"
    again = run("register", "防汛二", "--category", "leader-instruction", "--lead", "市水物局",
                ledger=ledger, today="2026-02-12")
    assert (again.exit_code, again.stderr) == (0, "")
    criticized = run("criticize", "市城管局", "--reason", "超期", ledger=ledger,
                     today="2026-02-25")
    assert criticized.exit_code == 0, criticized
    assert "“市城管局”是新单位" in criticized.stderr


def test_cli_import_checks_units(run: Run, built_ledger: BuiltLedger, tmp_path: Path) -> None:
    root = built_ledger("units-listed", _listed)
    sheet = tmp_path / "台账.csv"
    rows = "事项名称,类别,立项日期,主办单位\n防汛,市领导批示,2026-09-29,市水物局\n"
    sheet.write_text(rows, encoding="utf-8-sig")
    before, head = snapshot(root), git_head(root)
    result = run("import", str(sheet), ledger=root, today="2026-09-29")
    assert result.exit_code == 1, result
    assert "未知单位“市水物局”，是否为：市水务局？" in result.stderr
    assert (snapshot(root), git_head(root)) == (before, head)
