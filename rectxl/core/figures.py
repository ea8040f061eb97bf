"""The figures: completion rates and overdue / due-soon / stale flags (pure, ARCHITECTURE §4).

Per measure the flags are computed once (`measure_flags`); every table (person, unit, aspect,
problem, overall) is the same aggregation of those flags over a different grouping. A measure
with several people (or departments) counts once for each of them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from rectxl.core import schema
from rectxl.core.records import Ledger, Measure
from rectxl.core.values import split_people

COUNTS = ("total", "done", "phase", "staged", "in_progress", "not_started", "overdue", "due_soon", "stale")
UNGROUPED = "（未归类）"
RATES = ("completion_rate", "staged_rate")
# How every table, sheet and export heads each count and rate (declared once).
LABELS = {
    "total": "措施数", "done": "已完成", "phase": "阶段性完成", "staged": "已完成及阶段性完成", "in_progress": "推进中",
    "not_started": "未启动", "overdue": "逾期", "due_soon": "临期", "stale": "无进展",
    "completion_rate": "完成率", "staged_rate": "阶段性完成率",
}


def labelled(*keys: str) -> tuple[tuple[str, str], ...]:
    """(key, label) for each key, in the order given."""
    return tuple((k, LABELS[k]) for k in keys)


@dataclass(frozen=True)
class Flags:
    """What one measure is on the as-of date."""

    measure: Measure
    bucket: str  # done | phase | in_progress | not_started
    staged: bool
    long_term: bool
    goal_met: bool  # done, or (long-term) its phase goal met: its date no longer has to be met
    overdue: bool
    days_overdue: int
    due_soon: bool
    days_left: int | None
    late: bool
    stale: bool
    last_activity: dt.date | None


def _last_activity(ledger: Ledger) -> dict[str, dt.date]:
    """Each measure's latest progress date (a quarter of a million entries: a lean loop)."""
    last: dict[str, dt.date] = {}
    seen = last.get
    for measure, day in zip(ledger.progress.measure_ids, ledger.progress.dates):
        if day and measure and ((before := seen(measure)) is None or day > before):
            last[measure] = day
    return last


def measure_flags(ledger: Ledger, as_of: dt.date) -> list[Flags]:
    s = ledger.settings
    last_progress = _last_activity(ledger)
    stale_since = as_of - dt.timedelta(days=s.progress_days)
    soon_until = as_of + dt.timedelta(days=s.due_soon_days)
    out = []
    for m in ledger.measures:
        bucket = schema.BUCKET_OF_STATUS.get(m.status, "not_started")
        done = m.status == schema.DONE
        due = m.deadline.date if m.deadline else None
        long_term = bool(m.deadline and m.deadline.long_term)
        goal_met = done or (long_term and m.status in (schema.PHASE, schema.LONG_TERM))
        overdue = due is not None and due < as_of and not goal_met
        due_soon = not done and due is not None and as_of <= due <= soon_until
        progressed, finished = last_progress.get(m.id), m.done_date
        last = max(progressed, finished) if progressed and finished else progressed or finished or None
        out.append(Flags(
            measure=m, bucket=bucket, staged=m.status in (schema.DONE, schema.PHASE), long_term=long_term,
            goal_met=goal_met, overdue=overdue, days_overdue=(as_of - due).days if overdue else 0,
            due_soon=due_soon, days_left=(due - as_of).days if due_soon else None,
            late=done and due is not None and m.done_date is not None and m.done_date > due,
            stale=not done and not long_term and (last is None or last < stale_since),
            last_activity=last,
        ))
    return out


def with_rates(counts: dict) -> dict:
    """A row of counts with its rates: 完成率 = done / total, 阶段性完成率 = staged / total."""
    total = counts["total"]
    return {**counts, "completion_rate": counts["done"] / total if total else 0.0,
            "staged_rate": counts["staged"] / total if total else 0.0}


def _row(flags: list[Flags]) -> dict:
    buckets = Counter(f.bucket for f in flags)
    return with_rates({
        "total": len(flags), "done": buckets["done"], "phase": buckets["phase"],
        "staged": sum(f.staged for f in flags),
        "in_progress": buckets["in_progress"], "not_started": buckets["not_started"],
        "overdue": sum(f.overdue for f in flags), "due_soon": sum(f.due_soon for f in flags),
        "stale": sum(f.stale for f in flags),
    })


