"""Look at a workbook file cheaply and safely before any parser loads it.

python-calamine materialises a sheet's whole range when it loads it: one stray value at
XFD1048576 makes it allocate 512 GB and abort the process. So before anything loads a
sheet, `probe_workbook` learns each sheet's true extent from the cell references actually
present in the sheet XML (the <dimension> element is never trusted), and refuses files that
are not workbooks, are encrypted, or would inflate absurdly. It never imports calamine.

`read_sheet_cells` is the bounded fallback reader for sheets calamine can't load safely.
Cell addresses are rectxl.core.address's.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from os import PathLike
from pathlib import Path
from pyexpat import ExpatError, ParserCreate
from typing import BinaryIO
from urllib.parse import unquote

import olefile

from rectxl.core.address import cell_ref, col_letter, col_number
from rectxl.errors import UnreadableWorkbook

__all__ = ["MAX_LOAD_CELLS", "Probe", "SheetBound", "SheetExtent", "UnreadableWorkbook", "dense_limits",
           "probe_workbook", "read_sheet_cells"]

MAX_UNCOMPRESSED = 1 << 30  # the most a zip's entries may declare in all
MAX_RATIO = 1000  # an entry inflating to more than this many times its packed size...
RATIO_MIN_SIZE = 100 << 20  # ...and to more than this is refused as a zip bomb
MAX_FAR_LISTED = 20
# The dense block: walking a sheet's occupied rows (columns) up from 0, it ends at the first
# gap where the next occupied one lies beyond FACTOR × the current one + SLACK.
FAR_ROWS = (4, 1000)  # (FACTOR, SLACK)
FAR_COLS = (4, 50)
MAX_LOAD_CELLS = 8_000_000  # the most cells (rows × columns) python-calamine is asked to load from one sheet
# The most a quick-scanned sheet may span: calamine then loads the whole span, far cells and all,
# where an exactly measured sheet with far cells is read over its dense part only.
QUICK_MAX_CELLS = 3_000_000

_CHUNK = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Bytes plain text (in any ASCII-compatible encoding) may hold: no NUL or other controls.
_TEXT_BYTES = bytes({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})
# A cell's r as loosely as python-calamine takes it ("xfd01048576" is XFD1048576 to it).
_REF = re.compile(r"([A-Za-z]{1,7})([0-9]{1,10})")
_ROW = re.compile(r"[0-9]{1,10}")


# -- messages: (Chinese, English) ------------------------------------------------------------

_MISSING = ("文件不存在", "the file does not exist")
_FOLDER = ("这是文件夹，不是文件", "this is a folder, not a file")
_UNREADABLE = (
    "文件无法打开（可能正被其他程序占用，或没有读取权限）",
    "the file can't be opened (another program may be holding it, or it isn't readable)",
)
_EMPTY = ("文件是空的（0 字节）", "the file is empty (0 bytes)")
_TEXT = (
    "这是文本/CSV 文件，不是 Excel 工作簿；请在 Excel 中另存为 .xlsx",
    "this is a text/CSV file, not an Excel workbook; save it as .xlsx in Excel",
)
_MARKUP = (
    "这是网页（HTML）或 XML 文件，不是 Excel 工作簿；请在 Excel 中打开后另存为 .xlsx",
    "this is a web page (HTML) or XML file, not an Excel workbook; open it in Excel and save it as .xlsx",
)
_UNKNOWN = ("不是 Excel 工作簿（无法识别的文件格式）", "not an Excel workbook (unrecognised file format)")
_WORD = ("这是 Word 文档，不是 Excel 工作簿", "this is a Word document, not an Excel workbook")
_ZIP = ("这是压缩包，里面没有 Excel 工作簿", "this is a zip archive with no Excel workbook inside")
_OFFICE = ("这是 Office 文件，但不是 Excel 工作簿", "this is an Office file, but not an Excel workbook")
_PASSWORD = (
    "工作簿设置了打开密码，请在 Excel 中取消密码后再试",
    "the workbook is password-protected; remove the password in Excel and try again",
)
_DAMAGED = (
    "文件已损坏或不完整（可能是下载或复制没有完成）",
    "the file is damaged or incomplete (a download or copy may not have finished)",
)
_DTD = (
    "文件中含有工作簿不会有的 XML 声明（DTD），可能是恶意构造的文件",
    "the file holds an XML DTD, which workbooks never have; it may be malicious",
)


class _Refused(Exception):
    """What is wrong, before the public boundary names the file (`_refusals`)."""

    def __init__(self, what_zh: str, what_en: str):
        super().__init__(what_en)
        self.what = (what_zh, what_en)


class _Irregular(Exception):
    """Sheet XML the fast scan can't vouch for: scan it again with expat."""


