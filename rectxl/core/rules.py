"""Validation rules across rows and sheets, and the logic of a measure's life (pure, no I/O).

`validate` returns every finding at once: those met while reading (structure, cells) and those
of the rules below, in sheet order, then row, then column.
"""

from __future__ import annotations

import datetime as dt
import difflib

from rectxl.core import schema
from rectxl.core.address import parse_ref
from rectxl.core.findings import SEVERITY_ORDER, Finding
from rectxl.core.locate import Table
from rectxl.core.records import Ledger


def _suggest(value: str, candidates) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.5)
    return close[0] if close else ""


def _at(ledger: Ledger, sheet: str, row: int, key: str, rule: str, value, **details) -> Finding:
    table: Table = ledger.tables[sheet]
    column = table.sheet.column(key).header
    return Finding(rule, table.name, table.ref(row, key), str(value), column, details)


def _duplicates(ledger: Ledger, sheet: str, key: str, items) -> list[Finding]:
    seen: dict[str, int] = {}
    out = []
    for item in items:
        if not item.id:
            continue
        if item.id in seen:
            out.append(_at(ledger, sheet, item.row, key, "id-duplicate", item.id,
                           other=ledger.ref(sheet, seen[item.id], key)))
        else:
            seen[item.id] = item.row
    return out


def cross_rules(ledger: Ledger) -> list[Finding]:
    out: list[Finding] = []
    problem_ids = {p.id for p in ledger.problems if p.id}
    measure_ids = {m.id for m in ledger.measures if m.id}
    has_problems = "problems" in ledger.tables

    out += _duplicates(ledger, "problems", "problem_id", ledger.problems)
    out += _duplicates(ledger, "measures", "measure_id", ledger.measures)

    aspect_names: dict[str, tuple[str, int]] = {}
    for p in ledger.problems:
        if p.aspect_no and p.aspect:
            first = aspect_names.setdefault(p.aspect_no, (p.aspect, p.row))
            if first[0] != p.aspect:
                out.append(_at(ledger, "problems", p.row, "aspect", "aspect-inconsistent", p.aspect_no,
                               other=ledger.ref("problems", first[1], "aspect")))

    roster = {p.name for p in ledger.people}
    for m in ledger.measures:
        if has_problems and m.problem_id and m.problem_id not in problem_ids:
            out.append(_at(ledger, "measures", m.row, "problem_id", "problem-unknown", m.problem_id,
                           suggestion=_suggest(m.problem_id, problem_ids)))
        if m.id and m.problem_id and not m.id.startswith(m.problem_id + "-"):
            out.append(_at(ledger, "measures", m.row, "measure_id", "id-prefix", m.id, expected=f"{m.problem_id}-…"))
        if roster:
            for name in m.people:
                if name not in roster:
                    out.append(_at(ledger, "measures", m.row, "people", "person-not-on-roster", name,
                                   suggestion=_suggest(name, roster)))

    if "measures" in ledger.tables:
        with_measures = {m.problem_id for m in ledger.measures}
        for p in ledger.problems:
            if p.id and p.id not in with_measures:
                out.append(_at(ledger, "problems", p.row, "problem_id", "problem-without-measure", p.id))
        log = ledger.progress
        unknown = set(log.measure_ids) - measure_ids - {""}  # (the whole column at once)
        for e in (log if unknown else ()):
            if e.measure_id in unknown:
                out.append(_at(ledger, "progress", e.row, "measure_id", "progress-unknown-measure", e.measure_id,
                               suggestion=_suggest(e.measure_id, measure_ids)))

    if "measures" in ledger.tables:
        for o in ledger.outcomes:
            if o.measure_id and o.measure_id not in measure_ids:
                out.append(_at(ledger, "outcomes", o.row, "measure_id", "outcome-unknown-measure", o.measure_id,
                               suggestion=_suggest(o.measure_id, measure_ids)))

    s = ledger.settings
    actual = {"aspects_count": len({p.aspect_no for p in ledger.problems if p.aspect_no}),
              "problems_count": len(problem_ids), "measures_count": len(measure_ids)}
    labels = {x.key: x.label for x in schema.SETTINGS}
    for key, n in actual.items():
        announced = getattr(s, key)
        if announced is not None and announced != n:
            out.append(Finding("count-mismatch", ledger.tables["settings"].name, s.refs.get(key, ""), str(n),
                               labels[key], {"expected": announced}))
    return out


def logic_rules(ledger: Ledger, as_of: dt.date) -> list[Finding]:
    out: list[Finding] = []
    feedback = ledger.settings.feedback_date
    columns = ledger.tables["measures"].columns if "measures" in ledger.tables else {}
    if ledger.measures and "done_date" not in columns:
        table = ledger.tables["measures"]
        out.append(Finding("column-absent", table.name, table.ref(table.header_row, "measure_id"), "",
                           schema.MEASURES_SHEET.column("done_date").header))
    for m in ledger.measures:
        done = m.status == schema.DONE
        if done and m.done_date is None and "done_date" in columns:
            out.append(_at(ledger, "measures", m.row, "done_date", "done-without-date", ""))
        if m.done_date is not None and m.status is not None and not done:
            out.append(_at(ledger, "measures", m.row, "done_date", "date-without-done", m.status))
        if m.done_date is not None and m.done_date > as_of:
            out.append(_at(ledger, "measures", m.row, "done_date", "date-after-as-of", m.done_date.isoformat(),
                           expected=as_of.isoformat()))
        due = m.deadline.date if m.deadline else None
        if due and m.start and due < m.start:
            out.append(_at(ledger, "measures", m.row, "deadline", "deadline-before-start", due.isoformat(),
                           expected=m.start.isoformat()))
        if due and feedback and due < feedback:
            out.append(_at(ledger, "measures", m.row, "deadline", "deadline-before-feedback", due.isoformat(),
                           expected=feedback.isoformat()))
        if done and "measures" in ledger.tables and "evidence" in ledger.tables["measures"].columns and not m.evidence:
            out.append(_at(ledger, "measures", m.row, "evidence", "done-without-evidence", ""))
        if m.closed and m.status is not None and not done:
            out.append(_at(ledger, "measures", m.row, "closed", "closed-not-done", m.status))
    for o in ledger.outcomes:
        if o.date is not None and o.date > as_of:
            out.append(_at(ledger, "outcomes", o.row, "date", "date-after-as-of", o.date.isoformat(),
                           expected=as_of.isoformat()))
    latest = max(filter(None, ledger.progress.dates), default=None)
    for e in (ledger.progress if latest and latest > as_of else ()):
        if e.date and e.date > as_of:
            out.append(_at(ledger, "progress", e.row, "date", "date-after-as-of", e.date.isoformat(),
                           expected=as_of.isoformat()))
    return out


def _order(ledger: Ledger):
    sheet_rank = {t.name: i for i, t in enumerate(ledger.tables.values())}

    def key(f: Finding):
        row, col = parse_ref(f.cell) if f.cell else (0, 0)
        return (sheet_rank.get(f.sheet, -1), row, col, SEVERITY_ORDER[f.severity], f.rule)

    return key


def validate(ledger: Ledger, as_of: dt.date) -> list[Finding]:
    """Every finding of the ledger, at once, in reading order."""
    findings = [*ledger.findings, *cross_rules(ledger), *logic_rules(ledger, as_of)]
    return sorted(findings, key=_order(ledger))
