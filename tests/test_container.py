"""rectxl.io.probe: files sniffed by content, hostile ones refused, sheet extents measured from
the cells really present. Fixtures are real files the tests write: openpyxl workbooks, and
hand-written sheet XML zipped as an .xlsx where a case needs XML openpyxl wouldn't write."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import msoffcrypto.format.ooxml
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from rectxl.io import extent as scans
from rectxl.io import xmlparts
from rectxl.io import limits as container
from rectxl.core.address import cell_ref, col_letter
from rectxl.io.probe import UnreadableWorkbook, probe_workbook, read_sheet_cells

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


# -- fixtures --------------------------------------------------------------------------------


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def xlsx_bytes(sheets: dict[str, str | bytes], strings: list[str] = (), strict: bool = False, prefix: str = "",
               target=lambda i: f"worksheets/sheet{i}.xml") -> bytes:
    """A minimal .xlsx: `sheets` maps a name to its <sheetData> content (str) or a whole sheet part
    (bytes); `prefix` (e.g. "x:") prefixes every element, as some .NET writers do."""
    main, rel = (STRICT_MAIN, STRICT_REL) if strict else (MAIN, REL)
    p, ns = prefix, f'xmlns{":" + prefix[:-1] if prefix else ""}="{main}"'
    rels = [f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="{target(i)}"/>' for i in range(1, len(sheets) + 1)]
    rels.append(f'<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>')
    sst = "".join(s if s.startswith("<") else f"<{p}si><{p}t>{s}</{p}t></{p}si>" for s in strings)
    entries = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{rel}/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<{p}workbook {ns} xmlns:r="{rel}"><{p}sheets>'
                           + "".join(f'<{p}sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(sheets, 1))
                           + f"</{p}sheets></{p}workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>',
        "xl/sharedStrings.xml": f"<{p}sst {ns}>{sst}</{p}sst>",
    }
    for i, data in enumerate(sheets.values(), 1):
        if isinstance(data, str):
            data = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}><{p}dimension ref="A1"/>' \
                   f"<{p}sheetData>{data}</{p}sheetData></{p}worksheet>"
        entries[f"xl/worksheets/sheet{i}.xml"] = data
    return zip_bytes(entries)


def rezip(data: bytes, name: str, edit) -> bytes:
    """The zip `data` with entry `name` replaced by edit(its bytes)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    entries[name] = edit(entries[name])
    return zip_bytes(entries)


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def refusal(path: Path) -> UnreadableWorkbook:
    with pytest.raises(UnreadableWorkbook) as info:
        probe_workbook(path)
    e = info.value
    assert path.name in e.zh and path.name in e.en and "\n" not in e.zh + e.en
    return e


def ole_file(stream: str, data: bytes) -> bytes:
    """A minimal OLE compound file holding one stream (olefile can't write new files)."""
    data = data.ljust(4096, b"\0")  # at the mini-stream cutoff: kept in regular 512-byte sectors
    n = -(-len(data) // 512)
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<109I", 0, *[free] * 108))
    fat = [fat_sector, end] + [3 + i for i in range(n - 1)] + [end]  # sector 0 FAT, 1 directory, 2… data

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, none, none, child) + bytes(36)
                + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream, 2, none, 2, len(data)) + entry("", 0, none, 0, 0) * 2
    return header + struct.pack("<128I", *fat, *[free] * (128 - len(fat))) + directory + data.ljust(n * 512, b"\0")


BOF = struct.pack("<HH", 0x0809, 16) + bytes(16)
EOF = struct.pack("<HH", 0x000A, 0)


def openpyxl_file(path: Path, fill) -> Path:
    wb = openpyxl.Workbook()
    fill(wb)
    wb.save(path)
    return path


def ledger(wb, rows: int = 5000) -> None:
    ws = wb.active
    ws.title = "台账"
    ws.append(["编号", "问题", "责任人", "数量", "销号"])
    for i in range(1, rows):
        ws.append([f"1-{i}", f"问题{i}", "张三", i * 1.5, i % 2 == 0])


