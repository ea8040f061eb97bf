"""Typing a located table's cells by their column's kind (schema.Column.kind), recording a finding
for each value that can't be used; the progress log typed column by column, and the settings."""

from __future__ import annotations

import datetime as dt
from operator import itemgetter

from rectxl.core import schema
from rectxl.core.findings import Finding
from rectxl.core.grid import header_key
from rectxl.core.locate import Table
from rectxl.core.records import ProgressEntry, ProgressLog, Settings
from rectxl.core.values import (
    EXCEL_CELL_CHARS, INVISIBLE_CHARS, YEARS, BadValue, clean_id, is_blank, is_excel_error, parse_date, parse_int,
    split_people, text_of,
)

MAX_SETTING_DAYS = 3650  # 临期天数 and the other day counts: ten years is already absurd


# Text starting with one of these may be an Excel error ("#N/A") or blank in disguise (invisible
# characters only): such a cell takes the careful path.
_SLOW_START = "#" + INVISIBLE_CHARS


class CellReader:
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

    def typer_of(self, column: schema.Column, parsers: dict):
        """typed(row): the cell of `column` typed by its kind (text, an ID, people, or through
        parsers[kind]), the kind looked up once per column rather than once per cell."""
        key, required = column.key, column.required
        read = {"text": self.text, "id": self.id, "people": self.people}.get(column.kind)
        if read is not None:
            return lambda row: read(row, key, required)
        parse = parsers[column.kind]
        return lambda row: self.parsed(row, key, parse, required)

    def parsed(self, row: int, key: str, parse, required: bool = False):
        value = self.raw(row, key, required)
        if value is None:
            return None
        try:
            return parse(value)
        except BadValue as bad:
            self._finding(bad.code, row, key, value, **bad.details)
            return None


def read_progress(t: Table, findings: list[Finding]) -> ProgressLog:
    """The progress log. Typed column by column when every row is plain (a plausible date cell,
    a clean ID, some text), as in nearly every ledger; otherwise the plain rows are typed at once
    and the others go through the reader, which records what is wrong with them."""
    r = CellReader(t, findings)

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


def read_settings(table: Table | None, findings: list[Finding]) -> Settings:
    settings = Settings()
    if table is None:
        return settings
    labels = {header_key(n): s for s in schema.SETTINGS for n in (s.label, *s.aliases)}
    reader = CellReader(table, findings)
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
            expected = (("应为日期，如 2022-09-16", "a date such as 2022-09-16 is expected") if setting.kind == "date"
                        else (f"应为 0—{MAX_SETTING_DAYS} 之间的整数", f"a whole number from 0 to {MAX_SETTING_DAYS} is expected")
                        if setting.key.endswith("_days") else ("应为整数", "a whole number is expected"))
            findings.append(Finding("setting-invalid", table.name, table.ref(row, "value"), text_of(value),
                                    setting.label, {"expected": expected}))
    return settings
