"""A flat, hand-typed ledger sheet → the rows of a rectxl ledger (pure, no I/O).

Offices keep their 整改台账 as one sheet: a title, perhaps a "填报单位：… 填报日期：…" line, one or
two header rows (rectxl.importing.headers), section rows at up to three numbering levels
(rectxl.importing.structure), the problem text merged down over its measures' rows (or typed again
on each row), and a 序号 column instead of IDs. `flat_import` reads such a sheet into {sheet key:
[row dicts]} — what rectxl.io.newledger.fill() writes — and a report: every source column and
where it went, every row that is not data and what it was taken for, the warnings.

A problem list without measures gives one measure per problem; a task list without problems, one per
task; sheets one per aspect, one ledger (rectxl.importing.bysheet). Statuses are read wherever kept
(rectxl.importing.status); texts are kept as typed; nothing is guessed: what can't be placed is reported.

Why this module is long: it is the one sheet walk (`_Reader`): which row is a section, a group, a
problem or a measure is decided by the same state, and splitting the class would scatter it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rectxl.core import schema
from rectxl.core.address import cell_ref, parse_ref
from rectxl.core.bulk import gc_paused
from rectxl.core.grid import SheetGrid, find_sheet, header_key
from rectxl.core.people import assignees
from rectxl.core.values import clean_id, text_of
from rectxl.errors import CannotImport
from rectxl.importing import outcomes as O
from rectxl.importing.assemble import (FOOTER, GROUP, HEADER, OTHER, PROBLEM, SECTION, TOTAL, Import, Unplaced, above,
                                       deadline_warning, numbered, roster, settings_rows, short)
from rectxl.importing.bysheet import by_aspect
from rectxl.importing.cells import Cells, by_value
from rectxl.importing.headers import (MEASURE_FIELDS, PROBLEM_STATUS, SEQ, Header, field_of, find_header,
                                      no_header_in_any_sheet, no_header_message, target_label)
from rectxl.importing.shortfalls import NO_UNIT, column_warnings, row_warnings
from rectxl.importing.status import read_status
from rectxl.importing.structure import (ARABIC, DEEPER, SECTION_NUMERAL, clean_aspect, depth, is_aspect_heading,
                                        is_below, is_footer, is_total, looks_like_section, numbering_style,
                                        strip_numbering, unit_from_filler)

@dataclass
class _Problem:
    aspect: str | None
    group: str
    text: str
    origin: tuple[int, int] | None
    row: int
    cell: str
    sheet_id: str
    leads: list[str] = field(default_factory=list)
    measures: list[tuple[dict, str, int]] = field(default_factory=list)  # (row dict, sheet ID, row)


def _trimmed(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


class _Reader:
    def __init__(self, cells: Cells, header: Header):
        self.cells, self.header = cells, header
        self.col = header.columns
        self.first_col = min(m.column for m in header.mapping)
        # The text a row's problem is read from, and its measure's: each other when one is missing.
        self.desc_key = "description" if "description" in self.col else "measure"
        self.measure_key = "measure" if "measure" in self.col else "description"
        self.problems: list[_Problem] = []
        self.notes: list[Unplaced] = []
        self.section: str | None = None
        self.aspect_style: str | None = None
        self.group = ""
        # The numbered rows below the aspect row, outermost first: (style, title, index of its note).
        self.headings: list[tuple[str | None, str, int]] = []
        self.sections: list[list] = []  # [cell, title, problems under it, index of its note] per aspect row
        self.before_sections: list[str] = []
        self.measure_origins: set[tuple[int, int]] = set()
        self.statuses_from_text = self.statuses_from_closed = 0
        self.field_at = {c: f for f, c in self.col.items()}  # column → the field it holds
        self._at, self._fields = -1, {}  # the row get() last read, and its fields
        self._field_of = by_value(field_of)  # a cell's text → the field it names as a header
        self.assignees = by_value(lambda value: tuple(assignees(value)))
        # Whose cell makes the roster (责任人, else the leaders), and whom it names on each measure row.
        self.roster_key = next((k for k in ("people", "leader", "lead") if k in self.col), None)
        self.named: dict[int, tuple] = {}
        self.read_status = by_value(read_status)
        self.seq = next((m.column for m in header.mapping if m.target == target_label(SEQ)), None)
        self.from_headings = 0  # measures whose problem is the numbered row above them
        self.footer_unit: tuple[str, str] | None = None  # a "填报单位：…" line under the table: (unit, cell)
        # Columns kept in 备注 that hold one value on every row they fill (批次: 第二批; a 合计 aside):
        # they say nothing about the row, so a section row is still a section row with them.
        body = range(header.row + 1, self.cells.bottom + 1)
        self.constant = {c for c in header.extra if len({v for r in body if (v := self.cells.value(r, c)) is not None
                                                         and not is_total(text_of(v))}) == 1}
        self.lead = self._lead_section()  # (asks _repeated_header: after field_at)

    def ref(self, row: int, key: str) -> str:
        return cell_ref(row + 1, self.col.get(key, self.first_col) + 1)

    def get(self, row: int, key: str) -> object:
        """The field's value in the row (its merged range's when the cell is blank), trimmed. A data
        row is asked about each field several times: its fields are read once, when first asked."""
        if row != self._at:
            self._at, self._fields = row, {k: _trimmed(v) for k, v in self.cells.fields(row, self.col).items()}
        return self._fields.get(key)

    def note(self, row: int, kind: str, reason: str, values: dict[int, object], key: str | None = None) -> None:
        cell = self.ref(row, key) if key else cell_ref(row + 1, min(values) + 1)
        self.notes.append(Unplaced(cell, reason, short(values), kind))

    def read(self) -> None:
        prev: _Problem | None = None
        if self.lead is not None:  # the first section's heading stands above the first header
            self._level(self.lead, text_of(*self.cells.row_values(self.lead).values()), self.cells.row_values(self.lead))
        for row in range(self.header.row + 1, self.cells.bottom + 1):
            values = self.cells.row_values(row)
            if not values:
                continue
            texts = [text_of(v) for _, v in zip(range(2), values.values())]  # the first two are asked about
            if self._repeated_header(values):
                self.note(row, HEADER, "重复的表头行（已跳过）", values)
                continue
            if is_total(texts[0]) or (len(texts) > 1 and is_total(texts[1]) and SEQ not in self.col):
                self.note(row, TOTAL, "合计/小计行，不是数据（已跳过）", values)
                continue
            if is_footer(text_of(v) for v in values.values()):
                self.note(row, FOOTER, "表格下方的说明或签署行，不是数据（已跳过）", values)
                self.footer_unit = self.footer_unit or next(((u, cell_ref(row + 1, c + 1)) for c, v in values.items()
                                                             if (u := unit_from_filler(text_of(v)))), None)
                continue
            section = self._section(row, values)
            if section is not None:
                prev = None
                self._level(row, section, values)
                continue
            if self._note_across(row, values):
                self.note(row, OTHER, "一段跨列合并的文字，不是问题或整改措施，未导入", values)
                continue
            prev = self._data_row(row, values, prev)
        for cell, title, count, _ in self.sections:
            if not count:
                self.notes.append(Unplaced(cell, "方面标题行下面没有问题，未导入", title, OTHER))

    def _level(self, row: int, title: str, values: dict[int, object]) -> None:
        style = numbering_style(title)
        if not is_below(style, self.aspect_style, title):
            self.aspect_style = self.aspect_style or style
            self.section, self.group, self.headings = clean_aspect(title), "", []
            self.sections.append([cell_ref(row + 1, min(values) + 1), title, 0, len(self.notes)])
            self.note(row, SECTION, f"方面：{self.section}", values)
        else:
            self.group = title.strip()
            while self.headings and depth(self.headings[-1][0]) >= depth(style):
                self.headings.pop()
            self.headings.append((style, self.group, len(self.notes)))
            self.note(row, GROUP, "问题分组（记入其下各问题的“问题分组”）", values)

    def _note_across(self, row: int, values: dict[int, object]) -> bool:
        """Whether the row's one text is merged across the measure column and another field's
        column, from beside the problem column: a remark spanning the table, not a measure."""
        if len(values) != 1:
            return False
        (c, _), = values.items()
        origin = self.cells.merged_origin(row, c)
        if origin is None or origin[1] == self.col[self.desc_key]:
            return False
        first, last = origin[1], self.cells.span[origin][1]
        return first <= self.col[self.measure_key] <= last and sum(first <= k <= last for k in self.field_at) >= 2

    def _heads_table(self, row: int) -> bool:
        """Whether the next row with content repeats the header: a section with its own table."""
        below = next((v for r in range(row + 1, self.cells.bottom + 1) if (v := self.cells.row_values(r))), {})
        return self._repeated_header(below)

    def _lead_section(self) -> int | None:
        """The line right above the header, when every section below heads its own table the same way."""
        row, body = self.header.first - 1, range(self.header.row + 1, self.cells.bottom + 1)
        values = self.cells.row_values(row) if row >= self.cells.grid.top else {}
        if len(values) != 1 or not isinstance(next(iter(values.values())), str):
            return None
        return row if any(len(self.cells.row_values(r)) == 1 and self._heads_table(r) for r in body) else None

    def _repeated_header(self, values: dict[int, object]) -> bool:
        """Whether two cells or more name the field of their own column: only the columns holding a
        field are asked about, each distinct value once."""
        found = 0
        for c, f in self.field_at.items():
            value = values.get(c)
            if value.__class__ is str:  # only a text can name a field
                found += self._field_of(value) == f
        return found >= 2

    def _section(self, row: int, values: dict[int, object]) -> str | None:
        """The title of a section row ("一、政治建设方面"): its only text, merged across the row, in its
        first cell (a 序号 cell holding only the numeral may precede it), or a "…方面" or "一、…" anywhere."""
        items = {c: v for c, v in values.items() if c not in self.constant}
        seq, numeral = self.seq, ""
        if seq in items and len(items) == 2 and (SECTION_NUMERAL.fullmatch(text_of(items[seq]).strip())
                                                 or self._numbers_above(row, items[seq])):
            numeral = text_of(items.pop(seq)).strip().rstrip("、.．")
        if len(items) != 1:
            return None
        (c, value), = items.items()
        if not isinstance(value, str):
            return None
        heading = is_aspect_heading(text := value.strip())
        if c == self.col.get(self.desc_key) and not self.cells.across(row, c) and not numeral and not heading:
            return None  # a problem typed alone on its row
        if not (numeral or heading or self.cells.across(row, c) or c in (self.first_col, seq, self.cells.grid.left)):
            return None
        if not (numeral or looks_like_section(text) or self._heads_table(row)):
            return None
        if numeral:
            return f"（{numeral.strip('（()）')}）{text}" if numeral[0] in "（(" else f"{numeral}、{text}"
        return text

    def _data_row(self, row: int, values: dict[int, object], prev: _Problem | None) -> _Problem | None:
        cells, col = self.cells, self.col
        measure = self.get(row, self.measure_key)
        desc = self.get(row, self.desc_key)
        mc, dc = col[self.measure_key], col[self.desc_key]
        measure_origin = cells.merged_origin(row, mc)
        if mc != dc and measure_origin is not None and measure_origin == cells.merged_origin(row, dc):
            measure = None  # the problem's text merged over the measure column: no measure of its own
        if measure is None:
            reason = "只有问题描述、没有整改措施，未导入" if cells.own(row, dc) is not None else "没有整改措施，无法导入"
            self.note(row, OTHER, reason, values, self.measure_key)
            return prev
        if mc != dc and measure_origin is not None and measure_origin != (row, mc) \
                and measure_origin in self.measure_origins:
            self.note(row, OTHER, f"整改措施与第 {measure_origin[0] + 1} 行合并，该行其余内容未单独导入", values,
                      self.measure_key)
            return prev
        heading = self._heading_problem() if desc is None or self._numbered_below(row) else None
        if desc is None and heading is None:
            self.note(row, OTHER, f"有整改措施，但“{self.header.names[self.desc_key]}”为空"
                                  "（也不在合并单元格内），无法判断属于哪个问题", values, self.desc_key)
            return prev
        problem = self._problem(row, prev, heading)
        self.from_headings += heading is not None
        if measure_origin is not None and mc != dc:
            self.measure_origins.add(measure_origin)
        problem.measures.append((self._measure(row), self._id(row, "measure_id"), row))
        return problem

    def _id(self, row: int, key: str) -> str:
        value = self.get(row, key)
        return "" if value is None else clean_id(value)[0]

    def _numbers_above(self, row: int, seq: object) -> bool:
        """Whether a 序号 1 numbers a problem row above measures numbered （1） in the next row."""
        if not ARABIC.fullmatch(text_of(seq).strip()):
            return False
        below = next((v for r in range(row + 1, self.cells.bottom + 1) if (v := self.cells.row_values(r))), {})
        return bool(DEEPER.fullmatch(text_of(below.get(self.seq)).strip()))

    def _numbered_below(self, row: int) -> bool:
        """In a sheet with one text column, a row numbered （1） under a numbered problem row ("1 | …"):
        the row's text is a measure of that problem, not a problem of its own."""
        return (self.desc_key == self.measure_key and self.seq is not None and bool(self.headings or self.sections)
                and bool(DEEPER.fullmatch(text_of(self.cells.value(row, self.seq)).strip())))

    def _heading_problem(self) -> tuple[str, str, str] | None:
        """A measure row without problem text under a numbered row ("1.…" above "（1）…"): the lowest
        numbered row above the measures is their problem, the one above it their group. (text,
        group, cell), or None without such a row."""
        if not self.headings and not self._aspect_as_heading():
            return None
        _, title, at = self.headings[-1]
        note = self.notes[at]
        if note.kind != PROBLEM:  # first measure under it: the row is a problem, not a group or aspect
            self.notes[at] = Unplaced(note.cell, "问题（其下各行是它的整改措施）", note.text, PROBLEM)
        group = self.headings[-2][1] if len(self.headings) > 1 else ""
        return strip_numbering(title) or title, group, note.cell

    def _aspect_as_heading(self) -> bool:
        """A numbered row at the problems' level ("1.…", not "…方面") taken for an aspect, with measures
        but no problem text under it: it is their problem, and the sheet has no aspect rows."""
        if not self.sections or self.sections[-1][2] or "方面" in (title := self.sections[-1][1]):
            return False
        if depth(style := numbering_style(title)) < depth("1."):
            return False
        self.headings.append((style, title, self.sections.pop()[3]))
        self.section = None
        return True

    def _problem(self, row: int, prev: _Problem | None, heading: tuple[str, str, str] | None = None) -> _Problem:
        """This row's problem: the previous one when its text cell is the same merged range or the
        same text (under the same aspect and group), else a new one; `heading` when the problem is
        a numbered row above the measures."""
        c = self.col[self.desc_key]
        text = text_of(self.get(row, self.desc_key)) if heading is None else heading[0]
        origin = self.cells.merged_origin(row, c) if heading is None else None
        aspect_cell = self.get(row, "aspect")
        aspect = clean_aspect(text_of(aspect_cell)) if aspect_cell is not None else self.section
        group = text_of(self.get(row, "group")) or (self.group if heading is None else heading[1])
        one_to_one = self.desc_key == self.measure_key
        if prev is not None and (not one_to_one or heading) and prev.aspect == aspect and prev.group == group \
                and ((origin is not None and origin == prev.origin) or prev.text == text):
            problem = prev
        else:
            first = origin if origin is not None else (row, c)
            problem = _Problem(aspect, group, text, origin, row,
                               heading[2] if heading else cell_ref(first[0] + 1, first[1] + 1), self._id(row, "problem_id"))
            self.problems.append(problem)
            if self.sections and aspect == self.section and aspect_cell is None:
                self.sections[-1][2] += 1
            if aspect is None:
                self.before_sections.append(problem.cell)
        lead = self.get(row, "lead")
        if lead is not None:
            problem.leads.extend(a.name for a in self.assignees(lead) if a.is_person)
        return problem

    def _measure(self, row: int) -> dict:
        out: dict[str, object] = {}
        extras: list[str] = []
        for key in MEASURE_FIELDS:
            if key in ("measure_id", "status"):
                continue
            value = self.get(row, key if key != "measure" else self.measure_key)
            if key in ("leader", "people") and value is not None:
                found = self.assignees(value)
                value = "、".join(a.name for a in found if a.is_person) or None
                extras += [f"{self.header.names[key]}：{a.text}" for a in found if not a.is_person]
            if value is not None:
                out[key] = value
        if "leader" not in self.col and (lead := self.get(row, "lead")) is not None:
            out["leader"] = "、".join(a.name for a in self.assignees(lead) if a.is_person)
        status, progress = self.read_status(self.get(row, "status"), self.header.names.get("status", ""),
                                            self.get(row, PROBLEM_STATUS))
        if status is None and "status" not in self.col and out.get("progress") is not None:
            status, _ = self.read_status(out["progress"], "", None, True)
            self.statuses_from_text += status is not None
        if status is None and "status" not in self.col and "closed" in out:  # 是否销号 alone: 是 is done
            status = schema.STATUS_OF_YES_NO.get(text_of(out["closed"]).strip())
            self.statuses_from_closed += status is not None
        if status is not None:
            out["status"] = status
        if progress is not None:
            out["progress"] = f"{out['progress']}\n{progress}" if "progress" in out else progress
        for c, header in self.header.extra.items():
            if (value := _trimmed(self.cells.value(row, c))) is not None:
                extras.append(f"{header}：{text_of(value)}")
        if extras:
            out["note"] = "；".join(([text_of(out["note"])] if "note" in out else []) + extras)
        if self.measure_key == "description" and "measure" not in out:
            out["measure"] = self.get(row, "description")
        if self.roster_key:
            self.named[row] = self.assignees(self.get(row, self.roster_key))
        return out


