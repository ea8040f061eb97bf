"""Readers: a workbook file (python-calamine) or a live book (xlwings), both → sheet grids.

A file is first probed (rectxl.io.probe): hostile or broken files are refused before any parser
inflates them, and each sheet's cells are known to lie within a bounded range before
python-calamine loads it — a single stray value at XFD1048576 would otherwise make calamine try
to allocate the whole range and abort the process. Such a sheet is read over its dense part
only and the stray cells reported; so are far cells found among the values of a sheet loaded
whole.
"""

from __future__ import annotations

import io
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import fields
from functools import partial
from pathlib import Path

from rectxl.core.address import cell_ref
from rectxl.core.bulk import gc_paused
from rectxl.errors import UnreadableWorkbook
from rectxl.io.extent import dense_limits
from rectxl.io.fallback import read_sheet_cells
from rectxl.io.limits import CRAFTED, FAR_COLS, FAR_ROWS, MAX_FAR_LISTED, MAX_LOAD_CELLS, Probe, SheetExtent
from rectxl.io.probe import probe_workbook
from rectxl.core import schema
from rectxl.core.grid import SheetGrid, sheet_key
from rectxl.core.ledger import Ledger, build_ledger

__all__ = ["UnreadableWorkbook", "grids_from_values", "read_file", "read_ledger"]


def _calamine_grid(workbook, name: str) -> SheetGrid:
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python(skip_empty_area=True)
    top, left = sheet.start if rows else (0, 0)
    merged = [tuple(map(tuple, r)) for r in (sheet.merged_cell_ranges or [])]
    return SheetGrid(name, rows, top, left, merged)


def _without_far_cells(grid: SheetGrid) -> SheetGrid:
    """The grid cut to its dense block (rectxl.io.extent.dense_limits), the far cells' refs as its stray
    ones. python-calamine reads a blank cell as "" and its range is rectangular."""
    rows = grid.rows
    width = len(rows[0]) if rows else 0
    if grid.top + len(rows) <= FAR_ROWS[1] and grid.left + width <= FAR_COLS[1]:
        return grid  # nothing can be far
    blank = [""] * width
    # Rows from near the top with no gap, no far column: nothing is far (common, and quick to see).
    if grid.top < FAR_ROWS[1] and grid.left + width <= FAR_COLS[1] and blank not in rows:
        return grid
    filled_rows = [i for i, values in enumerate(rows) if values != blank]
    filled_cols = ([j for j, column in enumerate(zip(*rows)) if column.count("") != len(column)]
                   if grid.left + width > FAR_COLS[1] else [width - 1])
    if not filled_rows:
        return grid
    dense_rows, dense_cols = dense_limits([grid.top + i + 1 for i in filled_rows],
                                          [grid.left + j + 1 for j in filled_cols])
    keep_rows, keep_cols = max(dense_rows - grid.top, 0), max(dense_cols - grid.left, 0)
    if filled_rows[-1] < keep_rows and filled_cols[-1] < keep_cols:
        return grid
    far = [cell_ref(grid.top + i + 1, grid.left + j + 1) for i in filled_rows for j, v in enumerate(rows[i])
           if v != "" and (i >= keep_rows or j >= keep_cols)]
    kept = [values[:keep_cols] for values in rows[:keep_rows]]
    return SheetGrid(grid.name, kept, grid.top, grid.left, grid.merged, stray=tuple(far[:MAX_FAR_LISTED]))


def read_file(path: str | Path) -> list[SheetGrid]:
    """Every sheet of a workbook file as a grid; UnreadableWorkbook when it can't be read."""
    return _read(Path(path), background=False)


def read_ledger(path: str | Path) -> Ledger:
    """The typed ledger of a workbook file (build_ledger over the grids of its ledger sheets; any
    other sheet is neither measured nor loaded, only named), faster: the sheets are loaded on a
    second thread, each as soon as it is measured, python-calamine parsing without holding the
    GIL, the largest last, while the others are typed. UnreadableWorkbook as read_file;
    NotALedger when the workbook has no ledger sheet."""
    path = Path(path)
    return build_ledger(_read(path, background=True, wanted=is_ledger_sheet)).require_ledger(path.name)


class _LoadingGrid(SheetGrid):
    """A sheet grid a thread is still loading: its name at once; its other fields wait for the
    load (and raise what it raised)."""

    def __init__(self, name: str, loaded: Future):  # the other fields are the loaded grid's
        self.name, self._loaded = name, loaded


class _Loaded:
    """A field of a _LoadingGrid. The first read of any waits for the load and copies the loaded
    grid's fields into the instance, where every later read finds them as plain attributes (this
    descriptor defines no __set__, so the instance's own value wins)."""

    def __set_name__(self, owner, name: str):
        self.name = name

    def __get__(self, grid, owner=None):
        if grid is None:
            return self
        grid.__dict__.update(vars(grid._loaded.result()))
        return grid.__dict__[self.name]


for _field in fields(SheetGrid):
    if _field.name != "name":
        _descriptor = _Loaded()
        _descriptor.__set_name__(_LoadingGrid, _field.name)
        setattr(_LoadingGrid, _field.name, _descriptor)


