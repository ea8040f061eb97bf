"""The ledger built from sheet grids: each sheet found by name or alias, its table located
(rectxl.core.locate), its cells typed by the schema's column kinds (rectxl.core.cells) into the
records of rectxl.core.records. A value that can't be typed becomes a finding and is left out of the
figures, never guessed.
"""

from __future__ import annotations

from rectxl.core import schema
from rectxl.core.bulk import gc_paused
from rectxl.core.outcome_values import parse_number, parse_outcome_type
from rectxl.core.cells import CellReader, read_progress, read_settings
from rectxl.core.findings import Finding
from rectxl.core.grid import SheetGrid, find_sheet
from rectxl.core.locate import Table, locate as _locate
from rectxl.core.records import Ledger, Measure, Outcome, Person, Problem, ProgressLog
from rectxl.core.values import (
    parse_date, parse_deadline, parse_flag, parse_status, text_of,
)

__all__ = ["Ledger", "build_ledger"]


def _typed_rows(table: Table, parsers: dict, findings: list[Finding]):
    """Each data row of `table` as (row, {record attribute: typed value}), every column typed by its
    kind and required flag as the schema declares them (columns rectxl writes itself left out)."""
    reader = CellReader(table, findings)
    typers = [(c.record_attr, reader.typer_of(c, parsers)) for c in table.sheet.columns if not c.owned]
    for row in table.rows:
        yield row, {attr: typed(row) for attr, typed in typers}


@gc_paused
def build_ledger(grids: list[SheetGrid]) -> Ledger:
    """Grids → a typed Ledger with every structure and cell finding met on the way."""
    findings: list[Finding] = []
    found = {}
    for sheet in schema.LEDGER_SHEETS:
        if (grid := find_sheet(grids, sheet)) is None:
            if sheet.optional:
                continue
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
    # still be loading (rectxl.io.reading.read_ledger) while the others are typed.
    for key in [k for k in found if k != "progress"]:
        locate(key)
    settings = read_settings(located.get("settings"), findings)
    problems, measures, progress, people = [], [], ProgressLog(), []

    def deadline(value):
        return parse_deadline(value, settings.feedback_date, settings.immediate_days)

    parsers = {"date": parse_date, "deadline": deadline, "status": parse_status, "flag": parse_flag,
               "number": parse_number, "outcome": parse_outcome_type}

    if t := located.get("problems"):
        for row, values in _typed_rows(t, parsers, findings):
            problems.append(Problem(**values, row=row))

    if t := located.get("measures"):
        for row, values in _typed_rows(t, parsers, findings):
            measures.append(Measure(**values, deadline_text=text_of(t.get(row, "deadline")), row=row))

    if t := located.get("people"):
        for row, values in _typed_rows(t, parsers, findings):
            people.extend(Person(name, values["department"], values["title"], row) for name in values["name"])

    outcomes = []
    if t := located.get("outcomes"):
        for row, values in _typed_rows(t, parsers, findings):
            outcomes.append(Outcome(**values, row=row))

    if t := locate("progress"):
        progress = read_progress(t, findings)

    tables = {s.key: located[s.key] for s in schema.LEDGER_SHEETS if s.key in located}  # in the sheets' order

    if not tables and all(f.rule == "sheet-missing" for f in findings):
        findings[:] = [Finding("not-a-ledger", details={
            "expected": "、".join(s.name for s in schema.LEDGER_SHEETS if not s.optional),
            "found": "、".join(g.name for g in grids) or ("（无）", "(none)")})]
    return Ledger(settings, problems, measures, progress, people, tables, findings, outcomes)
