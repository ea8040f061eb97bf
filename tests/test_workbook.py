"""workbook/Rectification.xlsm: reproducible build, VBA project, ribbon, sheets, LibreOffice import."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlwings
from oletools.olevba import VBA_Parser

from rectxl.workbook import build as workbook
from rectxl.core.schema import DONE, LEDGER_SHEETS, MEASURES_SHEET, SETTINGS, SETTINGS_SHEET, STATUSES

CUSTOMUI = "{http://schemas.microsoft.com/office/2009/07/customui}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
XLWINGS = Path(xlwings.__file__).parent
# The module files the project holds, besides its (generated, empty) document modules.
MODULE_FILES = (XLWINGS / "xlwings.bas", XLWINGS / "addin" / "Dictionary.cls",
                workbook.SOURCES / "vba" / "RectxlRibbon.bas")
DOCUMENTS = ("ThisWorkbook", *(f"Sheet{n}" for n in range(1, len(LEDGER_SHEETS) + 3)))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return workbook.build_workbook(tmp_path_factory.mktemp("build") / "Rectification.xlsm")


def module_text(path: Path) -> str:
    """What the project should hold for a module file: its text with CRLF line endings, less
    the VERSION/BEGIN/END header the VBA editor puts in front of an exported class."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    if path.suffix == ".cls":
        header, text = text.split("\r\n", 4)[:4], text.split("\r\n", 4)[4]
        assert header == ["VERSION 1.0 CLASS", "BEGIN", "  MultiUse = -1  'True", "END"]
    return text


def without_attributes(code: str) -> str:
    """The module less its module-level Attribute lines (compared with Excel's own in
    test_vba_attributes_are_those_excel_writes)."""
    return re.sub(r"\A(Attribute VB_\w+ = [^\r\n]*\r\n)*", "", code)


def package_rels(path: Path) -> set[tuple[str, str]]:
    with zipfile.ZipFile(path) as archive:
        return {(r.get("Type"), r.get("Target")) for r in ElementTree.fromstring(archive.read("_rels/.rels"))}


def test_builds_are_identical_and_committed(built, tmp_path):
    # Another process, another hash seed (set order), another time, another working directory.
    subprocess.run([sys.executable, "-m", "rectxl.workbook.build", "again.xlsm"], cwd=tmp_path, check=True,
                   env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert [p.name for p in tmp_path.iterdir()] == ["again.xlsm"], "no scratch files"
    assert (tmp_path / "again.xlsm").read_bytes() == built.read_bytes()
    with zipfile.ZipFile(built) as archive:
        assert {info.date_time for info in archive.infolist()} == {workbook.FIXED_TIME.timetuple()[:6]}
        assert archive.read("docProps/core.xml").count(b"2025-01-01T00:00:00Z") == 2  # created, modified
    assert workbook.WORKBOOK_PATH.read_bytes() == built.read_bytes(), "stale: run python -m rectxl.workbook.build"


def test_vba_modules_read_back(built):
    parser = VBA_Parser(str(built))
    stored = {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_all_macros()}
    parser.close()
    assert sorted(stored) == sorted([*DOCUMENTS, "xlwings", "Dictionary", "RectxlRibbon"])
    # olevba gives the text exactly as stored, Attribute lines included.
    for path in MODULE_FILES:
        assert without_attributes(stored[path.stem]) == without_attributes(module_text(path)), path.name
        assert stored[path.stem].startswith(f'Attribute VB_Name = "{path.stem}"\r\n'), path.name
    assert re.match(r'Attribute VB_Name = "RectxlRibbon"\r\n', stored["RectxlRibbon"])
    assert 'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in stored["ThisWorkbook"]
    assert 'Attribute VB_Base = "0{00020820-0000-0000-C000-000000000046}"' in stored["Sheet1"]
    # The pinned xlwings release's module (its DLL name carries the version).
    assert f'Public Const XLWINGS_VERSION As String = "{xlwings.__version__}"' in stored["xlwings"]


def test_ribbon_buttons_run_rectxl_functions():
    ui = ElementTree.parse(workbook.SOURCES / "customUI14.xml").getroot()
    assert ui.tag == f"{CUSTOMUI}customUI"
    [tab] = ui.iter(f"{CUSTOMUI}tab")
    assert tab.get("label") == "整改台账"
    buttons = list(tab.iter(f"{CUSTOMUI}button"))
    assert [b.get("label") for b in buttons] == list(workbook.RIBBON_FUNCTIONS)
    ribbon = (workbook.SOURCES / "vba" / "RectxlRibbon.bas").read_text(encoding="utf-8")
    assert ribbon.isascii()
    subs = dict(re.findall(r'^Sub (\w+)\(control As IRibbonControl\)\r?\n'
                           r'    If PythonReady\(\) Then RunPython "import rectxl\.excel; rectxl\.excel\.(\w+)\(\)"\r?\n'
                           r'End Sub\r?$', ribbon, re.M))
    assert len(subs) == len(re.findall(r"^Sub ", ribbon, re.M)) == len(buttons)
    for button in buttons:
        assert subs[button.get("onAction")] == workbook.RIBBON_FUNCTIONS[button.get("label")]
        assert button.get("size") == "large"
        assert all(button.get(a) for a in ("id", "imageMso", "screentip", "supertip"))


def test_package_parts(built):
    with zipfile.ZipFile(built) as archive:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{TYPES}Override")}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{TYPES}Default")}
        workbook_rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        custom_ui = archive.read(workbook.CUSTOMUI_PART)
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert overrides.get("/xl/vbaProject.bin", defaults.get("bin")) == "application/vnd.ms-office.vbaProject"
    vba_rel = 'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"'
    assert vba_rel in workbook_rels
    assert (workbook.CUSTOMUI_REL, "customUI/customUI14.xml") in package_rels(built)
    assert custom_ui == (workbook.SOURCES / "customUI14.xml").read_bytes()


