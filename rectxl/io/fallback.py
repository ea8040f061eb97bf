"""The bounded fallback reader: a sheet's values over a rectangle, streamed with expat, for the
sheets python-calamine can't load safely (far cells beyond the dense block).

It reads what the main path (python-calamine) reads: values, merged ranges, and dates as dates
(a number in a cell whose format is a date format, counted from 1900 or, when the workbook says
date1904, from 1904), so that one stray far cell changes nothing but the stray-cell finding.
"""

from __future__ import annotations

import datetime as dt
import re
from os import PathLike
import zipfile
from pathlib import Path

from rectxl.io.extent import CellWalker
from rectxl.io.limits import DAMAGED, Refused, refusals
from rectxl.core.address import parse_ref
from rectxl.io.xmlparts import (
    SHARED_STRINGS, expat_parser, local_name, open_zip, parse, part_info, sheet_parts, uses_1904,
)

__all__ = ["read_sheet_cells"]


# -- the fallback reader -----------------------------------------------------------------------


def read_sheet_cells(path: str | PathLike, sheet_name: str, max_row: int, max_col: int,
                     merges: list | None = None) -> list[list]:
    """The values of A1:(max_row, max_col) of an xlsx sheet, as max_row lists of max_col values,
    streaming the sheet's XML and skipping the cells outside the rectangle.

    Values: shared and inline strings as str (phonetic runs left out); numbers as float, as
    python-calamine gives them; booleans as bool; error values ("#N/A") and formula string
    results as str; empty cells, and formulas without a cached value, as "" (as calamine's
    to_python); a number in a date-formatted cell as a date (or a datetime when it has a time
    of day), as calamine gives it. merges, when given, gets the sheet's merged ranges as
    ((r0, c0), (r1, c1)), 0-based inclusive.
    UnreadableWorkbook as from probe_workbook; KeyError for an unknown sheet."""
    path = Path(path)
    grid: list[list] = [[""] * max_col for _ in range(max_row)]
    with refusals(path), open_zip(path) as zf:
        parts = sheet_parts(zf)
        if sheet_name not in parts:
            raise KeyError(sheet_name)
        strings = _shared_strings(zf)
        dates = _date_styles(zf)
        epoch = _EPOCH_1904 if uses_1904(zf) else _EPOCH_1900

        def on_cell(w: CellWalker) -> None:
            if 0 < w.row <= max_row and 0 < w.col <= max_col:
                value = _cell_value(w, strings)
                if w.style in dates and isinstance(value, float) and w.type == "n":
                    value = _as_date(value, epoch)
                grid[w.row - 1][w.col - 1] = value

        walker = CellWalker(on_cell)
        parser = walker.parser()

        def start(name, attrs):
            if merges is not None and local_name(name) == "mergeCell":
                first, _, last = attrs.get("ref", "").partition(":")
                try:
                    (r0, c0), (r1, c1) = parse_ref(first), parse_ref(last or first)
                except ValueError:
                    raise Refused(*DAMAGED) from None
                merges.append(((r0 - 1, c0 - 1), (r1 - 1, c1 - 1)))
            walker.start(name, attrs)

        parser.StartElementHandler = start
        parse(zf, parts[sheet_name], parser)
    return grid


_EPOCH_1900 = dt.datetime(1899, 12, 30)  # (Excel's serial 60 is the 29 February 1900 that never was)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
# Excel's built-in number formats that show a date or a time.
_BUILTIN_DATES = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _as_date(serial: float, epoch: dt.datetime):
    """A date (a datetime when it has a time of day), as python-calamine reads a date cell."""
    try:
        moment = epoch + dt.timedelta(days=serial)
    except OverflowError:
        return serial
    moment = moment.replace(microsecond=0) if moment.microsecond < 500_000 else moment
    return moment.date() if moment.time() == dt.time() else moment


def _date_styles(zf) -> set[str]:
    """The cell format indices (as the cells' s attributes write them) whose number format is a date."""
    custom: dict[str, str] = {}
    formats: list[str] = []
    in_xfs = [False]

    def start(name, attrs):
        local = local_name(name)
        if local == "numFmt":
            custom[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            in_xfs[0] = True
        elif local == "xf" and in_xfs[0]:
            formats.append(attrs.get("numFmtId", "0"))

    def end(name):
        if local_name(name) == "cellXfs":
            in_xfs[0] = False

    if part_info(zf, "xl/styles.xml") is None:
        return set()
    parse(zf, "xl/styles.xml", expat_parser(start, end))

    def is_date(fmt: str) -> bool:
        if fmt in custom:
            return bool(re.search(r"[dmyhs]", _QUOTED.sub("", custom[fmt]), re.IGNORECASE))
        return fmt.isdecimal() and int(fmt) in _BUILTIN_DATES

    return {str(i) for i, fmt in enumerate(formats) if is_date(fmt)}


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared string table: each <si>'s <t> texts joined, phonetic runs left out."""
    part = SHARED_STRINGS  # where python-calamine reads them from, whatever the relationships say
    if part_info(zf, part) is None:
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
