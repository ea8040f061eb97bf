"""Cell addresses: column letters and A1 references."""

from __future__ import annotations

import re

# Up to 7 letters, as python-calamine reads a cell's r: a crafted "ZZZZ3" is a far (stray) cell
# whose finding must still be placed and sorted.
_REF = re.compile(r"\$?([A-Za-z]{1,7})\$?(\d+)")


def col_letter(col: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def cell_ref(row: int, col: int) -> str:
    """1-based row and column → "J17"."""
    return f"{col_letter(col)}{row}"


def parse_ref(ref: str) -> tuple[int, int]:
    """"XFD1048576" → (1048576, 16384), 1-based (row, col)."""
    m = _REF.fullmatch(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m[2]), col_number(m[1])
