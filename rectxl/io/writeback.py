"""What rectxl writes back into a workbook, as a plan; and the two appliers that carry it out.

The plan is plain data built from the findings and figures (pure): the sheets rectxl owns
(校验结果, 统计) as rows, the fills of the highlighted rows in 任务清单, and the parsed-deadline
helper column (时限日期) that the workbook's conditional formats key on. `apply_openpyxl`
writes it into a file's workbook, `apply_xlwings` into a live book through xlwings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rectxl.core import schema
from rectxl.core.figures import COUNTS, RATES, Figures, labelled, percent
from rectxl.core.findings import SEVERITY_LABEL, Finding, count
from rectxl.core.records import Ledger
from rectxl.core.values import is_blank
from rectxl.errors import SheetTaken

OVERDUE_FILL, DUE_SOON_FILL, STALE_FILL = "FFC7CE", "FFEB9C", "E7E6E6"
HEADER_FILL = "DDEBF7"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"


@dataclass
class OwnedSheet:
    """A sheet rectxl rewrites whole: rows from A1; which rows are headings; links; formats."""

    name: str
    marker: str = ""  # how its A1 starts: tells a sheet rectxl wrote from a user's of the same name
    rows: list[list] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)  # 1-based
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based → "'任务清单'!J17"
    percent_cols: dict[int, list[int]] = field(default_factory=dict)  # row → 1-based columns to show as 0.0%
    widths: list[float] = field(default_factory=list)


@dataclass
class Highlights:
    """Row fills in the measures sheet and the helper column's values."""

    sheet: str
    first_col: int  # 1-based span of the table's columns
    last_col: int
    data_rows: list[int]  # 1-based rows whose fills rectxl owns
    fills: dict[int, str]  # row → colour
    helper_col: int  # 1-based column of 时限日期 (may be new: then the header is written too)
    helper_is_new: bool
    header_row: int
    helper_values: dict[int, object]  # row → date or None


@dataclass
class Plan:
    sheets: list[OwnedSheet]
    highlights: Highlights | None


def findings_sheet(findings: list[Finding], as_of: dt.date, lang: str = "zh") -> OwnedSheet:
    c = count(findings)
    sheet = OwnedSheet(schema.FINDINGS_SHEET_NAME, "台账校验结果（", widths=[6, 8, 16, 18, 22, 80])
    sheet.rows.append([f"台账校验结果（截至 {as_of.isoformat()}）：错误 {c['error']} 个，警告 {c['warning']} 个，"
                       f"提示 {c['info']} 个。点击“位置”可跳到对应单元格。"])
    sheet.rows.append(["序号", "级别", "规则", "位置", "值", "说明"])
    sheet.header_rows = [2]
    for i, f in enumerate(findings, start=1):
        sheet.rows.append([i, SEVERITY_LABEL[lang][f.severity], f.rule, f.address, f.value, f.message(lang)])
        if f.sheet:
            sheet.links[(len(sheet.rows), 4)] = f"'{f.sheet}'!{f.cell or 'A1'}"
    if not findings:
        sheet.rows.append(["", "", "", "", "", "未发现问题。"])
    return sheet


_COUNT_HEADS = labelled(*(k for k in COUNTS if k != "staged"), *RATES)


