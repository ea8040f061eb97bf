"""Readers: a workbook file (python-calamine) or a live book (xlwings), both → sheet grids.

A file is first probed (rectxl.container): hostile or broken files are refused before any parser
inflates them, and each sheet's true extent is known before python-calamine loads it — a single
stray value at XFD1048576 would otherwise make calamine try to allocate the whole range and
abort the process. Such a sheet is read over its dense part only and the stray cells reported.
"""

from __future__ import annotations

from pathlib import Path

from .container import Probe, UnreadableWorkbook, probe_workbook, read_sheet_cells
from .ledger import SheetGrid

# Above this many cells in one sheet's range, python-calamine is not asked to load it.
MAX_SHEET_CELLS = 8_000_000

__all__ = ["UnreadableWorkbook", "read_file", "grids_from_values"]


def _calamine_grid(workbook, name: str) -> SheetGrid:
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=True)
    top, left = sheet.start if rows else (0, 0)
    merged = [tuple(map(tuple, r)) for r in (sheet.merged_cell_ranges or [])]
    return SheetGrid(name, rows, top, left, merged)


def read_file(path: str | Path) -> list[SheetGrid]:
    """Every sheet of a workbook file as a grid; UnreadableWorkbook when it can't be read."""
    import python_calamine

    path = Path(path)
    probe: Probe = probe_workbook(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a broken file
        raise UnreadableWorkbook.because(path, "文件已损坏，无法打开；请在 Excel 中打开后另存一份再试",
                                         f"the file is damaged and cannot be opened ({exc})") from None
    grids = []
    with workbook:
        for name in workbook.sheet_names:
            extent = probe.sheets.get(name)
            try:
                if extent is not None and (extent.far_cells or extent.rows * extent.cols > MAX_SHEET_CELLS):
                    rows, cols = extent.dense_rows, extent.dense_cols
                    if rows * cols > MAX_SHEET_CELLS:
                        raise UnreadableWorkbook.because(
                            path, f"工作表“{name}”过大（{extent.rows} 行 × {extent.cols} 列）",
                            f"sheet “{name}” is too large ({extent.rows} rows × {extent.cols} columns)")
                    grid = SheetGrid(name, read_sheet_cells(path, name, rows, cols), stray=extent.far_cells)
                else:
                    grid = _calamine_grid(workbook, name)
            except UnreadableWorkbook:
                raise
            except Exception as exc:
                raise UnreadableWorkbook.because(path, f"工作表“{name}”已损坏，无法读取；请在 Excel 中打开后另存一份再试",
                                                 f"sheet “{name}” is damaged and cannot be read ({exc})") from None
            if extent is not None:
                grid.errors = dict(extent.errors)
            if name in probe.merges:
                grid.merged = probe.merges[name]
            grids.append(grid)
    return grids


def grids_from_values(sheets: dict[str, list[list]]) -> list[SheetGrid]:
    """Grids from plain values (a live book's sheets, a test's rows): rows[0] is row 1."""
    return [SheetGrid(name, [list(r) for r in rows]) for name, rows in sheets.items()]