def test_restore_ribbon_relationship_after_openpyxl_save(built, tmp_path):
    saved = tmp_path / "saved.xlsm"
    openpyxl.load_workbook(built, keep_vba=True).save(saved)
    assert (workbook.CUSTOMUI_REL, workbook.CUSTOMUI_PART) not in package_rels(saved)  # what openpyxl does
    workbook.restore_ribbon_relationship(saved)
    assert (workbook.CUSTOMUI_REL, workbook.CUSTOMUI_PART) in package_rels(saved)
    with zipfile.ZipFile(saved) as after, zipfile.ZipFile(built) as before:
        for part in ("xl/vbaProject.bin", workbook.CUSTOMUI_PART):
            assert after.read(part) == before.read(part)
    copy = saved.read_bytes()
    workbook.restore_ribbon_relationship(saved)
    assert saved.read_bytes() == copy  # nothing to restore: left alone


def test_sheets_as_openpyxl_sees_them(built):
    wb = openpyxl.load_workbook(built, keep_vba=True)
    assert wb.sheetnames == [workbook.HELP_SHEET, *(s.name for s in LEDGER_SHEETS), workbook.CONF_SHEET]
    assert wb.code_name == "ThisWorkbook"
    assert [ws.sheet_properties.codeName for ws in wb.worksheets] == list(DOCUMENTS[1:])
    for sheet in LEDGER_SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        for number, column in enumerate(sheet.columns, 1):
            dimension = ws.column_dimensions[openpyxl.utils.get_column_letter(number)]
            assert dimension.width == column.width
            assert (dimension.number_format == workbook.DATE_FORMAT) == (column.kind == "date"), column.key

    settings = wb[SETTINGS_SHEET.name]
    assert [tuple(c.value for c in row) for row in settings.iter_rows(min_row=2)] == [
        (s.label, s.default, s.note) for s in SETTINGS]
    names = {}
    for name in (workbook.AS_OF_NAME, workbook.DUE_SOON_NAME):
        [(title, coordinate)] = wb.defined_names[name].destinations
        names[name] = (title, settings[coordinate.replace("$", "")].offset(column=-1).value)
    assert names == {workbook.AS_OF_NAME: ("设置", "统计截止日期"), workbook.DUE_SOON_NAME: ("设置", "临期天数")}

    measures = wb[MEASURES_SHEET.name]
    letters = {c.key: openpyxl.utils.get_column_letter(n) for n, c in enumerate(MEASURES_SHEET.columns, 1)}
    lists = {str(v.sqref): v.formula1 for v in measures.data_validations.dataValidation}
    assert lists == {f"{letters['status']}2:{letters['status']}{workbook.LAST_ROW}": f'"{",".join(STATUSES)}"',
                     f"{letters['closed']}2:{letters['closed']}{workbook.LAST_ROW}": '"是,否"'}
    [(area, rules)] = [(str(cf.sqref), cf.rules) for cf in measures.conditional_formatting]
    assert area == f"A2:{letters['deadline_date']}{workbook.LAST_ROW}"
    overdue, due_soon = (rule.formula[0] for rule in rules)
    for formula in (overdue, due_soon):
        for part in (f"${letters['deadline_date']}2", f'${letters["status"]}2<>"{DONE}"', workbook.AS_OF_NAME):
            assert part in formula
    assert workbook.DUE_SOON_NAME in due_soon
    assert [rule.dxf.fill.fgColor.rgb for rule in rules] == ["00FFC7CE", "00FFEB9C"]


