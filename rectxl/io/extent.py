"""Where a sheet's cells are, learnt from its XML before python-calamine loads it.

The exact scan (sheet_extent) counts every cell holding a value and finds the far ones; the
quick scan (sheet_bound) only vouches for a bound, from a few byte searches. Either way the
<dimension> element is never trusted. Cell addresses are rectxl.core.address's.
"""

from __future__ import annotations

import re
import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import chain
from operator import itemgetter

from rectxl.core.address import cell_ref, col_letter, col_number
from rectxl.io.limits import (
    CHUNK, DAMAGED, FAR_COLS, FAR_ROWS, MAX_FAR_LISTED, QUICK_MAX_CELLS, Irregular, Refused, SheetBound, SheetExtent,
)
from rectxl.io.xmlparts import part_chunks, expat_parser, feed, local_name

__all__ = ["CellWalker", "dense_limits", "sheet_bound", "sheet_extent"]

# A cell's r as loosely as python-calamine takes it ("xfd01048576" is XFD1048576 to it).
_REF = re.compile(r"([A-Za-z]{1,7})([0-9]{1,10})")
_ROW = re.compile(r"[0-9]{1,10}")


# -- sheet extents -----------------------------------------------------------------------------

# The fast scan reads raw bytes with a few regexes. It vouches only for a stretch of sheet XML
# with no comment, CDATA, processing instruction or DTD ("<!", "<?"), no prefixed cell element,
# and every cell element begun as Excel and the common libraries write it: `<c r="A1"`, more
# double-quoted attributes (none another r, no "<" or ">" in a value), then "/>", or ">" and
# straight away </c> or the cell's <v>, <f> or <is>. Any other stretch raises Irregular and
# the sheet is scanned again with expat (_slow_cells), which also rejects malformed XML: so a
# cell calamine would see can't hide from both. Within such a stretch, "<" only starts markup
# and a cell has a value iff the tag after its start tag is <v>, <f> or <is>.
# Error cells are found by their t="e" and a <v> after an optional <f>; a stretch with a t="e"
# they don't account for goes to expat too.
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL = rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"'
_VALUE_CELL = re.compile(_CELL + rb"[^<]*<" + _PREFIX + rb"(?:[fv]|is)[\s/>]")
_ERROR_CELL = re.compile(_CELL + rb'[^<>]*\st="e"[^<>]*>(?:<f[\s/>][^<]*(?:</f>)?)?<v>([^<]*)</v>')
_ODD_CELL = re.compile(
    rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?:\s+(?!r=)[^\s=<>/"\']+="[^"<>]*")*\s*'
    rb"(?:/>|>\s*<(?:/c>|" + _PREFIX + rb"(?:[fv]|is)[\s/>])))"
)
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # (any prefix; text like "x:c " goes to expat too)
PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?\s*")

# Per stretch of a sheet: the counted cells as (column letters, row digits), and the error
# cells as (column letters, row digits, error text).
_Cells = tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes, bytes]]]


def _fast_cells(zf: zipfile.ZipFile, part: str) -> Iterator[_Cells]:
    """The cells of a sheet written as Excel writes it; Irregular for any other."""
    chunks = part_chunks(zf, part)
    head = next(chunks, b"")
    prolog = PROLOG.match(head).end()
    if not head.startswith(b"<", prolog):  # UTF-16, say, which expat reads
        raise Irregular
    pending = head[prolog:]
    for chunk in chain(chunks, [b""]):
        buf = pending + chunk
        # Cut before the last cell start tag: every match lies within one cell, so all matches
        # before the cut are whole. What follows it waits for the next chunk.
        cut = buf.rfind(b'<c r="') if chunk else len(buf)
        if cut <= 0:
            if len(buf) > 4 * CHUNK:  # megabytes without a cell start: let expat stream them
                raise Irregular
            pending = buf
            continue
        errors = _ERROR_CELL.findall(buf, 0, cut) if buf.find(b' t="e"', 0, cut) >= 0 else []
        if (
            buf.find(b"<!", 0, cut) >= 0  # a comment, CDATA or DTD
            or buf.find(b"<?", 0, cut) >= 0
            or _PREFIXED_CELL.search(buf, 0, cut)
            or _ODD_CELL.search(buf, 0, cut)
            or len(errors) != buf.count(b' t="e"', 0, cut)
        ):
            raise Irregular
        yield _VALUE_CELL.findall(buf, 0, cut), errors
        pending = buf[cut:]


