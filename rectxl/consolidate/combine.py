"""Consolidation: one picture from many units' ledgers (a university's colleges, a province's counties).

Three parts, kept apart:

* reading (I/O, parallel; consolidate/units.py): every ledger is read, validated and counted in a
  worker process (`read_unit`), which returns plain data — the unit's name, its figures as dicts,
  its finding counts, or why it could not be read. One bad file never stops the run, not even one
  that kills its process.
* combining (pure; consolidate/summary.py): `summarize` puts the units' figures side by side and
  sums them: units, people (qualified by unit), aspects (by name), overdue items; `summary_sheets`
  lays the summary out as sheets, written by `write_summary` (openpyxl, atomically).
* the briefing (consolidate/briefing.py): `briefing_context` from the summary, `write_briefing`
  through the Word template templates/consolidated_briefing.docx.

Decisions:

* One as-of date for all units (figures from different dates can't be added up): `--as-of`,
  else the 统计截止日期 that the ledgers' 设置 sheets give — when every ledger that gives one
  gives the same date —, else today. A monthly briefing counts up to the month's last day at most.
* A unit is named by its 设置 单位名称, else by its file name (stem). Two files with the same
  name are reported (重复单位), never merged: each is kept as its own row named
  “名称（文件名）”, flagged, and counted in the totals like any other row — a 合计 is always the sum
  of the rows shown, and the report says it may count a unit twice until the office decides.
* Every 合计 row holds values, not formulas; its rates are recomputed from its summed counts.
  The people table's 合计 counts each measure once (a measure with two people is one measure),
  as the 统计 sheet does: it equals the units' 合计.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from rectxl.consolidate.summary import Summary, summarize
from rectxl.consolidate.units import read_units


def consolidate(files: Sequence[Path], missing: Sequence[tuple[str, str]], as_of_option: dt.date | None, today: dt.date,
                month: tuple[int, int] | None = None, jobs: int | None = None, done: Callable[[], None] = lambda: None,
                more: Callable[[int], None] = lambda n: None) -> Summary:
    """Read the files found by `find_ledgers` and combine them: the whole job but the writing."""
    reports, day, source, disagree = read_units(files, as_of_option, today, month, jobs, done, more)
    return summarize(reports, day, source, missing, month, disagree)
