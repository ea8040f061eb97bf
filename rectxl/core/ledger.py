"""The ledger as typed records, each value with its cell address.

Built from sheet grids (a sheet's values as rows, whatever reader produced them): the sheets are
found by name or alias, the header row below any title rows, the columns by header or alias in
any order, merged cells filled, blank rows skipped. Values are typed here (rectxl.core.values); a
value that can't be typed becomes a finding and is left out of the figures, never guessed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from operator import itemgetter

from rectxl.core import schema as S
from rectxl.core.address import cell_ref
from rectxl.core.bulk import gc_paused
from rectxl.core.findings import Finding
from rectxl.errors import NotALedger
from rectxl.core.values import (
    EXCEL_CELL_CHARS, INVISIBLE_CHARS, YEARS, BadValue, Deadline, clean_id, is_blank, is_excel_error, norm,
    parse_date, parse_deadline, parse_flag, parse_int, parse_status, split_people, text_of,
)

Merge = tuple[tuple[int, int], tuple[int, int]]
MAX_SETTING_DAYS = 3650  # 临期天数 and the other day counts: ten years is already absurd


@dataclass
class SheetGrid:
    """One sheet's values. rows[i][j] is the cell at 0-based (top + i, left + j)."""

    name: str
    rows: list[list]
    top: int = 0
    left: int = 0
    merged: list[Merge] = field(default_factory=list)  # 0-based absolute, inclusive
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # error cells a reader read as blank
    stray: tuple[str, ...] = ()  # refs of far-away cells the reader left out

    def value(self, row: int, col: int) -> object:
        """The value at 0-based absolute (row, col), an Excel error as its text."""
        if (row, col) in self.errors:
            return self.errors[(row, col)]
        i, j = row - self.top, col - self.left
        if 0 <= i < len(self.rows) and 0 <= j < len(self.rows[i]):
            return self.rows[i][j]
        return None


def header_key(text: object) -> str:
    """How headers are compared: no spaces or line breaks, full-width folded, no * marks."""
    return re.sub(r"[\s*＊:：]", "", norm(text_of(text))).casefold()


def _sheet_key(name: str) -> str:
    return re.sub(r"\s+", "", norm(name)).casefold()


def find_sheet(grids: list[SheetGrid], sheet: S.Sheet) -> SheetGrid | None:
    wanted = {_sheet_key(n) for n in sheet.names}
    return next((g for g in grids if _sheet_key(g.name) in wanted), None)


@dataclass
class Table:
    """A located ledger sheet: where its header is, which column holds which key, its data rows."""

    sheet: S.Sheet
    grid: SheetGrid
    header_row: int  # 0-based absolute
    columns: dict[str, int]  # key → 0-based absolute column
    rows: list[int]  # 0-based absolute rows holding data

    @property
    def name(self) -> str:
        return self.grid.name

    def get(self, row: int, key: str) -> object:
        col = self.columns.get(key)
        return None if col is None else self.grid.value(row, col)

    def ref(self, row: int, key: str) -> str:
        col = self.columns.get(key)
        return cell_ref(row + 1, (col if col is not None else self.grid.left) + 1)


# ---- typed records ----------------------------------------------------------------


@dataclass
class Settings:
    unit: str = ""
    inspection: str = ""
    feedback_date: dt.date | None = None
    as_of: dt.date | None = None
    due_soon_days: int = S.DEFAULTS.due_soon_days
    progress_days: int = S.DEFAULTS.progress_days
    immediate_days: int = S.DEFAULTS.immediate_days
    warning_days: int = S.DEFAULTS.warning_days
    aspects_count: int | None = None
    problems_count: int | None = None
    measures_count: int | None = None
    refs: dict[str, str] = field(default_factory=dict)  # setting key → value cell


@dataclass
class Problem:
    id: str
    aspect_no: str
    aspect: str
    description: str
    lead: list[str]
    row: int


@dataclass
class Measure:
    id: str
    problem_id: str
    text: str
    department: str
    people: list[str]
    deadline: Deadline | None
    deadline_text: str
    status: str | None
    done_date: dt.date | None
    start: dt.date | None
    evidence: str
    closed: bool | None
    row: int