def figures_sheet(figures: Figures) -> OwnedSheet:
    o = figures.overall
    sheet = OwnedSheet(schema.FIGURES_SHEET_NAME, "整改统计（", widths=[16, 16] + [10] * 10)
    sheet.rows.append([f"整改统计（截至 {figures.as_of.isoformat()}）：措施 {o['total']} 项，已完成 {o['done']} 项，"
                       f"完成率 {percent(o['completion_rate'])}；逾期 {o['overdue']} 项，临期 {o['due_soon']} 项，"
                       f"无进展 {o['stale']} 项。"])

    def table(title: str, label: str, rows: list[dict], second: tuple[str, str] | None):
        sheet.rows.append([])
        sheet.rows.append([title])
        heads = [label] + ([second[1]] if second else []) + [h for _, h in _COUNT_HEADS]
        sheet.rows.append(heads)
        sheet.header_rows.append(len(sheet.rows))
        # The last row counts each measure once, so it is the overall figure, not the column sum.
        for r in [*rows, {"name": "全部措施（不重复计）", **o}] if rows else []:
            cells = [r["name"]] + ([r.get(second[0], "")] if second else []) + [r[k] for k, _ in _COUNT_HEADS]
            sheet.rows.append(cells)
            sheet.percent_cols[len(sheet.rows)] = [len(heads) - 1, len(heads)]

    table("一、各责任人整改情况（一项措施有多名责任人时，每人各计一次）", "责任人", figures.people, ("unit", "部门"))
    table("二、各责任部门整改情况", "责任部门", figures.units, None)
    table("三、各方面整改情况", "方面", [{**a, "name": f"{a['no']}. {a['name']}" if a["no"] else a["name"]}
                                for a in figures.aspects], None)
    sheet.rows.append([])
    sheet.rows.append(["四、逾期事项"])
    sheet.rows.append(["措施编号", "责任人", "责任部门", "完成时限", "逾期天数", "整改措施"])
    sheet.header_rows.append(len(sheet.rows))
    for r in figures.overdue:
        sheet.rows.append([r["measure"], "、".join(r["people"]), r["department"], r["deadline_text"],
                           r["days_overdue"], r["text"]])
    _outcomes_tables(sheet, figures)
    return sheet


def _outcomes_tables(sheet: OwnedSheet, figures: Figures) -> None:
    """五、整改成效: totals per type with this month's new ones, then per aspect and per unit."""
    month = {(r["type"], r["unit"]): r["total"] for r in figures.outcomes_this_month}

    def heading(title: str, heads: list[str]) -> None:
        sheet.rows.append([])
        sheet.rows.append([title])
        sheet.rows.append(heads)
        sheet.header_rows.append(len(sheet.rows))

    heading("五、整改成效", ["成效类型", "计量单位", "合计", "本月新增"])
    for r in figures.outcomes:
        sheet.rows.append([r["type"], r["unit"], r["total"], month.get((r["type"], r["unit"]), 0)])
    if not figures.outcomes:
        sheet.rows.append(["（“整改成效”表中暂无记录）"])
    for title, label, rows in (("六、各方面整改成效", "方面", figures.outcomes_by_aspect),
                               ("七、各责任部门整改成效", "责任部门", figures.outcomes_by_unit)):
        if rows:
            heading(title, [label, "成效类型", "计量单位", "合计"])
            for r in rows:
                name = f"{r['no']}. {r['name']}" if r.get("no") else r["name"]
                sheet.rows.append([name, r["type"], r["unit"], r["total"]])


def highlights(ledger: Ledger, figures: Figures) -> Highlights | None:
    table = ledger.tables.get("measures")
    if table is None:
        return None
    grid = table.grid
    header = grid.rows[table.header_row - grid.top]
    helper = table.columns.get("deadline_date")
    last_col = grid.left + max((j for j, v in enumerate(header) if not is_blank(v)), default=0)
    is_new = helper is None
    # A new helper column goes right of every used cell of the sheet, never over a user's notes
    # in a column without a header.
    helper_col = _last_used_col(grid) + 1 if is_new else helper
    fills: dict[int, str] = {}
    values: dict[int, object] = {}
    for f in figures.flags:
        row = f.measure.row + 1
        colour = OVERDUE_FILL if f.overdue else DUE_SOON_FILL if f.due_soon else STALE_FILL if f.stale else None
        if colour:
            fills[row] = colour
        # The workbook's conditional formats colour a row by this date: only a deadline that still
        # has to be met is written, so they agree with the figures (已销号, a met phase goal…).
        d = f.measure.deadline
        values[row] = d.date if d and d.date and not f.goal_met else None
    return Highlights(table.name, grid.left + 1, max(last_col, helper_col) + 1, [r + 1 for r in table.rows], fills,
                      helper_col + 1, is_new, table.header_row + 1, values)


