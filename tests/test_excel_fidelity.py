"""The built workbook read against what Excel itself writes, and the ribbon's first click in VBA.

Excel is not available here. What stands in for it: the workbooks Excel saved that ship in the
xlwings wheel (quickstart_standalone.xlsm: its VBA modules' stored attributes), Microsoft's
customUI14 schema for the ribbon XML (tests/schemas/customui14.xsd: the Office 2010 Custom UI
schema, "Copyright (c) Microsoft Corporation", as vendored by the Office RibbonX Editor,
github.com/fernandreu/office-ribbonx-editor, src/OfficeRibbonXEditor/Resources/Schemas/customui14.xsd
at commit d17a1f569ca3b8e98bdc94c6d02cd06e09235549), and Microsoft's list of Excel's control ids.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xlwings
from lxml import etree
from oletools.olevba import VBA_Parser

from rectxl.workbook import build as workbook
from rectxl.workbook.vba import XLWINGS_VERSION

SCHEMA = Path(__file__).parent / "schemas" / "customui14.xsd"
EXCEL_MADE = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
RIBBON_BAS = workbook.SOURCES / "vba" / "RectxlRibbon.bas"

# The imageMso ids the ribbon uses, each a "Control Name" row of Microsoft's excelcontrols.xlsx
# (github.com/OfficeDev/office-fluent-ui-command-identifiers, "Microsoft 365/Current Channel",
# commit b230a0df45036b2d5e8b49ebf368b3f90ada8d63). Not there: MailMergeStartLetters (Word's) and
# ExportWord (Access's), the icons the ribbon had before.
EXCEL_CONTROL_IDS = {"DataValidation", "RefreshAll", "ConditionalFormattingMenu", "FilePrintPreview",
                     "FileSendAsAttachment", "FilePrint"}  # FilePrint: Excel's Print command (生成整改通报)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return workbook.build_workbook(tmp_path_factory.mktemp("fidelity") / "Rectification.xlsm")


def modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_all_macros()}
    finally:
        parser.close()


def attributes(code: str) -> list[tuple[str, str]]:
    """The module-level attributes as stored, in order (the lines VBA keeps above the code)."""
    found = re.match(r"(?:Attribute VB_\w+ = [^\r\n]*\r?\n)*", code).group(0)
    return re.findall(r"Attribute (VB_\w+) = ([^\r\n]*)", found)


def test_every_vba_module_stores_the_attributes_excel_writes(built):
    ours, excel = modules(built), modules(EXCEL_MADE)
    # Excel's module of the same kind: the workbook's, a sheet's, the class, a standard module.
    counterpart = {"ThisWorkbook": "ThisWorkbook", "Dictionary": "Dictionary", "xlwings": "Module1",
                   "RectxlRibbon": "Module1", **{name: "Sheet1" for name in ours if re.fullmatch(r"Sheet\d+", name)}}
    assert set(counterpart) == set(ours)
    for name, theirs in counterpart.items():
        mine, model = attributes(ours[name]), attributes(excel[theirs])
        assert mine[0] == ("VB_Name", f'"{name}"')
        keys = [key for key, _ in model if key != "VB_Description"]
        assert [key for key, _ in mine if key != "VB_Description"] == keys, name
        assert [a for a in mine[1:] if a[0] != "VB_Description"] == [a for a in model[1:] if a[0] != "VB_Description"], name
    assert ("VB_Base", '"0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"') in attributes(ours["Dictionary"])


XS = "{http://www.w3.org/2001/XMLSchema}"


def customui14_schema() -> etree.XMLSchema:
    """The schema, compiled by libxml2. Some of Microsoft's types extend a base that has an
    attribute group and name the same group again (CT_ButtonRegular: AG_Enabled); .NET accepts
    that, libxml2 calls it a duplicate attribute use; a few repeat one of the base's attributes.
    Each such repetition is dropped: the base still allows the attribute (our ribbon uses none of
    the galleries where the repeated declaration differs)."""
    tree = etree.parse(str(SCHEMA))
    groups = {g.get("name"): g for g in tree.iter(f"{XS}attributeGroup") if g.get("name")}

    def attributes_of(group) -> set[str]:
        names = {a.get("name") for a in group.iter(f"{XS}attribute")}
        for ref in group.iter(f"{XS}attributeGroup"):
            if ref.get("ref"):
                names |= attributes_of(groups[ref.get("ref")])
        return names

    for _ in range(100):
        try:
            return etree.XMLSchema(tree)
        except etree.XMLSchemaParseError as error:
            m = re.search(r"complex type '(\w+)': Duplicate attribute use '(\w+)'", str(error))
            if not m:
                raise
            [owner] = [t for t in tree.iter(f"{XS}complexType") if t.get("name") == m[1]]
            refs = [r for r in owner.iter(f"{XS}attributeGroup") if r.get("ref") and m[2] in attributes_of(groups[r.get("ref")])]
            own = [a for a in owner.iter(f"{XS}attribute") if a.get("name") == m[2]]
            repeated = (refs or own)[-1]
            repeated.getparent().remove(repeated)
    raise AssertionError("the schema does not compile")


def test_the_ribbon_xml_is_valid_customui14(built):
    schema = customui14_schema()
    with zipfile.ZipFile(built) as archive:
        part = etree.fromstring(archive.read(workbook.CUSTOMUI_PART))
    assert schema.validate(part), schema.error_log
    # The schema can fail: an attribute customUI14 doesn't know.
    broken = etree.fromstring((workbook.SOURCES / "customUI14.xml").read_bytes().replace(b'size="large"', b'sise="large"', 1))
    assert not schema.validate(broken)


def test_ribbon_icons_are_excel_control_ids():
    ui = etree.parse(str(workbook.SOURCES / "customUI14.xml"))
    icons = {b.get("imageMso") for b in ui.iter("{http://schemas.microsoft.com/office/2009/07/customui}button")}
    assert icons == EXCEL_CONTROL_IDS


# ---- the first click: the VBA pre-check ---------------------------------------------------------


def zh(escaped: str) -> str:
    """What the module's Zh function makes of a string: \\uXXXX escapes and \\n decoded."""
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), escaped).replace("\\n", "\n")


