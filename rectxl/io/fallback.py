"""The bounded fallback reader: a sheet's values over a rectangle, streamed with expat, for the
sheets python-calamine can't load safely (far cells beyond the dense block)."""

from __future__ import annotations

from os import PathLike
import zipfile
from pathlib import Path

from rectxl.io.extent import CellWalker
from rectxl.io.limits import DAMAGED, Refused, refusals
from rectxl.io.xmlparts import expat_parser, local_name, open_zip, parse, relationships, sheet_parts

__all__ = ["read_sheet_cells"]


# -- the fallback reader -----------------------------------------------------------------------


def read_sheet_cells(path: str | PathLike, sheet_name: str, max_row: int, max_col: int) -> list[list]:
    """The values of A1:(max_row, max_col) of an xlsx sheet, as max_row lists of max_col values,
    streaming the sheet's XML and skipping the cells outside the rectangle.

    Values: shared and inline strings as str (phonetic runs left out); numbers as float, as
    python-calamine gives them; booleans as bool; error values ("#N/A") and formula string
    results as str; empty cells, and formulas without a cached value, as "" (as calamine's
    to_python). Dates stay numbers (Excel serials): unlike calamine, no style is read.
    UnreadableWorkbook as from probe_workbook; KeyError for an unknown sheet."""
    path = Path(path)
    grid: list[list] = [[""] * max_col for _ in range(max_row)]
    with refusals(path), open_zip(path) as zf:
        parts = sheet_parts(zf)
        if sheet_name not in parts:
            raise KeyError(sheet_name)
        strings = _shared_strings(zf)

        def on_cell(w: CellWalker) -> None:
            if 0 < w.row <= max_row and 0 < w.col <= max_col:
                grid[w.row - 1][w.col - 1] = _cell_value(w, strings)

        parse(zf, parts[sheet_name], CellWalker(on_cell).parser())
    return grid


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared string table: each <si>'s <t> texts joined, phonetic runs left out."""
    rels = relationships(zf, "xl/_rels/workbook.xml.rels", "xl")
    part = next((p for kind, p in rels.values() if kind.endswith("/sharedStrings")), None)
    if part not in zf.NameToInfo:
        return []
    strings: list[str] = []
    texts: list[str] = []
    capture = phonetic = False

    def start(name, attrs):
        nonlocal capture, phonetic
        local = local_name(name)
        if local == "si":
            texts.clear()
        elif local == "rPh":
            phonetic = True
        elif local == "t":
            capture = not phonetic

    def end(name):
        nonlocal capture, phonetic
        local = local_name(name)
        if local == "si":
            strings.append("".join(texts))
        elif local == "rPh":
            phonetic = False
        elif local == "t":
            capture = False

    def text(data):
        if capture:
            texts.append(data)

    parse(zf, part, expat_parser(start, end, text))
    return strings


def _cell_value(w: CellWalker, strings: list[str]) -> object:
    if w.type == "inlineStr":
        return "".join(w.inline)
    v = "".join(w.value or ())
    if not v:
        return ""
    if w.type == "s":
        i = int(v) if v.strip().isdecimal() else -1
        if not 0 <= i < len(strings):
            raise Refused(*DAMAGED)
        return strings[i]
    if w.type == "b":
        return v.strip() in ("1", "true")
    if w.type == "n":
        try:
            return float(v)
        except ValueError:
            return v
    return v  # "e" (error values), "str" (formula text results), "d" (ISO dates)
