"""Text outside tables folded to the width by the rules of Chinese line breaking, and a
table whose text column takes only the width it needs (issue 15)."""

from __future__ import annotations

from duchatai.ui.cells import NO_END, NO_START, cells_of
from duchatai.ui.grid import grid
from duchatai.ui.paragraph import field_lines, folded

TEXT = "缺报周报 9 周：2026-W28、2026-W31、2026-W35、2026-W40、2026-W43、2026-W47、2026-W48"


def test_a_paragraph_folds_under_itself_and_keeps_weeks_whole() -> None:
    lines = folded(TEXT, 40, indent=2, hang=4)
    assert lines[0].startswith("  缺报周报") and all(x.startswith("    2026") for x in lines[1:])
    assert all(cells_of(x) <= 40 for x in lines)
    assert all(x.strip()[0] not in NO_START and x.rstrip()[-1] not in NO_END for x in lines)
    assert "".join(x.strip() for x in lines) == TEXT
    assert sum(x.count("2026-W") for x in lines) == 7  # none cut


def test_labelled_values_fold_under_their_value() -> None:
    rows = [("来源", "市重点项目督查通知（济政督字〔2026〕11号）补充说明"), ("状态", "已交办")]
    assert field_lines(rows, 30) == [
        "来源  市重点项目督查通知（济政",
        "      督字〔2026〕11号）补充说",
        "      明",
        "状态  已交办",
    ]


def test_a_fitted_text_column_is_as_wide_as_it_needs() -> None:
    rows = [[("市教育局", ""), ("1", "")], [("市交通运输局", ""), ("12", "")]]
    fitted = grid(["单位", "事项"], rows, width=120, flex=0, right=(1,), fit=True)
    assert fitted.render(color=False).splitlines() == [
        "单位          事项",
        "市教育局         1",
        "市交通运输局    12",
    ]
    narrow = grid(["单位", "事项"], rows, width=16, flex=0, right=(1,), fit=True)
    assert narrow.render(color=False).splitlines() == [
        "单位        事项",
        "市教育局       1",
        "市交通运输    12",
        "局",
    ]
