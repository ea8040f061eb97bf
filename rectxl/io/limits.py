"""What a workbook file may hold before rectxl reads it, and what the checks tell the reader.

The limits (zip sizes, sheet extents, shared strings), the refusal messages in Chinese and
English, and the dataclasses the probe hands to the reader (SheetExtent, SheetBound, Probe).
Imports nothing of rectxl.io, so that every module of the probe may use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rectxl.errors import UnreadableWorkbook

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

CHUNK = 1 << 20
# python-calamine holds the whole shared string table (about six times its XML: 891 MB took
# 5.7 GB) from the moment it opens the workbook, whatever the sheets use.
MAX_SHARED_STRINGS = 128 << 20  # the most its XML may inflate to
# ...and copies one into every cell using it, each then a Python string as well: the most text
# (UTF-8 bytes, as its XML holds it) the loaded sheets' shared-string cells may hold in all.
# Held twice over (calamine's copy, Python's: 520 MB of copies peaked at 1.04 GB, 700 MB at
# 1.39 GB), 512 MB stays under a 2 GB address space; 200,000 cells of one 100 KB string (20 GB)
# aborted the process.
MAX_STRING_COPIES = 512 << 20
MAX_SHEETS = 1000  # each sheet is measured and may be loaded: 4,000 of them took 79 s


# -- messages: (Chinese, English) ------------------------------------------------------------

MISSING = ("文件不存在", "the file does not exist")
FOLDER = ("这是文件夹，不是文件", "this is a folder, not a file")
UNREADABLE = (
    "文件无法打开（可能正被其他程序占用，或没有读取权限）",
    "the file can't be opened (another program may be holding it, or it isn't readable)",
)
EMPTY = ("文件是空的（0 字节）", "the file is empty (0 bytes)")
TEXT = (
    "这是文本/CSV 文件，不是 Excel 工作簿；请在 Excel 中另存为 .xlsx",
    "this is a text/CSV file, not an Excel workbook; save it as .xlsx in Excel",
)
MARKUP = (
    "这是网页（HTML）或 XML 文件，不是 Excel 工作簿；请在 Excel 中打开后另存为 .xlsx",
    "this is a web page (HTML) or XML file, not an Excel workbook; open it in Excel and save it as .xlsx",
)
UNKNOWN = ("不是 Excel 工作簿（无法识别的文件格式）", "not an Excel workbook (unrecognised file format)")
WORD = ("这是 Word 文档，不是 Excel 工作簿", "this is a Word document, not an Excel workbook")
ZIP = ("这是压缩包，里面没有 Excel 工作簿", "this is a zip archive with no Excel workbook inside")
OFFICE = ("这是 Office 文件，但不是 Excel 工作簿", "this is an Office file, but not an Excel workbook")
PASSWORD = (
    "工作簿设置了打开密码，请在 Excel 中取消密码后再试",
    "the workbook is password-protected; remove the password in Excel and try again",
)
DAMAGED = (
    "文件已损坏或不完整（可能是下载或复制没有完成）",
    "the file is damaged or incomplete (a download or copy may not have finished)",
)
CRAFTED = (
    "文件的内部结构异常（重复或伪装的部件名），可能是恶意构造的文件；请在 Excel 中打开后另存一份再试",
    "its inner structure is abnormal (duplicate or disguised part names); it may be malicious. Save it again in Excel",
)
NOT_REGULAR = ("这不是普通文件（可能是管道或设备）", "this is not a regular file (a pipe or a device, perhaps)")
DTD = (
    "文件中含有工作簿不会有的 XML 声明（DTD），可能是恶意构造的文件",
    "the file holds an XML DTD, which workbooks never have; it may be malicious",
)


class Refused(Exception):
    """What is wrong, before the public boundary names the file (`refusals`)."""

    def __init__(self, what_zh: str, what_en: str):
        super().__init__(what_en)
        self.what = (what_zh, what_en)


class Irregular(Exception):
    """Sheet XML the fast scan can't vouch for: scan it again with expat."""


@contextmanager
def refusals(path: Path) -> Iterator[None]:
    try:
        yield
    except Refused as e:
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
    # How many cells of the sheet are shared-string cells at most (t="s", the one way the sheet
    # writes a cell type), None when it writes one otherwise (t='s', t = "s"): then rows × cols.
    string_cells: int | None = None


@dataclass(frozen=True)
class Probe:
    kind: str  # "xlsx" (also .xlsm/.xltx…), "xls" (OLE, not encrypted), "ods", "xlsb"
    sheets: dict[str, SheetExtent | SheetBound]  # in workbook order; only for "xlsx", {} otherwise
    # Merged ranges per sheet, ((r0, c0), (r1, c1)) 0-based inclusive, for "ods": python-calamine
    # reports none for OpenDocument sheets.
    merges: dict[str, list] = field(default_factory=dict)
    date1904: bool = False  # the workbook counts its dates from 1904 (Mac Excel's old default)
    skipped: tuple[str, ...] = ()  # sheets not measured (probe_workbook's wanted): never load them
