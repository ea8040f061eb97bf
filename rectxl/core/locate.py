"""Locating a ledger table in a grid: the header row below any title rows, each column by its
header or an alias in any order, merged cells filled, the data rows (blank rows skipped)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from operator import itemgetter

from rectxl.core import schema
from rectxl.core.address import cell_ref
from rectxl.core.findings import Finding
from rectxl.core.grid import SheetGrid, header_key
from rectxl.core.values import is_blank, text_of


@dataclass
class Table:
    """A located ledger sheet: where its header is, which column holds which key, its data rows."""

    sheet: schema.Sheet
    grid: SheetGrid
    header_row: int  # 0-based absolute
    columns: dict[str, int]  # key → 0-based absolute column
    rows: list[int]  # 0-based absolute rows holding data

    @property
    def name(self) -> str:
        return self.grid.name

    def get(self, row: int, key: str) -> object:
        col = self.columns.get(key)
        return None if col is None else self.grid.value(row, col)

    def ref(self, row: int, key: str) -> str:
        col = self.columns.get(key)
        return cell_ref(row + 1, (col if col is not None else self.grid.left) + 1)


def _alias_map(sheet: schema.Sheet) -> dict[str, str]:
    return {header_key(n): c.key for c in sheet.columns for n in c.names}


def locate(grid: SheetGrid, sheet: schema.Sheet, findings: list[Finding]) -> Table | None:
    aliases = _alias_map(sheet)
    required = {c.key for c in sheet.required}
    best: tuple[int, int, dict[str, int], list] | None = None
    for i, values in enumerate(grid.rows[: schema.HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        dupes = []
        for j, v in enumerate(values):
            key = aliases.get(header_key(v)) if isinstance(v, str) else None
            if key is None:
                continue
            if key in found:
                dupes.append((key, grid.left + j, found[key]))
            else:
                found[key] = grid.left + j
        score = len(required & found.keys())
        if score and (best is None or score > best[0]):
            best = (score, grid.top + i, found, dupes)
        if score == len(required):
            break
    if best is None:
        if any(any(not is_blank(v) for v in r) for r in grid.rows):
            expected = "、".join(c.header for c in sheet.required)
            findings.append(Finding("header-not-found", grid.name, cell_ref(grid.top + 1, grid.left + 1),
                                    details={"rows": schema.HEADER_SEARCH_ROWS, "expected": expected}))
        elif not sheet.optional:  # (an optional sheet left empty is no finding)
            findings.append(Finding("sheet-empty", grid.name))
        return None
    _, header_row, columns, dupes = best
    for key, col, first in dupes:
        findings.append(Finding("header-duplicate", grid.name, cell_ref(header_row + 1, col + 1),
                                text_of(grid.value(header_row, col)), sheet.column(key).header,
                                {"other": cell_ref(header_row + 1, first + 1)}))
    unmatched = [text_of(grid.value(header_row, grid.left + j)) for j in range(len(grid.rows[header_row - grid.top]))
                 if grid.left + j not in columns.values()]
    for col in sheet.required:
        if col.key not in columns:
            close = difflib.get_close_matches(col.header, [u for u in unmatched if u], n=1, cutoff=0.4)
            findings.append(Finding("column-missing", grid.name, cell_ref(header_row + 1, grid.left + 1), "",
                                    col.header, {"suggestion": close[0] if close else ""}))
    _fill_merged(grid, header_row)
    rows = _data_rows(grid, header_row, list(columns.values()))
    if not rows and not sheet.optional:
        findings.append(Finding("sheet-empty", grid.name))
    return Table(sheet, grid, header_row, columns, rows)


def _data_rows(grid: SheetGrid, header_row: int, cols: list[int]) -> list[int]:
    """The 0-based rows below the header holding a value in any of the table's columns (an error
    cell a reader read as blank counts as a value)."""
    first = header_row - grid.top + 1
    js = [c - grid.left for c in cols]
    body = grid.rows[first:]
    blank = _blank_rows(body, js)
    if blank is None:
        filled = [header_row + 1 + i for i, values in enumerate(body)
                  if any(j < len(values) and not is_blank(values[j]) for j in js)]
    elif blank:
        filled = [header_row + 1 + i for i in range(len(body)) if i not in blank]
    else:
        filled = list(range(header_row + 1, header_row + 1 + len(body)))
    if error_rows := {r for r, c in grid.errors if c in cols and r > header_row}:
        filled = sorted(error_rows.union(filled))
    return filled


def _blank_rows(body: list[list], js: list[int]) -> set[int] | None:
    """The indexes of the rows blank in every column js, found column by column: a column's blank
    values among its distinct ones, then only the rows blank so far looked at in the next one
    (a progress sheet has a quarter of a million rows). None for a ragged grid."""
    if not js or not body or min(map(len, body)) <= max(js):
        return None
    blank_so_far = range(len(body))
    for j in js:
        column = list(map(itemgetter(j), body))
        try:
            distinct = set(column)
        except TypeError:  # a value no reader gives (a list…): the row-by-row way
            return None
        blanks = {v for v in distinct if is_blank(v)}
        blank_so_far = [i for i in blank_so_far if column[i] in blanks] if blanks else []
        if not blank_so_far:
            break
    return set(blank_so_far)


def _fill_merged(grid: SheetGrid, header_row: int) -> None:
    """A value merged over several data cells (a problem ID down its measures) fills each of them.

    Only blank cells are filled: a live book's merges may come from its last saved copy."""
    for (r0, c0), (r1, c1) in grid.merged:
        if r0 <= header_row:
            continue
        value = grid.value(r0, c0)
        for r in range(r0, r1 + 1):
            row = grid.rows[r - grid.top] if 0 <= r - grid.top < len(grid.rows) else None
            if row is None:
                continue
            for c in range(c0, c1 + 1):
                j = c - grid.left
                if 0 <= j < len(row) and (r, c) != (r0, c0) and is_blank(row[j]):
                    row[j] = value