@dataclass(slots=True)
class ProgressEntry:
    date: dt.date | None
    measure_id: str
    text: str
    row: int


@dataclass(eq=True)
class ProgressLog:
    """The progress log, held by column: a province-wide one has a quarter of a million rows, and
    the figures and rules need whole columns (each measure's latest date, the IDs not in the
    task list), not one record per row. Iterating it gives ProgressEntry records, made then."""

    dates: list[dt.date | None] = field(default_factory=list)
    measure_ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, entries: list[ProgressEntry]) -> ProgressLog:
        return cls([e.date for e in entries], [e.measure_id for e in entries], [e.text for e in entries],
                   [e.row for e in entries])

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return map(ProgressEntry, self.dates, self.measure_ids, self.texts, self.rows)


@dataclass
class Person:
    name: str
    department: str
    title: str
    row: int


@dataclass
class Ledger:
    settings: Settings
    problems: list[Problem]
    measures: list[Measure]
    progress: ProgressLog
    people: list[Person]
    tables: dict[str, Table]  # sheet key → located table (absent when missing or unusable)
    findings: list[Finding]  # structure and cell findings met while reading

    def ref(self, sheet_key: str, row: int, key: str) -> str:
        return self.tables[sheet_key].ref(row, key)

    @property
    def not_a_ledger(self) -> Finding | None:
        """The finding that says no ledger sheet was found at all (every door refuses such a file)."""
        return next((f for f in self.findings if f.rule == "not-a-ledger"), None)

    def require_ledger(self, name: str) -> Ledger:
        """This ledger, or NotALedger naming `name` (a file name) when no ledger sheet was found."""
        if refusal := self.not_a_ledger:
            raise NotALedger(f"{name} 不是整改台账：{refusal.message('zh')}",
                             f"{name} is not a rectification ledger: {refusal.message('en')}", file=name)
        return self


# ---- locating tables ------------------------------------------------------------


def _alias_map(sheet: S.Sheet) -> dict[str, str]:
    return {header_key(n): c.key for c in sheet.columns for n in c.names}


