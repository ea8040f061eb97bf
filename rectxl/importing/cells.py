"""A flat sheet's cells with their merges: a cell covered by a merged range takes the range's
value when blank (the problem text merged down over its measures' rows).

Each row's non-blank cells are found once, when the row is first asked about: the sheet walk asks
of every data row's cells several times (rectxl.importing.flat)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rectxl.core.grid import SheetGrid
from rectxl.core.values import is_blank


def by_value(fn: Callable) -> Callable:
    """fn of cell values, computed once per distinct arguments: a ledger repeats its units, people,
    deadlines and statuses down thousands of rows. Types count (1, 1.0 and True are different cells)."""
    memo: dict[tuple, object] = {}

    def cached(*args):
        if len(args) > 1:
            key = (*args, *map(type, args))
        else:  # a text is its own key: no value of another type equals it
            key = args[0] if args[0].__class__ is str else (args[0], type(args[0]))
        try:
            return memo[key]
        except KeyError:
            found = memo[key] = fn(*args)
            return found
        except TypeError:  # an unhashable value
            return fn(*args)

    return cached


class Cells:
    def __init__(self, grid: SheetGrid):
        self.grid = grid
        self.bottom = grid.top + len(grid.rows) - 1
        self.right = grid.left + max((len(r) for r in grid.rows), default=0) - 1
        self.origin_of: dict[tuple[int, int], tuple[int, int]] = {}
        self.span: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (r1, c1) in grid.merged:
            self.span[(r0, c0)] = (r1, c1)
            for r in range(max(r0, grid.top), min(r1, self.bottom) + 1):
                for c in range(max(c0, grid.left), min(c1, self.right) + 1):
                    if (r, c) != (r0, c0):
                        self.origin_of[(r, c)] = (r0, c0)
        self._rows: dict[int, dict[int, object]] = {}

    def _row(self, row: int) -> dict[int, object]:
        """{column: value} of the row's non-blank cells between the sheet's left and right edges."""
        found = self._rows.get(row)
        if found is None:
            grid, found = self.grid, {}
            i = row - grid.top
            typed = grid.rows[i] if 0 <= i < len(grid.rows) else []
            for c, v in enumerate(typed, grid.left):
                if not is_blank(v := grid.errors.get((row, c), v) if grid.errors else v):
                    found[c] = v
            for c in range(grid.left + len(typed), self.right + 1) if grid.errors else ():
                if not is_blank(v := grid.errors.get((row, c))):
                    found[c] = v
            self._rows[row] = found
        return found

    def own(self, row: int, col: int) -> object:
        if self.grid.left <= col <= self.right:
            return self._row(row).get(col)
        value = self.grid.value(row, col)
        return None if is_blank(value) else value

    def value(self, row: int, col: int) -> object:
        return self._or_merged(row, col, self.own(row, col))

    def fields(self, row: int, columns: dict[str, int]) -> dict[str, object]:
        """{name: value(row, column)} for each named column: value() for a whole row at once."""
        own, left, right = self._row(row), self.grid.left, self.right
        return {name: self._or_merged(row, c, own.get(c) if left <= c <= right else self.own(row, c))
                for name, c in columns.items()}

    def _or_merged(self, row: int, col: int, own: object) -> object:
        """The cell's own value, or when blank the value of the merged range covering it."""
        if own is None and (row, col) in self.origin_of:
            return self.own(*self.origin_of[(row, col)])
        return own

    def merged_origin(self, row: int, col: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range holding (row, col), or None when not merged."""
        if (row, col) in self.span:
            return (row, col)
        return self.origin_of.get((row, col))

    def across(self, row: int, col: int) -> bool:
        """Whether (row, col) is part of a range merged over two columns or more."""
        origin = self.merged_origin(row, col)
        return origin is not None and self.span[origin][1] > origin[1]

    def row_values(self, row: int) -> Mapping[int, object]:
        """{column: value} of the row's non-blank cells: the row's own record, not a copy (the walk
        asks of each row more than once), so never to be changed."""
        return self._row(row)
