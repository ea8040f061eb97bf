"""Shared strings as the readers will see them, measured before either loads a workbook.

python-calamine copies a shared string into every cell that uses it, and to_python makes a
Python string of each copy: a 1 MB file whose 200,000 cells all point at one 100 KB string
asks for 20 GB and aborts the process. `StringCopies` bounds the text the loaded sheets
would hold (MAX_STRING_COPIES bytes of text) before calamine opens the file, in up to three steps,
each only when the one before can't vouch: cells × the table's size; cells × its longest
string; the exact sum over the sheets' shared-string cells. (Cells: the shared-string cells the
quick scan counted, else all the cells of the sheet.)

The two readers also take a cell's string index differently: python-calamine reads anything but
plain digits (" 1 ", "+1", "1.0", "-1") as string 0, openpyxl as int() has it (string 1, or an
error), so `write` would put another string into the cell than `validate` checked.
`check_string_indices` refuses such a cell, and an index past the table, before openpyxl opens
the file.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Iterator
from itertools import chain

from rectxl.io.extent import CellWalker
from rectxl.io.limits import MAX_STRING_COPIES, Irregular, Refused, SheetExtent
from rectxl.io.xmlparts import SHARED_STRINGS, open_zip, sheet_parts, expat_parser, feed, local_name, parse, part_chunks, part_info

__all__ = ["StringCopies", "check_string_indices", "check_indices_in"]

# A shared-string cell's type and value as Excel and the common libraries write it: t="s" (the
# cell's last attributes), then its <v>. A stretch of sheet XML where these don't account for
# every t="s", where an "s" value is not a t="s", or with a single quote (t='s'), a prefixed
# cell or "<!", is read with expat instead.
_STRING_CELL = re.compile(rb't="s"[^<>]*><v>([^<]*)</v>')
_PREFIXED = re.compile(rb":(?:c|si)[\s/>]")
_DIGITS = re.compile(rb"[0-9]+")


def _cells_bound(extent) -> int:
    """At most how many shared-string cells python-calamine will find in the sheet."""
    if isinstance(extent, SheetExtent):
        return extent.cells
    return extent.rows * extent.cols if extent.string_cells is None else extent.string_cells


class StringCopies:
    """The shared-string text the sheets added so far would make python-calamine hold: add() each
    sheet as it is measured, Refused as soon as the sheets so far would copy out more than
    MAX_STRING_COPIES bytes; the sheets added before it are then safe to load. The three steps
    of the module's docstring, over the sheets so far; each sheet's cells are counted exactly at
    most once, the table's lengths read at most once."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.size = info.file_size if (info := part_info(zf, SHARED_STRINGS)) is not None else None
        self.cells = 0  # the bound on the shared-string cells of the sheets so far
        self.parts: list[str] = []
        self.counted, self.total = 0, 0  # the first `counted` parts' exact text, in bytes
        self.lengths: array | None = None

    def add(self, part: str, extent) -> None:
        self.parts.append(part)
        self.cells += _cells_bound(extent)
        if self.size is None or self.cells * self.size <= MAX_STRING_COPIES:
            return
        if self.lengths is None:
            self.lengths = string_lengths(self.zf)
            self.longest = max(self.lengths, default=0)
        if self.cells * self.longest <= MAX_STRING_COPIES:
            return
        for part in self.parts[self.counted:]:
            self.total += _text_of_cells(self.zf, part, self.lengths, self.longest)
            self.counted += 1
            if self.total > MAX_STRING_COPIES:
                mb, limit = self.total >> 20, MAX_STRING_COPIES >> 20
                raise Refused(
                    f"工作表中引用共享字符串的单元格展开后将有 {mb} MB 文字，超过上限 {limit} MB；文件可能是恶意构造的",
                    f"its cells would copy out {mb} MB of shared-string text, over the {limit} MB limit; it may be malicious")


def _text_of_cells(zf: zipfile.ZipFile, part: str, lengths: array, longest: int) -> int:
    """The bytes of shared-string text a sheet part's cells would hold (an index that is not plain
    digits within the table counted as the longest string)."""
    counted = 0
    for batch in string_indices(zf, part):
        if batch is None:  # the batches come again, read with expat
            counted = 0
            continue
        counted += sum(lengths[int(i)] if _DIGITS.fullmatch(i) and int(i) < len(lengths) else longest for i in batch)
    return counted