@pytest.fixture(scope="module")
def stray_file(tmp_path_factory) -> Path:
    def fill(wb):
        ledger(wb)
        wb.active["XFD1048576"] = "x"

    return openpyxl_file(tmp_path_factory.mktemp("stray") / "stray.xlsx", fill)


# -- extents ---------------------------------------------------------------------------------


def test_extents_match_openpyxl(tmp_path):
    def fill(wb):
        ws = wb.active
        ws.title = "整改任务"
        ws.append(["措施编号", "完成日期", "是否销号"])
        ws.append(["1-1-1", dt.date(2023, 1, 2), True])
        ws["D7"] = "=SUM(1,2)"  # a formula without a cached value counts
        ws["B9"] = 3.25
        ws["B9"].font = openpyxl.styles.Font(bold=True)
        ws["H2"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")  # a style alone doesn't
        second = wb.create_sheet("问题清单")
        for r in range(1, 301):
            second.cell(r, r % 12 + 1, f"v{r}")
        wb.create_sheet("空表")

    path = openpyxl_file(tmp_path / "normal.xlsx", fill)
    probe = probe_workbook(path)
    assert probe.kind == "xlsx" and list(probe.sheets) == ["整改任务", "问题清单", "空表"]
    first, second, empty = probe.sheets.values()
    assert (first.rows, first.cols, first.cells) == (9, 4, 8)
    ws = openpyxl.load_workbook(path)["问题清单"]
    assert (second.rows, second.cols) == (ws.max_row, ws.max_column) == (300, 12)
    assert second.cells == sum(c.value is not None for row in ws.iter_rows() for c in row)
    assert (second.dense_rows, second.dense_cols, second.far_cells, second.far_count) == (300, 12, (), 0)
    assert (empty.rows, empty.cols, empty.cells, empty.dense_rows, empty.far_cells) == (0, 0, 0, 0, ())


def test_a_stray_value_at_xfd1048576_is_a_far_cell(stray_file):
    extent = probe_workbook(stray_file).sheets["台账"]
    assert (extent.rows, extent.cols, extent.cells) == (1048576, 16384, 5000 * 5 + 1)
    assert (extent.dense_rows, extent.dense_cols) == (5000, 5)
    assert (extent.far_cells, extent.far_count) == (("XFD1048576",), 1)


def test_probing_never_loads_or_imports_calamine(stray_file):
    """In a process of its own: calamine would abort it on this file (it allocates 512 GB)."""
    code = ("import sys; from rectxl.io.probe import probe_workbook; e = probe_workbook(sys.argv[1]).sheets['台账'];"
            "print(e.rows, e.cols, e.far_cells); assert 'python_calamine' not in sys.modules")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code, str(stray_file)], capture_output=True, text=True, env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1048576 16384 ('XFD1048576',)"


def test_far_cells_are_listed_up_to_twenty_and_counted(tmp_path):
    rows = []
    for r in range(1, 41):
        cells = [f'<c r="A{r}"><v>{r}</v></c>', f'<c r="C{r}"><v>1</v></c>']
        if r == 2:  # 25 cells far to the right
            cells += [f'<c r="{col_letter(c)}2"><v>1</v></c>' for c in range(200, 225)]
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    rows.append('<row r="900000"><c r="B900000"><v>1</v></c></row>')  # and one far below
    extent = probe_workbook(write(tmp_path / "far.xlsx", xlsx_bytes({"S": "".join(rows)}))).sheets["S"]
    assert (extent.dense_rows, extent.dense_cols, extent.far_count) == (40, 3, 26)
    assert extent.far_cells == tuple(f"{col_letter(c)}2" for c in range(200, 220))


def test_a_cell_alone_far_from_a1_is_far_too(tmp_path):
    rows = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    extent = probe_workbook(write(tmp_path / "alone.xlsx", xlsx_bytes({"S": rows}))).sheets["S"]
    assert (extent.rows, extent.cols, extent.dense_rows, extent.dense_cols) == (1048576, 16384, 0, 0)
    assert extent.far_cells == ("XFD1048576",)