def _grouped(flags: list[Flags], keys_of) -> dict[str, list[Flags]]:
    groups: dict[str, list[Flags]] = {}
    for f in flags:
        for key in keys_of(f.measure) or [UNGROUPED]:
            groups.setdefault(key, []).append(f)
    return groups


def person_units(ledger: Ledger) -> dict[str, str]:
    """A person's unit: the roster's 部门, else the 责任部门 most often on their measures."""
    roster = {p.name: p.department for p in ledger.people if p.department}
    seen: dict[str, Counter] = {}
    for m in ledger.measures:
        for name in m.people:
            seen.setdefault(name, Counter())[m.department] += 1
    return {name: roster.get(name) or (c.most_common(1)[0][0] if c else "") for name, c in seen.items()}


@dataclass
class Figures:
    as_of: dt.date
    month: tuple[int, int]
    overall: dict
    people: list[dict]
    units: list[dict]
    aspects: list[dict]
    problems: list[dict]
    overdue: list[dict]
    due_soon: list[dict]
    stale: list[dict]
    late: list[dict]
    flags: list[Flags] = field(repr=False, default_factory=list)
    # 整改成效: totals per type and unit ({type, unit, total}); the same per aspect and per unit
    # through each outcome's measure; those dated in the month.
    outcomes: list[dict] = field(default_factory=list)
    outcomes_by_aspect: list[dict] = field(default_factory=list)
    outcomes_by_unit: list[dict] = field(default_factory=list)
    outcomes_this_month: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(), "month": f"{self.month[0]:04d}-{self.month[1]:02d}",
            "overall": self.overall, "people": self.people, "units": self.units, "aspects": self.aspects,
            "problems": self.problems, "overdue": self.overdue, "due_soon": self.due_soon,
            "stale": self.stale, "late": self.late, "outcomes": self.outcomes,
            "outcomes_by_aspect": self.outcomes_by_aspect, "outcomes_by_unit": self.outcomes_by_unit,
            "outcomes_this_month": self.outcomes_this_month,
        }


def _item(f: Flags) -> dict:
    m = f.measure
    return {"measure": m.id, "text": m.text, "people": m.people, "department": m.department,
            "deadline": m.deadline.date.isoformat() if m.deadline and m.deadline.date else None,
            "deadline_text": m.deadline_text, "status": m.status}


def compute(ledger: Ledger, as_of: dt.date, month: tuple[int, int] | None = None) -> Figures:
    """All figures on the as-of date; `month` (default: the as-of date's) for 本月完成."""
    month = month or (as_of.year, as_of.month)
    flags = measure_flags(ledger, as_of)
    overall = _row(flags)
    overall["done_this_month"] = sum(
        1 for f in flags if f.bucket == "done" and f.measure.done_date
        and (f.measure.done_date.year, f.measure.done_date.month) == month)
    overall["late"] = sum(f.late for f in flags)

    units_of = person_units(ledger)
    people = [{"name": name, "unit": units_of.get(name, ""), **_row(group)}
              for name, group in _grouped(flags, lambda m: m.people).items()]
    people.sort(key=lambda r: (r["completion_rate"], -r["overdue"], r["name"]))

    units_in = {d: split_people(d) for d in {m.department for m in ledger.measures}}  # few distinct ones
    units = [{"name": name, **_row(group)} for name, group in _grouped(flags, lambda m: units_in[m.department]).items()]
    units.sort(key=lambda r: (r["completion_rate"], -r["overdue"], r["name"]))

    problem_of = {p.id: p for p in ledger.problems if p.id}
    aspect_names: dict[str, str] = {}  # aspect number → name, in the problems sheet's order
    for p in ledger.problems:
        if p.aspect_no:
            aspect_names.setdefault(p.aspect_no, p.aspect)

    def aspect_key(m: Measure):
        p = problem_of.get(m.problem_id)
        return [p.aspect_no] if p and p.aspect_no else []

    by_aspect = _grouped(flags, aspect_key)
    aspects = [{"no": k, "name": aspect_names[k], **_row(by_aspect[k])} for k in aspect_names if k in by_aspect]
    if UNGROUPED in by_aspect:  # measures whose problem (or its aspect) is unknown
        aspects.append({"no": "", "name": UNGROUPED, **_row(by_aspect[UNGROUPED])})

    by_problem = _grouped(flags, lambda m: [m.problem_id] if m.problem_id in problem_of else [])
    problems = [{"id": p.id, "aspect_no": p.aspect_no, "description": p.description, **_row(by_problem.get(p.id, []))}
                for p in problem_of.values()]

    overdue = sorted(({**_item(f), "days_overdue": f.days_overdue} for f in flags if f.overdue),
                     key=lambda r: (-r["days_overdue"], r["measure"]))
    due_soon = sorted(({**_item(f), "days_left": f.days_left} for f in flags if f.due_soon),
                      key=lambda r: (r["days_left"], r["measure"]))
    stale = [{**_item(f), "last_activity": f.last_activity.isoformat() if f.last_activity else None,
              "days_since": (as_of - f.last_activity).days if f.last_activity else None} for f in flags if f.stale]
    late = [{**_item(f), "done_date": f.measure.done_date.isoformat(),
             "days_late": (f.measure.done_date - f.measure.deadline.date).days} for f in flags if f.late]
    figures = Figures(as_of, month, overall, people, units, aspects, problems, overdue, due_soon, stale, late, flags)
    _add_outcomes(figures, ledger, aspect_names, problem_of, units_in)
    return figures