def check_string_indices(zf: zipfile.ZipFile, parts: dict[str, str]) -> None:
    """Refused when a shared-string cell of the sheets `parts` holds an index that is not plain
    digits within the table: the two readers would take it for different strings."""
    count = len(string_lengths(zf)) if part_info(zf, SHARED_STRINGS) is not None else 0
    for name, part in parts.items():
        for index in chain.from_iterable(filter(None, string_indices(zf, part))):
            if index and (not _DIGITS.fullmatch(index) or int(index) >= count):  # (empty: blank to both)
                shown = index.decode("utf-8", "replace")[:20]
                raise Refused(
                    f"工作表“{name}”中有单元格的共享字符串编号“{shown}”不规范（Excel 不会这样保存），无法安全写入；"
                    f"请在 Excel 中打开后另存一份再试",
                    f"a cell of sheet “{name}” holds the malformed shared-string index “{shown}” (Excel never "
                    f"saves one), so rectxl can't write into it safely; save it again in Excel")


def check_indices_in(path) -> None:
    """check_string_indices over every sheet of the workbook at `path` (openpyxl loads them all)."""
    with open_zip(path) as zf:
        check_string_indices(zf, sheet_parts(zf))


# -- the shared string table ---------------------------------------------------------------------


def string_lengths(zf: zipfile.ZipFile) -> array:
    """For each string of the table, in order, at least its size in UTF-8 bytes (its element's
    size, when the table is written the usual way; else its text's, read with expat)."""
    try:
        return _fast_lengths(zf)
    except Irregular:
        return _slow_lengths(zf)


def _fast_lengths(zf: zipfile.ZipFile) -> array:
    """Each string's bytes from the end of the one before to its </si>: an upper bound on its
    text, as long as every string ends in a literal </si> and nothing else holds one (no comment
    or CDATA, no prefixed or spaced end tag)."""
    lengths, carried, pending = array("q"), 0, b""
    for chunk in chain(part_chunks(zf, SHARED_STRINGS), [b""]):
        buf = pending + chunk
        cut = max(buf.rfind(b"<"), 0) if chunk else len(buf)  # a tag cut by the chunk's end waits
        if buf.find(b"<!", 0, cut) >= 0 or _PREFIXED.search(buf, 0, cut) or re.search(rb"</si\s", buf[:cut]):
            raise Irregular
        start = 0
        while (end := buf.find(b"</si>", start, cut)) >= 0:
            lengths.append(carried + end - start)
            carried, start = 0, end + 5
        carried += cut - start
        pending = buf[cut:]
    return lengths


def _slow_lengths(zf: zipfile.ZipFile) -> array:
    lengths, length = array("q"), [0]

    def start(name, attrs):
        if local_name(name) == "si":
            length[0] = 0

    def end(name):
        if local_name(name) == "si":
            lengths.append(length[0])

    def text(data):
        length[0] += len(data.encode("utf-8", "surrogatepass"))

    parse(zf, SHARED_STRINGS, expat_parser(start, end, text))
    return lengths


# -- the cells using it ----------------------------------------------------------------------------


def string_indices(zf: zipfile.ZipFile, part: str) -> Iterator[list[bytes] | None]:
    """The <v> texts of a sheet part's shared-string cells (t="s"), a batch at a time. None
    means: forget the batches so far, they come again (the fast scan met a stretch it can't
    vouch for, and expat reads the part from the start)."""
    try:
        yield from _fast_indices(zf, part)
    except Irregular:
        yield None
        yield from _slow_indices(zf, part)


def _fast_indices(zf: zipfile.ZipFile, part: str) -> Iterator[list[bytes]]:
    pending = b""
    for chunk in chain(part_chunks(zf, part), [b""]):
        buf = pending + chunk
        cut = buf.rfind(b'<c r="') if chunk else len(buf)
        if cut <= 0:
            pending = buf
            continue
        indices = _STRING_CELL.findall(buf, 0, cut)
        typed = buf.count(b't="s"', 0, cut)
        if (len(indices) != typed or buf.count(b'"s"', 0, cut) != typed or buf.find(b"'", 0, cut) >= 0
                or buf.find(b"<!", 0, cut) >= 0 or (buf.find(b":c", 0, cut) >= 0 and _PREFIXED.search(buf, 0, cut))):
            raise Irregular
        yield indices
        pending = buf[cut:]


def _slow_indices(zf: zipfile.ZipFile, part: str) -> Iterator[list[bytes]]:
    found: list[bytes] = []

    def on_cell(w: CellWalker) -> None:
        if w.type == "s" and w.value is not None:
            found.append("".join(w.value).encode())

    for _ in feed(zf, part, CellWalker(on_cell).parser()):
        yield found
        found = []
    yield found