@pytest.mark.parametrize("cell, far", [
    ('<c r="xfd1048576"><v>1</v></c>', "XFD1048576"),
    ('<c r="XFD01048576"><v>1</v></c>', "XFD1048576"),
    ('<c r="XFDA1048576"><v>1</v></c>', "XFDA1048576"),
    ('<c r="A99999999"><v>1</v></c>', "A99999999"),
])
def test_refs_written_loosely_are_far_where_calamine_would_put_them(tmp_path, cell, far):
    """calamine takes each of these (and allocates its range: it aborts on all but the last)."""
    rows = f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cell}</row>'
    extent = probe_workbook(write(tmp_path / "loose.xlsx", xlsx_bytes({"S": rows}))).sheets["S"]
    assert (extent.dense_rows, extent.dense_cols, extent.far_cells) == (1, 1, (far,))


@pytest.mark.parametrize("cell", [
    '<c r="A2" r="XFD1048576"><v>1</v></c>',  # calamine takes the last r and aborts
    '<c r="XFD1048576" x="a<b"><v>1</v></c>',  # calamine reads past the "<" and aborts
    '<c r="$A$2"><v>1</v></c>',
])
def test_malformed_cells_are_refused_not_overlooked(tmp_path, cell):
    rows = f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cell}</row>'
    assert "损坏" in refusal(write(tmp_path / "malformed.xlsx", xlsx_bytes({"S": rows}))).zh


def test_a_million_formatted_blank_rows_add_nothing(tmp_path):
    data = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>2</v></c></row>',
            '<row r="2"><c r="A2" s="3"><f>B1*2</f></c><c r="C2" s="3"></c></row>']
    data += [f'<row r="{r}" s="3" customFormat="1"><c r="A{r}" s="3"/><c r="B{r}" s="3"/></row>' for r in range(3, 1_000_001)]
    data.append('<row r="1048576"><c r="XFD1048576" s="3"/></row>')
    extent = probe_workbook(write(tmp_path / "formatted.xlsx", xlsx_bytes({"S": "".join(data)}, ["标题"]))).sheets["S"]
    assert (extent.rows, extent.cols, extent.cells, extent.far_cells) == (2, 2, 3, ())


def test_the_dimension_element_is_not_trusted(tmp_path):
    sheet = f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B2"/><sheetData><row r="70"><c r="K70"><v>1</v></c></row></sheetData></worksheet>'
    extent = probe_workbook(write(tmp_path / "dim.xlsx", xlsx_bytes({"S": sheet.encode()}))).sheets["S"]
    assert (extent.rows, extent.cols) == (70, 11)


def test_strict_namespaces_prefixes_and_targets_absolute_or_relative(tmp_path):
    cells = '<x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c></x:row><x:row r="8"><x:c r="E8"><x:v>2</x:v></x:c></x:row>'
    targets = {1: "/xl/worksheets/sheet1.xml", 2: "worksheets/sheet2.xml", 3: "/xl/worksheets/sheet3.xml"}
    data = xlsx_bytes({"甲": cells, "乙": cells, "丙": cells}, ["x"], strict=True, prefix="x:", target=targets.get)
    probe = probe_workbook(write(tmp_path / "strict.xlsx", data))
    assert [(e.name, e.rows, e.cols, e.cells) for e in probe.sheets.values()] == [(n, 8, 5, 2) for n in "甲乙丙"]
    assert read_sheet_cells(tmp_path / "strict.xlsx", "乙", 3, 2) == [["", ""], ["", ""], ["", "x"]]


@pytest.mark.parametrize("target", ["../xl/worksheets/sheet1.xml", "worksheets/sheet1%2Exml", "worksheets/./sheet1.xml",
                                    "worksheets//sheet1.xml", "worksheets\\sheet1.xml"])
def test_targets_python_calamine_would_resolve_otherwise_are_refused(tmp_path, target):
    """python-calamine takes a relationship target literally (measured): "../" and "%2E" are
    not resolved, so the probe refuses what the two would resolve differently."""
    data = xlsx_bytes({"S": '<row r="1"><c r="A1"><v>1</v></c></row>'}, target=lambda i: target)
    assert "恶意构造" in refusal(write(tmp_path / "odd.xlsx", data)).zh