def _locate(grid: SheetGrid, sheet: S.Sheet, findings: list[Finding]) -> Table | None:
    aliases = _alias_map(sheet)
    required = {c.key for c in sheet.required}
    best: tuple[int, int, dict[str, int], list] | None = None
    for i, values in enumerate(grid.rows[: S.HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        dupes = []
        for j, v in enumerate(values):
            key = aliases.get(header_key(v)) if isinstance(v, str) else None
            if key is None:
                continue
            if key in found:
                dupes.append((key, grid.left + j, found[key]))
            else:
                found[key] = grid.left + j
        score = len(required & found.keys())
        if score and (best is None or score > best[0]):
            best = (score, grid.top + i, found, dupes)
        if score == len(required):
            break
    if best is None:
        if any(any(not is_blank(v) for v in r) for r in grid.rows):
            expected = "、".join(c.header for c in sheet.required)
            findings.append(Finding("header-not-found", grid.name, cell_ref(grid.top + 1, grid.left + 1),
                                    details={"rows": S.HEADER_SEARCH_ROWS, "expected": expected}))
        else:
            findings.append(Finding("sheet-empty", grid.name))
        return None
    _, header_row, columns, dupes = best
    for key, col, first in dupes:
        findings.append(Finding("header-duplicate", grid.name, cell_ref(header_row + 1, col + 1),
                                text_of(grid.value(header_row, col)), sheet.column(key).header,
                                {"other": cell_ref(header_row + 1, first + 1)}))
    unmatched = [text_of(grid.value(header_row, grid.left + j)) for j in range(len(grid.rows[header_row - grid.top]))
                 if grid.left + j not in columns.values()]
    for col in sheet.required:
        if col.key not in columns:
            close = difflib.get_close_matches(col.header, [u for u in unmatched if u], n=1, cutoff=0.4)
            findings.append(Finding("column-missing", grid.name, cell_ref(header_row + 1, grid.left + 1), "",
                                    col.header, {"suggestion": f"（表头中的“{close[0]}”是否就是这一列？）" if close else ""}))
    _fill_merged(grid, header_row)
    rows = _data_rows(grid, header_row, list(columns.values()))
    if not rows:
        findings.append(Finding("sheet-empty", grid.name))
    return Table(sheet, grid, header_row, columns, rows)


def _data_rows(grid: SheetGrid, header_row: int, cols: list[int]) -> list[int]:
    """The 0-based rows below the header holding a value in any of the table's columns (an error
    cell a reader read as blank counts as a value)."""
    first = header_row - grid.top + 1
    js = [c - grid.left for c in cols]
    body = grid.rows[first:]
    blank = _blank_rows(body, js)
    if blank is None:
        filled = [header_row + 1 + i for i, values in enumerate(body)
                  if any(j < len(values) and not is_blank(values[j]) for j in js)]
    elif blank:
        filled = [header_row + 1 + i for i in range(len(body)) if i not in blank]
    else:
        filled = list(range(header_row + 1, header_row + 1 + len(body)))
    if error_rows := {r for r, c in grid.errors if c in cols and r > header_row}:
        filled = sorted(error_rows.union(filled))
    return filled


def _blank_rows(body: list[list], js: list[int]) -> set[int] | None:
    """The indexes of the rows blank in every column js, found column by column: a column's blank
    values among its distinct ones, then only the rows blank so far looked at in the next one
    (a progress sheet has a quarter of a million rows). None for a ragged grid."""
    if not js or not body or min(map(len, body)) <= max(js):
        return None
    blank_so_far = range(len(body))
    for j in js:
        column = list(map(itemgetter(j), body))
        try:
            distinct = set(column)
        except TypeError:  # a value no reader gives (a list…): the row-by-row way
            return None
        blanks = {v for v in distinct if is_blank(v)}
        blank_so_far = [i for i in blank_so_far if column[i] in blanks] if blanks else []
        if not blank_so_far:
            break
    return set(blank_so_far)


def _fill_merged(grid: SheetGrid, header_row: int) -> None:
    """A value merged over several data cells (a problem ID down its measures) fills each of them.

    Only blank cells are filled: a live book's merges may come from its last saved copy."""
    for (r0, c0), (r1, c1) in grid.merged:
        if r0 <= header_row:
            continue
        value = grid.value(r0, c0)
        for r in range(r0, r1 + 1):
            row = grid.rows[r - grid.top] if 0 <= r - grid.top < len(grid.rows) else None
            if row is None:
                continue
            for c in range(c0, c1 + 1):
                j = c - grid.left
                if 0 <= j < len(row) and (r, c) != (r0, c0) and is_blank(row[j]):
                    row[j] = value


# ---- typing values ----------------------------------------------------------------


# Text starting with one of these may be an Excel error ("#N/A") or blank in disguise (invisible
# characters only): such a cell takes the careful path.
_SLOW_START = "#" + INVISIBLE_CHARS


class _Reader:
    """Types one table's cells, recording a finding for each value it can't use.

    The hot path of a large ledger (260,000 progress rows): cells are fetched by position, and
    IDs, which repeat from row to row, are cleaned once each."""

    def __init__(self, table: Table, findings: list[Finding]):
        self.table, self.findings = table, findings
        grid = table.grid
        self._rows, self._top, self._errors = grid.rows, grid.top, grid.errors
        self._index = {key: col - grid.left for key, col in table.columns.items()}
        self._ids: dict[object, tuple[str, bool]] = {}

    def _finding(self, rule: str, row: int, key: str, value: object, **details) -> None:
        column = self.table.sheet.column(key).header
        self.findings.append(Finding(rule, self.table.name, self.table.ref(row, key), text_of(value), column, details))

    def raw(self, row: int, key: str, required: bool = False) -> object:
        j = self._index.get(key)
        if j is None:
            return None
        values = self._rows[row - self._top]
        value = values[j] if j < len(values) else None
        if self._errors and (row, j + self.table.grid.left) in self._errors:
            value = self._errors[(row, j + self.table.grid.left)]
        if value is None or (value.__class__ is str and (not (lead := value.lstrip()) or lead[0] in _SLOW_START)):
            if is_excel_error(value):
                self._finding("excel-error", row, key, value)
                return None
            if is_blank(value):
                if required:
                    self._finding("value-required", row, key, value)
                return None
        return value

    def text(self, row: int, key: str, required: bool = False) -> str:
        value = self.raw(row, key, required)
        return "" if value is None else text_of(value)

    def id(self, row: int, key: str, required: bool = False) -> str:
        value = self.raw(row, key, required)
        if value is None:
            return ""
        cleaned = self._ids.get(value)
        if cleaned is None:
            cleaned = self._ids[value] = clean_id(value)
        text, was_number = cleaned
        if was_number:
            self._finding("id-number", row, key, value)
        return text

    def people(self, row: int, key: str, required: bool = False) -> list[str]:
        return split_people(self.raw(row, key, required))

    def parsed(self, row: int, key: str, parse, required: bool = False):
        value = self.raw(row, key, required)
        if value is None:
            return None
        try:
            return parse(value)
        except BadValue as bad:
            self._finding(bad.code, row, key, value, **bad.details)
            return None


def _read_progress(t: Table, findings: list[Finding]) -> ProgressLog:
    """The progress log. Typed column by column when every row is plain (a plausible date cell,
    a clean ID, some text), as in nearly every ledger; otherwise the plain rows are typed at once
    and the others go through the reader, which records what is wrong with them."""
    r = _Reader(t, findings)

    def careful(row: int) -> ProgressEntry:
        return ProgressEntry(r.parsed(row, "date", parse_date, True), r.id(row, "measure_id", True),
                             r.text(row, "text", True), row)

    grid, keys = t.grid, ("date", "measure_id", "text")
    if grid.errors or not t.rows or not all(k in t.columns for k in keys):
        return ProgressLog.of([careful(row) for row in t.rows])
    jd, jm, jt = (t.columns[k] - grid.left for k in keys)
    first, last = t.rows[0] - grid.top, t.rows[-1] - grid.top
    values = (grid.rows[first:last + 1] if last - first + 1 == len(t.rows)  # no blank row between
              else [grid.rows[row - grid.top] for row in t.rows])
    if min(map(len, values)) <= max(jd, jm, jt):
        return ProgressLog.of([careful(row) for row in t.rows])
    days = list(map(itemgetter(jd), values))
    if (day_types := set(map(type, days))) != {dt.date}:
        days = [d.date() if d.__class__ is dt.datetime else d for d in days]
        day_types = set(map(type, days))
    ids = list(map(itemgetter(jm), values))
    texts = list(map(itemgetter(jt), values))
    # Text as kept: cut to a cell's size, stripped (None for a value that isn't text).
    if set(map(type, texts)) == {str} and max(map(len, texts)) <= EXCEL_CELL_CHARS:
        texts = list(map(str.strip, texts))
    else:
        texts = [v[:EXCEL_CELL_CHARS].strip() if v.__class__ is str else None for v in texts]
    # IDs repeat from row to row: each distinct one is judged once. A usable one is text (a
    # number stored for an ID gets a finding on the careful path) that cleans to something.
    usable = {}
    for value in (distinct_ids := set(ids)):
        if value.__class__ is str and (lead := value.lstrip()) and lead[0] not in _SLOW_START:
            cleaned, _ = clean_id(value)
            if cleaned:
                usable[value] = cleaned
    if (day_types == {dt.date} and min(days).year in YEARS and max(days).year in YEARS
            and usable.keys() >= distinct_ids and all(texts)
            and set(map(itemgetter(0), texts)).isdisjoint(_SLOW_START)):
        return ProgressLog(days, list(map(usable.__getitem__, ids)), texts, list(t.rows))
    return ProgressLog.of([
        ProgressEntry(day, usable[ident], text, row)
        if day.__class__ is dt.date and day.year in YEARS and ident in usable and text and text[0] not in _SLOW_START
        else careful(row)
        for row, day, ident, text in zip(t.rows, days, ids, texts)
    ])


def _read_settings(table: Table | None, findings: list[Finding]) -> Settings:
    settings = Settings()
    if table is None:
        return settings
    labels = {header_key(n): s for s in S.SETTINGS for n in (s.label, *s.aliases)}
    reader = _Reader(table, findings)
    for row in table.rows:
        setting = labels.get(header_key(table.get(row, "item")))
        if setting is None:
            continue
        settings.refs[setting.key] = table.ref(row, "value")
        parse = {"date": parse_date, "int": parse_int}.get(setting.kind)
        if parse is None:
            setattr(settings, setting.key, reader.text(row, "value"))
            continue
        value = reader.raw(row, "value")
        if value is None:
            continue
        try:
            parsed = parse(value)
            if setting.key.endswith("_days") and not 0 <= parsed <= MAX_SETTING_DAYS:
                raise BadValue("setting-invalid")
            setattr(settings, setting.key, parsed)
        except BadValue:
            expected = ("应为日期，如 2022-09-16" if setting.kind == "date" else
                        f"应为 0—{MAX_SETTING_DAYS} 之间的整数" if setting.key.endswith("_days") else "应为整数")
            findings.append(Finding("setting-invalid", table.name, table.ref(row, "value"), text_of(value),
                                    setting.label, {"expected": expected}))
    return settings


@gc_paused
def build_ledger(grids: list[SheetGrid]) -> Ledger:
    """Grids → a typed Ledger with every structure and cell finding met on the way."""
    findings: list[Finding] = []
    found = {}
    for sheet in S.LEDGER_SHEETS:
        if (grid := find_sheet(grids, sheet)) is None:
            findings.append(Finding("sheet-missing", sheet.name, details={"aliases": "、".join(sheet.aliases)}))
        else:
            found[sheet.key] = sheet, grid
    located: dict[str, Table] = {}

    def locate(key: str) -> Table | None:
        if key in found:
            sheet, grid = found[key]
            findings.extend(Finding("stray-cell", grid.name, ref, ref) for ref in grid.stray)
            if (table := _locate(grid, sheet, findings)) is not None:
                located[key] = table
        return located.get(key)

    # The progress log, by far the largest sheet, is located and typed last: its values may
    # still be loading (sources.read_ledger) while the others are typed.
    for key in [k for k in found if k != "progress"]:
        locate(key)
    settings = _read_settings(located.get("settings"), findings)
    problems, measures, progress, people = [], [], ProgressLog(), []

    if t := located.get("problems"):
        r = _Reader(t, findings)
        for row in t.rows:
            problems.append(Problem(r.id(row, "problem_id", True), r.id(row, "aspect_no", True),
                                    r.text(row, "aspect", True), r.text(row, "description", True),
                                    r.people(row, "lead"), row))

    if t := located.get("measures"):
        r = _Reader(t, findings)

        def deadline(value):
            return parse_deadline(value, settings.feedback_date, settings.immediate_days)

        for row in t.rows:
            measures.append(Measure(
                id=r.id(row, "measure_id", True), problem_id=r.id(row, "problem_id", True),
                text=r.text(row, "measure", True), department=r.text(row, "department", True),
                people=r.people(row, "people", True),
                deadline=r.parsed(row, "deadline", deadline, True), deadline_text=text_of(t.get(row, "deadline")),
                status=r.parsed(row, "status", parse_status, True),
                done_date=r.parsed(row, "done_date", parse_date), start=r.parsed(row, "start", parse_date),
                evidence=r.text(row, "evidence"), closed=r.parsed(row, "closed", parse_flag), row=row,
            ))

    if t := located.get("people"):
        r = _Reader(t, findings)
        for row in t.rows:
            names = r.people(row, "name", True)
            for name in names:
                people.append(Person(name, r.text(row, "department"), r.text(row, "title"), row))

    if t := locate("progress"):
        progress = _read_progress(t, findings)

    tables = {s.key: located[s.key] for s in S.LEDGER_SHEETS if s.key in located}  # in the sheets' order

    if not tables and all(f.rule == "sheet-missing" for f in findings):
        findings[:] = [Finding("not-a-ledger", details={
            "expected": "、".join(s.name for s in S.LEDGER_SHEETS),
            "found": "、".join(g.name for g in grids) or "（无）"})]
    return Ledger(settings, problems, measures, progress, people, tables, findings)