class CellWalker:
    """Expat handlers following cell positions as Excel does (a <row> without r is the next row,
    a <c> without r the next column) and calling `on_cell(self)` at each cell's end. A cell whose
    r is no cell address makes the file damaged (calamine can't read it either)."""

    def __init__(self, on_cell: Callable[[CellWalker], None]):
        self.on_cell = on_cell
        self.row = self.col = 0
        self.in_cell = self.has_value = self.in_phonetic = False
        self.type = "n"
        self.style = "0"  # the cell's s: its index into the workbook's cell formats
        self.value: list[str] | None = None  # text of <v>
        self.inline: list[str] = []  # text of the <t>s in <is>, phonetic runs left out
        self.capture: list[str] | None = None

    def parser(self):
        return expat_parser(self.start, self.end, self.text)

    def start(self, name, attrs):
        local = local_name(name)
        if local == "row":
            r = attrs.get("r", "")
            self.row = int(r) if _ROW.fullmatch(r) else self.row + 1
            self.col = 0
        elif local == "c":
            r = attrs.get("r")
            if r is None:  # (a cell before any row is in row 1)
                self.row, self.col = max(self.row, 1), self.col + 1
            elif m := _REF.fullmatch(r):
                self.row, self.col = int(m[2]), col_number(m[1])
            else:
                raise Refused(*DAMAGED)
            self.in_cell, self.has_value = True, False
            self.type = attrs.get("t", "n")
            self.style = attrs.get("s", "0")
            self.value, self.inline = None, []
        elif self.in_cell:
            if local in ("v", "f", "is"):
                self.has_value = True
            if local == "v":
                self.capture = self.value = []
            elif local == "t" and not self.in_phonetic:
                self.capture = self.inline
            elif local == "rPh":
                self.in_phonetic = True

    def end(self, name):
        local = local_name(name)
        if local in ("v", "t"):
            self.capture = None
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "c":
            self.in_cell = False
            self.on_cell(self)

    def text(self, data):
        if self.capture is not None:
            self.capture.append(data)


def _slow_cells(zf: zipfile.ZipFile, part: str) -> Iterator[_Cells]:
    """Any well-formed sheet XML: prefixes, cells or rows without r, comments, UTF-16…"""
    refs, errors = [], []

    def on_cell(w: CellWalker) -> None:
        if w.has_value:
            letters, digits = col_letter(w.col).encode(), b"%d" % w.row
            refs.append((letters, digits))
            if w.type == "e" and w.value:
                errors.append((letters, digits, "".join(w.value).encode()))

    for _ in feed(zf, part, CellWalker(on_cell).parser()):
        yield refs, errors
        refs, errors = [], []
    yield refs, errors


def _dense_limit(positions: list[int], factor: int, slack: int) -> int:
    """The last of the sorted `positions` reached from 0 without a jump past factor × limit + slack."""
    limit = 0
    while (i := bisect_right(positions, factor * limit + slack)) and positions[i - 1] != limit:
        limit = positions[i - 1]
    return limit


def dense_limits(rows: list[int], cols: list[int]) -> tuple[int, int]:
    """The dense block (last row, last column) of a sheet whose occupied rows and columns
    (1-based, sorted) are these; a cell beyond it in either is far."""
    return _dense_limit(rows, *FAR_ROWS), _dense_limit(cols, *FAR_COLS)


def sheet_extent(zf: zipfile.ZipFile, name: str, part: str) -> SheetExtent:
    def tally(scan):
        count, rows, cols, errors = 0, set(), set(), []
        for refs, errs in scan(zf, part):
            count += len(refs)
            rows.update(map(itemgetter(1), refs))
            cols.update(map(itemgetter(0), refs))
            errors += errs
        return count, rows, cols, errors

    scan = _fast_cells
    try:
        count, row_keys, col_keys, error_cells = tally(scan)
    except Irregular:
        scan = _slow_cells
        count, row_keys, col_keys, error_cells = tally(scan)
    col_of = {k: col_number(k.decode()) for k in col_keys}
    rows, cols = sorted(set(map(int, row_keys))), sorted(set(col_of.values()))
    dense_rows, dense_cols = dense_limits(rows, cols)
    far, far_count = [], 0
    if rows and (rows[-1] > dense_rows or cols[-1] > dense_cols):  # a second pass, to name them
        far_rows = {k for k in row_keys if int(k) > dense_rows}
        far_cols = {k for k, c in col_of.items() if c > dense_cols}
        for refs, _ in scan(zf, part):
            for letters, digits in refs:
                if digits in far_rows or letters in far_cols:
                    far_count += 1
                    if len(far) < MAX_FAR_LISTED:
                        far.append(cell_ref(int(digits), col_of[letters]))
    return SheetExtent(
        name=name,
        rows=rows[-1] if rows else 0,
        cols=cols[-1] if cols else 0,
        cells=count,
        dense_rows=dense_rows,
        dense_cols=dense_cols,
        far_cells=tuple(far),
        far_count=far_count,
        errors={(int(d) - 1, col_of[c] - 1): text.decode() for c, d, text in error_cells},
    )


# -- the quick scan ----------------------------------------------------------------------------