def test_cells_and_rows_without_r_are_placed_as_excel_does(tmp_path):
    rows = ('<row><c><v>1</v></c><c s="1"/><c><v>3</v></c></row><row><c><v>4</v></c></row>'
            '<row r="5"><c r="C5"><v>5</v></c><c><v>6</v></c></row>')
    path = write(tmp_path / "positional.xlsx", xlsx_bytes({"S": rows}))
    extent = probe_workbook(path).sheets["S"]
    assert (extent.rows, extent.cols, extent.cells) == (5, 4, 5)
    expected = [[1.0, "", 3.0, ""], [4.0, "", "", ""], ["", "", "", ""], ["", "", "", ""], ["", "", 5.0, 6.0]]
    assert read_sheet_cells(path, "S", 5, 4) == expected
    with CalamineWorkbook.from_path(str(path)) as wb:  # calamine places them the same way
        assert wb.get_sheet_by_name("S").to_python() == expected


def test_a_utf16_sheet_and_comments_are_read_all_the_same(tmp_path):
    body = f'<worksheet xmlns="{MAIN}"><!-- <c r="Z99"><v>1</v></c> --><sheetData><row r="4"><c r="D4"><v>1</v></c></row></sheetData></worksheet>'
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16")
    probe = probe_workbook(write(tmp_path / "odd.xlsx", xlsx_bytes({"A": utf16, "B": body.encode()})))
    assert [(e.rows, e.cols, e.cells) for e in probe.sheets.values()] == [(4, 4, 1), (4, 4, 1)]


def test_error_cells_are_mapped_as_calamine_reads_them_blank(tmp_path):
    rows = ('<row r="2"><c r="B2" t="e"><v>#N/A</v></c><c r="C2" s="4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
            '<c r="D2" t="e"><f t="shared" ref="D2:D3" si="0">X1</f><v>#NAME?</v></c></row>'
            '<row r="3"><c r="D3" t="e"><f t="shared" si="0"/><v>#NAME?</v></c></row>')
    expected = {(1, 1): "#N/A", (1, 2): "#DIV/0!", (1, 3): "#NAME?", (2, 3): "#NAME?"}
    fast = probe_workbook(write(tmp_path / "errors.xlsx", xlsx_bytes({"S": rows}))).sheets["S"]
    slow = probe_workbook(write(tmp_path / "errors2.xlsx", xlsx_bytes({"S": "<!-- -->" + rows}))).sheets["S"]
    assert fast.errors == slow.errors == expected
    assert read_sheet_cells(tmp_path / "errors.xlsx", "S", 3, 4)[1] == ["", "#N/A", "#DIV/0!", "#NAME?"]


cells_strategy = st.dictionaries(
    st.tuples(st.one_of(st.integers(1, 60), st.integers(1, 1_048_576)), st.one_of(st.integers(1, 12), st.integers(1, 16384))),
    st.sampled_from(["n", "s", "inline", "formula", "error", "style", "empty"]),
    max_size=40,
)
BODY = {"n": "<v>1.5</v>", "s": "<v>0</v>", "inline": "<is><t>x</t></is>", "formula": "<f>A1</f>", "error": "<v>#N/A</v>",
        "style": None, "empty": ""}
TYPE = {"s": ' t="s"', "inline": ' t="inlineStr"', "error": ' t="e"'}


def render(cells: dict, form: str) -> str:
    """Sheet data as Excel writes it ("excel"), with a comment holding a fake far cell
    ("comment"), or spelled out otherwise ("loose": rows without r where they follow on, single
    quotes, spread-out whitespace). Only the first is for the fast scan."""
    out, last_row = [], 0
    if form == "comment":
        out.append('<!-- <row r="1048576"><c r="XFD1048576"><v>1</v></c></row> -->')
    for row in sorted({r for r, _ in cells}):
        out.append("<row>" if form == "loose" and row == last_row + 1 else f'<row r="{row}">')
        for c in sorted(c for r, c in cells if r == row):
            kind = cells[row, c]
            ref = f"r='{cell_ref(row, c)}'" if form == "loose" else f'r="{cell_ref(row, c)}"'
            gap = "\n " if form == "loose" else ""
            start = f"<c {gap}{ref}{TYPE.get(kind, '')}"
            out.append(f"{start}/>" if BODY[kind] is None else f"{start}>{gap}{BODY[kind]}</c>")
        out.append("</row>")
        last_row = row
    return "".join(out)