@contextmanager
def _refusals(path: Path) -> Iterator[None]:
    try:
        yield
    except _Refused as e:
        raise UnreadableWorkbook.because(path, *e.what) from e


@dataclass(frozen=True)
class SheetExtent:
    """Where a sheet's cells are. A cell counts if its element holds <v>, <is> or <f>: cells that
    only carry a style don't, so a million formatted blank rows add nothing. A far cell lies
    beyond the dense block in rows or in columns (FAR_ROWS, FAR_COLS): one stray value at
    XFD1048576 below a 5,000-row ledger is far, the ledger is not."""

    name: str  # sheet name as in workbook.xml
    rows: int  # last row holding a counted cell (1-based), 0 if none
    cols: int  # last column holding a counted cell (1-based), 0 if none
    cells: int  # number of counted cells
    dense_rows: int  # the extent without the far cells: load A1:(dense_rows, dense_cols)
    dense_cols: int
    far_cells: tuple[str, ...]  # A1 refs of the far cells, in sheet order, at most MAX_FAR_LISTED
    far_count: int  # how many far cells there are in all
    errors: dict[tuple[int, int], str]  # (row, col) 0-based → "#N/A": calamine reads these as blank


@dataclass(frozen=True)
class SheetBound:
    """What the quick scan (probe_workbook(quick=True)) vouches for a sheet: every cell
    python-calamine can read from it lies within A1:(rows, cols), at most QUICK_MAX_CELLS, and
    none is an error value. Far cells, if any, are for the reader to find among the values."""

    name: str
    rows: int
    cols: int


@dataclass(frozen=True)
class Probe:
    kind: str  # "xlsx" (also .xlsm/.xltx…), "xls" (OLE, not encrypted), "ods", "xlsb"
    sheets: dict[str, SheetExtent | SheetBound]  # in workbook order; only for "xlsx", {} otherwise
    # Merged ranges per sheet, ((r0, c0), (r1, c1)) 0-based inclusive, for "ods": python-calamine
    # reports none for OpenDocument sheets.
    merges: dict[str, list] = field(default_factory=dict)


def probe_workbook(path: str | PathLike, quick: bool = False, checked: Callable[[], None] | None = None,
                   measured: Callable[[str, SheetExtent | SheetBound], None] | None = None) -> Probe:
    """Sniff the file by its content and, for xlsx, measure every sheet; UnreadableWorkbook for
    anything that isn't a readable workbook. Nothing is inflated before the zip-bomb check; each
    sheet part is streamed once (twice when it has far cells) in bounded memory.

    quick: a sheet written the usual way gets only a SheetBound, from a few byte searches (a
    fifth of the exact scan's time on a large sheet); any other still gets its SheetExtent.
    An xlsx file calls checked() once it is known safe to open (a zip, sizes within the limits),
    before any sheet is measured, and measured(name, extent) as soon as each sheet is, the
    largest first (by its XML's size): so that a reader may start loading it meanwhile."""
    path = Path(path)
    with _refusals(path):
        head = _read_head(path)
        if head.startswith(b"PK"):
            return _probe_zip(path, quick, checked, measured)
        if head.startswith(_OLE_MAGIC):
            return _probe_ole(path)
        raise _Refused(*_not_a_workbook(head))


def _open(path: Path) -> BinaryIO:
    if path.is_dir():
        raise _Refused(*_FOLDER)
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise _Refused(*_MISSING) from None
    except OSError:
        raise _Refused(*_UNREADABLE) from None


