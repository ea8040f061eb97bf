"""Build workbook/Rectification.xlsm, the ledger template with the rectxl ribbon, from text sources.

    python -m rectxl.workbook.build [OUT]

Sources: the schema, workbook/vba/*.bas, workbook/customUI14.xml and the standalone VBA module of
the installed (pinned) xlwings. Two builds give the same bytes.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.relationship import Relationship, RelationshipList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import fromstring, tostring

from rectxl.core.schema import (DONE, FLAG_NO, FLAG_YES, LEDGER_SHEETS, MEASURES_SHEET, OUTCOME_TYPES, SETTINGS,
                                SETTINGS_SHEET, STATUSES, Sheet)
from rectxl.shipped import shipped
from rectxl.workbook.vba import (CONF_SHEET, WORKBOOK_BASE, WORKSHEET_BASE, XLWINGS_VERSION, build_vba_project,
                                 document_module, read_module)

SOURCES = shipped("workbook")
WORKBOOK_PATH = SOURCES / "Rectification.xlsm"

# Ribbon button label -> the rectxl.excel function its Sub in vba/RectxlRibbon.bas runs.
RIBBON_FUNCTIONS = {
    "校验台账": "validate",
    "刷新统计": "refresh_figures",
    "标记逾期": "mark_overdue",
    "生成月度简报": "draft_briefing",
    "生成督办提醒": "draft_reminders",
    "生成整改通报": "draft_notice",
}

HELP_SHEET = "说明"
# Defined names of two settings' value cells on 设置 (the conditional formats use them).
AS_OF_NAME, DUE_SOON_NAME = "AsOfDate", "DueSoonDays"
NAMED_SETTINGS = {"as_of": AS_OF_NAME, "due_soon_days": DUE_SOON_NAME}

CUSTOMUI_PART = "customUI/customUI14.xml"
CUSTOMUI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
FIXED_TIME = datetime(2025, 1, 1)  # every timestamp in the file: zip entries, docProps/core.xml
LAST_ROW = 5000  # data validation and conditional formats cover rows 2..LAST_ROW
DATE_FORMAT = "yyyy-mm-dd"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5597")
OWNED_FILL = PatternFill("solid", fgColor="7F7F7F")  # columns rectxl writes
OVERDUE_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
DUE_SOON_FILL = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
WRAP = Alignment(wrap_text=True, vertical="top")

# xlwings reads the xlwings.conf sheet from A1 down (key, value; no header row). A key present
# here wins over the xlwings add-in's settings (~/.xlwings/xlwings.conf) even when its value is blank.
CONF = (
    ("Interpreter_Win", None),
    ("Interpreter_Mac", None),
    ("PYTHONPATH", None),
    ("Conda Path", None),
    ("Conda Env", None),
    ("Use UDF Server", False),
    ("Show Console", False),
)

HELP = (
    ("title", "整改台账（rectxl）使用说明"),
    ("heading", "一、填写台账"),
    ("text", "1. “设置”表：填写单位名称、巡察名称、反馈日期等。“统计截止日期”留空则按当天统计；"
             "临期天数等参数可按需修改。"),
    ("text", "2. “问题清单”表：每个问题一行，问题编号不能重复。"),
    ("text", "3. “任务清单”表：每条整改措施一行，用“问题编号”对应问题清单。完成时限可填具体日期，"
             "也可填“立行立改”“长期坚持”等；"
             f"整改状态请从下拉列表中选择（{'、'.join(STATUSES)}）；是否销号填“{FLAG_YES[0]}”或“{FLAG_NO[0]}”。"),
    ("text", "4. 灰色表头的“时限日期”列由 rectxl 在“标记逾期”时根据完成时限填写，不必手工填写。"),
    ("text", "5. “进展记录”表：每次进展一行，写明日期、措施编号和进展情况。“责任人”表：责任人名单，用于核对姓名。"),
    ("text", "6. “整改成效”表（可选）：每项成效一行——成效类型从下拉列表中选择（如"
             f"{'、'.join(t.name for t in OUTCOME_TYPES[:4])}、诫勉、问责等），数量只填数字，计量单位留空则按类型默认"
             "（制度为“项”、资金为“万元”、人员为“人”）；属于某项措施的填措施编号，属于整体整改的留空。"
             "月度简报和整改进展情况通报据此写出整改成效。"),
    ("text", "7. 颜色提示：任务清单中时限日期早于统计截止日期（留空按当天）且未完成的行显示浅红色；"
             "距时限日期不超过“临期天数”的行显示浅黄色。"),
    ("text", "8. “设置”表中的联系电话、电子邮箱、通信地址、受理时间会原样公布在整改进展情况通报中。"),
    ("text", "9. 请勿修改各表的表头文字和工作表名称，rectxl 按表头识别各列。"),
    ("heading", "二、安装（首次使用）"),
    ("text", "1. 安装 Python 3.11 或更高版本（Windows 安装时勾选“Add python.exe to PATH”）。"),
    ("text", "2. 打开命令行，进入 rectxl 文件夹（含 pyproject.toml），执行：pip install ."
             "（会一并安装与本工作簿匹配的 xlwings 0.37.8）"),
    ("text", "3. 在“xlwings.conf”表中设置 Python 解释器：Windows 填 Interpreter_Win（如 "
             "C:\\Users\\用户名\\AppData\\Local\\Programs\\Python\\Python311\\python.exe），"
             "Mac 填 Interpreter_Mac（如 /usr/local/bin/python3）；留空则使用命令行中的 python。"),
    ("text", "4. Mac 用户还需在终端执行一次：xlwings runpython install"),
    ("text", "5. 本工作簿已内置 xlwings 的 VBA 模块，无需安装 xlwings 加载项。"
             "“xlwings.conf”表中列出的项优先于 xlwings 加载项中的设置，留空也同样优先；"
             "如需沿用加载项中的设置，请删除对应的行。"),
    ("text", "6. 提示：把“Use UDF Server”改为 TRUE，Python 会在后台常驻，按钮响应更快"
             "（仅限 Windows，须在 Interpreter_Win 填写完整路径）；升级 rectxl 后需重新启动 Excel。"),
    ("heading", "三、使用"),
    ("text", "1. 打开本工作簿时点击“启用内容”（启用宏）。文件来自网络或邮件附件时，Office 可能直接阻止宏："
             "请先关闭文件，右键文件 →“属性”→ 勾选“解除锁定”后再打开。"),
    ("text", "2. 功能区“整改台账”选项卡中的按钮："),
    ("buttons", ""),
    ("text", "3. 功能区按钮需要 Microsoft Excel（Windows 或 Mac）并启用宏。"
             "WPS 表格用户请在命令行使用 rectxl 命令处理本文件（执行 rectxl --help 查看用法）。"),
    ("heading", "四、第一次点击按钮时的常见问题"),
    ("text", "1. 提示“找不到 Python”：在“xlwings.conf”表的 Interpreter_Win 中填写 python.exe 的完整路径"
             "（在命令行执行 where python 可以查到），或重新运行 rectxl 安装程序。"),
    ("text", "2. 提示“Windows 应用商店的占位程序”：路径中含 WindowsApps 的 python.exe 不是已安装的 Python。"
             "请从 python.org 安装 Python，再把它的完整路径填入 Interpreter_Win。"),
    ("text", "3. 提示“没有安装 rectxl”或“rectxl 安装不完整”：在命令行执行 \"Python 完整路径\" -m pip install "
             "rectxl 所在文件夹（或重新运行 rectxl 安装程序）。"),
    ("text", f"4. 提示 xlwings 版本不对：在命令行执行 \"Python 完整路径\" -m pip install xlwings=={XLWINGS_VERSION}。"),
    ("text", "5. 其他情况：在命令行执行 rectxl doctor 本工作簿.xlsm，逐项检查 Python、rectxl、xlwings、中文字体和 "
             "LibreOffice，并给出解决命令。"),
)


def build_workbook(out_path: str | Path = WORKBOOK_PATH) -> Path:
    """Write the macro-enabled ledger template to out_path."""
    import xlwings  # only here: importing it costs half a second (it loads pandas and matplotlib)

    wb = ledger_workbook()
    wb.code_name = "ThisWorkbook"
    for number, ws in enumerate(wb.worksheets, 1):
        ws.sheet_properties.codeName = f"Sheet{number}"
    modules = [document_module(wb.code_name, WORKBOOK_BASE),
               *(document_module(ws.sheet_properties.codeName, WORKSHEET_BASE) for ws in wb.worksheets),
               read_module(Path(xlwings.__file__).parent / "xlwings.bas"),
               # The xlwings module reads its config sheet with this class on Mac (Scripting.Dictionary on Windows).
               read_module(Path(xlwings.__file__).parent / "addin" / "Dictionary.cls"),
               *map(read_module, sorted((SOURCES / "vba").glob("*.bas")))]
    wb.vba_archive = _vba_archive(build_vba_project(modules), (SOURCES / "customUI14.xml").read_bytes())
    wb.properties.creator = "rectxl"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    entries = _read_zip(buffer)
    wb.properties.modified = FIXED_TIME  # the save stamped it with the time of day
    entries["docProps/core.xml"] = tostring(wb.properties.to_tree())
    out_path = Path(out_path)
    _write_zip(out_path, _with_ribbon_relationship(entries))
    return out_path


def restore_ribbon_relationship(path: str | Path) -> None:
    """Put back the ribbon's relationship in _rels/.rels after an openpyxl save (keep_vba=True).

    openpyxl keeps customUI/customUI14.xml but, of the package relationships, only the Office 2007
    customUI one: the Office 2010 one (customUI14) is dropped and the ribbon disappears.
    """
    entries = _read_zip(path)
    restored = _with_ribbon_relationship(entries)
    if restored != entries:
        _write_zip(path, restored)


# ---- sheets ----------------------------------------------------------------------------------


def ledger_workbook() -> Workbook:
    """The ledger's sheets laid out from the schema (headers on row 1), with 说明 and xlwings.conf."""
    wb = Workbook()
    wb.remove(wb.active)
    _help_sheet(wb.create_sheet(HELP_SHEET))
    for sheet in LEDGER_SHEETS:
        _ledger_sheet(wb.create_sheet(sheet.name), sheet)
    settings = wb[SETTINGS_SHEET.name]
    for row, setting in enumerate(SETTINGS, 2):
        settings.append((setting.label, setting.default, setting.note))
        if setting.kind == "date":
            settings.cell(row, 2).number_format = DATE_FORMAT
        if setting.key in NAMED_SETTINGS:
            name = NAMED_SETTINGS[setting.key]
            wb.defined_names[name] = DefinedName(
                name, attr_text=f"{quote_sheetname(settings.title)}!{absolute_coordinate(f'B{row}')}")
    _deadline_formats(wb[MEASURES_SHEET.name])
    conf = wb.create_sheet(CONF_SHEET)
    for row in CONF:
        conf.append(row)
    conf.column_dimensions["A"].width, conf.column_dimensions["B"].width = 20, 60
    return wb