# It vouches for a sheet part only when every cell element in it begins `<c r="A1"` (no other
# cell form, no prefixed cell) and none has t="e" (an error cell, which calamine reads as blank:
# the exact scan finds its value; written otherwise, say t='e', it is read as blank and reported
# as a missing value): then the cells python-calamine reads are exactly those start tags, and
# the largest row and column among them bound what it allocates. They are found without
# touching each cell from Python: one regex finds any cell start tag that is not of that form or
# lies outside the bounds known so far; each hit widens the bounds (seeded from each stretch's
# last cell, so hits are few).
_CANON_CELL = re.compile(_CELL)  # the cell start tag the fast exact scan also reads
_UTF8_DECL = re.compile(rb"""encoding\s*=\s*["']utf-?8["']""", re.IGNORECASE)
MAX_WIDENINGS = 256


def _at_most(bound: str, lowest: str, alphabet: str) -> str:
    """A regex for the strings of `alphabet` characters, the first not below `lowest`, that stand
    for 1..bound in the positional notation `bound` is written in (row digits, column letters):
    same-length ones not greater character by character, then shorter ones (longest first, so a
    typical reference matches without backtracking)."""
    k, any_char, alternatives = len(bound), f"[{alphabet[0]}-{alphabet[-1]}]", []
    for i, ch in enumerate(bound):
        low = lowest if i == 0 else alphabet[0]
        rest = f"{any_char}{{{k - i - 1}}}" if i < k - 1 else ""
        if not bound[i + 1:].strip(alphabet[-1]):  # the rest is all top characters: any rest will do
            alternatives.append(f"{bound[:i]}[{low}-{ch}]{rest}")
            break
        if ch > low:
            alternatives.append(f"{bound[:i]}[{low}-{chr(ord(ch) - 1)}]{rest}")
    if k > 1:
        alternatives.append(f"[{lowest}-{alphabet[-1]}]{any_char}{{0,{k - 2}}}")
    return "(?:" + "|".join(alternatives) + ")"


def _loose_rows(rows: int) -> int:
    """rows rounded up to one significant digit less one (260001 → 299999): a bound as good for
    safety, whose regex is short and which changes seldom as a scan goes down a sheet."""
    digits = len(str(rows))
    return (rows // 10 ** (digits - 1) + 1) * 10 ** (digits - 1) - 1


@lru_cache(maxsize=64)
def _outside(rows: int, cols: int) -> re.Pattern:
    """Any cell start tag but `<c r="…"` naming a cell within A1:(rows, cols) (other elements
    named c… are told apart by the character after the c)."""
    within = (f"{_at_most(col_letter(cols), 'A', 'AZ')}{_at_most(str(rows), '1', '09')}\""
              if rows and cols else "(?!)")
    return re.compile(rf'<c(?! r="{within})(?![\w.:\x80-\xff-])'.encode())


def _widened(rows: int, cols: int, cell: re.Match) -> tuple[int, int]:
    """The bounds (rows, cols) grown to take in a _CANON_CELL match."""
    return max(rows, _loose_rows(int(cell[2]))), max(cols, col_number(cell[1].decode()))


def sheet_bound(zf: zipfile.ZipFile, name: str, part: str) -> SheetBound | None:
    """The quick scan's bound, or None when it can't vouch for the sheet (the exact scan decides)."""
    rows = cols = widenings = strings = 0
    odd_types = False
    chunks = part_chunks(zf, part)
    head = next(chunks, b"")
    prolog = PROLOG.match(head).end()
    declared = head[:prolog]
    # The root element straight after the XML declaration: no DTD (it can only come before the
    # root), no comment or processing instruction, UTF-8 (or ASCII-compatible: no NUL byte).
    if (not head.startswith(b"<", prolog) or head.startswith((b"<!", b"<?"), prolog) or b"\x00" in head
            or (b"encoding" in declared and not _UTF8_DECL.search(declared))):
        return None
    pending = head
    for chunk in chain(chunks, [b""]):
        buf = pending + chunk
        cut = buf.rfind(b"<") if chunk else len(buf)  # every tag before the last "<" is whole
        if cut <= 0:
            if len(buf) > 4 * CHUNK:
                return None
            pending = buf
            continue
        if buf.find(b' t="e"', 0, cut) >= 0 or _PREFIXED_CELL.search(buf, 0, cut):
            return None
        # Shared-string cells (rectxl.io.sharedstrings bounds their copies): every "s" value the
        # t="s" of one, and no single-quoted one.
        typed = buf.count(b't="s"', 0, cut)
        strings += typed
        odd_types = odd_types or buf.count(b'"s"', 0, cut) != typed or buf.find(b"'", 0, cut) >= 0
        if (last := _CANON_CELL.match(buf, buf.rfind(b'<c r="', 0, cut))) is not None:
            rows, cols = _widened(rows, cols, last)
            if rows * cols > QUICK_MAX_CELLS:
                return None
        pos = 0
        while hit := _outside(rows, cols).search(buf, pos, cut):
            cell = _CANON_CELL.match(buf, hit.start(), cut)
            widenings += 1
            if cell is None or widenings > MAX_WIDENINGS:
                return None
            (rows, cols), pos = _widened(rows, cols, cell), hit.start()
            if rows * cols > QUICK_MAX_CELLS:
                return None
        pending = buf[cut:]
    return SheetBound(name, rows, cols, None if odd_types else strings)