def messages(code: str) -> dict[str, str]:
    """The module's Message(key) texts, as VBA builds them (before {0} is filled in)."""
    body = code.split("Select Case key", 1)[1].split("End Select", 1)[0]
    found = {}
    for case in re.split(r'^\s*Case "', body, flags=re.M)[1:]:
        key = case.split('"', 1)[0]
        found[key] = zh("".join(re.findall(r'^\s*s = s & "([^"]*)"', case, re.M))).replace("{1}", XLWINGS_VERSION)
    return found


def test_the_built_workbook_checks_the_interpreter_before_runpython(built):
    code = modules(built)["RectxlRibbon"]
    assert code == RIBBON_BAS.read_text(encoding="utf-8").replace("\n", "\r\n")
    for sub in ("ValidateLedger", "RefreshFigures", "MarkOverdue", "DraftBriefing", "DraftReminders"):
        assert re.search(rf'^Sub {sub}\(control As IRibbonControl\)\r\n    If PythonReady\(\) Then RunPython ', code, re.M)
    text = messages(code)
    assert text["title"] == "整改台账"
    assert "Interpreter_Win" in text["missing"] and "{0}" in text["missing"] and "不存在" in text["missing"]
    assert "应用商店" in text["stub"] and "没有安装 rectxl" in text["noRectxl"]
    assert f"xlwings {XLWINGS_VERSION}" in text["noXlwings"]
    for fix in ("fix", "pip"):
        assert "rectxl doctor" in text[fix]
    assert "pip install rectxl" in text["fix"] and "Interpreter_Win" in text["fix"]
    assert f"-m pip install xlwings=={XLWINGS_VERSION}" in text["pip"]
    assert "\\microsoft\\windowsapps\\" in code.lower()  # the Store placeholder's folder


BLOCKS = [(r"(?:(?:Private|Public) )?Function \w+", r"End Function"), (r"(?:(?:Private|Public) )?Sub \w+", r"End Sub"),
          (r"#If .* Then", r"#End If"), (r"Select Case ", r"End Select"), (r"Do While ", r"Loop"),
          (r"For (?:Each )?\w+", r"Next(?: \w+)?"), (r"(?:Else)?If .* Then$", r"End If")]


