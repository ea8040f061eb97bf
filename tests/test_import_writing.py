"""A sizeable flat ledger imported into a new ledger is written cell for cell as the plain way
writes it (openpyxl's ws.cell per value, a date format set per date cell, ws.merge_cells per
problem): rectxl.io.newledger writes the rows in fewer openpyxl calls, and nothing may change."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest

from rectxl.core import schema as S
from rectxl.importing.flat import flat_import
from rectxl.io.newledger import DATE_FORMAT, write_ledger
from rectxl.io.reading import read_file
from rectxl.workbook.build import WORKBOOK_PATH, ledger_workbook, restore_ribbon_relationship

STATUSES = ("已完成", "正在推进", "已完成，长期坚持", "未完成", "基本完成", "=1+1", "#N/A", 1, 0.5)
DEADLINES = (dt.date(2023, 12, 31), dt.datetime(2023, 6, 30), dt.datetime(2023, 6, 30, 17, 30), "2023年12月底前",
             "长期坚持")


def flat_ledger(path, measures: int = 600):
    """A flat sheet as offices keep it: sections merged across, each problem merged down over its
    (one to four) measures, dates and texts mixed in 完成时限, people with posts, odd statuses."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append(["××局党组关于巡察反馈意见整改情况的台账"])
    ws.append(["序号", "具体问题", "整改措施", "牵头单位", "责任人", "完成时限", "完成情况", "整改进展", "备注"])
    n = problem = 0
    while n < measures:
        if problem % 25 == 0:
            ws.append([f"{'一二三四五六七八九十'[problem // 25 % 10]}、第{problem // 25 + 1}方面"])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=9)
        problem += 1
        size = problem % 4 + 1
        first = ws.max_row + 1
        for k in range(size):
            n += 1
            ws.append([problem if k == 0 else None, f"问题{problem}的表现" if k == 0 else None, f"措施{n}",
                       f"部门{n % 7}", f"张{n % 13}（处长）、李{n % 5}" if n % 3 else "办公室",
                       DEADLINES[n % len(DEADLINES)], STATUSES[n % len(STATUSES)], f"第{n}项进展" if n % 2 else None,
                       n if n % 11 == 0 else None])
        if size > 1:
            for col in (1, 2):
                ws.merge_cells(start_row=first, start_column=col, end_row=first + size - 1, end_column=col)
    wb.save(path)
    return path


def plain_fill(wb, data) -> None:
    """The rows written one openpyxl call per value (rectxl.io.newledger.fill's result, the plain way)."""
    from openpyxl.styles import Alignment

    for sheet in S.LEDGER_SHEETS:
        rows, ws = data.get(sheet.key, []), wb[sheet.name]
        if sheet.key == "settings":
            where = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
            for row in rows:
                r = where.get(row["item"]) or ws.max_row + 1
                ws.cell(r, 1, row["item"])
                ws.cell(r, 2, row["value"])
                if isinstance(row["value"], dt.date):
                    ws.cell(r, 2).number_format = DATE_FORMAT
            continue
        keys = [c.key for c in sheet.columns]
        for i, row in enumerate(rows, start=2):
            for j, key in enumerate(keys, start=1):
                value = row.get(key)
                if value is not None and value != "":
                    cell = ws.cell(i, j, value)
                    if isinstance(value, dt.date):
                        cell.number_format = DATE_FORMAT
        if sheet.key == "measures":
            col, ids, start = keys.index("problem_id") + 1, [r.get("problem_id") for r in rows], 0
            for i in range(1, len(ids) + 1):
                if i == len(ids) or ids[i] != ids[start]:
                    if i - start > 1:
                        ws.merge_cells(start_row=start + 2, start_column=col, end_row=i + 1, end_column=col)
                        ws.cell(start + 2, col).alignment = Alignment(vertical="center")
                    start = i


def plain_ledger(path, data):
    if path.suffix == ".xlsm":
        wb = openpyxl.load_workbook(WORKBOOK_PATH, keep_vba=True)
    else:
        wb = ledger_workbook()
        del wb["xlwings.conf"]
    plain_fill(wb, data)
    wb.save(path)
    if path.suffix == ".xlsm":
        restore_ribbon_relationship(path)
    return path


def cells(path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [(c.coordinate, c.value, c.data_type, c.number_format, repr(c.font), repr(c.fill),
                        repr(c.border), repr(c.alignment)) for row in ws.iter_rows() for c in row]
            + sorted(str(r) for r in ws.merged_cells.ranges) for ws in wb.worksheets}


def sheet_parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/") and n != "xl/vbaProject.bin"}


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_an_imported_ledger_is_written_cell_for_cell_as_the_plain_way_writes_it(tmp_path, suffix):
    result = flat_import(read_file(flat_ledger(tmp_path / "台账.xlsx")))
    assert len(result.data["measures"]) == 600 and len(result.data["problems"]) > 200
    written = write_ledger(tmp_path / f"imported{suffix}", result.data)
    plain = plain_ledger(tmp_path / f"plain{suffix}", result.data)

    mine, theirs = cells(written), cells(plain)
    assert mine.keys() == theirs.keys()
    for sheet in theirs:
        assert mine[sheet] == theirs[sheet], sheet
    assert sheet_parts(written) == sheet_parts(plain)  # styles, validations and formats too, byte for byte
    measures = openpyxl.load_workbook(written)[S.MEASURES_SHEET.name]
    assert any(c.is_date and c.number_format == DATE_FORMAT for row in measures.iter_rows(min_row=2) for c in row)
    assert len(measures.merged_cells.ranges) > 100