def import_grid(grid: SheetGrid, unit: str | None = None, feedback_date: dt.date | None = None,
                found: tuple[Cells, Header] | None = None) -> Import:
    """One flat sheet → the ledger rows and the report; CannotImport when it has no flat ledger header.
    `found`: the sheet's cells and header, when already looked for."""
    cells, header = found or _header_of(grid)
    reader = _Reader(cells, header)
    reader.read()
    warnings = column_warnings(header, reader)
    leaders = "leader" in header.columns or "lead" in header.columns
    problems, measures = numbered(reader, warnings)
    if "people" not in header.columns and leaders:
        for m in measures:
            if m.get("leader"):
                m["people"] = m["leader"]
    notes, found_unit, source_unit = above(cells, header.first if reader.lead is None else reader.lead)
    notes += reader.notes
    notes += [Unplaced(ref, "离表格很远的单元格（可能是误输入），未读取", "") for ref in grid.stray]
    notes.sort(key=lambda u: parse_ref(u.cell))
    warnings += row_warnings(reader, measures)
    if unit is not None:
        source_unit = ""
    elif not (unit := found_unit) and reader.footer_unit:
        unit, source_unit = reader.footer_unit
    elif not unit:
        warnings.append(NO_UNIT)
    if feedback_date is None and (warning := deadline_warning(measures, reader)):
        warnings.append(warning)
    counts = {"aspects_count": len({p["aspect_no"] for p in problems}), "problems_count": len(problems),
              "measures_count": len(measures)}
    rows = [row for p in reader.problems for _, _, row in p.measures]  # the measures' source rows, in order
    data = {"settings": settings_rows(unit or "", feedback_date, counts), "problems": problems, "measures": measures,
            "progress": [], "people": roster(measures, reader),
            "outcomes": O.outcome_rows(reader.get, header.columns, measures, rows, warnings)}
    return Import(grid.name, header.first + 1, data, header.mapping, notes, warnings, unit or "", source_unit)


