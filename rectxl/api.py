"""The Python face of rectxl for analysts (Jupyter, scripts): load a ledger, validate it, count it,
and take it into pandas. A small, stable surface over the layers below (docs/ARCHITECTURE.md);
everything else in the package may change.

This module imports only the pure core at its top: reading a file (python-calamine) and pandas are
imported when first used, so `import rectxl` stays instant.
"""

from __future__ import annotations

import datetime as dt
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from rectxl.core import figures as _figures
from rectxl.core import records as _records
from rectxl.core.findings import Finding
from rectxl.core.rules import validate as _validate
from rectxl.core.values import BadValue, parse_date
from rectxl.errors import BadOption

if TYPE_CHECKING:  # pragma: no cover
    import pandas

_GROUPS = {"person": "people", "unit": "units", "aspect": "aspects"}


def load(path: str | PathLike) -> Ledger:
    """Read a ledger workbook (.xlsx/.xlsm/.xls/.ods) into a Ledger.

    Raises rectxl.RectxlError (UnreadableWorkbook, NotALedger) with a Chinese and an English
    message when the file can't be read or holds no ledger sheet. Findings about the content
    (a bad date, an unknown status …) are not errors: see Ledger.validate()."""
    from rectxl.io.reading import read_ledger

    path = Path(path)
    return Ledger(read_ledger(path), path)


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return parse_date(value)
    except BadValue:
        raise BadOption(f"日期“{value}”无法识别，请写成 2023-03-31。",
                        f"“{value}” is not a date: write it as 2023-03-31.") from None


class Ledger:
    """A typed ledger: its settings, problems, measures, progress log and people, each value with
    its cell address, and the findings met while reading it."""

    def __init__(self, typed: _records.Ledger, path: Path | None = None):
        self.typed = typed
        self.path = path

    def __repr__(self) -> str:
        t = self.typed
        return (f"<rectxl.Ledger {self.path.name if self.path else ''}: {len(t.problems)} problems, "
                f"{len(t.measures)} measures, {len(t.progress)} progress rows>")

    @property
    def settings(self) -> _records.Settings:
        return self.typed.settings

    @property
    def problems(self) -> list[_records.Problem]:
        return self.typed.problems

    @property
    def measures(self) -> list[_records.Measure]:
        return self.typed.measures

    @property
    def people(self) -> list[_records.Person]:
        return self.typed.people

    def as_of(self, as_of: dt.date | str | None = None) -> dt.date:
        """The date the ledger is counted on: `as_of` (a date or "YYYY-MM-DD"), else the 设置
        sheet's 统计截止日期, else today."""
        return _figures.as_of_date(self.settings, _day(as_of), dt.date.today())

    def validate(self, as_of: dt.date | str | None = None) -> list[Finding]:
        """Every finding (reading, structure, cells, cross-sheet and logic rules), in sheet order.
        A Finding has .severity ("error" | "warning" | "info"), .sheet, .cell, .value and
        .message("zh" | "en")."""
        return _validate(self.typed, self.as_of(as_of))

    def figures(self, as_of: dt.date | str | None = None) -> Figures:
        """Completion rates and the overdue / due-soon / stale flags on the as-of date."""
        return Figures(_figures.compute(self.typed, self.as_of(as_of)))

    def to_pandas(self) -> pandas.DataFrame:
        """The measures as a DataFrame, one row per measure (its sheet row in `row`, 1-based)."""
        import pandas

        problem_of = {p.id: p for p in self.problems}
        rows = []
        for m in self.measures:
            problem = problem_of.get(m.problem_id)
            rows.append({
                "measure_id": m.id, "problem_id": m.problem_id,
                "aspect": problem.aspect if problem else "", "measure": m.text, "department": m.department,
                "people": "、".join(m.people), "deadline": m.deadline.date if m.deadline else None,
                "deadline_text": m.deadline_text, "status": m.status, "done_date": m.done_date,
                "evidence": m.evidence, "row": m.row + 1,
            })
        return pandas.DataFrame(rows, columns=[
            "measure_id", "problem_id", "aspect", "measure", "department", "people", "deadline",
            "deadline_text", "status", "done_date", "evidence", "row"])


class Figures:
    """The figures of a ledger on one date (rectxl.core.figures.compute)."""

    def __init__(self, computed: _figures.Figures):
        self.computed = computed

    def __repr__(self) -> str:
        o = self.computed.overall
        return (f"<rectxl.Figures as of {self.as_of.isoformat()}: {o['done']}/{o['total']} done "
                f"({_figures.percent(o['completion_rate'])}), {o['overdue']} overdue>")

    @property
    def as_of(self) -> dt.date:
        return self.computed.as_of

    @property
    def overall(self) -> dict:
        """The counts and rates over all measures (each counted once)."""
        return self.computed.overall

    def as_dict(self) -> dict:
        """Everything, as `rectxl status --format json` prints it."""
        return self.computed.as_dict()

    def to_pandas(self, by: str = "person") -> pandas.DataFrame:
        """One row per responsible person (by="person"), unit (by="unit") or aspect (by="aspect"),
        with the counts and rates as columns (rates as fractions, 0.5 = 50 %)."""
        import pandas

        if by not in _GROUPS:
            raise BadOption(f"by 应为 person、unit 或 aspect，而不是“{by}”。",
                            f"by must be person, unit or aspect, not “{by}”.")
        rows = getattr(self.computed, _GROUPS[by])
        keys = ["name", *(["unit"] if by == "person" else ["no"] if by == "aspect" else []),
                *_figures.COUNTS, *_figures.RATES]
        return pandas.DataFrame([{k: r.get(k) for k in keys} for r in rows], columns=keys)