def walk_dense(positions, factor: int, slack: int) -> int:
    """The documented rule, step by step."""
    limit = 0
    for p in sorted(set(positions)):
        if p > factor * limit + slack:
            break
        limit = p
    return limit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=cells_strategy, chunk=st.sampled_from([64, 200, 1 << 20]))
def test_fast_and_expat_scans_agree_with_the_cells_written(cells, chunk, monkeypatch):
    monkeypatch.setattr(xmlparts, "CHUNK", chunk)  # small chunks: cells cut at every place
    counted = {k for k, kind in cells.items() if kind not in ("style", "empty")}
    rows, cols = [r for r, _ in counted], [c for _, c in counted]
    dense_rows, dense_cols = walk_dense(rows, *container.FAR_ROWS), walk_dense(cols, *container.FAR_COLS)
    far = {(r, c) for r, c in counted if r > dense_rows or c > dense_cols}
    for form in ("excel", "comment", "loose"):
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes({"S": render(cells, form)}, ["s"]))) as zf:
            extent = scans.sheet_extent(zf, "S", "xl/worksheets/sheet1.xml")
            if form == "excel":  # Excel's own form never needs expat
                list(scans._fast_cells(zf, "xl/worksheets/sheet1.xml"))
        assert (extent.rows, extent.cols, extent.cells) == (max(rows, default=0), max(cols, default=0), len(counted))
        assert (extent.dense_rows, extent.dense_cols, extent.far_count) == (dense_rows, dense_cols, len(far))
        assert set(extent.far_cells) <= {cell_ref(r, c) for r, c in far} and len(extent.far_cells) == min(len(far), 20)
        assert extent.errors == {(r - 1, c - 1): "#N/A" for (r, c), kind in cells.items() if kind == "error"}
        # The quick scan vouches only for what bounds every cell calamine could read, error-free.
        with zipfile.ZipFile(io.BytesIO(xlsx_bytes({"S": render(cells, form)}, ["s"]))) as zf:
            bound = scans.sheet_bound(zf, "S", "xl/worksheets/sheet1.xml")
        if bound is not None:
            assert all(r <= bound.rows and c <= bound.cols for r, c in cells) and not extent.errors
            assert bound.rows * bound.cols <= container.QUICK_MAX_CELLS
        if form == "excel":
            rows_all, cols_all = max((r for r, _ in cells), default=0), max((c for _, c in cells), default=0)
            if not extent.errors and scans._loose_rows(rows_all) * cols_all <= container.QUICK_MAX_CELLS:
                assert bound is not None  # Excel's own form is vouched for
        elif form == "loose":
            assert bound is None or not cells


# -- the fallback reader ---------------------------------------------------------------------


def test_read_sheet_cells_values_and_bounds(tmp_path):
    strings = ["标题", "<si><r><t>富</t></r><r><t>文本</t></r><rPh sb=\"0\" eb=\"1\"><t>フ</t></rPh></si>", "a &amp; b"]
    rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="inlineStr"><is><t xml:space="preserve"> 内联 </t></is></c></row>'
            '<row r="2"><c r="A2"><v>42</v></c><c r="B2" s="2"><v>44927</v></c><c r="C2" t="b"><v>1</v></c>'
            '<c r="D2" t="b"><v>0</v></c><c r="E2" t="e"><v>#REF!</v></c></row>'
            '<row r="3"><c r="A3" t="str"><f>A1</f><v>标题</v></c><c r="B3"><f>1+1</f></c><c r="C3" s="5"/>'
            '<c r="F3"><v>7</v></c></row><row r="9"><c r="A9"><v>1</v></c></row>')
    path = write(tmp_path / "values.xlsx", xlsx_bytes({"S": rows}, strings))
    assert read_sheet_cells(path, "S", 3, 5) == [
        ["标题", "富文本", "a & b", " 内联 ", ""],
        [42.0, 44927.0, True, False, "#REF!"],
        ["标题", "", "", "", ""],
    ]
    with pytest.raises(KeyError):
        read_sheet_cells(path, "nope", 1, 1)