def _ledger_sheet(ws, sheet: Sheet) -> None:
    """Styled header row (frozen), column widths, date formats and vocabulary drop-downs."""
    choices = {"status": tuple(STATUSES), "flag": (FLAG_YES[0], FLAG_NO[0]),
               "outcome": tuple(t.name for t in OUTCOME_TYPES)}
    for number, column in enumerate(sheet.columns, 1):
        cell = ws.cell(1, number, column.header)
        cell.font, cell.fill = HEADER_FONT, OWNED_FILL if column.owned else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(number)
        ws.column_dimensions[letter].width = column.width
        if column.kind == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        if column.kind in choices:
            values = choices[column.kind]
            validation = DataValidation(
                type="list", formula1=f'"{",".join(values)}"', allow_blank=True, showErrorMessage=True,
                errorStyle="warning", errorTitle=column.header, error=f"请从下拉列表中选择：{'、'.join(values)}")
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"


def _deadline_formats(ws) -> None:
    """Rows of measures not done: light red past their 时限日期, light yellow within 临期天数 of it."""
    letters = {c.key: get_column_letter(n) for n, c in enumerate(MEASURES_SHEET.columns, 1)}
    due, status = f"${letters['deadline_date']}2", f"${letters['status']}2"
    as_of = f'IF({AS_OF_NAME}="",TODAY(),{AS_OF_NAME})'
    pending = f'ISNUMBER({due}),{status}<>"{DONE}"'
    rows = f"A2:{get_column_letter(len(MEASURES_SHEET.columns))}{LAST_ROW}"
    ws.conditional_formatting.add(rows, FormulaRule(formula=[f"AND({pending},{due}<{as_of})"], fill=OVERDUE_FILL))
    ws.conditional_formatting.add(rows, FormulaRule(
        formula=[f"AND({pending},{due}>={as_of},{due}-{as_of}<={DUE_SOON_NAME})"], fill=DUE_SOON_FILL))


