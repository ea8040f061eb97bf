"""Combining the units' figures (pure) and laying them out as the summary workbook's sheets.

A unit is named by its 设置 单位名称, else by its file name (stem). Two files with the same name are
reported (重复单位), never merged: each is kept as its own row named “名称（文件名）”, flagged, and
counted in the totals like any other row — a 合计 is always the sum of the rows shown. Every 合计
row holds values, not formulas; its rates are recomputed from its summed counts. The people
table's 合计 counts each measure once (a measure with two people is one measure), as the 统计
sheet does: it equals the units' 合计."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rectxl.core.figures import COUNTS, RATES, UNGROUPED, labelled, with_rates
from rectxl.io.writeback import OwnedSheet
from rectxl.consolidate.units import UnitReport

EXTRA_COUNTS = ("done_this_month", "late")  # the overall figure's counts besides COUNTS
FINDING_COUNTS = (("error", "错误"), ("warning", "警告"), ("info", "提示"))
HEADS = labelled(*COUNTS, *RATES)
SHEETS = ("概况", "单位", "责任人", "方面", "逾期事项", "无法读取", "重复单位")
TOTAL = "合计"
PEOPLE_TOTAL = "合计（每项措施只计一次）"


# ---- combining (pure) ------------------------------------------------------------------------------


@dataclass
class Summary:
    as_of: dt.date
    as_of_source: str
    month: tuple[int, int]
    units: list[dict]  # ranked: completion rate (high first), fewer overdue, name
    people: list[dict]  # unit, name, department, counts
    aspects: list[dict]  # name, units (how many have it), counts
    overdue: list[dict]  # the figures' overdue items with their unit, longest first
    total: dict  # the units' counts summed, rates recomputed
    unreadable: list[dict]  # file, reason
    duplicates: list[dict]  # name, files, labels
    inspections: list[str] = field(default_factory=list)  # the 巡察名称 met, in order
    as_of_disagree: bool = False

    @property
    def with_errors(self) -> list[dict]:
        return [u for u in self.units if u["error"]]

    @property
    def clean(self) -> bool:
        """Every file read, no validation error, no duplicate unit: exit code 0."""
        return not (self.unreadable or self.duplicates or self.with_errors)


def summed(rows: Iterable[dict], keys: Sequence[str] = COUNTS) -> dict:
    """Rows of counts added up key by key, the rates recomputed from the sums (never averaged)."""
    rows = list(rows)
    return with_rates({k: sum(r.get(k, 0) for r in rows) for k in keys})


def unit_labels(reports: list[UnitReport]) -> tuple[list[str], list[dict]]:
    """Each read unit's label, and the duplicate names: a name two files share becomes
    “名称（文件名）” in each (the path when the file names are the same too)."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        groups.setdefault(r.name, []).append(i)
    labels = [r.name for r in reports]
    duplicates = []
    for name, members in groups.items():
        if len(members) < 2:
            continue
        stems = [Path(reports[i].path).stem for i in members]
        unique = len(set(stems)) == len(stems)
        for i, stem in zip(members, stems):
            labels[i] = f"{name}（{stem if unique else reports[i].path}）"
        duplicates.append({"name": name, "files": [reports[i].path for i in members],
                           "labels": [labels[i] for i in members]})
    return labels, duplicates


def summarize(reports: list[UnitReport], as_of: dt.date, as_of_source: str = "",
              missing: Sequence[tuple[str, str]] = (), month: tuple[int, int] | None = None,
              as_of_disagree: bool = False) -> Summary:
    """The consolidated summary of the units' reports (all counted on `as_of`)."""
    read = [r for r in reports if not r.error]
    unreadable = [{"file": f, "reason": why} for f, why in missing]
    unreadable += [{"file": r.path, "reason": r.error} for r in reports if r.error]
    labels, duplicates = unit_labels(read)
    dup_files = {f for d in duplicates for f in d["files"]}
    keys = (*COUNTS, *EXTRA_COUNTS)

    units = []
    for r, label in zip(read, labels):
        o = r.figures["overall"]
        units.append({"name": label, "unit": r.name, "file": r.path, **with_rates({k: o.get(k, 0) for k in keys}),
                      **{k: r.findings.get(k, 0) for k, _ in FINDING_COUNTS},
                      "note": "；".join(n for n in ("单位名称重复" if r.path in dup_files else "",
                                                   "单位名称取自文件名" if r.named_by_file else "",
                                                   "台账有校验错误" if r.findings.get("error") else "") if n)})
    units.sort(key=lambda u: (-u["completion_rate"], u["overdue"], u["name"]))
    for i, u in enumerate(units, start=1):
        u["rank"] = i
    order = {u["file"]: i for i, u in enumerate(units)}
    ranked = sorted(zip(read, labels), key=lambda pair: order[pair[0].path])

    people = [{"unit": label, "name": p["name"], "department": p["unit"], **{k: p[k] for k in COUNTS},
               "completion_rate": p["completion_rate"], "staged_rate": p["staged_rate"]}
              for r, label in ranked for p in r.figures["people"]]

    by_aspect: dict[str, list[dict]] = {}
    having: dict[str, set[str]] = {}
    for r, label in ranked:
        for a in r.figures["aspects"]:
            by_aspect.setdefault(a["name"], []).append(a)
            having.setdefault(a["name"], set()).add(label)
    names = [n for n in by_aspect if n != UNGROUPED] + ([UNGROUPED] if UNGROUPED in by_aspect else [])
    aspects = [{"name": n, "units": len(having[n]), **summed(by_aspect[n])} for n in names]

    rank_of = {u["name"]: u["rank"] for u in units}
    overdue = sorted(({"unit": label, **item} for r, label in ranked for item in r.figures["overdue"]),
                     key=lambda item: (-item["days_overdue"], rank_of[item["unit"]], item["measure"]))

    total = summed(units, keys)
    total.update({k: sum(u[k] for u in units) for k, _ in FINDING_COUNTS})
    inspections = list(dict.fromkeys(r.inspection for r in read if r.inspection))
    return Summary(as_of, as_of_source, month or (as_of.year, as_of.month), units, people, aspects, overdue, total,
                   unreadable, duplicates, inspections, as_of_disagree)


