"""Flat ledgers rebuilt from public material (issue 13: "Understand the ledgers offices actually keep").

Each module lNN_<short>.py holds SOURCE (where the layout was found), a docstring describing the
layout as found, the table data transcribed from the source (abridged where said), build(path)
writing it as an .xlsx with its merges and header rows, and EXPECTED: the counts a person reading
the source arrives at (never rectxl's output). README.md in this folder lists the layouts and the
vocabulary (statuses, header variants, deadline forms) gathered from everything read.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import openpyxl


def modules():
    """The corpus modules, in file order."""
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name[:1] == "l")
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


class Sheet:
    """A tiny writer: rows appended in order, merges given by 1-based (row, col) ranges."""

    def __init__(self, title: str = "Sheet1"):
        self.wb = openpyxl.Workbook()
        self.ws = self.wb.active
        self.ws.title = title

    @property
    def row(self) -> int:
        return self.ws.max_row if self.ws.max_row > 1 or self.ws["A1"].value is not None else 0

    def add(self, *values) -> int:
        r = self.row + 1
        for c, v in enumerate(values, 1):
            if v is not None:
                self.ws.cell(r, c, v)
        return r

    def across(self, text: str, width: int) -> int:
        """A line merged across the table (title, filler line, section row)."""
        r = self.add(text)
        if width > 1:
            self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        return r

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def down(self, first: int, last: int, *cols: int) -> None:
        """Merge each of cols from row first down to row last."""
        for c in cols:
            self.merge(first, c, last, c)

    def save(self, path: Path) -> None:
        self.wb.save(path)
