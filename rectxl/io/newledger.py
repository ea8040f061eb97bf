"""Ledger rows written into a laid-out workbook (headers on row 1), and new ledgers on disk.

The layout itself (headers, widths, validations, formats) is the workbook builder's
(rectxl.workbook.build); `rectxl init` fills it with the demo ledger or leaves it blank, `rectxl import`
with the rows read from a flat sheet.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from rectxl.core import schema

DATE_FORMAT = "yyyy-mm-dd"


def fill(wb, data: dict[str, list[dict]], merge_problem_ids: bool = True) -> None:
    """Write rows ({column key: value} per sheet key) under each ledger sheet's header row."""
    from openpyxl.styles import Alignment

    for sheet in schema.LEDGER_SHEETS:
        rows = data.get(sheet.key, [])
        ws = wb[sheet.name]
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
                if value is None or value == "":
                    continue
                cell = ws.cell(i, j, value)
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
        if sheet.key == "measures" and merge_problem_ids:
            _merge_runs(ws, keys.index("problem_id") + 1, [r.get("problem_id") for r in rows], Alignment)


def _merge_runs(ws, col: int, values: list, Alignment) -> None:
    """Merge each run of equal values down the column, as offices merge a problem over its measures.

    The runs are disjoint by construction, so each range joins the sheet's merged set directly:
    openpyxl's merge_cells checks a new range against every earlier one (10,000 imported rows took
    40 s that way)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.merge import MergedCellRange

    direct = isinstance(getattr(ws.merged_cells, "ranges", None), set) and not ws.merged_cells.ranges
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - start > 1:
                if direct:
                    mcr = MergedCellRange(ws, f"{ws.cell(start + 2, col).coordinate}:{ws.cell(i + 1, col).coordinate}")
                    ws.merged_cells.ranges.add(mcr)
                    for r in range(start + 3, i + 2):  # the covered cells (no borders to carry over)
                        ws._cells[r, col] = MergedCell(ws, r, col)
                else:
                    ws.merge_cells(start_row=start + 2, start_column=col, end_row=i + 1, end_column=col)
                ws.cell(start + 2, col).alignment = Alignment(vertical="center")
            start = i


def write_new_ledger(path: Path, demo: bool = False) -> Path:
    """A fresh ledger (or the demo ledger): an .xlsm is a copy of the macro workbook, an .xlsx plain."""
    from rectxl.core.demo import demo_ledger

    return write_ledger(path, demo_ledger() if demo else None)


def write_ledger(path: Path, data: dict[str, list[dict]] | None = None) -> Path:
    """A ledger file holding data (rows as fill() takes them; None: blank): an .xlsm is a copy of the
    macro workbook (VBA project and ribbon kept), an .xlsx the plain laid-out sheets."""
    import openpyxl

    from rectxl.workbook.build import WORKBOOK_PATH, ledger_workbook, restore_ribbon_relationship

    path = Path(path)
    macro = path.suffix.lower() == ".xlsm"
    if macro:
        shutil.copyfile(WORKBOOK_PATH, path)
        if data is None:
            return path
        wb = openpyxl.load_workbook(path, keep_vba=True)
    else:
        wb = ledger_workbook()
        del wb["xlwings.conf"]
    if data is not None:
        fill(wb, data)
    wb.save(path)
    if macro:
        restore_ribbon_relationship(path)
    return path
