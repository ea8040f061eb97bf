"""How findings and figures look in a terminal (rich tables)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from rectxl.core.figures import COUNTS, Figures, labelled, percent
from rectxl.core.findings import ERROR, INFO, SEVERITY_LABEL, WARNING, Finding

_STYLE = {ERROR: "bold red", WARNING: "yellow", INFO: "cyan"}
_TEXT = {
    "zh": {"title": "校验结果", "severity": "级别", "where": "位置", "rule": "规则", "value": "值", "message": "说明",
           "clean": "未发现问题。", "summary": "共 {error} 个错误、{warning} 个警告、{info} 个提示。"},
    "en": {"title": "Findings", "severity": "Severity", "where": "Cell", "rule": "Rule", "value": "Value",
           "message": "Message", "clean": "No findings.",
           "summary": "{error} errors, {warning} warnings, {info} notes."},
}


def findings_table(findings: list[Finding], lang: str) -> Table:
    t = _TEXT[lang]
    table = Table(title=t["title"], show_lines=False, expand=False)
    for key in ("severity", "where", "rule", "value", "message"):
        table.add_column(t[key], overflow="fold", max_width=60 if key == "message" else 24)
    for f in findings:
        table.add_row(Text(SEVERITY_LABEL[lang][f.severity], style=_STYLE[f.severity]), f.address, f.rule,
                      f.value, f.message(lang))
    return table


def findings_summary(counts: dict, lang: str) -> Text:
    t = _TEXT[lang]
    if not any(counts.values()):
        return Text(t["clean"], style="green")
    return Text(t["summary"].format(**counts), style="bold red" if counts[ERROR] else "yellow")


# A terminal lists the longest overdue measures; a province-wide round can have a thousand, which
# no one reads in a console (and rich takes seconds to lay out): the results workbook has them all.
OVERDUE_SHOWN = 50

_COLUMNS = labelled(*(k for k in COUNTS if k != "staged"))
_BY = {"person": ("people", "责任人", "各责任人整改情况"), "unit": ("units", "责任部门", "各责任部门整改情况"),
       "aspect": ("aspects", "方面", "各方面整改情况")}


def _counts_table(title: str, label: str, rows: list[dict], extra: str | None = None) -> Table:
    table = Table(title=title)
    table.add_column(label)
    if extra:
        table.add_column("部门")
    for _, head in _COLUMNS:
        table.add_column(head, justify="right")
    table.add_column("完成率", justify="right")
    table.add_column("阶段性完成率", justify="right")
    for r in rows:
        cells = [r["name"]] + ([r.get(extra, "")] if extra else [])
        cells += [str(r[k]) for k, _ in _COLUMNS] + [percent(r["completion_rate"]), percent(r["staged_rate"])]
        table.add_row(*cells, style="red" if r["overdue"] else None)
    return table


def figures_tables(figures: Figures, by: str) -> list:
    o = figures.overall
    overall = Text(
        f"截至 {figures.as_of.isoformat()}：整改措施 {o['total']} 项，已完成 {o['done']} 项（完成率 "
        f"{percent(o['completion_rate'])}），阶段性完成 {o['phase']} 项（阶段性完成率 {percent(o['staged_rate'])}），"
        f"推进中 {o['in_progress']} 项，未启动 {o['not_started']} 项；逾期 {o['overdue']} 项，临期 {o['due_soon']} 项，"
        f"无进展 {o['stale']} 项；本月完成 {o['done_this_month']} 项。", style="bold")
    key, label, title = _BY[by]
    out = [overall, _counts_table(title, label, figures.__getattribute__(key), "unit" if by == "person" else None)]
    if figures.overdue:
        shown = figures.overdue[:OVERDUE_SHOWN]  # (longest overdue first)
        rest = len(figures.overdue) - len(shown)
        table = Table(
            title=f"逾期事项（逾期最久的 {len(shown)} 项，共 {len(figures.overdue)} 项）" if rest else "逾期事项",
            caption=f"其余 {rest} 项见 rectxl write 生成的结果工作簿（统计表“四、逾期事项”），或用 --format json。"
            if rest else None)
        for head in ("措施编号", "责任人", "完成时限", "逾期天数", "整改措施"):
            table.add_column(head, overflow="fold", max_width=40)
        for r in shown:
            table.add_row(r["measure"], "、".join(r["people"]), r["deadline"], str(r["days_overdue"]), r["text"],
                          style="red")
        out.append(table)
    out.extend(outcomes_tables(figures, by))
    return out


def outcomes_tables(figures: Figures, by: str) -> list:
    """整改成效: the totals per type (with this month's new ones) and, by unit or aspect, per group."""
    if not figures.outcomes:
        return []
    month = {(r["type"], r["unit"]): r["total"] for r in figures.outcomes_this_month}
    table = Table(title=f"整改成效（本月：{figures.month[0]}年{figures.month[1]}月）")
    for head in ("成效类型", "合计", "计量单位", "本月新增"):
        table.add_column(head, justify="right" if head in ("合计", "本月新增") else "left")
    for r in figures.outcomes:
        table.add_row(r["type"], str(r["total"]), r["unit"], str(month.get((r["type"], r["unit"]), 0)))
    out = [table]
    if by in ("unit", "aspect"):
        rows = figures.outcomes_by_unit if by == "unit" else figures.outcomes_by_aspect
        label = "责任部门" if by == "unit" else "方面"
        grouped = Table(title=f"各{label}整改成效")
        for head in (label, "成效类型", "合计", "计量单位"):
            grouped.add_column(head, justify="right" if head == "合计" else "left")
        for r in rows:
            grouped.add_row(r["name"], r["type"], str(r["total"]), r["unit"])
        out.append(grouped)
    return out


def weekly_table(ctx: dict) -> Table:
    s = ctx["summary"]
    table = Table(title=f"一周一推进（{ctx['week_label']}）：更新进展 {s['updated']} 项，完成 {s['completed']} 项，"
                        f"无进展 {s['stale']} 项，下周到期 {s['due_next_week']} 项")
    for head in ("责任人", "部门", "更新进展", "本周完成", "无进展", "下周到期"):
        table.add_column(head, justify="right" if head not in ("责任人", "部门") else "left")
    for r in ctx["people"]:
        table.add_row(r["name"], r["unit"], str(r["updated"]), str(r["completed"]), str(r["stale"]),
                      str(r["due_next_week"]), style="yellow" if r["stale"] else None)
    return table