def _read_head(path: Path) -> bytes:
    with _open(path) as f:
        head = f.read(4096)
    if not head:
        raise _Refused(*_EMPTY)
    return head


def _not_a_workbook(head: bytes) -> tuple[str, str]:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text, as Excel's "Unicode text"
        return _TEXT
    if head.translate(None, _TEXT_BYTES):
        return _UNKNOWN
    if head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return _MARKUP
    return _TEXT


# -- OLE: .xls, and encrypted OOXML --------------------------------------------------------


def _probe_ole(path: Path) -> Probe:
    names, workbook_head = _read_ole(path)
    if {"encryptedpackage", "encryptioninfo"} & names:  # how Office stores an encrypted xlsx
        raise _Refused(*_PASSWORD)
    if workbook_head is not None:
        if _biff_has_filepass(workbook_head):
            raise _Refused(*_PASSWORD)
        return Probe("xls", {})
    raise _Refused(*(_WORD if "worddocument" in names else _OFFICE))


def _read_ole(path: Path) -> tuple[set[str], bytes | None]:
    """The root entry names (lower case) and the first bytes of the BIFF workbook stream."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            names = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            head = ole.openstream(stream).read(512) if stream else None
    except Exception as e:  # olefile raises assorted errors on a damaged file
        raise _Refused(*_DAMAGED) from e
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


@contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """The zip, once its declared sizes pass the bomb check; zip and XML errors → _Refused."""
    with _open(path) as f:
        try:
            with zipfile.ZipFile(f) as zf:
                _check_sizes(zf)
                yield zf
        # OSError: a seek to a bad offset; UnicodeDecodeError: a bad entry name; RuntimeError: an
        # encrypted entry; NotImplementedError: an unknown compression method.
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError, RuntimeError,
                NotImplementedError, ExpatError) as e:
            raise _Refused(*_DAMAGED) from e


def _check_sizes(zf: zipfile.ZipFile) -> None:
    """Refuse before inflating anything. CPython's zipfile never yields more than an entry's
    declared size (it stops there and fails the CRC check), so the declared sizes bound all that
    any reader of this zip can inflate."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        mb, limit = total >> 20, MAX_UNCOMPRESSED >> 20
        raise _Refused(
            f"解压后将有 {mb} MB，超过上限 {limit} MB；文件可能已损坏或是恶意构造的",
            f"it would inflate to {mb} MB, over the {limit} MB limit; it may be damaged or malicious",
        )
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            mb = i.file_size >> 20
            raise _Refused(
                f"其中的「{i.filename}」压缩比异常（{i.compress_size} 字节解压成 {mb} MB），可能是恶意构造的文件",
                f"its entry “{i.filename}” is packed absurdly tight ({i.compress_size} bytes inflate to {mb} MB); it may be malicious",
            )


def _probe_zip(path: Path, quick: bool, checked, measured) -> Probe:
    with _open_zip(path) as zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" in names:
            parts = _sheet_parts(zf)
            if checked is not None:
                checked()
            extents = {}
            for name, part in sorted(parts.items(), key=lambda item: -zf.getinfo(item[1]).file_size):
                extents[name] = (quick and _sheet_bound(zf, name, part)) or _sheet_extent(zf, name, part)
                if measured is not None:
                    measured(name, extents[name])
            return Probe("xlsx", {name: extents[name] for name in parts})
        if "xl/workbook.bin" in names:
            return Probe("xlsb", {})
        if "mimetype" in names and zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return Probe("ods", {}, _ods_merges(zf) if "content.xml" in names else {})
        raise _Refused(*(_WORD if "word/document.xml" in names else _ZIP))


def _ods_merges(zf: zipfile.ZipFile) -> dict[str, list]:
    """Each OpenDocument sheet's merged ranges, from the spans on its cells (content.xml, streamed)."""
    merges: dict[str, list] = {}
    at = {"sheet": "", "row": -1, "col": 0, "repeat": 1}

    def start(name, attrs):
        local = _local(name)
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
        if _local(name) == "table-row":
            at["row"] += at["repeat"] - 1

    _parse(zf, "content.xml", _parser(start, end))
    return merges


