"""Word drafts: contexts built from the figures, rendered through the templates in templates/.

The look of each document belongs to its .docx template (user-editable); this module only
builds the numbers, rows and sentences. Every number comes from rectxl.core.figures on the same
as-of date, so the briefing agrees with `rectxl status` exactly.
"""

from __future__ import annotations

import calendar
import datetime as dt
import tempfile
from pathlib import Path

from rectxl.core.figures import Figures, compute, outcome_totals, percent
from rectxl.core.records import Ledger
from rectxl.documents.longlists import cut_long_lists, write_attachment
from rectxl.documents.outcomes import number, outcomes_in_words
from rectxl.errors import BadOption
from rectxl.shipped import shipped

TEMPLATES = shipped("templates")
LEVELS = {"提醒": "整改事项提醒函", "督办通知": "整改事项督办通知", "告诫": "整改事项告诫函"}
ORDINALS = "一二三四五六七八九十"


def template(name: str, folder: Path | None = None) -> Path:
    """A template: a user's edited copy in `folder` (if there) wins over the bundled one."""
    mine = folder / name if folder else None
    return mine if mine and mine.is_file() else TEMPLATES / name


def cn_date(day: dt.date | str | None) -> str:
    if day is None:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def briefing_as_of(as_of: dt.date, month: tuple[int, int]) -> dt.date:
    """A monthly briefing counts up to the as-of date, at most the month's last day."""
    return min(as_of, month_end(*month))


def briefing_month(as_of: dt.date, month: tuple[int, int] | None) -> tuple[int, int]:
    """The month a briefing reports: `month`, else the as-of date's (ARCHITECTURE §4). BadOption
    when the as-of date falls before that month began: nothing of it could be counted. Every
    door that lets a user choose the month asks here (the command, the page, consolidation)."""
    which = month or (as_of.year, as_of.month)
    if as_of < dt.date(*which, 1):
        year, mon = which
        raise BadOption(f"统计截止日期 {as_of.isoformat()} 早于报告月份 {year}年{mon}月：请选择不晚于截止日期的月份，"
                        f"或给出该月内的统计截止日期。",
                        f"The as-of date {as_of.isoformat()} is before the report month {year}-{mon:02d}: choose a "
                        f"month no later than the as-of date, or an as-of date within that month.")
    return which


def quoted(text: str) -> str:
    """Text that the template puts inside “…”: its own double quotes become single ones."""
    return text.replace("“", "‘").replace("”", "’").replace('"', "'")


def pct(row: dict) -> dict:
    return {**row, "completion_rate": percent(row["completion_rate"]), "staged_rate": percent(row["staged_rate"])}


def _item(r: dict) -> dict:
    return {"measure": r["measure"], "text": r["text"], "people": "、".join(r["people"]),
            "department": r["department"], "deadline": cn_date(r["deadline"]) or r["deadline_text"]}


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ORDINALS[tens - 1] + "十")
    return head + (ORDINALS[ones - 1] if ones else "") if n >= 10 else ORDINALS[n - 1]


def numbered(sentences: list[str]) -> list[str]:
    return [f"{chinese_number(i + 1)}是{s}" for i, s in enumerate(sentences)]


def _issues_found(f: Figures, progress_days: int) -> list[str]:
    out = []
    real = [a for a in f.aspects if a["total"] and a["no"]]
    low = min(real, key=lambda a: (a["completion_rate"], -a["total"]), default=None)
    if low and percent(low["completion_rate"]) != percent(f.overall["completion_rate"]) \
            and low["completion_rate"] < f.overall["completion_rate"]:
        out.append(f"整改进度不平衡。“{quoted(low['name'])}”方面完成率为{percent(low['completion_rate'])}，"
                   f"低于总体完成率{percent(f.overall['completion_rate'])}。")
    if f.overdue:
        worst = f.overdue[0]
        people = sorted({p for r in f.overdue for p in r["people"]})
        out.append(f"部分整改措施逾期未完成。{len(f.overdue)}项措施超过完成时限，最长逾期{worst['days_overdue']}天"
                   f"（{worst['measure']}），涉及责任人{'、'.join(people)}。")
    if f.stale:
        out.append(f"进展更新不够及时。{len(f.stale)}项未完成措施超过{progress_days}天没有更新整改进展。")
    if f.overall["not_started"]:
        out.append(f"个别措施推进滞后。仍有{f.overall['not_started']}项整改措施尚未启动。")
    return numbered(out)