def test_read_sheet_cells_gives_the_ledger_calamine_gives(tmp_path, stray_file):
    clean = openpyxl_file(tmp_path / "clean.xlsx", ledger)
    with CalamineWorkbook.from_path(str(clean)) as wb:
        expected = wb.get_sheet_by_name("台账").to_python()
    extent = probe_workbook(stray_file).sheets["台账"]
    assert read_sheet_cells(stray_file, "台账", extent.dense_rows, extent.dense_cols) == expected


# -- what the file is --------------------------------------------------------------------------


def test_kinds_are_sniffed_by_content_not_name(tmp_path):
    ods = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
    xlsb = zip_bytes({"[Content_Types].xml": "<x/>", "xl/workbook.bin": b"\0"})
    assert probe_workbook(write(tmp_path / "old.xlsx", ole_file("Workbook", BOF + EOF))).kind == "xls"
    assert probe_workbook(write(tmp_path / "a.xls", ods)).kind == "ods"
    assert probe_workbook(write(tmp_path / "b.xlsx", xlsb)).kind == "xlsb"
    assert probe_workbook(openpyxl_file(tmp_path / "macro.xlsm", lambda wb: wb.active.append([1]))).kind == "xlsx"


@pytest.mark.parametrize("name, data, says_zh, says_en", [
    ("empty.xlsx", b"", "空的", "empty"),
    ("table.xlsx", "编号,问题\n1-1,学习不到位\n".encode("gbk"), "CSV", "CSV"),
    ("unicode.xls", "编号\t问题\n".encode("utf-16"), "CSV", "CSV"),
    ("page.xls", "\ufeff<html><body><table><tr><td>1</td></tr></table></body></html>".encode(), "HTML", "HTML"),
    ("random.xlsx", bytes(range(256)) * 4, "无法识别", "unrecognised"),
    ("doc.xls", ole_file("WordDocument", b"\xec\xa5"), "Word", "Word"),
    ("other.xls", ole_file("PowerPoint Document", b""), "不是 Excel", "not an Excel"),
    ("locked.xls", ole_file("Workbook", BOF + struct.pack("<HH", 0x2F, 6) + bytes(6) + EOF), "打开密码", "password"),
    ("locked2.xls", ole_file("Workbook", BOF + struct.pack("<HH", 0x86, 0) + struct.pack("<HH", 0x2F, 6) + bytes(6)), "打开密码", "password"),
    ("bad.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "损坏", "damaged"),
    ("notes.xlsx", zip_bytes({"notes.txt": "hello"}), "压缩包", "zip archive"),
    ("gone.xlsx", xlsx_bytes({"S": "<row/>"}, target=lambda i: "worksheets/nowhere.xml"), "「S」的数据缺失", "“S” is missing"),
])
def test_files_that_are_not_readable_workbooks_are_refused(tmp_path, name, data, says_zh, says_en):
    e = refusal(write(tmp_path / name, data))
    assert says_zh in e.zh and says_en in e.en


def test_a_missing_file_a_folder_a_renamed_word_document_and_a_truncated_workbook(tmp_path, stray_file):
    assert "不存在" in refusal(tmp_path / "nowhere.xlsx").zh
    assert "文件夹" in refusal(tmp_path).zh
    document = docx.Document()
    document.add_paragraph("整改报告")
    document.save(tmp_path / "report.xlsx")
    assert "Word" in refusal(tmp_path / "report.xlsx").zh
    data = stray_file.read_bytes()
    assert "损坏" in refusal(write(tmp_path / "half.xlsx", data[: len(data) // 2])).zh


def test_a_password_protected_workbook_is_refused(tmp_path):
    plain = openpyxl_file(tmp_path / "plain.xlsx", lambda wb: wb.active.append(["机密"]))
    with plain.open("rb") as f, (tmp_path / "locked.xlsx").open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(f).encrypt("123456", out)
    e = refusal(tmp_path / "locked.xlsx")
    assert "工作簿设置了打开密码，请在 Excel 中取消密码后再试" in e.zh


def test_dtds_are_refused_before_any_entity_is_expanded(tmp_path):
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    in_sheet = xlsx_bytes({"S": f'{laughs}<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()})
    in_workbook = rezip(xlsx_bytes({"S": ""}), "xl/workbook.xml", lambda x: laughs.encode() + x)
    for i, data in enumerate((in_sheet, in_workbook)):
        assert "DTD" in refusal(write(tmp_path / f"dtd{i}.xlsx", data)).en


# -- zip bombs ---------------------------------------------------------------------------------


def patch_declared_size(data: bytes, entry: bytes, size: int) -> bytes:
    """Rewrite an entry's uncompressed size in the zip's central directory."""
    at = data.rfind(entry) - 46  # the central directory record, after the local header's copy
    assert data[at : at + 4] == b"PK\x01\x02"
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]


def test_a_zip_declaring_gigabytes_is_refused_before_inflating(tmp_path):
    data = patch_declared_size(xlsx_bytes({"S": "<row/>"}), b"xl/worksheets/sheet1.xml", 3 << 30)
    e = refusal(write(tmp_path / "bomb.xlsx", data))
    assert "3072 MB" in e.zh and "1024 MB" in e.en


def test_an_absurdly_packed_entry_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xmlparts, "RATIO_MIN_SIZE", 10 << 20)  # (rather than write 100 MB of zeros)
    path = write(tmp_path / "packed.xlsx", xlsx_bytes({"S": "<row/>"}))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z, z.open("xl/media/blob.bin", "w") as blob:
        for _ in range(20):
            blob.write(bytes(1 << 20))
    info = zipfile.ZipFile(path).getinfo("xl/media/blob.bin")
    assert info.file_size > container.MAX_RATIO * info.compress_size
    assert "blob.bin" in refusal(path).en


def test_an_entry_longer_than_declared_is_not_inflated_past_its_size(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2000))
    data = patch_declared_size(xlsx_bytes({"S": rows}), b"xl/worksheets/sheet1.xml", 1000)
    assert "损坏" in refusal(write(tmp_path / "liar.xlsx", data)).zh


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_bytes_give_a_refusal_never_a_crash(tmp_path_factory, data):
    good = xlsx_bytes({"S": '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="e"><v>#N/A</v></c></row>'}, ["x"])
    raw = bytearray(good)
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    path = write(tmp_path_factory.mktemp("fuzz") / "f.xlsx", bytes(raw[:cut]))
    try:
        probe = probe_workbook(path)
        for name, extent in probe.sheets.items():
            read_sheet_cells(path, name, min(extent.dense_rows, 50), min(extent.dense_cols, 50))
    except UnreadableWorkbook:
        pass


def test_each_sheet_is_told_as_measured_the_largest_last(tmp_path):
    """The small sheets are told first (a reader loads them while the largest is measured), the
    largest last, each once its shared strings are bounded."""
    def fill(wb):
        wb.active.title = "小"
        wb.active["A1"] = 1
        big = wb.create_sheet("大")
        for r in range(1, 301):
            big.append([r, "值", r * 2])
        wb.create_sheet("中").append(["a", "b"])

    told = []
    probe = probe_workbook(openpyxl_file(tmp_path / "sizes.xlsx", fill), quick=True,
                           measured=lambda name, extent: told.append((name, extent.rows, extent.cols)))
    assert [name for name, *_ in told][-1] == "大" and sorted(told) == sorted(
        (name, e.rows, e.cols) for name, e in probe.sheets.items())
    assert list(probe.sheets) == ["小", "大", "中"]  # still in the workbook's order
    assert all(isinstance(e, container.SheetBound) for e in probe.sheets.values())  # openpyxl's form is vouched for
