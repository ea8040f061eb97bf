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
from rectxl.core.bulk import gc_paused

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
                if ws.cell(r, 2, row["value"]).data_type == "f":  # text, never a formula
                    ws.cell(r, 2).data_type = "s"
                if isinstance(row["value"], dt.date):
                    ws.cell(r, 2).number_format = DATE_FORMAT
            continue
        keys = [c.key for c in sheet.columns]
        _write_rows(ws, keys, rows)
        if sheet.key == "measures" and merge_problem_ids:
            _merge_runs(ws, keys.index("problem_id") + 1, [r.get("problem_id") for r in rows], Alignment)


def _write_rows(ws, keys: list[str], rows: list[dict]) -> None:
    """Each row's values from row 2 down, as ws.cell(i, j, value) writes them (blanks skipped, dates
    shown as DATE_FORMAT), in fewer openpyxl calls: a new cell is made as ws.append makes it, and a
    date cell takes a copy of the style its first like got (10,000 imported measures took seconds
    through ws.cell and a number format looked up per cell)."""
    from openpyxl.cell.cell import Cell

    cells = ws._cells
    dated = _Restyle()
    last = 0
    for i, row in enumerate(rows, start=2):
        for j, key in enumerate(keys, start=1):
            value = row.get(key)
            if value is None or value == "":
                continue
            cell = cells.get((i, j))
            if cell is None:
                cells[i, j] = cell = Cell(ws, row=i, column=j, value=value)
                last = i
            else:
                cell.value = value
            if cell.data_type == "f":  # ledger text starting with "=" is text, never a formula
                cell.data_type = "s"
            elif isinstance(value, dt.date):
                dated.apply(cell, lambda: setattr(cell, "number_format", DATE_FORMAT))
    ws._current_row = max(ws._current_row, last)  # as ws.cell leaves it, for a later ws.append


class _Restyle:
    """One style change made to many cells: made the usual way on the first cell of each starting
    style (openpyxl adds the new font, format or alignment to the workbook's lists), copied from it
    onto the others."""

    def __init__(self):
        self.done: dict[tuple, object] = {}

    def apply(self, cell, change, *key) -> None:
        """change() restyles cell; key: whatever else its result depends on."""
        from openpyxl.styles.cell_style import StyleArray

        before = (_style_of(cell), *key)
        after = self.done.get(before)
        if after is None:
            change()
            self.done[before] = StyleArray(cell._style)
        else:
            cell._style = StyleArray(after)


def _style_of(cell) -> tuple | None:
    return tuple(cell._style) if cell._style is not None else None


def _merge_runs(ws, col: int, values: list, Alignment) -> None:
    """Merge each run of equal values down the column, as offices merge a problem over its measures.

    The runs are disjoint by construction, so each range joins the sheet's merged set directly:
    openpyxl's merge_cells checks a new range against every earlier one (10,000 imported rows took
    40 s that way). The top cell takes the bottom cell's right and bottom borders, as
    MergedCellRange does, and is centred vertically: each style made once and copied."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    direct = isinstance(getattr(ws.merged_cells, "ranges", None), set) and not ws.merged_cells.ranges
    cells = ws._cells
    borders, centred = _Restyle(), _Restyle()
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - start > 1:
                top, bottom = start + 2, i + 1
                if direct:
                    mcr = MergedCellRange.__new__(MergedCellRange)  # its __init__ parses and restyles
                    mcr.ws = ws
                    CellRange.__init__(mcr, min_col=col, min_row=top, max_col=col, max_row=bottom)
                    mcr.start_cell, end = ws.cell(top, col), ws.cell(bottom, col)
                    borders.apply(mcr.start_cell, mcr._get_borders, _style_of(end))
                    ws.merged_cells.ranges.add(mcr)
                    for r in range(top + 1, bottom + 1):  # the covered cells (no borders to carry over)
                        cells[r, col] = MergedCell(ws, r, col)
                else:
                    ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
                cell = ws.cell(top, col)
                centred.apply(cell, lambda: setattr(cell, "alignment", Alignment(vertical="center")))
            start = i


def write_new_ledger(path: Path, demo: bool = False) -> Path:
    """A fresh ledger (or the demo ledger): an .xlsm is a copy of the macro workbook, an .xlsx plain."""
    from rectxl.core.demo import demo_ledger

    return write_ledger(path, demo_ledger() if demo else None)


@gc_paused
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
        # openpyxl keeps the VBA parts in a ZipFile over a BytesIO; left to the collector (paused
        # here, so at exit) it is finalised after its buffer and prints a traceback: close it now.
        wb.vba_archive.close()
        restore_ribbon_relationship(path)
    return path
