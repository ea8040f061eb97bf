"""The consolidated monthly briefing: its context from the summary (pure), and the .docx."""

from __future__ import annotations

from pathlib import Path

from rectxl.core.figures import percent
from rectxl.documents.contexts import cn_date, numbered, pct, quoted, template
from rectxl.consolidate.summary import Summary

BRIEFING_TEMPLATE = "consolidated_briefing.docx"
CHART_UNITS = 24  # more units than this: the chart shows the lowest ones (it must fit on a page)
BRIEFING_OVERDUE = 20  # the briefing lists the longest-overdue items, the summary workbook all of them


# ---- the consolidated briefing (pure) --------------------------------------------------------------


def chart_units(s: Summary) -> tuple[list[dict], str]:
    """The units the chart shows (ranked, all of them when they fit) and its title."""
    if len(s.units) <= CHART_UNITS:
        return s.units, "各单位整改完成率"
    return s.units[-CHART_UNITS:], f"整改完成率最低的{CHART_UNITS}个单位"


def _issues_found(s: Summary) -> list[str]:
    t, out = s.total, []
    below = [u for u in s.units if u["total"] and u["completion_rate"] < t["completion_rate"]]
    if len(s.units) > 1 and below:
        low = s.units[-1]
        out.append(f"各单位整改进度不平衡。{len(below)}个单位完成率低于总体完成率{percent(t['completion_rate'])}，"
                   f"其中“{quoted(low['name'])}”完成率为{percent(low['completion_rate'])}。")
    if s.overdue:
        worst = max(s.units, key=lambda u: (u["overdue"], u["rank"]))  # the lower-ranked of equals
        units = len({o["unit"] for o in s.overdue})
        out.append(f"部分整改措施逾期未完成。{len(s.overdue)}项措施超过完成时限，涉及{units}个单位，"
                   f"其中“{quoted(worst['name'])}”逾期{worst['overdue']}项，最长逾期{s.overdue[0]['days_overdue']}天。")
    if t["stale"]:
        out.append(f"进展更新不够及时。{t['stale']}项未完成措施超过规定周期没有更新整改进展。")
    if t["not_started"]:
        out.append(f"个别措施推进滞后。仍有{t['not_started']}项整改措施尚未启动。")
    problems = []
    if s.with_errors:
        problems.append(f"{len(s.with_errors)}个单位的台账存在{t['error']}处填报错误")
    if s.unreadable:
        problems.append(f"{len(s.unreadable)}份台账无法读取")
    if s.duplicates:
        problems.append(f"{'、'.join('“' + quoted(d['name']) + '”' for d in s.duplicates)}报送了多份台账")
    if problems:
        out.append(f"台账报送和填报不够规范。{'，'.join(problems)}。")
    return numbered(out)


def _next_steps(s: Summary) -> list[str]:
    t, out = s.total, []
    if s.overdue:
        units = len({o["unit"] for o in s.overdue})
        out.append(f"紧盯逾期事项。督促{units}个有逾期事项的单位对{len(s.overdue)}项逾期措施逐项明确完成时间，"
                   f"尽快整改到位。")
    below = [u for u in s.units if u["total"] and u["completion_rate"] < t["completion_rate"]]
    if len(s.units) > 1 and below:
        out.append(f"加强分类指导。对完成率低于总体水平的{len(below)}个单位加强督导，帮助查找原因、加快进度。")
    if t["stale"]:
        out.append("强化过程管理。落实“一周一推进”机制，督促各单位责任人按周期在台账中更新整改进展。")
    if s.with_errors or s.unreadable or s.duplicates:
        out.append("规范台账管理。请相关单位按校验结果修正台账，无法读取或重复报送的台账重新核实报送。")
    return numbered(out)


def briefing_context(s: Summary, chart: Path | None, chart_title: str = "") -> dict:
    """The consolidated monthly briefing's context (templates/consolidated_briefing.docx)."""
    year, month = s.month
    inspection = s.inspections[0] if len(s.inspections) == 1 else ""
    shown = s.overdue[:BRIEFING_OVERDUE]
    return {
        "title": f"关于{inspection or '巡察'}反馈意见整改工作{year}年{month}月进展情况的汇总报告",
        "inspection": inspection, "month_label": f"{year}年{month}月",
        "date_line": cn_date(s.as_of), "as_of": cn_date(s.as_of),
        "overall": pct(s.total),
        "counts": {"units": len(s.units), "unreadable": len(s.unreadable), "aspects": len(s.aspects)},
        "units": [pct(u) for u in s.units],
        "aspects": [pct(a) for a in s.aspects],
        "chart": chart, "chart_title": chart_title,
        "overdue": [{"unit": o["unit"], "measure": o["measure"], "text": o["text"], "people": "、".join(o["people"]),
                     "deadline": cn_date(o["deadline"]) or o["deadline_text"], "days": o["days_overdue"]}
                    for o in shown],
        "overdue_more": len(s.overdue) - len(shown),
        "unreadable": [Path(u["file"]).name for u in s.unreadable],
        "issues_found": _issues_found(s),
        "next_steps": _next_steps(s),
    }


def write_briefing(s: Summary, out: Path) -> Path:
    """The consolidated monthly briefing (.docx); `out` is a file or a folder (then named by the month)."""
    import tempfile

    from rectxl.documents.charts import completion_bar_chart
    from rectxl.documents.render import render

    out = Path(out)
    if out.suffix.lower() != ".docx":
        out = out / f"整改进展汇总报告_{s.month[0]:04d}-{s.month[1]:02d}.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        chart, title = None, ""
        if s.units:
            shown, title = chart_units(s)
            chart = completion_bar_chart([u["name"] for u in shown], [u["completion_rate"] for u in shown],
                                         Path(tmp) / "chart.png", title)
        return render(template(BRIEFING_TEMPLATE), briefing_context(s, chart, title), out)