def _help_sheet(ws) -> None:
    ws.column_dimensions["A"].width = 100
    ribbon = ElementTree.parse(SOURCES / "customUI14.xml").getroot()
    buttons = [f"　　{b.get('label')}：{b.get('supertip')}" for b in ribbon.iter() if b.tag.endswith("}button")]
    for kind, text in HELP:
        for line in buttons if kind == "buttons" else [text]:
            ws.append([line])
            cell = ws.cell(ws.max_row, 1)
            cell.alignment = WRAP
            if kind in ("title", "heading"):
                cell.font = Font(bold=True, size=14 if kind == "title" else 12)


# ---- package ---------------------------------------------------------------------------------


def _vba_archive(vba_project: bytes, custom_ui: bytes) -> zipfile.ZipFile:
    """The parts openpyxl keeps from a macro workbook loaded with keep_vba=True: with it, save writes
    an .xlsm (macro-enabled content type, vbaProject part and relationship, customUI part)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                         "</Types>")
        archive.writestr("_rels/.rels", tostring(RelationshipList().to_tree()))
        archive.writestr("xl/vbaProject.bin", vba_project)
        archive.writestr(CUSTOMUI_PART, custom_ui)
    return zipfile.ZipFile(buffer)


def _with_ribbon_relationship(entries: dict[str, bytes]) -> dict[str, bytes]:
    if CUSTOMUI_PART not in entries:
        return entries
    rels = RelationshipList.from_tree(fromstring(entries["_rels/.rels"]))
    if any(rel.Type == CUSTOMUI_REL for rel in rels):
        return entries
    rels.append(Relationship(Type=CUSTOMUI_REL, Target=CUSTOMUI_PART))
    return {**entries, "_rels/.rels": tostring(rels.to_tree())}


def _read_zip(file) -> dict[str, bytes]:
    with zipfile.ZipFile(file) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_zip(path: str | Path, entries: dict[str, bytes]) -> None:
    """Same entries, same bytes: a fixed entry order ([Content_Types].xml first), date and host system."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries, key=lambda name: (name != "[Content_Types].xml", name)):
            info = zipfile.ZipInfo(name, FIXED_TIME.timetuple()[:6])
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 0
            archive.writestr(info, entries[name])


if __name__ == "__main__":
    print(build_workbook(*sys.argv[1:2]))