def _last_used_col(grid) -> int:
    """The 0-based absolute column of the rightmost non-blank cell in any row."""
    last = 0
    for values in grid.rows:
        for j in range(len(values) - 1, last - 1, -1):
            if not is_blank(values[j]):
                last = j
                break
    return grid.left + last


def plan(ledger: Ledger, findings: list[Finding], figures: Figures, lang: str = "zh") -> Plan:
    return Plan([findings_sheet(findings, figures.as_of, lang), figures_sheet(figures)], highlights(ledger, figures))


# ---- appliers -------------------------------------------------------------------

OTHER_NAME = "{}（rectxl）"  # where an owned sheet goes when the user has a sheet of its name



def target_name(owned: OwnedSheet, first_cell) -> str:
    """The sheet to (re)write: its own name unless a user's sheet holds it (first_cell(name) gives
    that sheet's A1, or None when there is no such sheet); then the rectxl-suffixed name."""
    for name in (owned.name, OTHER_NAME.format(owned.name)):
        a1 = first_cell(name)
        if a1 is None or str(a1).startswith(owned.marker):
            return name
    raise SheetTaken(f"工作表“{owned.name}”和“{OTHER_NAME.format(owned.name)}”都不是 rectxl 写入的，请改名后再试。")


def _give_code_name(wb, ws, previous: str | None) -> None:
    """A sheet added to a macro workbook gets a codeName as Excel gives one (Sheet1, Sheet2, …: the
    first number no other sheet has), or the one of the sheet it replaces; VBA names sheets by it."""
    taken = {other.sheet_properties.codeName for other in wb.worksheets if other is not ws}
    if previous:
        ws.sheet_properties.codeName = previous
    elif wb.vba_archive is not None or any(taken):
        ws.sheet_properties.codeName = next(f"Sheet{n}" for n in range(1, len(taken) + 2) if f"Sheet{n}" not in taken)


def apply_openpyxl(wb, p: Plan) -> None:
    """Carry the plan out in an openpyxl workbook (the file door)."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for owned in p.sheets:
        name = target_name(owned, lambda n: _first_cell(wb, n))
        index = wb.sheetnames.index(name) if name in wb.sheetnames else None
        code_name = None
        if index is not None:
            code_name = wb[name].sheet_properties.codeName
            wb.remove(wb[name])
        ws = wb.create_sheet(name, index)
        _give_code_name(wb, ws, code_name)
        # Cell by cell at known rows: ws.max_row after each append walks every cell (quadratic).
        for r, row in enumerate(owned.rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c, _as_cell_text(value))
                if cell.data_type == "f":  # ledger text starting with "=" is text, never a formula
                    cell.data_type = "s"
        ws["A1"].font = Font(bold=True)
        for r in owned.header_rows:
            for cell in ws[r]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        fonts, link_font = _StyleIds(wb, "_fonts", "fontId"), Font(color="0563C1", underline="single")
        for (r, c), target in owned.links.items():
            cell = ws.cell(r, c)
            cell.hyperlink = f"#{target}"
            fonts.set(cell, link_font)
        for r, cols in owned.percent_cols.items():
            for c in cols:
                ws.cell(r, c).number_format = PERCENT
        for i, w in enumerate(owned.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
    h = p.highlights
    if h is None:
        return
    ws = wb[h.sheet]
    fills = _StyleIds(wb, "_fills", "fillId")
    no_fill = PatternFill(fill_type=None)
    solid = {colour: PatternFill("solid", fgColor=colour) for colour in set(h.fills.values())}
    for r in h.data_rows:
        colour = h.fills.get(r)
        fill = solid[colour] if colour else no_fill
        for c in range(h.first_col, h.last_col + 1):
            fills.set(ws.cell(r, c), fill)
    if h.helper_is_new:
        ws.cell(h.header_row, h.helper_col, schema.MEASURES_SHEET.column("deadline_date").header).font = Font(bold=True)
    for r, value in h.helper_values.items():
        cell = ws.cell(r, h.helper_col)
        cell.value = value  # (ws.cell(r, c, None) would leave an old date in place)
        cell.number_format = DATE


class _StyleIds:
    """Setting cell.fill or cell.font adds the style to the workbook's list each time, hashing it
    field by field (80,000 fills took 28 s): here each distinct style object is added once and its
    index set on the cells, as openpyxl's own descriptor (openpyxl.styles.styleable) does."""

    def __init__(self, wb, collection: str, key: str):
        self.collection, self.key, self.ids = getattr(wb, collection), key, {}

    def set(self, cell, style) -> None:
        from openpyxl.styles.cell_style import StyleArray

        index = self.ids.get(id(style))
        if index is None:
            index = self.ids[id(style)] = self.collection.add(style)
        if not cell._style:
            cell._style = StyleArray()
        setattr(cell._style, self.key, index)