# -- workbook structure ------------------------------------------------------------------------


def _parser(start: Callable, end: Callable | None = None, text: Callable | None = None):
    """An expat parser (no namespace processing: names keep their prefix) that refuses a DTD, so
    no entity can be declared, let alone expanded."""

    def refuse_dtd(*_):
        raise _Refused(*_DTD)

    p = ParserCreate()
    p.buffer_text = True
    p.StartDoctypeDeclHandler = refuse_dtd
    p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _chunks(zf: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    with zf.open(part) as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def _feed(zf: zipfile.ZipFile, part: str, parser) -> Iterator[None]:
    """Parse `part`, pausing after each chunk."""
    for chunk in _chunks(zf, part):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)


def _parse(zf: zipfile.ZipFile, part: str, parser) -> None:
    for _ in _feed(zf, part, parser):
        pass


def _relationships(zf: zipfile.ZipFile, rels_part: str, base: str) -> dict[str, tuple[str, str]]:
    """Id → (Type, part name) for the internal targets of a .rels part; a target is absolute
    ("/xl/worksheets/sheet1.xml") or relative to folder `base` ("worksheets/sheet1.xml")."""
    rels = {}

    def start(name, attrs):
        if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = unquote(attrs.get("Target", ""))
            part = target[1:] if target.startswith("/") else posixpath.join(base, target)
            rels[attrs.get("Id")] = (attrs.get("Type", ""), posixpath.normpath(part))

    if rels_part in zf.NameToInfo:
        _parse(zf, rels_part, _parser(start))
    return rels


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, in workbook order (transitional or strict, any prefixes)."""
    sheets = []

    def start(name, attrs):
        if _local(name) == "sheet":  # its r:id is its one prefixed "id" attribute
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
            sheets.append((attrs.get("name", ""), rid))

    _parse(zf, "xl/workbook.xml", _parser(start))
    rels = _relationships(zf, "xl/_rels/workbook.xml.rels", "xl")
    parts = {}
    for name, rid in sheets:
        part = rels.get(rid, ("", ""))[1]
        if part not in zf.NameToInfo:
            raise _Refused(f"工作表「{name}」的数据缺失，文件已损坏", f"the data of sheet “{name}” is missing; the file is damaged")
        parts[name] = part
    return parts


# -- sheet extents -----------------------------------------------------------------------------

# The fast scan reads raw bytes with a few regexes. It vouches only for a stretch of sheet XML
# with no comment, CDATA, processing instruction or DTD ("<!", "<?"), no prefixed cell element,
# and every cell element begun as Excel and the common libraries write it: `<c r="A1"`, more
# double-quoted attributes (none another r, no "<" or ">" in a value), then "/>", or ">" and
# straight away </c> or the cell's <v>, <f> or <is>. Any other stretch raises _Irregular and
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
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?\s*")

# Per stretch of a sheet: the counted cells as (column letters, row digits), and the error
# cells as (column letters, row digits, error text).
_Cells = tuple[list[tuple[bytes, bytes]], list[tuple[bytes, bytes, bytes]]]


def _fast_cells(zf: zipfile.ZipFile, part: str) -> Iterator[_Cells]:
    """The cells of a sheet written as Excel writes it; _Irregular for any other."""
    chunks = _chunks(zf, part)
    head = next(chunks, b"")
    prolog = _PROLOG.match(head).end()
    if not head.startswith(b"<", prolog):  # UTF-16, say, which expat reads
        raise _Irregular
    pending = head[prolog:]
    for chunk in chain(chunks, [b""]):
        buf = pending + chunk
        # Cut before the last cell start tag: every match lies within one cell, so all matches
        # before the cut are whole. What follows it waits for the next chunk.
        cut = buf.rfind(b'<c r="') if chunk else len(buf)
        if cut <= 0:
            if len(buf) > 4 * _CHUNK:  # megabytes without a cell start: let expat stream them
                raise _Irregular
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
            raise _Irregular
        yield _VALUE_CELL.findall(buf, 0, cut), errors
        pending = buf[cut:]


class _CellWalker:
    """Expat handlers following cell positions as Excel does (a <row> without r is the next row,
    a <c> without r the next column) and calling `on_cell(self)` at each cell's end. A cell whose
    r is no cell address makes the file damaged (calamine can't read it either)."""

    def __init__(self, on_cell: Callable[[_CellWalker], None]):
        self.on_cell = on_cell
        self.row = self.col = 0
        self.in_cell = self.has_value = self.in_phonetic = False
        self.type = "n"
        self.value: list[str] | None = None  # text of <v>
        self.inline: list[str] = []  # text of the <t>s in <is>, phonetic runs left out
        self.capture: list[str] | None = None

    def parser(self):
        return _parser(self.start, self.end, self.text)

    def start(self, name, attrs):
        local = _local(name)
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
                raise _Refused(*_DAMAGED)
            self.in_cell, self.has_value = True, False
            self.type = attrs.get("t", "n")
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
        local = _local(name)
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

    def on_cell(w: _CellWalker) -> None:
        if w.has_value:
            letters, digits = col_letter(w.col).encode(), b"%d" % w.row
            refs.append((letters, digits))
            if w.type == "e" and w.value:
                errors.append((letters, digits, "".join(w.value).encode()))

    for _ in _feed(zf, part, _CellWalker(on_cell).parser()):
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


def _sheet_extent(zf: zipfile.ZipFile, name: str, part: str) -> SheetExtent:
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
    except _Irregular:
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


def _sheet_bound(zf: zipfile.ZipFile, name: str, part: str) -> SheetBound | None:
    """The quick scan's bound, or None when it can't vouch for the sheet (the exact scan decides)."""
    rows = cols = widenings = 0
    chunks = _chunks(zf, part)
    head = next(chunks, b"")
    prolog = _PROLOG.match(head).end()
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
            if len(buf) > 4 * _CHUNK:
                return None
            pending = buf
            continue
        if buf.find(b' t="e"', 0, cut) >= 0 or _PREFIXED_CELL.search(buf, 0, cut):
            return None
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
    return SheetBound(name, rows, cols)


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
    with _refusals(path), _open_zip(path) as zf:
        parts = _sheet_parts(zf)
        if sheet_name not in parts:
            raise KeyError(sheet_name)
        strings = _shared_strings(zf)

        def on_cell(w: _CellWalker) -> None:
            if 0 < w.row <= max_row and 0 < w.col <= max_col:
                grid[w.row - 1][w.col - 1] = _cell_value(w, strings)

        _parse(zf, parts[sheet_name], _CellWalker(on_cell).parser())
    return grid


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    """The shared string table: each <si>'s <t> texts joined, phonetic runs left out."""
    rels = _relationships(zf, "xl/_rels/workbook.xml.rels", "xl")
    part = next((p for kind, p in rels.values() if kind.endswith("/sharedStrings")), None)
    if part not in zf.NameToInfo:
        return []
    strings: list[str] = []
    texts: list[str] = []
    capture = phonetic = False

    def start(name, attrs):
        nonlocal capture, phonetic
        local = _local(name)
        if local == "si":
            texts.clear()
        elif local == "rPh":
            phonetic = True
        elif local == "t":
            capture = not phonetic

    def end(name):
        nonlocal capture, phonetic
        local = _local(name)
        if local == "si":
            strings.append("".join(texts))
        elif local == "rPh":
            phonetic = False
        elif local == "t":
            capture = False

    def text(data):
        if capture:
            texts.append(data)

    _parse(zf, part, _parser(start, end, text))
    return strings


def _cell_value(w: _CellWalker, strings: list[str]) -> object:
    if w.type == "inlineStr":
        return "".join(w.inline)
    v = "".join(w.value or ())
    if not v:
        return ""
    if w.type == "s":
        i = int(v) if v.strip().isdecimal() else -1
        if not 0 <= i < len(strings):
            raise _Refused(*_DAMAGED)
        return strings[i]
    if w.type == "b":
        return v.strip() in ("1", "true")
    if w.type == "n":
        try:
            return float(v)
        except ValueError:
            return v
    return v  # "e" (error values), "str" (formula text results), "d" (ISO dates)
