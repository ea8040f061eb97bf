"""A workbook file looked at cheaply and safely before any parser loads it.

`probe_workbook` sniffs what the file really is (whatever its name), refuses hostile or broken
files (zip bombs, encrypted or truncated workbooks, a Word document or a CSV renamed .xlsx) with a
one-line reason, and for .xlsx/.xlsm streams each sheet's XML once to learn its true extent
(from the cells that hold a value, never from <dimension>), its merged ranges, its Excel error
cells (which python-calamine reads as blank) and any stray cells far outside the table.
`read_sheet_cells` reads a bounded rectangle of a sheet the same way, for sheets python-calamine
must not load (one value at XFD1048576 makes it allocate the whole range and abort).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from .address import col_number, parse_ref

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML in all: far beyond any real ledger
MAX_RATIO = 1000  # a part that inflates more than this ...
MAX_RATIO_SIZE = 100 << 20  # ... and to more than 100 MB is a zip bomb
CHUNK = 1 << 22

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

# One pass over a sheet's XML: row starts, cells (self-closing or with content), merged ranges.
_TOKENS = re.compile(
    rb"<(?:\w+:)?row\b([^>]*)>|<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)|<(?:\w+:)?mergeCell\b[^>]*\bref=\"([^\"]+)\"",
    re.S)
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3})?(\d+)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v>[^<]|f\b|is\b)")


class UnreadableWorkbook(Exception):
    """The file can't be read as a workbook; reason_zh / reason_en say why in one line."""

    def __init__(self, reason_zh: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_zh, self.reason_en = reason_zh, reason_en

    @classmethod
    def because(cls, path: Path, zh: str, en: str) -> "UnreadableWorkbook":
        return cls(f"{Path(path).name}：{zh}", f"{Path(path).name}: {en}")


@dataclass
class SheetExtent:
    name: str
    rows: int = 0  # 1-based last row holding a value (0: none)
    cols: int = 0
    cells: int = 0
    dense_rows: int = 0  # the extent without the far cells
    dense_cols: int = 0
    far_cells: tuple[str, ...] = ()
    merges: list = field(default_factory=list)  # ((r0, c0), (r1, c1)), 0-based inclusive
    errors: dict = field(default_factory=dict)  # (row, col) 0-based → "#N/A"


@dataclass
class Probe:
    kind: str  # xlsx | xls | ods | xlsb
    sheets: dict[str, SheetExtent] = field(default_factory=dict)


def probe_workbook(path: str | Path) -> Probe:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise UnreadableWorkbook.because(path, "文件不存在", "no such file") from None
    except IsADirectoryError:
        raise UnreadableWorkbook.because(path, "这是文件夹，不是工作簿", "is a folder, not a workbook") from None
    except OSError as exc:
        raise UnreadableWorkbook.because(path, f"无法打开（{exc.strerror}）", f"cannot be opened ({exc.strerror})") from None
    if not head:
        raise UnreadableWorkbook.because(path, "文件是空的（0 字节）", "the file is empty")
    if head.startswith(OLE_MAGIC):
        if _ENCRYPTED in path.read_bytes():
            raise UnreadableWorkbook.because(path, "工作簿设置了打开密码，请在 Excel 中取消密码（文件→信息→保护工作簿）后再试",
                                             "the workbook is password-protected; remove the password in Excel first")
        return Probe("xls")
    if not head.startswith(ZIP_MAGIC):
        if _looks_like_text(path):
            raise UnreadableWorkbook.because(path, "这是文本（CSV 等）文件，不是 Excel 工作簿；请在 Excel 中另存为 .xlsx",
                                             "this is a text (CSV) file, not an Excel workbook; save it as .xlsx")
        raise UnreadableWorkbook.because(path, "不是 Excel 工作簿", "not an Excel workbook")
    try:
        with zipfile.ZipFile(path) as z:
            return _probe_zip(path, z)
    except zipfile.BadZipFile:
        raise UnreadableWorkbook.because(path, "文件已损坏或不完整（可能未下载完），请重新获取", "the file is damaged or truncated") from None
    except (EOFError, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableWorkbook.because(path, f"文件已损坏（{exc}）", f"the file is damaged ({exc})") from None


def _looks_like_text(path: Path) -> bool:
    with open(path, "rb") as f:
        sample = f.read(4096)
    for encoding in ("utf-8", "gbk", "utf-16"):
        try:
            sample.decode(encoding)
            return b"\x00" not in sample or encoding == "utf-16"
        except UnicodeDecodeError:
            continue
    return False


def _probe_zip(path: Path, z: zipfile.ZipFile) -> Probe:
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    bomb = total > MAX_UNCOMPRESSED or any(
        i.file_size > MAX_RATIO_SIZE and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    if bomb:
        raise UnreadableWorkbook.because(path, f"解压后过大（{total >> 20} MB），疑似恶意压缩文件，已拒绝读取",
                                         f"it would inflate to {total >> 20} MB: refused as a zip bomb")
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        return Probe("xlsb")
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise UnreadableWorkbook.because(path, "这是 Word 文档，不是 Excel 工作簿", "this is a Word document, not a workbook")
        if "mimetype" in names and b"spreadsheet" in z.read("mimetype")[:100]:
            return Probe("ods")
        raise UnreadableWorkbook.because(path, "压缩包中没有工作簿内容，不是 Excel 工作簿", "a zip file without a workbook in it")
    probe = Probe("xlsx")
    for name, part in _sheet_parts(z):
        if part in names:
            probe.sheets[name] = _scan(z, part, name)
    return probe


def _sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets = {}
    if rels_name in z.namelist():
        for rel in ElementTree.fromstring(z.read(rels_name)).iter(_PKG_REL):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
            targets[rel.get("Id")] = re.sub(r"[^/]+/\.\./", "", part)
    out = []
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            rid = sheet.get(_REL) or next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out.append((sheet.get("name", ""), targets[rid]))
    return out


def _tokens(z: zipfile.ZipFile, part: str):
    """Every row, cell and mergeCell token of a sheet's XML, streamed in chunks (bounded memory:
    the carry-over holds at most one cell)."""
    read = 0
    with z.open(part) as stream:
        carry = b""
        while True:
            chunk = stream.read(CHUNK)
            read += len(chunk)
            if read > MAX_UNCOMPRESSED:
                raise zipfile.BadZipFile("entry larger than declared")
            buffer = carry + chunk
            end = 0
            for m in _TOKENS.finditer(buffer):
                if chunk and m.end() > len(buffer) - 64:  # a token cut at the edge: read on
                    break
                yield m
                end = m.end()
            if not chunk:
                return
            carry = buffer[end:]
            cut = carry.rfind(b"<")
            if end == 0 and cut > 0 and len(carry) > 4 * CHUNK:
                carry = carry[cut:]


def _cells(z: zipfile.ZipFile, part: str):
    """(row, col, attributes, content) for each cell, 1-based, positions as Excel counts them;
    (None, None, ref, None) for each merged range."""
    row, col = 0, 0
    for m in _TOKENS.finditer(b"") if False else _tokens(z, part):
        if m.group(1) is not None:
            r = _ATTR_R.search(m.group(1))
            row = int(r.group(2)) if r else row + 1
            col = 0
        elif m.group(5) is not None:
            yield None, None, m.group(5).decode(), None
        else:
            attrs = m.group(2)
            r = _ATTR_R.search(attrs)
            if r and r.group(1):
                row, col = int(r.group(2)), col_number(r.group(1).decode())
            else:
                col += 1
            yield row, col, attrs, m.group(4)


def _scan(z: zipfile.ZipFile, part: str, name: str) -> SheetExtent:
    extent = SheetExtent(name)
    positions = []
    for row, col, attrs, content in _cells(z, part):
        if row is None:
            (r0, c0), (r1, c1) = _range(attrs)
            extent.merges.append(((r0 - 1, c0 - 1), (r1 - 1, c1 - 1)))
            continue
        if not content or not _HAS_VALUE.search(content):
            continue
        positions.append((row, col))
        t = _ATTR_T.search(attrs)
        if t and t.group(1) == b"e":
            v = _VALUE.search(content)
            extent.errors[(row - 1, col - 1)] = v.group(1).decode() if v else "#VALUE!"
    _measure(extent, positions)
    return extent


def _range(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    first, _, last = ref.partition(":")
    return parse_ref(first), parse_ref(last or first)


def _measure(extent: SheetExtent, positions: list[tuple[int, int]]) -> None:
    """The extent, and the far cells: beyond 4 × the 99th percentile row + 1000 (column: + 50)."""
    from .address import cell_ref

    extent.cells = len(positions)
    if not positions:
        return
    rows = sorted(r for r, _ in positions)
    cols = sorted(c for _, c in positions)
    p99 = int(0.99 * (len(rows) - 1))
    row_limit, col_limit = 4 * rows[p99] + 1000, 4 * cols[p99] + 50
    far = [(r, c) for r, c in positions if r > row_limit or c > col_limit]
    near = [(r, c) for r, c in positions if r <= row_limit and c <= col_limit]
    extent.rows, extent.cols = rows[-1], cols[-1]
    extent.dense_rows = max((r for r, _ in near), default=0)
    extent.dense_cols = max((c for _, c in near), default=0)
    extent.far_cells = tuple(cell_ref(r, c) for r, c in far[:20])


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    out = []
    with z.open("xl/sharedStrings.xml") as f:
        for _, el in ElementTree.iterparse(f):
            if el.tag.endswith("}si"):
                out.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
                el.clear()
    return out


def read_sheet_cells(path: str | Path, sheet_name: str, max_row: int, max_col: int) -> list[list]:
    """The values of A1:(max_row, max_col) of one sheet, streamed: shared and inline strings as
    text, numbers as float (dates stay Excel serials), booleans, errors as their text ("#N/A")."""
    from html import unescape

    grid = [[""] * max_col for _ in range(max_row)]
    with zipfile.ZipFile(path) as z:
        part = dict(_sheet_parts(z))[sheet_name]
        strings = _shared_strings(z)
        for row, col, attrs, content in _cells(z, part):
            if row is None or not content or row > max_row or col > max_col:
                continue
            t = _ATTR_T.search(attrs)
            kind = t.group(1).decode() if t else "n"
            v = _VALUE.search(content)
            raw = v.group(1).decode() if v else ""
            if kind == "s" and raw.isdigit() and int(raw) < len(strings):
                value = strings[int(raw)]
            elif kind == "inlineStr":
                value = unescape("".join(x.decode() for x in _TEXT.findall(content)))
            elif kind in ("str", "e"):
                value = unescape(raw)
            elif kind == "b":
                value = raw == "1"
            else:
                try:
                    value = float(raw) if raw else ""
                except ValueError:
                    value = raw
            grid[row - 1][col - 1] = value
    return grid