class _Helper:
    """A second thread that opens the workbook (python-calamine's can't be shared between threads)
    as soon as the file has passed its checks, while the sheets are measured, then loads the
    sheets it is given, in turn: the workbook is opened once. start(), then load()s, then close()."""

    def __init__(self, path: Path):
        self.path = path
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()

    started = False

    def start(self) -> None:
        threading.Thread(target=self._work, name="rectxl: loading", daemon=True).start()
        self.started = True

    def load(self, load: Callable[[object], SheetGrid]) -> Future:
        loaded: Future = Future()
        self._jobs.put((load, loaded))
        return loaded

    def close(self) -> None:
        self._jobs.put(None)

    def _work(self) -> None:
        try:
            with _open_workbook(self.path) as workbook:
                while (job := self._jobs.get()) is not None:
                    try:
                        job[1].set_result(job[0](workbook))
                    except BaseException as exc:  # noqa: BLE001 — handed to whoever waits for the grid
                        job[1].set_exception(exc)
        except BaseException as exc:  # noqa: BLE001 — the workbook didn't open: every job gets why
            while (job := self._jobs.get()) is not None:
                job[1].set_exception(exc)


def is_ledger_sheet(name: str) -> bool:
    """Whether a sheet of this name is one of the ledger's (rectxl.core.grid.find_sheet's test)."""
    return sheet_key(name) in _LEDGER_KEYS


_LEDGER_KEYS = {sheet_key(n) for sheet in schema.LEDGER_SHEETS for n in sheet.names}


def _open_workbook(path: Path):
    import python_calamine

    try:
        try:
            os.fsencode(str(path)).decode("utf-8")
        except UnicodeError:  # a name that is not UTF-8 (copied from an old GBK system): calamine takes str only
            with open(path, "rb") as f:
                return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(f.read()))
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a broken file
        raise UnreadableWorkbook.because(path, "文件已损坏，无法打开；请在 Excel 中打开后另存一份再试",
                                         f"the file is damaged and cannot be opened ({exc})") from None


@gc_paused
def _read(path: Path, background: bool, wanted: Callable[[str], bool] | None = None) -> list[SheetGrid]:
    helper = _Helper(path) if background else None
    loading: dict[str, Future] = {}

    def checked() -> None:  # the file is safe to open: the helper opens it while sheets are measured
        helper.start()

    def measured(name: str, extent) -> None:  # safe to load now; told of the largest last
        loading[name] = helper.load(partial(_read_sheet, path=path, name=name, extent=extent))

    try:
        probe: Probe = probe_workbook(path, quick=True, wanted=wanted,
                                      checked=checked if helper else None, measured=measured if helper else None)
        if loading:
            return [*(_LoadingGrid(name, loading[name]) for name in probe.sheets),
                    *(SheetGrid(name, []) for name in probe.skipped)]
    finally:
        if helper is not None and helper.started:
            helper.close()
    with _open_workbook(path) as workbook:
        return [_read_or_skip(workbook, path, name, probe) for name in workbook.sheet_names]


def _read_or_skip(workbook, path: Path, name: str, probe: Probe) -> SheetGrid:
    if name in probe.skipped:
        return SheetGrid(name, [])
    if probe.kind == "xlsx" and name not in probe.sheets:  # a sheet calamine sees and the probe didn't
        raise UnreadableWorkbook.because(path, *CRAFTED)
    return _read_sheet(workbook, path, name, probe.sheets.get(name), probe.merges.get(name))


def _read_sheet(workbook, path: Path, name: str, extent, merges: list | None = None) -> SheetGrid:
    try:
        if not isinstance(extent, SheetExtent):  # bounded by the quick scan, or not xlsx
            grid = _without_far_cells(_calamine_grid(workbook, name))
        elif extent.far_cells or extent.rows * extent.cols > MAX_LOAD_CELLS:
            rows, cols = extent.dense_rows, extent.dense_cols
            if rows * cols > MAX_LOAD_CELLS:
                raise UnreadableWorkbook.because(
                    path, f"工作表“{name}”过大（{extent.rows} 行 × {extent.cols} 列）",
                    f"sheet “{name}” is too large ({extent.rows} rows × {extent.cols} columns)")
            merged: list = []
            grid = SheetGrid(name, read_sheet_cells(path, name, rows, cols, merged), merged=merged,
                             stray=extent.far_cells)
        else:
            grid = _calamine_grid(workbook, name)
    except UnreadableWorkbook:
        raise
    except Exception as exc:
        raise UnreadableWorkbook.because(path, f"工作表“{name}”已损坏，无法读取；请在 Excel 中打开后另存一份再试",
                                         f"sheet “{name}” is damaged and cannot be read ({exc})") from None
    if isinstance(extent, SheetExtent):
        grid.errors = dict(extent.errors)
    if merges is not None:  # (python-calamine reports none for OpenDocument sheets)
        grid.merged = merges
    return grid


def grids_from_values(sheets: dict[str, list[list]]) -> list[SheetGrid]:
    """Grids from plain values (a live book's sheets, a test's rows): rows[0] is row 1."""
    return [SheetGrid(name, [list(r) for r in rows]) for name, rows in sheets.items()]