def _first_cell(wb, name: str):
    """A1 of the workbook's sheet `name` ("" when blank), None when there is no such sheet; a chart
    sheet of that name (no cells) is the user's, never rectxl's."""
    if name not in wb.sheetnames:
        return None
    ws = wb[name]
    return ws["A1"].value or "" if hasattr(ws, "cell") else "\0chart sheet"


def _as_cell_text(value):
    """Text without the control characters a workbook can't hold (a ledger cell may carry them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", readable(value)) if isinstance(value, str) else value


def readable(text: str) -> str:
    """Text that can be written as UTF-8: a file name that is not UTF-8 (Python keeps its bytes as
    lone surrogates) read as GB18030, as the Chinese Windows that named it meant it."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _live_text(value):
    """Text Excel would take for a formula ("=…", "+…", "-…", "@…") gets the leading apostrophe
    that makes Excel keep it as text; control characters are dropped."""
    value = _as_cell_text(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def apply_xlwings(book, p: Plan) -> None:
    """Carry the plan out in a live book through xlwings (the Excel door)."""
    names = [s.name for s in book.sheets]
    for owned in p.sheets:
        name = target_name(owned, lambda n: book.sheets[n]["A1"].value or "" if n in names else None)
        if name in names:
            ws = book.sheets[name]
            ws.clear()
        else:
            ws = book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
        width = max((len(r) for r in owned.rows), default=1)
        ws["A1"].value = [[_live_text(v) for v in r] + [None] * (width - len(r)) for r in owned.rows]
        ws["A1"].font.bold = True
        for r in owned.header_rows:
            rng = ws.range((r, 1), (r, width))
            rng.font.bold = True
            rng.color = _rgb(HEADER_FILL)
        for (r, c), target in owned.links.items():
            ws.range((r, c)).add_hyperlink(f"#{target}", owned.rows[r - 1][c - 1])
        for r, cols in owned.percent_cols.items():
            for c in cols:
                ws.range((r, c)).number_format = PERCENT
    h = p.highlights
    if h is None:
        return
    ws = book.sheets[h.sheet]
    for first, last in _runs(h.data_rows):  # data rows only: a spacer row keeps its fill
        ws.range((first, h.first_col), (last, h.last_col)).color = None
    for r, colour in sorted(h.fills.items()):
        ws.range((r, h.first_col), (r, h.last_col)).color = _rgb(colour)
    if h.helper_is_new:
        ws.range((h.header_row, h.helper_col)).value = schema.MEASURES_SHEET.column("deadline_date").header
    if h.helper_values:
        first, last = min(h.helper_values), max(h.helper_values)
        column = [[h.helper_values.get(r)] for r in range(first, last + 1)]
        rng = ws.range((first, h.helper_col), (last, h.helper_col))
        rng.value = column
        rng.number_format = DATE
