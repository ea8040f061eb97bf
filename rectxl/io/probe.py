"""Look at a workbook file cheaply and safely before any parser loads it.

python-calamine materialises a sheet's whole range when it loads it: one stray value at
XFD1048576 makes it allocate 512 GB and abort the process. So before anything loads a
sheet, `probe_workbook` learns each sheet's true extent from the cell references actually
present in the sheet XML (rectxl.io.extent), and refuses files that are not workbooks, are
encrypted, or would inflate absurdly (rectxl.io.xmlparts). It never imports calamine.

`read_sheet_cells` (rectxl.io.fallback) is the bounded fallback reader for sheets calamine
can't load safely.
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
import zipfile
from pathlib import Path

import olefile

from rectxl.io.extent import dense_limits, sheet_bound, sheet_extent
from rectxl.io.fallback import read_sheet_cells
from rectxl.io.sharedstrings import StringCopies
from rectxl.io.limits import (
    DAMAGED, EMPTY, MARKUP, MAX_LOAD_CELLS, OFFICE, PASSWORD, TEXT, UNKNOWN, WORD, ZIP, Probe, Refused, SheetBound,
    SheetExtent, refusals,
)
from rectxl.io.xmlparts import (
    expat_parser, local_name, open_file, open_zip, parse, part_index, part_info, sheet_parts, uses_1904,
)
from rectxl.errors import UnreadableWorkbook

__all__ = ["MAX_LOAD_CELLS", "Probe", "SheetBound", "SheetExtent", "UnreadableWorkbook", "dense_limits",
           "probe_workbook", "read_sheet_cells"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Bytes plain text (in any ASCII-compatible encoding) may hold: no NUL or other controls.
_TEXT_BYTES = bytes({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})


def probe_workbook(path: str | PathLike, quick: bool = False, checked: Callable[[], None] | None = None,
                   measured: Callable[[str, SheetExtent | SheetBound], None] | None = None,
                   wanted: Callable[[str], bool] | None = None) -> Probe:
    """Sniff the file by its content and, for xlsx, measure every sheet; UnreadableWorkbook for
    anything that isn't a readable workbook. Nothing is inflated before the zip-bomb check; each
    sheet part is streamed once (twice when it has far cells) in bounded memory.

    quick: a sheet written the usual way gets only a SheetBound, from a few byte searches (a
    fifth of the exact scan's time on a large sheet); any other still gets its SheetExtent.
    An xlsx file calls checked() once it is known safe to open (a zip, sizes within the limits),
    before any sheet is measured, and measured(name, extent) as soon as each sheet is measured and
    the shared-string text of the sheets so far is bounded — so that sheet is safe to load — the
    smallest first (by its XML's size): a reader may load the small sheets while the largest is
    measured, and the largest the moment it is.
    wanted(name): whether a sheet is to be measured at all (the others are listed as skipped,
    never to be loaded)."""
    path = Path(path)
    with refusals(path):
        head = _read_head(path)
        if head.startswith(b"PK"):
            return _probe_zip(path, quick, checked, measured, wanted)
        if head.startswith(_OLE_MAGIC):
            return _probe_ole(path)
        raise Refused(*_not_a_workbook(head))


def _read_head(path: Path) -> bytes:
    with open_file(path) as f:
        head = f.read(4096)
    if not head:
        raise Refused(*EMPTY)
    return head


def _not_a_workbook(head: bytes) -> tuple[str, str]:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text, as Excel's "Unicode text"
        return TEXT
    if head.translate(None, _TEXT_BYTES):
        return UNKNOWN
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return MARKUP
    return TEXT


# -- OLE: .xls, and encrypted OOXML --------------------------------------------------------


def _probe_ole(path: Path) -> Probe:
    names, workbook_head = _read_ole(path)
    if {"encryptedpackage", "encryptioninfo"} & names:  # how Office stores an encrypted xlsx
        raise Refused(*PASSWORD)
    if workbook_head is not None:
        if _biff_has_filepass(workbook_head):
            raise Refused(*PASSWORD)
        return Probe("xls", {})
    raise Refused(*(WORD if "worddocument" in names else OFFICE))


def _read_ole(path: Path) -> tuple[set[str], bytes | None]:
    """The root entry names (lower case) and the first bytes of the BIFF workbook stream."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            names = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            head = ole.openstream(stream).read(512) if stream else None
    except Exception as e:  # olefile raises assorted errors on a damaged file
        raise Refused(*DAMAGED) from e
    return names, head


def _biff_has_filepass(head: bytes) -> bool:
    """MS-XLS globals substream: BOF [WriteProtect] [FilePass] …; a FilePass (0x2F) = encrypted."""
    pos = 0
    for _ in range(3):
        record = head[pos : pos + 4]
        if len(record) < 4:
            return False
        if int.from_bytes(record[:2], "little") == 0x2F:
            return True
        pos += 4 + int.from_bytes(record[2:], "little")
    return False


# -- zip -------------------------------------------------------------------------------------


def _probe_zip(path: Path, quick: bool, checked, measured, wanted) -> Probe:
    with open_zip(path) as zf:
        names = set(part_index(zf))  # (lower case, as python-calamine finds them)
        if "xl/workbook.xml" in names:
            parts = sheet_parts(zf)
            date1904 = uses_1904(zf)
            if checked is not None:
                checked()
            extents, copies = {}, StringCopies(zf)
            chosen = {name: part for name, part in parts.items() if wanted is None or wanted(name)}
            for name, part in sorted(chosen.items(), key=lambda item: part_info(zf, item[1]).file_size):
                extents[name] = (quick and sheet_bound(zf, name, part)) or sheet_extent(zf, name, part)
                copies.add(part, extents[name])
                if measured is not None:
                    measured(name, extents[name])
            return Probe("xlsx", {name: extents[name] for name in chosen}, date1904=date1904,
                         skipped=tuple(name for name in parts if name not in chosen))
        if "xl/workbook.bin" in names:
            return Probe("xlsb", {})
        if "mimetype" in names and zf.read(part_info(zf, "mimetype")).startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return Probe("ods", {}, _ods_merges(zf) if "content.xml" in names else {})
        raise Refused(*(WORD if "word/document.xml" in names else ZIP))


def _ods_merges(zf: zipfile.ZipFile) -> dict[str, list]:
    """Each OpenDocument sheet's merged ranges, from the spans on its cells (content.xml, streamed)."""
    merges: dict[str, list] = {}
    at = {"sheet": "", "row": -1, "col": 0, "repeat": 1}

    def start(name, attrs):
        local = local_name(name)
        if local == "table":
            at["sheet"], at["row"] = attrs.get("table:name", ""), -1
            merges[at["sheet"]] = []
        elif local == "table-row":
            at["row"] += 1
            at["col"], at["repeat"] = 0, int(attrs.get("table:number-rows-repeated", "1"))
        elif local in ("table-cell", "covered-table-cell"):
            rows = int(attrs.get("table:number-rows-spanned", "1"))
            cols = int(attrs.get("table:number-columns-spanned", "1"))
            if local == "table-cell" and (rows > 1 or cols > 1):
                r, c = at["row"], at["col"]
                merges[at["sheet"]].append(((r, c), (r + rows - 1, c + cols - 1)))
            at["col"] += int(attrs.get("table:number-columns-repeated", "1"))

    def end(name):
        if local_name(name) == "table-row":
            at["row"] += at["repeat"] - 1

    parse(zf, "content.xml", expat_parser(start, end))
    return merges
