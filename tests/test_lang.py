"""Reading what fits (issue 15): the ledger's language throughout, full-width punctuation."""

from __future__ import annotations

import re

import pytest

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