# ---- outcomes (整改成效) ----------------------------------------------------------

WHOLE = "（整体整改）"  # the group of outcomes that belong to no one measure
_TYPE_ORDER = {t.name: i for i, t in enumerate(schema.OUTCOME_TYPES)}


def amount(total: float) -> int | float:
    """A total as shown and exported: 14, not 14.0; 12.5, not 12.500000000000002."""
    total = round(float(total), 6)
    return int(total) if total.is_integer() else total


def outcome_totals(outcomes, group_of=lambda o: [()]) -> list[dict]:
    """{type, unit, total} per outcome type and counted unit, in the schema's order of types (each
    group first when `group_of` gives an outcome its groups, as tuples of leading fields). Outcomes
    whose type or quantity couldn't be read are findings, not figures."""
    sums: dict[tuple, float] = {}
    for o in outcomes:
        if o.type is None or o.quantity is None:
            continue
        for group in group_of(o):
            key = (*group, o.type, o.counted_unit)
            sums[key] = sums.get(key, 0.0) + o.quantity
    ordered = sorted(sums, key=lambda k: (k[:-2], _TYPE_ORDER[k[-2]], k[-1]))
    return [(k[:-2], {"type": k[-2], "unit": k[-1], "total": amount(sums[k])}) for k in ordered]


def _add_outcomes(figures: Figures, ledger: Ledger, aspect_names: dict, problem_of: dict, units_in: dict) -> None:
    measure_of = {m.id: m for m in ledger.measures if m.id}
    outcomes = ledger.outcomes
    figures.outcomes = [row for _, row in outcome_totals(outcomes)]

    def aspects_of(o):
        if not o.measure_id:
            return [("", WHOLE)]
        m = measure_of.get(o.measure_id)
        p = problem_of.get(m.problem_id) if m else None
        return [(p.aspect_no, aspect_names[p.aspect_no])] if p and p.aspect_no else [("", UNGROUPED)]

    aspect_rank = {no: i for i, no in enumerate(aspect_names)}
    rows = outcome_totals(outcomes, aspects_of)
    rows.sort(key=lambda r: (aspect_rank.get(r[0][0], len(aspect_rank)), r[0][1]))  # (stable: types in order)
    figures.outcomes_by_aspect = [{"no": no, "name": name, **row} for (no, name), row in rows]

    def units_of(o):
        m = measure_of.get(o.measure_id)
        if m is None:
            return [(WHOLE if not o.measure_id else UNGROUPED,)]
        return [(u,) for u in units_in[m.department]] or [(UNGROUPED,)]

    figures.outcomes_by_unit = [{"name": name, **row} for (name,), row in outcome_totals(outcomes, units_of)]
    month = figures.month
    figures.outcomes_this_month = [row for _, row in outcome_totals(
        [o for o in outcomes if o.date and (o.date.year, o.date.month) == month and o.date <= figures.as_of])]


def as_of_date(settings, as_of_option: dt.date | None, today: dt.date) -> dt.date:
    """The as-of date: `as_of_option` (--as-of, a door's choice) when set, else the settings' 统计截止日期, else today."""
    return as_of_option or settings.as_of or today


def percent(rate: float) -> str:
    """0.4386 → "43.9%": how rates are shown in tables and documents. Halves round up, as Excel's
    0.0% format shows them (1/16 is 6.3%, not Python's 6.2%)."""
    from decimal import ROUND_HALF_UP, Decimal

    return f"{Decimal(repr(rate * 100)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