def test_the_pre_check_reads_as_valid_vba7():
    """No VBA compiler here: the rules the VBA7 editor enforces that a text can break, checked —
    ASCII source (the project's code page may be any), lines under 1,024 characters, every block
    closed by its own End in order, every Declare PtrSafe (64-bit Office), Option Explicit with
    every local declared, and every procedure it calls defined here or in the xlwings module."""
    code = RIBBON_BAS.read_text(encoding="utf-8")
    assert code.isascii() and max(map(len, code.splitlines())) < 1024
    assert "\nOption Explicit\n" in code
    assert all("PtrSafe" in line for line in code.splitlines() if re.search(r"\bDeclare\b", line))
    stack = []
    for number, raw in enumerate(code.splitlines(), 1):
        line = re.sub(r"'.*$", "", re.sub(r'"[^"]*"', '""', raw)).strip()  # strings and comments out
        if not line:
            continue
        if re.fullmatch(r"(?:#Else|Else|ElseIf .* Then|#ElseIf .* Then|Case .*)", line):
            continue
        closing = next((i for i, (_, end) in enumerate(BLOCKS) if re.fullmatch(end, line)), None)
        if closing is not None:
            assert stack and stack.pop() == closing, f"line {number}: {raw}"
            continue
        opening = next((i for i, (start, _) in enumerate(BLOCKS) if re.match(start, line)), None)
        single_if = opening == len(BLOCKS) - 1 and not line.endswith("Then")
        if opening is not None and not single_if and not re.match(r"If .* Then \S", line):
            stack.append(opening)
    assert stack == []
    # Every variable assigned is declared (Option Explicit), per procedure.
    for procedure in re.findall(r"^(?:Private )?(?:Function|Sub) .*?^End (?:Function|Sub)", code, re.M | re.S):
        name = re.match(r"(?:Private )?(?:Function|Sub) (\w+)", procedure)[1]
        declared = {name} | set(re.findall(r"(\w+) As ", procedure))
        declared |= set(re.findall(r"Dim (?:\w+ As (?:New )?\w+, )*(\w+)", procedure))
        assigned = set(re.findall(r"^\s*(?:Set )?(\w+) = ", procedure, re.M))
        assert assigned <= declared, (name, assigned - declared)
    defined = set(re.findall(r"^(?:Private )?(?:Function|Sub) (\w+)", code, re.M))
    xlwings_bas = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")
    from_xlwings = {"RunPython", "GetConfig"}
    assert all(re.search(rf"^(?:Public )?Function {n}\(", xlwings_bas, re.M) for n in from_xlwings)
    assert "Public Const XLWINGS_VERSION As String" in xlwings_bas
    calls = re.sub(r"'.*$", "", re.sub(r'"[^"]*"', '""', code), flags=re.M)
    called = set(re.findall(r"(?<![.\w])([A-Z]\w*)\$?\(", calls))  # not methods (fso.FileExists)
    vba_library = {"Trim", "Replace", "LCase", "InStr", "CreateObject", "Split", "Environ", "Len", "Mid", "ChrW",
                   "CLng", "Chr"}
    assert called - vba_library - from_xlwings <= defined, called - vba_library - from_xlwings - defined


def test_sheets_rectxl_write_adds_to_an_xlsm_get_a_code_name(tmp_path):
    import openpyxl

    from conftest import run_rectxl

    ledger = tmp_path / "台账.xlsm"
    assert run_rectxl("init", ledger, "--demo").returncode == 0
    assert run_rectxl("write", ledger).returncode in (0, 1)
    [result] = tmp_path.glob("台账_结果.xlsm")
    wb = openpyxl.load_workbook(result, keep_vba=True)
    added = [ws for ws in wb.worksheets if ws.title in ("校验结果", "统计")]
    assert len(added) == 2
    names = [ws.sheet_properties.codeName for ws in wb.worksheets]
    assert all(names) and len(set(names)) == len(names), names
    assert all(re.fullmatch(r"Sheet\d+", ws.sheet_properties.codeName) for ws in added)
    # Written again, each keeps its codeName.
    assert run_rectxl("write", result, "--in-place").returncode in (0, 1)
    again = openpyxl.load_workbook(result, keep_vba=True)
    assert [ws.sheet_properties.codeName for ws in again.worksheets] == names


def test_the_help_sheet_lists_the_first_run_problems_and_their_fixes(built):
    import openpyxl

    text = "\n".join(str(row[0].value) for row in openpyxl.load_workbook(built)[workbook.HELP_SHEET].iter_rows())
    section = text.split("第一次点击按钮时的常见问题", 1)[1]
    for needed in ("找不到 Python", "Interpreter_Win", "WindowsApps", "python.org", "-m pip install rectxl",
                   f"-m pip install xlwings=={XLWINGS_VERSION}", "rectxl doctor 本工作簿.xlsm"):
        assert needed in section, needed