def test_conf_sheet_holds_keys_xlwings_reads(built):
    conf = openpyxl.load_workbook(built)[workbook.CONF_SHEET]
    rows = [tuple(c.value for c in row) for row in conf.iter_rows()]
    assert conf.max_column == 2 and rows == list(workbook.CONF)  # from A1 down, no header row
    source = (XLWINGS / "xlwings.bas").read_text()
    for key, _ in rows:  # the VBA upper-cases the sheet's keys
        assert f'GetConfig("{key.upper()}"' in source, key


def test_libreoffice_imports_vba_source(built, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(built)],
                   check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "Rectification.ods") as ods:
        basic = {Path(n).stem: ElementTree.fromstring(ods.read(n)).text
                 for n in ods.namelist() if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")}
    assert sorted(basic) == sorted([*DOCUMENTS, "xlwings", "Dictionary", "RectxlRibbon"])
    # LibreOffice drops the Attribute lines, puts its own "Rem Attribute VBA_ModuleType=...",
    # "Option VBASupport 1" (and "Option ClassModule") lines in front, ends lines with LF and
    # adds one line break at the end.
    for path in MODULE_FILES:
        code = [line for line in module_text(path).split("\r\n") if not line.startswith("Attribute ")]
        header = ["Option VBASupport 1", *(["Option ClassModule"] if path.suffix == ".cls" else [])]
        assert basic[path.stem].split("\n")[1:] == [*header, *code, ""], path.name


def test_compression_round_trips():
    from oletools.olevba import decompress_stream

    from rectxl.workbook.vba import compress, decompress

    # Long runs need copy tokens of the maximum length for their offset width (the length that
    # ms-ovba-compression 1.0.1 gets wrong); random bytes go into raw chunks.
    data = [b"", b"a", b"x" * 70000, bytes(range(256)) * 64, os.urandom(8192),
            (XLWINGS / "xlwings.bas").read_bytes()]
    for original in data:
        assert decompress_stream(bytearray(compress(original))) == original
        assert decompress(compress(original)) == original  # rectxl's own reader (rectxl doctor)


def test_module_source_reads_excel_made_projects():
    from rectxl.workbook.vba import module_source

    excel_made = zipfile.ZipFile(XLWINGS / "quickstart_standalone.xlsm").read("xl/vbaProject.bin")
    source = module_source(excel_made, "xlwings")
    assert f'Public Const XLWINGS_VERSION As String = "{xlwings.__version__}"' in source
    assert module_source(excel_made, "NoSuchModule") is None


def test_a_wheel_carries_the_templates_and_the_workbook(tmp_path):
    """A plain `pip install` (not editable) must still draft documents and copy the workbook."""
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(root)],
                   check=True, capture_output=True, timeout=300)
    names = zipfile.ZipFile(next(tmp_path.glob("rectxl-*.whl"))).namelist()
    for name in ("monthly_briefing.docx", "reminder.docx", "weekly.docx", "consolidated_briefing.docx"):
        assert f"rectxl/_data/templates/{name}" in names
    for name in ("Rectification.xlsm", "customUI14.xml", "vba/RectxlRibbon.bas"):
        assert f"rectxl/_data/workbook/{name}" in names
