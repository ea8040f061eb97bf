"""The public notice (整改进展情况通报): the progress an organisation publishes after an inspection.

A public document: it is built only from the columns the schema marks public (schema.Column.public:
problems, measures' IDs, texts, deadlines and statuses, outcomes), the counts of rectxl.core.figures
and the supervision channels of 设置 — never from responsible people, leaders, departments, progress
notes or evidence. As a last guard every name the ledger holds (roster, responsible people, leaders,
reporters) is masked as "××" wherever a user typed it into a public text.

The wording and look belong to templates/notice.docx (user-editable); this module gives it the
numbers, rows and sentences.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rectxl.core import schema
from rectxl.core.figures import Figures, compute, percent
from rectxl.core.records import Ledger
from rectxl.documents.contexts import chinese_number, cn_date, template
from rectxl.documents.outcomes import number, outcomes_in_words

# A problem's status in words: all its measures done; the rest met for now but to be kept up; else.
SOLVED, IN_HAND, LONG_TERM = "已整改到位", "正在整改", "长期坚持"
MASK = "××"
# Outcome types whose descriptions may name the people dealt with: published as totals only.
_TOTALS_ONLY = {t.name for t in schema.OUTCOME_TYPES if t.group == "people"}


def public(record, sheet: schema.Sheet) -> dict:
    """The record's values of the sheet's public columns only, by column key."""
    return {key: getattr(record, sheet.column(key).record_attr) for key in sheet.public}


def private_names(ledger: Ledger) -> set[str]:
    """Every person's name the ledger holds: the roster, responsible people, leaders, leads."""
    names = {p.name for p in ledger.people}
    for m in ledger.measures:
        names.update(m.people, m.leader)
    for p in ledger.problems:
        names.update(p.lead)
    return {n for n in names if len(n) >= 2}


def masked(value, names: list[str]):
    """`value` (text, or lists and dicts of it) with each name replaced by ××."""
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, MASK)
        return value
    if isinstance(value, dict):
        return {k: masked(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, names) for v in value]
    return value


def problem_status(flags: list) -> str:
    """已整改到位 when every measure is done; 长期坚持 when the rest have met their goal for now and
    are to be kept up (long-term); 正在整改 otherwise (and for a problem without measures)."""
    if flags and all(f.bucket == "done" for f in flags):
        return SOLVED
    if flags and all(f.bucket == "done" or (f.long_term and f.goal_met) for f in flags):
        return LONG_TERM
    return IN_HAND


def notice_context(ledger: Ledger, figures: Figures) -> dict:
    s = ledger.settings
    o = figures.overall
    flags_of: dict[str, list] = {}
    for f in figures.flags:
        flags_of.setdefault(f.measure.problem_id, []).append(f)
    problems = []
    for i, p in enumerate((public(p, schema.PROBLEMS_SHEET) for p in ledger.problems if p.id), start=1):
        flags = flags_of.get(p["problem_id"], [])
        problems.append({"no": i, "aspect": p["aspect"], "text": p["description"],
                         "measures": len(flags), "done": sum(f.bucket == "done" for f in flags),
                         "status": problem_status(flags)})
    by_status = {k: sum(p["status"] == k for p in problems) for k in (SOLVED, IN_HAND, LONG_TERM)}
    aspect_names = list(dict.fromkeys(p.aspect_no for p in ledger.problems if p.aspect_no))
    outcomes = [public(x, schema.OUTCOMES_SHEET) for x in ledger.outcomes]
    order = {t.name: i for i, t in enumerate(schema.OUTCOME_TYPES)}
    named = [{"type": x["type"], "text": x["description"]} for x in sorted(
        (x for x in outcomes if x["type"] and x["description"] and x["type"] not in _TOTALS_ONLY),
        key=lambda x: order[x["type"]])]  # (stable: each type's in the sheet's order)
    channels = [(label, value) for label, value in (
        ("联系电话", s.phone), ("电子邮箱", s.email), ("通信地址", s.address), ("受理时间", s.hours)) if value]
    unit = s.unit or "本单位"
    ctx = {
        "title": f"{s.unit}关于{s.inspection or '巡察'}整改进展情况的通报",
        "unit": unit, "inspection": s.inspection or "巡察", "feedback_date": cn_date(s.feedback_date),
        "as_of": cn_date(figures.as_of), "date_line": cn_date(figures.as_of),
        "counts": {"aspects": len(aspect_names), "problems": len(problems), "measures": o["total"],
                   "solved": by_status[SOLVED], "in_hand": by_status[IN_HAND], "long_term": by_status[LONG_TERM]},
        "overall": {"total": o["total"], "done": o["done"], "phase": o["phase"], "staged": o["staged"],
                    "ongoing": o["total"] - o["staged"], "completion_rate": percent(o["completion_rate"]),
                    "staged_rate": percent(o["staged_rate"])},
        "problems": problems,
        "outcomes_text": outcomes_in_words(figures.outcomes),
        "outcomes": [{**r, "total": number(r["total"])} for r in figures.outcomes],
        "named_outcomes": named,
        "next_steps": _next_steps(by_status),
        "channels": [{"label": label, "value": value} for label, value in channels],
    }
    return masked(ctx, sorted(private_names(ledger), key=len, reverse=True))


def _next_steps(by_status: dict) -> list[str]:
    out = []
    if by_status[IN_HAND]:
        out.append(f"对正在整改的{by_status[IN_HAND]}个问题，紧盯时间节点，逐项推进，确保按期整改到位。")
    if by_status[LONG_TERM]:
        out.append(f"对需长期坚持的{by_status[LONG_TERM]}个问题，持续跟踪问效，防止问题反弹回潮。")
    out.append("对已完成的整改事项适时开展“回头看”，巩固整改成果，健全长效机制。")
    out.append("坚持把巡察整改与推动中心工作结合起来，以整改实效促进事业发展。")
    return [f"{chinese_number(i)}是{text}" for i, text in enumerate(out, start=1)]


def write_notice(ledger: Ledger, as_of: dt.date, out: Path, templates: Path | None = None) -> Path:
    """The public notice as .docx; `out` is a file or a folder (then named by the date)."""
    from rectxl.documents.render import render

    figures = compute(ledger, as_of)
    if out.suffix.lower() != ".docx":
        out = out / f"整改进展情况通报_{as_of.isoformat()}.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    return render(template("notice.docx", templates), notice_context(ledger, figures), out)