# ---- the summary workbook's sheets (pure) ---------------------------------------------------------


def _counts(row: dict) -> list:
    return [row[k] for k, _ in HEADS]


def _table(name: str, heads: list[str], rows: list[list], total: list | None, with_rates: bool,
           widths: list[float]) -> OwnedSheet:
    """A sheet holding one table: headers on row 1, the rows, then the 合计 row (values)."""
    sheet = OwnedSheet(name, rows=[heads, *rows, *([total] if total else [])], header_rows=[1], widths=widths)
    if with_rates:
        first = heads.index(HEADS[-2][1]) + 1  # the rate columns follow the counts
        for r in range(2, len(sheet.rows) + 1):
            sheet.percent_cols[r] = [first, first + 1]
    return sheet


def summary_sheets(s: Summary) -> list[OwnedSheet]:
    """The summary workbook as sheets: 概况, 单位, 责任人, 方面, 逾期事项, 无法读取, 重复单位."""
    t = s.total
    dup_names = "、".join(d["name"] for d in s.duplicates)
    overview = OwnedSheet(SHEETS[0], header_rows=[1], widths=[22, 90], rows=[
        ["项目", "值"],
        ["统计截止日期", s.as_of],
        ["截止日期的来源", s.as_of_source],
        ["纳入汇总的单位", len(s.units)],
        ["无法读取的文件", len(s.unreadable)],
        ["单位名称重复", f"{dup_names}（各自单列，均计入合计，请核实）" if dup_names else "无"],
        ["台账有校验错误的单位", len(s.with_errors)],
        ["整改措施", t["total"]],
        ["已完成", t["done"]],
        ["完成率", t["completion_rate"]],
        ["逾期", t["overdue"]],
        ["说明", "各表最后一行“合计”为数值（不是公式），其中的比率由合计数重新计算；责任人表的合计中，"
                "一项措施有多名责任人时只计一次，与单位表的合计相同。单位名称重复的台账各占一行（名称后注明文件名），"
                "都计入合计。"],
    ], percent_cols={10: [2]})

    unit_heads = ["单位", "排名", *(h for _, h in HEADS), "本月完成", "超期完成", *(h for _, h in FINDING_COUNTS),
                  "文件", "备注"]

    def unit_row(u: dict) -> list:
        return [*_counts(u), u["done_this_month"], u["late"], *(u[k] for k, _ in FINDING_COUNTS)]

    units = _table(SHEETS[1], unit_heads, [[u["name"], u["rank"], *unit_row(u), u["file"], u["note"]] for u in s.units],
                   [TOTAL, None, *unit_row(t), None, None], True, [24, 6, *[10] * (len(HEADS) + 5), 40, 24])

    people = _table(SHEETS[2], ["单位", "责任人", "部门", *(h for _, h in HEADS)],
                    [[p["unit"], p["name"], p["department"], *_counts(p)] for p in s.people],
                    [PEOPLE_TOTAL, None, None, *_counts(t)], True, [24, 12, 18, *[10] * len(HEADS)])

    aspects = _table(SHEETS[3], ["方面", "单位数", *(h for _, h in HEADS)],
                     [[a["name"], a["units"], *_counts(a)] for a in s.aspects],
                     [TOTAL, len(s.units), *_counts(summed(s.aspects))], True, [36, 8, *[10] * len(HEADS)])

    units_overdue = len({o["unit"] for o in s.overdue})
    overdue = _table(SHEETS[4], ["单位", "措施编号", "整改措施", "责任人", "责任部门", "完成时限", "时限日期", "逾期天数"],
                     [[o["unit"], o["measure"], o["text"], "、".join(o["people"]), o["department"], o["deadline_text"],
                       dt.date.fromisoformat(o["deadline"]) if o["deadline"] else None, o["days_overdue"]]
                      for o in s.overdue],
                     [TOTAL, len(s.overdue), f"逾期措施共 {len(s.overdue)} 项，涉及 {units_overdue} 个单位"], False,
                     [24, 10, 50, 16, 16, 18, 12, 10])

    unreadable = _table(SHEETS[5], ["文件", "原因"], [[u["file"], u["reason"]] for u in s.unreadable], None, False,
                        [50, 80])
    duplicates = _table(SHEETS[6], ["单位名称", "文件", "汇总表中的名称"],
                        [[d["name"], f, label] for d in s.duplicates for f, label in zip(d["files"], d["labels"])],
                        None, False, [24, 50, 40])
    return [overview, units, people, aspects, overdue, unreadable, duplicates]


def write_summary(s: Summary, out: Path) -> Path:
    """The summary workbook at `out`, written atomically (refused while Excel has it open)."""
    import openpyxl

    from rectxl.io.atomic import atomic_save, check_not_open
    from rectxl.io.writeback import Plan, apply_openpyxl

    out = Path(out)
    check_not_open(out)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    apply_openpyxl(wb, Plan(summary_sheets(s), None))  # (text as values: never a formula)
    for ws in wb.worksheets:
        ws.freeze_panes = "A2"
    out.parent.mkdir(parents=True, exist_ok=True)
    return atomic_save(wb.save, out)
