#!/usr/bin/env python3
"""(Re)create ``examples/台账.xlsx``: an office's own spreadsheet to try ``import`` on.

Usage::

    python examples/make_xlsx.py              # writes examples/台账.xlsx
    python examples/make_xlsx.py OUT.xlsx     # writes elsewhere

    duchatai init /tmp/try && cd /tmp/try
    duchatai --today 2026-11-20 import /path/to/examples/台账.xlsx --dry-run
    duchatai --today 2026-11-20 import /path/to/examples/台账.xlsx

The sheet looks like the ones supervision offices keep by hand: a title row
above the header, no ids (the tool numbers the items), categories and
statuses in Chinese, dates typed every which way (real date cells,
``2026年11月3日``, ``2026/11/05``, ``2026.10.8``, ``20261015``), co-units
separated by 、 or ,, a 备注 column the tool does not import, and some
办理时限 left empty where the category rule (第十六条) gives the date.

Deterministic: fixed data, fixed document properties and zip timestamps, so
the file only changes when this script does.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HEADERS = (
    "序号", "编号", "事项名称", "类别", "来源", "主办单位", "协办单位", "责任人",
    "立项日期", "办理时限", "办理状态", "办结日期", "备注",
)  # fmt: skip
WIDTHS = (6, 10, 44, 16, 30, 18, 26, 10, 14, 14, 10, 14, 20)
D = dt.date

ROWS: tuple[tuple[Any, ...], ...] = (
    ("关于加快推进老旧小区改造的批示", "市领导批示", "市政府领导批示件〔2026〕61号",
     "市住房城乡建设局", "历下区政府、市中区政府", "刘洋", D(2026, 11, 3), None, "办理中",
     None, "3个工作日内回复进展"),
    ("全市秋冬季大气污染防治攻坚行动", "上级批示交办", "省政府督查通知〔2026〕18号",
     "市生态环境局", "市公安局，市交通运输局", "陈静", "2026年10月20日", "2026年11月30日",
     "办理中", None, ""),
    ("济南东站片区综合交通枢纽配套工程", "重点工程项目", "济政督字〔2026〕14号",
     "市交通运输局", "历城区政府", "马俊", "2026/09/15", "2026/12/31", "办理中", None,
     "周报制"),
    ("市政府第42次常务会议:优化营商环境若干措施", "常务会议决定", "市政府常务会议纪要第42号",
     "市发展改革委", "市市场监管局、市政务服务中心", "王磊", "2026.10.8", None, "办理中",
     None, ""),
    ("关于增设城区公共停车泊位的建议(第0127号)", "人大代表建议", "市十八届人大五次会议",
     "市城市管理局", "市公安局", "孙丽", D(2026, 6, 10), "2026-09-10", "已办结",
     "2026年9月8日", "已答复代表"),
    ("关于加强社区养老服务设施建设的提案(第0315号)", "政协提案", "市政协十五届五次会议",
     "市民政局", "市卫生健康委、市财政局", "赵敏", D(2026, 6, 12), D(2026, 9, 11), "已办结",
     D(2026, 9, 1), ""),
    ("《政府工作报告》:新增城镇就业12万人", "政府工作报告任务", "2026年《政府工作报告》",
     "市人力资源社会保障局", "", "周涛", "2026年7月1日", None, "办理中", None,
     "按季度报送进展"),
    ("冬季清洁取暖改造专题会议确定事项", "专题会议事项", "专题会议纪要〔2026〕33号",
     "市城乡水务局", "市住房城乡建设局、章丘区政府", "吴刚", "20261015", "2026/11/05",
     "办理中", None, "超期,已电话催办"),
    ("全市安全生产大检查", "全体会议决定", "市政府第五次全体会议",
     "市应急局", "各区县政府", "郑海", D(2026, 10, 9), "2026年11月23日", "办理中", None,
     ""),
    ("关于规范校外培训机构收费的文件落实", "重要文件事项", "济政办发〔2026〕21号",
     "市教育局", "市市场监管局", "冯雪", "2026-09-01", D(2026, 12, 15), "已立项", None,
     "待交办"),
    ("省政府督查室转办:农村供水工程冬季运行管护", "上级批示交办", "鲁政督转〔2026〕9号",
     "市城乡水务局", "", "蒋涛", "2026年11月13日", None, "办理中", None, ""),
    ("12345热线反映的小区供暖不热问题集中整治", "其他交办事项", "市政府秘书长交办",
     "市城市管理局", "热力集团", "韩梅", D(2026, 11, 2), "2026/11/24", "办理中", None, ""),
)  # fmt: skip

FIXED = dt.datetime(2026, 11, 20, 9, 0, 0)


def build() -> bytes:
    """The workbook's bytes, always the same."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2026年督查台账"
    sheet["A1"] = "济南市人民政府督查室 2026年督查事项台账"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), 1):
        cell = sheet.cell(row=2, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFD9E1F2")
        sheet.column_dimensions[cell.column_letter].width = width
    for number, values in enumerate(ROWS, 1):
        row = [number, None, *values]
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row=number + 2, column=column, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A3"
    book.properties.creator = "督查室"
    book.properties.created = FIXED
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps (openpyxl stamps the save time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fixed_modified(content)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def _fixed_modified(core: bytes) -> bytes:
    import re

    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp +
                  rb"\g<2>", core)  # fmt: skip


def main(argv: list[str]) -> None:
    """Write the example spreadsheet."""
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("台账.xlsx")
    target.write_bytes(build())
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
