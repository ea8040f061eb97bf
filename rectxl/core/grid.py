"""A sheet's values as read (a grid), whatever reader produced it, and how sheets and headers
are recognised by name (spaces, line breaks, full-width forms and * marks don't count)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectxl.core import schema
from rectxl.core.values import norm, text_of

Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class SheetGrid:
    """One sheet's values. rows[i][j] is the cell at 0-based (top + i, left + j)."""

    name: str
    rows: list[list]
    top: int = 0
    left: int = 0
    merged: list[Merge] = field(default_factory=list)  # 0-based absolute, inclusive
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # error cells a reader read as blank
    stray: tuple[str, ...] = ()  # refs of far-away cells the reader left out

    def value(self, row: int, col: int) -> object:
        """The value at 0-based absolute (row, col), an Excel error as its text."""
        if (row, col) in self.errors:
            return self.errors[(row, col)]
        i, j = row - self.top, col - self.left
        if 0 <= i < len(self.rows) and 0 <= j < len(self.rows[i]):
            return self.rows[i][j]
        return None



_NOT_IN_HEADER_KEY = re.compile(r"[\s*＊:：※★☆▲△●◆■□◎]")  # spaces and marks offices add to headers


def header_key(text: object) -> str:
    """How headers are compared: no spaces or line breaks, full-width folded, no marks (* ※ ★ …)."""
    return _NOT_IN_HEADER_KEY.sub("", norm(text_of(text))).casefold()


def sheet_key(name: str) -> str:
    """How sheet names are compared: no spaces, full-width folded, case-insensitive."""
    return re.sub(r"\s+", "", norm(name)).casefold()


def find_sheet(grids: list[SheetGrid], sheet: schema.Sheet) -> SheetGrid | None:
    """The grid of `sheet`, found by its name or an alias."""
    wanted = {sheet_key(n) for n in sheet.names}
    return next((g for g in grids if sheet_key(g.name) in wanted), None)