@gc_paused
def flat_import(grids: list[SheetGrid], sheet: str | None = None, unit: str | None = None,
                feedback_date: dt.date | None = None) -> Import:
    """The flat ledger in a workbook's grids: the named sheet, else the sheet whose header names the
    most fields (the first of those)."""
    if sheet is not None:
        wanted = header_key(sheet)
        grid = next((g for g in grids if header_key(g.name) == wanted), None)
        if grid is None:
            raise CannotImport(f"没有名为“{sheet}”的工作表（有：{'、'.join(g.name for g in grids) or '无'}）。")
        return import_grid(grid, unit, feedback_date)
    if find_sheet(grids, schema.PROBLEMS_SHEET) and find_sheet(grids, schema.MEASURES_SHEET):
        raise CannotImport("这已经是 rectxl 台账（有“问题清单”“任务清单”工作表），无需导入；可直接运行 rectxl validate。")
    found, messages = [], []
    for grid in grids:
        try:
            found.append((grid, _header_of(grid)))
        except CannotImport as exc:
            messages.append(exc)
    if not found:
        raise messages[0] if len(messages) == 1 else CannotImport(no_header_in_any_sheet(
            "、".join(g.name for g in grids) or "无"))
    # A 填表说明 sheet may show a header and an example row: the ledger names the most fields.
    grid, best = max(found, key=lambda f: len(f[1][1].columns))
    if (result := by_aspect(found, lambda g, h: import_grid(g, unit, feedback_date, h))) is None:
        result = import_grid(grid, unit, feedback_date, best)
        if others := [f"“{g.name}”" for g, _ in found if g is not grid]:
            result.warnings.append(f"工作表{'、'.join(others)}也有像台账的表头；导入的是认出列最多的“{grid.name}”。"
                                   "要导入别的工作表，请用 --sheet 指定。")
    return result


def _header_of(grid: SheetGrid) -> tuple[Cells, Header]:
    cells = Cells(grid)
    header, partial, partial_row, others = find_header(cells)
    if header is None:
        raise CannotImport(no_header_message(grid.name, partial, partial_row, others))
    return cells, header
