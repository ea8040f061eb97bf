"""Builders of the hostile corpus (tests/test_hostile.py): each writes one malformed or hostile
input into a folder and returns its path. Ledgers start from conftest.valid_sheets written by
openpyxl; what openpyxl won't write (cached formula values, 5 MB cells, a million styled rows,
crafted deflate streams, lying zip headers) is patched into the zip by hand.

openpyxl writes the sheets as xl/worksheets/sheet1.xml … in workbook order, each cell as
<c r="A1" t="inlineStr"><is><t>…</t></is></c> or <c r="A1"><v>…</v></c>.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import openpyxl

from conftest import valid_sheets, write_workbook

Sheets = dict[str, list[list]]
LEDGER = ("设置", "问题清单", "任务清单", "进展记录", "责任人")
PART = {name: f"xl/worksheets/sheet{i}.xml" for i, name in enumerate(LEDGER, 1)}


# -- zip plumbing ------------------------------------------------------------------------------


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def patch_part(path: Path, part: str, edit: Callable[[str], str]) -> Path:
    entries = read_zip(path)
    entries[part] = edit(entries[part].decode()).encode()
    return write_zip(path, entries)


def replace_cell(xml: str, ref: str, cell: str) -> str:
    """The sheet XML with cell `ref`'s element replaced by `cell` (raw XML)."""
    pattern = re.compile(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    assert len(pattern.findall(xml)) == 1, ref
    return pattern.sub(lambda _: cell, xml)


def raw_zip(items: Iterable[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand: (name, raw deflate data, CRC-32, declared uncompressed size) each, so
    that a test can declare any size it likes."""
    items = list(items)
    out, central = bytearray(), bytearray()
    for name, data, crc, size in items:
        encoded, offset = name.encode(), len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(data), size,
                           len(encoded), 0) + encoded + data
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, crc, len(data),
                               size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = len(items)
    return bytes(out + central + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central),
                                             len(out), 0))


def deflated(data: bytes) -> tuple[bytes, int, int]:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def crafted_deflate(prefix: bytes, unit: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of prefix + unit × times + suffix (and its CRC-32 and size), made in
    milliseconds: after a full flush the compressor starts afresh, so every unit compresses to
    the same bytes, which are repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(suffix) + c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    return head + block * times + tail, zlib.crc32(suffix, crc), len(prefix) + len(unit) * times + len(suffix)


def patch_declared_size(data: bytes, entry: bytes, size: int) -> bytes:
    """Rewrite an entry's uncompressed size in the zip's central directory."""
    at = data.rfind(entry) - 46
    assert data[at : at + 4] == b"PK\x01\x02"
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]


# -- ledgers -----------------------------------------------------------------------------------


def ledger(folder: Path, sheets: Sheets | None = None, name: str = "ledger.xlsx", **kwargs) -> Path:
    return write_workbook(folder / name, valid_sheets() if sheets is None else sheets, **kwargs)


def edited(edit: Callable[[Sheets], object], name: str = "ledger.xlsx", **kwargs) -> Callable[[Path], Path]:
    """A builder: the valid ledger changed by edit(sheets) in place."""

    def build(folder: Path) -> Path:
        sheets = copy.deepcopy(valid_sheets())
        edit(sheets)
        return ledger(folder, sheets, name, **kwargs)

    return build


def patched(edit: Callable[[Path], object], name: str = "ledger.xlsx") -> Callable[[Path], Path]:
    """A builder: the valid ledger written, then edit(path) (which patches the file)."""

    def build(folder: Path) -> Path:
        path = ledger(folder, name=name)
        edit(path)
        return path

    return build


def raw(data: bytes | Callable[[], bytes], name: str = "ledger.xlsx") -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


# -- not workbooks -----------------------------------------------------------------------------


def random_bytes(folder: Path) -> Path:
    path = folder / "noise.xlsx"
    path.write_bytes(random.Random(5).randbytes(20_000))
    return path


def truncated(folder: Path) -> Path:
    data = ledger(folder, name="whole.xlsx").read_bytes()
    (folder / "whole.xlsx").unlink()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def encrypted(folder: Path) -> Path:
    import msoffcrypto.format.ooxml

    plain = ledger(folder, name="plain.xlsx")
    path = folder / "locked.xlsx"
    with plain.open("rb") as f, path.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(f).encrypt("123456", out)
    plain.unlink()
    return path


def csv_renamed(encoding: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "ledger.xlsx"
        rows = [",".join(str(v or "") for v in row) for row in valid_sheets()["任务清单"]]
        path.write_bytes("\r\n".join(rows).encode(encoding))
        return path

    return build


def html_renamed(folder: Path) -> Path:
    """What many web systems export as "Excel": an HTML table named .xls."""
    path = folder / "export.xls"
    cells = "".join(f"<tr>{''.join(f'<td>{v}</td>' for v in row)}</tr>" for row in valid_sheets()["任务清单"])
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><table>{cells}</table></body></html>",
                    encoding="utf-8")
    return path


def docx_renamed(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于巡察整改情况的报告")
    path = folder / "report.xlsx"
    document.save(path)
    return path


def zip_without_workbook(folder: Path) -> Path:
    return write_zip(folder / "archive.xlsx", {"台账/说明.txt": "整改台账见附件".encode()})


def empty_workbook(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    openpyxl.Workbook().save(path)
    return path


def unrelated_workbook(folder: Path) -> Path:
    return write_workbook(folder / "budget.xlsx", {"预算": [["科目", "金额"], ["办公费", 1200]], "Sheet2": [[1, 2]]})


# -- bombs and malformed packages ----------------------------------------------------------------


def declared_gigabytes(folder: Path) -> Path:
    path = ledger(folder)
    path.write_bytes(patch_declared_size(path.read_bytes(), PART["任务清单"].encode(), 3 << 30))
    return path


def _bomb(folder: Path, lie: bool) -> Path:
    """xl/styles.xml inflating to 1.2 GB of blanks inside its root element (1.2 MB on disk);
    with `lie`, its headers declare the original, small size."""
    path = ledger(folder)
    entries = read_zip(path)
    styles = entries["xl/styles.xml"]
    cut = styles.rindex(b"</styleSheet>")
    data, crc, size = crafted_deflate(styles[:cut], b" " * (1 << 20), 1200, styles[cut:])
    items = [(name, *deflated(body)) for name, body in entries.items() if name != "xl/styles.xml"]
    items.append(("xl/styles.xml", data, zlib.crc32(styles) if lie else crc, len(styles) if lie else size))
    path.write_bytes(raw_zip(items))
    return path


def deflate_bomb(folder: Path) -> Path:
    return _bomb(folder, lie=False)


def lying_deflate_bomb(folder: Path) -> Path:
    return _bomb(folder, lie=True)


def packed_entry(folder: Path) -> Path:
    """An entry of 150 MB of zeros packed 1000:1, under the total limit but absurdly tight."""
    path = ledger(folder)
    items = [(name, *deflated(body)) for name, body in read_zip(path).items()]
    items.append(("xl/media/image1.png", *crafted_deflate(b"", bytes(1 << 20), 149, b"")))
    path.write_bytes(raw_zip(items))
    return path


def billion_laughs(folder: Path) -> Path:
    entities = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                                              for i in range(9))
    return patch_part(ledger(folder), PART["任务清单"],
                      lambda xml: f"<!DOCTYPE worksheet [{entities}]>" + xml.replace("1-1-1", "&j;", 1))


def unclosed_cell(folder: Path) -> Path:
    return patch_part(ledger(folder), PART["任务清单"],
                      lambda xml: xml.replace("</sheetData>", '<row r="9"><c r="A9"><v>1</v></row></sheetData>'))


def shared_string_out_of_range(folder: Path) -> Path:
    return patch_part(ledger(folder), PART["任务清单"],
                      lambda xml: replace_cell(xml, "H3", '<c r="H3" t="s"><v>999</v></c>'))


def sheet_part_missing(folder: Path) -> Path:
    path = ledger(folder)
    entries = read_zip(path)
    del entries[PART["任务清单"]]
    return write_zip(path, entries)


# -- big ones ----------------------------------------------------------------------------------


def million_blank_rows(folder: Path) -> Path:
    """任务清单 followed by a million rows, each one styled empty cell (a formatted column)."""
    path = ledger(folder)
    wb = openpyxl.load_workbook(path)
    wb["任务清单"]["A1"].font = openpyxl.styles.Font(bold=True)  # so that style 1 exists
    wb.save(path)
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(7, 1_000_007))
    return patch_part(path, PART["任务清单"], lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"))


def wide(rename_status: bool) -> Callable[[Path], Path]:
    """任务清单 with 10,000 columns: a header row and a data row filled across."""

    def edit(sheets):
        measures = sheets["任务清单"]
        measures[0] += [f"附加列{i}" for i in range(len(measures[0]) + 1, 10_001)]
        measures[1] += list(range(len(measures[1]) + 1, 10_001))
        if rename_status:
            measures[0][7] = "整改情况说明"

    return edited(edit)


def big_cell(ref: str) -> Callable[[Path], Path]:
    """A 5,000,000-character text in one cell of 任务清单 (Excel's own limit is 32,767)."""
    text = "长" * 5_000_000
    return patched(lambda path: patch_part(path, PART["任务清单"], lambda xml: replace_cell(
        xml, ref, f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')))


def stray(sheet: str, ref: str) -> Callable[[Path], Path]:
    def edit(path):
        wb = openpyxl.load_workbook(path)
        wb[sheet][ref] = "误输入"
        wb.save(path)

    return patched(edit)


def merged_to_the_end(folder: Path) -> Path:
    return patch_part(ledger(folder), PART["任务清单"], lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A8:XFD1048576"/></mergeCells>'))


# -- cells -------------------------------------------------------------------------------------


def set_cells(cells: dict[tuple[str, str], object]) -> Callable[[Sheets], None]:
    """Set (sheet, A1 ref) → value in the sheets' rows (rows[0] is row 1)."""
    from rectxl.core.address import parse_ref

    def edit(sheets):
        for (sheet, ref), value in cells.items():
            row, col = parse_ref(ref)
            rows = sheets[sheet]
            while len(rows) < row:
                rows.append([])
            rows[row - 1].extend([None] * (col - len(rows[row - 1])))
            rows[row - 1][col - 1] = value

    return edit


MEASURE_COLUMNS = "ABCDEFGHIJK"


def errors_everywhere(error: str) -> Callable[[Path], Path]:
    """The error value in every column of 任务清单, one column per data row in turn."""
    cells = {("任务清单", f"{col}{2 + i % 5}"): error for i, col in enumerate(MEASURE_COLUMNS)}
    return edited(set_cells(cells))


def error_refs() -> set[str]:
    return {f"{col}{2 + i % 5}" for i, col in enumerate(MEASURE_COLUMNS)}


def formulas_without_values(folder: Path) -> Path:
    """Formulas as openpyxl (and many generators) write them: no cached value."""
    return edited(set_cells({("任务清单", "H2"): '="已完成"', ("任务清单", "G3"): "=DATE(2023,6,30)",
                             ("任务清单", "C4"): '="建立"&"转化机制"'}))(folder)


def formulas_with_values(folder: Path) -> Path:
    """Formulas as Excel saves them: the formula and its cached result."""
    cells = {"H2": '<c r="H2" t="str"><f>"已"&amp;"完成"</f><v>已完成</v></c>',
             "G3": '<c r="G3" t="str"><f>"2023年"&amp;"6月底前"</f><v>2023年6月底前</v></c>',
             "I2": '<c r="I2"><f>DATE(2022,12,20)</f><v>44915</v></c>',
             "C4": '<c r="C4" t="str"><f>"建立"&amp;"转化机制"</f><v>建立转化机制</v></c>'}

    def edit(xml):
        for ref, cell in cells.items():
            xml = replace_cell(xml, ref, cell)
        return xml

    return patch_part(ledger(folder), PART["任务清单"], edit)


def bad_date(value, date_style: bool = False) -> Callable[[Path], Path]:
    """The value as 开始日期 (F3), 完成时限 (G5), 完成日期 (I2, a done measure) and 进展记录 日期 (A2)."""
    targets = (("任务清单", "F3"), ("任务清单", "G5"), ("任务清单", "I2"), ("进展记录", "A2"))

    def build(folder: Path) -> Path:
        path = edited(set_cells({t: value for t in targets}))(folder)
        if date_style:
            wb = openpyxl.load_workbook(path)
            for sheet, ref in targets:
                wb[sheet][ref].number_format = "yyyy-mm-dd"
            wb.save(path)
        return path

    return build


def renamed_people(names: dict[str, str]) -> Callable[[Sheets], None]:
    def edit(sheets):
        for rows in sheets.values():
            for row in rows:
                for j, v in enumerate(row):
                    if isinstance(v, str):
                        for old, new in names.items():
                            v = v.replace(old, new)
                        row[j] = v

    return edit


def emoji_and_rtl(sheets: Sheets) -> None:
    renamed_people({"张三": "张三😀", "李四": "محمد علي", "王五": "王五\u200b"})(sheets)
    sheets["任务清单"][5][4] = "王五"  # the roster's 王五 carries a zero-width space, this one doesn't
    sheets["任务清单"][1][2] = "修订学习制度 👨‍👩‍👧 \u202eتحديث\u202c"
    sheets["任务清单"][2][2] = "שלום עולם – 开展专项检查 🇨🇳"
    sheets["进展记录"][1][2] = "\u200f进行中 ✓ — 已完成 70%"
    sheets["设置"][1][1] = "测试学院党委🎓"


def markup_texts(sheets: Sheets) -> None:
    """Texts that are markup to rich, the terminal tables' library (a closing tag, a style, an
    emoji code): shown as typed, never a MarkupError."""
    sheets["任务清单"][2][7] = "[/x]推进"  # status-unknown, in the findings table
    sheets["任务清单"][4][2] = "规范[red]公务[/]接待[/bold] :warning:"  # an overdue measure, in the status table
    for row in (sheets["任务清单"][4], sheets["任务清单"][5], sheets["责任人"][3], sheets["进展记录"][2]):
        row[row.index("王五")] = "[王五]"


# -- headers -----------------------------------------------------------------------------------


def header(sheet: str, old: str, new: str) -> Callable[[Sheets], None]:
    def edit(sheets):
        row = sheets[sheet][0]
        row[row.index(old)] = new

    return edit


def duplicated_status(sheets: Sheets) -> None:
    for i, row in enumerate(sheets["任务清单"]):
        row.append("整改状态" if i == 0 else "已完成")


def shuffled(sheets: Sheets) -> None:
    rng = random.Random(7)
    for name, rows in sheets.items():
        width = max(map(len, rows))
        order = list(range(width))
        rng.shuffle(order)
        sheets[name] = [[row[j] if j < len(row) else None for j in order] for row in rows]


def title_rows(count: int, only: str | None = None) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        names = [only] if only else list(LEDGER)
        top = {n: [["××学院党委巡察整改台账"], ["填报日期：2023年3月31日"]] + [[None]] * (count - 2) for n in names}
        return ledger(folder, top_rows=top, merges={n: ["A1:F1"] for n in names})

    return build


def padded_headers(sheets: Sheets) -> None:
    for rows in sheets.values():
        rows[0] = [f"  {h}\t " if isinstance(h, str) else h for h in rows[0]]
    sheets["任务清单 "] = sheets.pop("任务清单")


FULL_WIDTH = {"措施编号": "＊措施编号", "问题编号": "Ｐｒｏｂｌｅｍ　ＩＤ", "整改状态": "Ｓｔａｔｕｓ",
              "完成时限": "Ｄｅａｄｌｉｎｅ：", "责任人": "责任人＊", "责任部门": "ＤＥＰＡＲＴＭＥＮＴ"}


def full_width_headers(sheets: Sheets) -> None:
    sheets["任务清单"][0] = [FULL_WIDTH.get(h, h) for h in sheets["任务清单"][0]]
    sheets["Ｐｅｏｐｌｅ"] = sheets.pop("责任人")


def only_headers(sheets: Sheets) -> None:
    for name in list(sheets):
        sheets[name] = sheets[name][:1]


def without(sheet: str) -> Callable[[Sheets], None]:
    return lambda sheets: sheets.pop(sheet)


def lock_file(folder: Path) -> Path:
    path = ledger(folder)
    (folder / f"~${path.name}").write_bytes(b"\x0bAdministrator" + bytes(150))
    return path


DAY_2999 = dt.date(2999, 1, 1)


# -- what the probe and python-calamine could see differently (issue 15) ------------------------

STRAY_SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
               '</sheetData></worksheet>')


def disguised_target(target: str, loaded_part: str) -> Callable[[Path], Path]:
    """任务清单's relationship target rewritten to `target`, which a URI resolver takes for its
    harmless part and python-calamine, literally, for `loaded_part`: a value at XFD1048576, which
    calamine would allocate 512 GB for."""

    def build(folder: Path) -> Path:
        path = ledger(folder)
        entries = read_zip(path)
        rels = entries["xl/_rels/workbook.xml.rels"].decode()
        old = PART["任务清单"].removeprefix("xl")
        assert old in rels
        entries["xl/_rels/workbook.xml.rels"] = rels.replace(old, target).encode()
        entries[loaded_part] = STRAY_SHEET.encode()
        return write_zip(path, entries)

    return build


def backslash_twin(folder: Path) -> Path:
    """A second entry named 任务清单's part with a backslash: one name to python-calamine."""
    path = ledger(folder)
    entries = read_zip(path)
    entries[PART["任务清单"].replace("/", "\\")] = STRAY_SHEET.encode()
    return write_zip(path, entries)


def one_part_many_sheets(count: int, distinct: bool = False) -> Callable[[Path], Path]:
    """`count` more sheets, all pointing at 任务清单's part (or each at a small part of its own)."""

    def build(folder: Path) -> Path:
        path = ledger(folder)
        entries = read_zip(path)
        sheets = "".join(f'<sheet name="附表{i}" sheetId="{100 + i}" r:id="rX{i}"/>' for i in range(count))
        entries["xl/workbook.xml"] = entries["xl/workbook.xml"].replace(b"</sheets>", sheets.encode() + b"</sheets>")
        target = (lambda i: f"/xl/worksheets/extra{i}.xml") if distinct else (lambda i: "/" + PART["任务清单"])
        rels = "".join(f'<Relationship Id="rX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       f'relationships/worksheet" Target="{target(i)}"/>' for i in range(count))
        entries["xl/_rels/workbook.xml.rels"] = entries["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", rels.encode() + b"</Relationships>")
        if distinct:
            for i in range(count):
                entries[f"xl/worksheets/extra{i}.xml"] = STRAY_SHEET.replace("XFD1048576", "A1").replace(
                    '"1048576"', '"1"').encode()
        return write_zip(path, entries)

    return build


def huge_shared_strings(folder: Path) -> Path:
    """A shared string table inflating to 300 MB of one-character strings (1.3 MB on disk, within
    the zip's size and ratio limits): python-calamine would hold millions of strings."""
    path = ledger(folder)
    entries = read_zip(path)
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    unit = b"<si><t>a</t></si>" * (1 << 16)  # 1 MiB
    items = [(name, *deflated(body)) for name, body in entries.items()]
    items.append(("xl/sharedStrings.xml", *crafted_deflate(head, unit, 300, b"</sst>")))
    path.write_bytes(raw_zip(items))
    return path