def _next_steps(f: Figures, ledger: Ledger) -> list[str]:
    out = []
    if f.overdue:
        out.append(f"紧盯逾期事项。对{len(f.overdue)}项逾期措施逐项督办，明确完成时间，督促责任人尽快整改到位。")
    year, month = (f.as_of.year + f.as_of.month // 12, f.as_of.month % 12 + 1)
    end = month_end(year, month)
    upcoming = [fl for fl in f.flags if fl.bucket != "done" and fl.measure.deadline and fl.measure.deadline.date
                and f.as_of < fl.measure.deadline.date <= end]
    if upcoming:
        ids = "、".join(fl.measure.id for fl in upcoming[:8]) + ("等" if len(upcoming) > 8 else "")
        out.append(f"抓好到期事项。{year}年{month}月底前到期的整改措施共{len(upcoming)}项（{ids}），"
                   f"请责任人对照时限抓紧推进，按时完成。")
    if f.stale:
        out.append(f"强化过程管理。落实“一周一推进”机制，责任人每{ledger.settings.progress_days}天至少在台账中更新一次整改进展，"
                   f"整改办对{len(f.stale)}项未更新进展的措施逐项跟进。")
    long_term = sum(1 for fl in f.flags if fl.long_term)
    if long_term:
        out.append(f"建立长效机制。对{long_term}项需长期坚持的整改措施，定期评估成效，防止问题反弹回潮。")
    return numbered(out)


def briefing_context(ledger: Ledger, figures: Figures, chart: Path | None) -> dict:
    s = ledger.settings
    year, month = figures.month
    problems_of: dict[str, list[dict]] = {}
    for p in figures.problems:
        problems_of.setdefault(p["aspect_no"], []).append(p)
    aspects = []
    for i, a in enumerate(figures.aspects):
        problems = [{**pct(p), "no": f"{j}.", "text": quoted(p["description"])}
                    for j, p in enumerate(problems_of.get(a["no"], []), start=1)]
        # The numbered sections are the real aspects; measures of unknown problems ("（未归类）",
        # no number) stay a row of the table so that it adds up to the totals.
        no = f"（{chinese_number(i + 1)}）" if a["no"] else ""
        aspects.append({**pct(a), "no": no, "name": quoted(a["name"]), "problems": problems})
    return {
        "title": f"{s.unit}关于{s.inspection}反馈意见整改工作{year}年{month}月进展情况的报告",
        "unit": s.unit, "inspection": s.inspection, "month_label": f"{year}年{month}月",
        "date_line": cn_date(figures.as_of), "as_of": cn_date(figures.as_of),
        "overall": pct(figures.overall),
        "counts": {"aspects": len({p.aspect_no for p in ledger.problems if p.aspect_no}),
                   "problems": len(figures.problems),
                   "measures": figures.overall["total"]},
        "aspects": aspects,
        "people": [{"rank": i, **pct(p)} for i, p in enumerate(figures.people, start=1)],
        "chart": chart,
        "overdue": [{**_item(r), "days": r["days_overdue"]} for r in figures.overdue],
        "due_soon": [{**_item(r), "days_left": r["days_left"]} for r in figures.due_soon],
        "issues_found": _issues_found(figures, s.progress_days),
        "next_steps": _next_steps(figures, ledger),
        # 整改成效 in words: the totals so far and the month's new ones ("" when none).
        "outcomes_text": outcomes_in_words(figures.outcomes),
        "outcomes_month_text": outcomes_in_words(figures.outcomes_this_month),
    }


def write_briefing(ledger: Ledger, as_of: dt.date, month: tuple[int, int], out: Path,
                   templates: Path | None = None) -> Path:
    """The monthly briefing as .docx; `out` is a file or a folder (then named by the month)."""
    from rectxl.documents.charts import completion_bar_chart
    from rectxl.documents.render import render

    figures = compute(ledger, briefing_as_of(as_of, month), month)
    if out.suffix.lower() != ".docx":
        out = out / f"月度整改进展情况报告_{month[0]:04d}-{month[1]:02d}.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        chart = None
        if figures.people:
            chart = completion_bar_chart([p["name"] for p in figures.people],
                                         [p["completion_rate"] for p in figures.people], Path(tmp) / "chart.png")
        ctx = briefing_context(ledger, figures, chart)
        full = cut_long_lists(ctx, ("overdue", "due_soon"))
        written = render(template("monthly_briefing.docx", templates), ctx, out)
    write_attachment(written, full)
    return written


def reminder_level(overdue_days: list[int], warning_days: int, has_other: bool) -> str | None:
    """The escalation step a person's worst item has reached (ARCHITECTURE §6)."""
    if any(d > warning_days for d in overdue_days):
        return "告诫"
    if overdue_days:
        return "督办通知"
    return "提醒" if has_other else None


def reminder_contexts(ledger: Ledger, figures: Figures) -> list[dict]:
    s = ledger.settings
    out = []
    for person in figures.people:
        name = person["name"]
        overdue = [r for r in figures.overdue if name in r["people"]]
        due_soon = [r for r in figures.due_soon if name in r["people"]]
        stale = [r for r in figures.stale if name in r["people"]]
        level = reminder_level([r["days_overdue"] for r in overdue], s.warning_days, bool(due_soon or stale))
        if level is None:
            continue
        parts = [f"{len(overdue)}项已逾期未完成" if overdue else "", f"{len(due_soon)}项临近完成时限" if due_soon else "",
                 f"{len(stale)}项超过{s.progress_days}天未更新进展" if stale else ""]
        intro = (f"根据{s.inspection}反馈意见整改工作安排，经核查整改台账（统计截至{cn_date(figures.as_of)}），"
                 f"您作为责任人的整改措施中，{'，'.join(p for p in parts if p)}。请对照以下事项抓紧推进，"
                 f"并及时在台账中更新整改进展。")
        out.append({
            "unit": s.unit, "inspection": s.inspection, "date_line": cn_date(figures.as_of),
            "as_of": cn_date(figures.as_of), "person": {"name": name, "unit": person["unit"]},
            "level": level, "level_title": LEVELS[level], "intro": intro,
            "overdue": [{**_item(r), "days": r["days_overdue"]} for r in overdue],
            "due_soon": [{**_item(r), "days_left": r["days_left"]} for r in due_soon],
            "stale": [{"measure": r["measure"], "text": r["text"],
                       "deadline": cn_date(r["deadline"]) or r["deadline_text"],
                       "last_progress": cn_date(r["last_activity"]) or "无", "days_since": r["days_since"]}
                      for r in stale],
            "office": f"{s.unit}巡察整改工作领导小组办公室" if s.unit else "巡察整改工作领导小组办公室",
        })
    return out


def write_reminders(ledger: Ledger, as_of: dt.date, folder: Path, templates: Path | None = None) -> list[Path]:
    """One reminder per person with overdue, due-soon or stale measures; none for the others."""
    from rectxl.documents.render import render

    figures = compute(ledger, as_of)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for ctx in reminder_contexts(ledger, figures):
        path = folder / f"{ctx['level']}_{safe_filename(ctx['person']['name'])}.docx"
        full = cut_long_lists(ctx, ("overdue", "due_soon", "stale"))
        paths.append(written := render(template("reminder.docx", templates), ctx, path))
        write_attachment(written, full)
    return paths


FILENAME_CHARS = 40  # a person's part of a file name: 40 Chinese characters are 120 of a name's 255 bytes


def safe_filename(text: str) -> str:
    """A name's characters fit for a file name, at most FILENAME_CHARS of them (two names that
    come out alike get numbered files: rectxl.io.atomic.free_name)."""
    name = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in text).strip()
    return name[:FILENAME_CHARS].strip() or "未命名"


