"""Reading what fits (issue 15): the ledger's language throughout, full-width punctuation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import BuiltLedger, Run

from duchatai.core import messages

CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…《》"
HALF_BY_CJK = re.compile(rf"(?<=[{CJK}])[,:;()]|[,:;()](?=[{CJK}])")
"""A half-width ``,:;()`` touching a Chinese character or full-width punctuation."""
DOUBLED = re.compile(
    r"[。，；：！？、][,;:!?，。；：！？]|[,;:!?][。，；：！？、]|[。，；：！？、]\.(?!\w)"
)
"""Two punctuation marks in a row, such as "。;" or "，,"."""


def _zh_texts() -> list[tuple[str, str]]:
    texts = [(key, zh) for key, (zh, _en) in messages.MESSAGES.items()]
    for name in dir(messages):
        if name.endswith("_LABELS"):
            table = getattr(messages, name)
            texts += [(f"{name}[{key}]", zh) for key, (zh, _en) in table.items()]
    return texts


@pytest.mark.parametrize(("key", "zh"), _zh_texts())
def test_zh_text_uses_full_width_punctuation(key: str, zh: str) -> None:
    assert HALF_BY_CJK.search(zh) is None, f"{key}: half-width punctuation in {zh!r}"
    assert DOUBLED.search(zh) is None, f"{key}: doubled punctuation in {zh!r}"


def test_the_punctuation_rule_catches_what_it_should() -> None:
    assert HALF_BY_CJK.search("无法识别,请重试")
    assert HALF_BY_CJK.search("第十八条(一)")
    assert DOUBLED.search("已完成。;")
    assert not HALF_BY_CJK.search("{path}:{line}: 配置文件有误：{error}")
    assert not DOUBLED.search("控制文件（.gitattributes、.gitignore 等）")


# -- outputs: show, calendar explain, --help, check (issue 15) -------------------------------


def _half_width_in(text: str) -> list[str]:
    """The lines of an output with half-width punctuation against Chinese, or doubled."""
    return [line for line in text.splitlines()
            if HALF_BY_CJK.search(line) or DOUBLED.search(line)]


def _ok(run: Run, root: Path, *args: str, today: str) -> None:
    result = run(*args, ledger=root, today=today)
    assert result.exit_code == 0, result


@pytest.fixture
def eventful(run: Run, built_ledger: BuiltLedger) -> Path:
    """An item whose due date crosses holidays and an adjusted workday, with an urge,
    a signed and sealed report, a co-unit's report, a late extension and a note."""

    def build(root: Path) -> None:
        _ok(run, root, "register", "测试事项（第一批）", "--category", "executive-meeting",
            "--lead", "市教育局", "--co", "市财政局", today="2026-09-25")
        _ok(run, root, "assign", "DC-2026-0001", today="2026-09-25")
        _ok(run, root, "urge", "DC-2026-0001", "--method", "phone", "--note", "请尽快报送",
            today="2026-09-28")
        _ok(run, root, "report", "DC-2026-0001", "--kind", "progress", "--text", "已启动",
            "--signed-by", "张局长", "--sealed", today="2026-09-29")
        _ok(run, root, "report", "DC-2026-0001", "--unit", "市财政局", "--kind", "progress",
            "--text", "已配合", today="2026-09-29")
        _ok(run, root, "extend", "DC-2026-0001", "--until", "2026-10-30", "--reason",
            "情况复杂", "--progress", "过半", "--next-steps", "月底完成", "--late",
            today="2026-10-16")
        _ok(run, root, "note", "DC-2026-0001", "电话沟通", today="2026-10-16")

    return built_ledger("eventful", build)


def test_show_is_in_full_width_punctuation(run: Run, eventful: Path) -> None:
    shown = run("show", "DC-2026-0001", ledger=eventful, today="2026-10-19")
    assert shown.exit_code == 0, shown
    for expected in (
        "常务会议决定（executive-meeting）",  # the category's key
        "依据：第十六条（四）",  # the profile's citation
        "跨越节假日：中秋节 2026-09-26..09-27；国庆节 2026-10-01..10-07",  # the joiners
        "第1次催办（电话督查）：请尽快报送",  # the history
        "进展情况报告（张局长签发·已盖章）：已启动",
        "进展情况报告（市财政局）：已配合",
        "延期 2026-10-15 → 2026-10-30（逾期申请）：情况复杂",
        "备注：电话沟通",
    ):
        assert expected in shown.stdout, (expected, shown.stdout)
    assert _half_width_in(shown.stdout) == []
    english = run("show", "DC-2026-0001", ledger=eventful, today="2026-10-19", lang="en")
    assert "rule: art. 16(4)" in english.stdout
    assert "  2026-09-28  urge #1 (" in english.stdout
    assert "holidays crossed: Mid-autumn Festival 2026-09-26..09-27; National Day" in (
        english.stdout
    )


def test_calendar_explain_is_in_full_width_punctuation(run: Run, eventful: Path) -> None:
    explained = run("calendar", "explain", "executive-meeting", "2026-09-25", ledger=eventful)
    assert explained.exit_code == 0, explained
    assert explained.stdout.startswith("常务会议决定（executive-meeting） → 2026-10-15\n")
    assert _half_width_in(explained.stdout) == []


def _help_texts() -> list[tuple[str, str]]:
    from typer.main import get_command

    from duchatai.cli import app

    texts: list[tuple[str, str]] = []

    def walk(command: Any, path: str) -> None:
        texts.append((path, command.help or ""))
        texts.extend((f"{path} {p.name}", getattr(p, "help", None) or "")
                     for p in command.params)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(get_command(app), "duchatai")
    return texts


def test_help_texts_use_full_width_punctuation_in_chinese() -> None:
    texts = _help_texts()
    assert len(texts) > 100
    bad = [(where, text) for where, text in texts if _half_width_in(text)]
    assert bad == []


def test_check_speaks_chinese_with_full_width_punctuation(run: Run, eventful: Path) -> None:
    path = eventful / "items" / "DC-2026-0001.yaml"
    text = path.read_text("utf-8").replace("kind: routine", "kind: 日常", 1)
    path.write_text(text.replace("category: executive-meeting", "category: 常务会", 1), "utf-8")
    checked = run("check", ledger=eventful)
    assert checked.exit_code == 1
    assert "category：未知类别“常务会”" in checked.stdout
    assert _half_width_in(checked.stdout) == []
