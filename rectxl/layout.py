"""The ledger's sheets laid out in an openpyxl workbook (from the schema), and rows filled in.

Used by `rectxl init` (a fresh or demo ledger) and by the workbook builder.
"""

from __future__ import annotations

import datetime as dt

from . import schema as S

TITLE_ROW, HEADER_ROW = 1, 2  # a merged title row above the headers, as real ledgers have
HEADER_FILL = "DDEBF7"
DATE_FORMAT = "yyyy-mm-dd"


def sheet_title(unit: str, sheet: S.Sheet) -> str:
    return f"{unit or '××单位'}巡察整改台账——{sheet.title}"


def lay_out(wb, unit: str = "") -> None:
    """Create the five ledger sheets (replacing the default one) with titles, headers, widths."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    for ws in list(wb.worksheets):
        if ws.title == "Sheet" and ws.max_row == 1 and ws["A1"].value is None:
            wb.remove(ws)
    for sheet in S.LEDGER_SHEETS:
        ws = wb.create_sheet(sheet.name)
        columns = [c for c in sheet.columns]
        first_row = HEADER_ROW if sheet.key != "settings" else 1
        if sheet.key != "settings":
            ws.cell(TITLE_ROW, 1, sheet_title(unit, sheet)).font = Font(bold=True, size=14)
            ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
            ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(columns))
            ws.row_dimensions[TITLE_ROW].height = 28
        for j, col in enumerate(columns, start=1):
            cell = ws.cell(first_row, j, col.header)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            ws.column_dimensions[get_column_letter(j)].width = col.width
        ws.freeze_panes = ws.cell(first_row + 1, 1)
        if sheet.key == "settings":
            for i, setting in enumerate(S.SETTINGS, start=2):
                ws.cell(i, 1, setting.label)
                ws.cell(i, 2, setting.default)
                ws.cell(i, 3, setting.note)
                if setting.kind == "date":
                    ws.cell(i, 2).number_format = DATE_FORMAT


def first_data_row(sheet: S.Sheet) -> int:
    return 2 if sheet.key == "settings" else HEADER_ROW + 1


def fill(wb, data: dict[str, list[dict]], merge_problem_ids: bool = True) -> None:
    """Write rows ({column key: value} per sheet key) under the headers laid out by lay_out."""
    from openpyxl.styles import Alignment

    for sheet in S.LEDGER_SHEETS:
        rows = data.get(sheet.key, [])
        ws = wb[sheet.name]
        if sheet.key == "settings":
            where = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
            for row in rows:
                r = where.get(row["item"]) or ws.max_row + 1
                ws.cell(r, 1, row["item"])
                ws.cell(r, 2, row["value"])
                if isinstance(row["value"], dt.date):
                    ws.cell(r, 2).number_format = DATE_FORMAT
            continue
        keys = [c.key for c in sheet.columns]
        start = first_data_row(sheet)
        for i, row in enumerate(rows):
            for j, key in enumerate(keys, start=1):
                value = row.get(key)
                if value is None or value == "":
                    continue
                cell = ws.cell(start + i, j, value)
                if isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
        if sheet.key == "measures" and merge_problem_ids and rows:
            col = keys.index("problem_id") + 1
            run_start = 0
            for i in range(1, len(rows) + 1):
                if i == len(rows) or rows[i].get("problem_id") != rows[run_start].get("problem_id"):
                    if i - run_start > 1:
                        ws.merge_cells(start_row=start + run_start, start_column=col, end_row=start + i - 1, end_column=col)
                        ws.cell(start + run_start, col).alignment = Alignment(vertical="center")
                    run_start = i


def write_new_ledger(path, demo: bool = False) -> None:
    """A fresh ledger (or the demo ledger) as a plain .xlsx at path."""
    import openpyxl

    from .demo import UNIT, demo_ledger

    wb = openpyxl.Workbook()
    lay_out(wb, UNIT if demo else "")
    if demo:
        fill(wb, demo_ledger())
    wb.save(path)