def weekly_context(ledger: Ledger, figures: Figures) -> dict:
    s = ledger.settings
    start = figures.as_of - dt.timedelta(days=6)
    log = ledger.progress
    in_week = {m for m, day in zip(log.measure_ids, log.dates) if day and start <= day <= figures.as_of}
    next_week_end = figures.as_of + dt.timedelta(days=7)
    rows = {p["name"]: {"name": p["name"], "unit": p["unit"], "updated": 0, "completed": 0, "stale": 0,
                        "due_next_week": 0} for p in figures.people}
    completed, due, stale = [], [], []
    for fl in figures.flags:
        m = fl.measure
        flags = {
            "updated": m.id in in_week,
            "completed": fl.bucket == "done" and m.done_date is not None and start <= m.done_date <= figures.as_of,
            "stale": fl.stale,
            "due_next_week": fl.bucket != "done" and m.deadline is not None and m.deadline.date is not None
            and figures.as_of < m.deadline.date <= next_week_end,
        }
        for name in m.people:
            for key, on in flags.items():
                rows[name][key] += on
        people = "、".join(m.people)
        if flags["completed"]:
            completed.append({"measure": m.id, "text": m.text, "people": people, "done_date": cn_date(m.done_date)})
        if flags["due_next_week"]:
            due.append({"measure": m.id, "text": m.text, "people": people, "deadline": cn_date(m.deadline.date),
                        "days_left": (m.deadline.date - figures.as_of).days})
        if fl.stale:
            stale.append({"measure": m.id, "text": m.text, "people": people,
                          "last_progress": cn_date(fl.last_activity) or "无"})
    new = sorted((o for o in ledger.outcomes if o.date and start <= o.date <= figures.as_of and o.type
                  and o.quantity is not None), key=lambda o: (o.date, o.row))
    outcomes = [{"type": o.type, "quantity": number(o.quantity), "unit": o.counted_unit, "text": o.description,
                 "measure": o.measure_id or "—", "date": cn_date(o.date)} for o in new]
    summary = {"updated": sum(1 for fl in figures.flags if fl.measure.id in in_week), "completed": len(completed),
               "stale": len(stale), "due_next_week": len(due)}
    return {
        "unit": s.unit, "inspection": s.inspection,
        "week_label": f"{cn_date(start)}—{figures.as_of.month}月{figures.as_of.day}日",
        "as_of": cn_date(figures.as_of), "date_line": cn_date(figures.as_of), "summary": summary,
        "people": list(rows.values()), "completed": completed, "due_next_week": sorted(due, key=lambda r: r["days_left"]),
        "stale": stale, "outcomes": outcomes,
        "outcomes_text": outcomes_in_words([row for _, row in outcome_totals(new)]),
    }


def write_weekly(ledger: Ledger, as_of: dt.date, out: Path, templates: Path | None = None) -> tuple[Path, dict]:
    from rectxl.documents.render import render

    figures = compute(ledger, as_of)
    ctx = weekly_context(ledger, figures)
    if out.suffix.lower() != ".docx":
        out = out / f"一周一推进_{as_of.isoformat()}.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    shown = dict(ctx)
    full = cut_long_lists(shown, ("completed", "due_next_week", "stale"))
    written = render(template("weekly.docx", templates), shown, out)
    write_attachment(written, full)
    return written, ctx
