"""Consolidation: one picture from many units' ledgers (a university's colleges, a province's counties).

Three parts, kept apart:

* reading (I/O, parallel): every ledger is read, validated and counted in a worker process
  (`read_unit`), which returns plain data — the unit's name, its figures as dicts, its finding
  counts, or why it could not be read. One bad file never stops the run, not even one that
  kills its process.
* combining (pure): `summarize` puts the units' figures side by side and sums them: units,
  people (qualified by unit), aspects (by name), overdue items; `summary_sheets` lays the summary
  out as sheets, `briefing_context` as the consolidated briefing's context.
* writing (I/O): `write_summary` (openpyxl, atomically) and `write_briefing` (the Word template
  templates/consolidated_briefing.docx).

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
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from rectxl.documents.contexts import numbered, pct, briefing_as_of, cn_date, quoted, template
from rectxl.core.figures import COUNTS, RATES, UNGROUPED, labelled, percent, with_rates
from rectxl.io.writeback import OwnedSheet

LEDGER_SUFFIXES = (".xlsx", ".xlsm")
EXTRA_COUNTS = ("done_this_month", "late")  # the overall figure's counts besides COUNTS
FINDING_COUNTS = (("error", "错误"), ("warning", "警告"), ("info", "提示"))
HEADS = labelled(*COUNTS, *RATES)
SHEETS = ("概况", "单位", "责任人", "方面", "逾期事项", "无法读取", "重复单位")
TOTAL = "合计"
PEOPLE_TOTAL = "合计（每项措施只计一次）"
BRIEFING_TEMPLATE = "consolidated_briefing.docx"
CHART_UNITS = 24  # more units than this: the chart shows the lowest ones (it must fit on a page)
BRIEFING_OVERDUE = 20  # the briefing lists the longest-overdue items, the summary workbook all of them


# ---- finding the ledgers -----------------------------------------------------------------------


def find_ledgers(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> tuple[list[Path], list[tuple[str, str]]]:
    """The ledger files among `inputs` (folders searched recursively for .xlsx/.xlsm, Excel's ~$
    lock files and hidden files skipped; a file named directly is taken whatever its type), and
    the inputs that don't exist, with the reason."""
    skip = {Path(p).resolve() for p in exclude}
    found: dict[Path, Path] = {}
    missing = []
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            candidates = sorted(p for p in given.rglob("*") if p.suffix.lower() in LEDGER_SUFFIXES and p.is_file()
                                and not p.name.startswith(("~$", ".")))
        elif given.is_file():
            candidates = [given]
        else:
            missing.append((str(given), "文件或文件夹不存在"))
            continue
        for path in candidates:
            key = path.resolve()
            if key not in skip:
                found.setdefault(key, path)
    return list(found.values()), missing


# ---- reading one unit (runs in a worker process) ---------------------------------------------------


@dataclass(frozen=True)
class Task:
    path: str
    given: dt.date | None  # --as-of, or the common date chosen after a first reading
    today: dt.date
    month: tuple[int, int] | None = None  # a briefing's month: the as-of date is at most its last day


@dataclass
class UnitReport:
    """What a worker sends back: plain data only."""

    path: str
    name: str  # 单位名称, else the file's stem
    named_by_file: bool = False
    inspection: str = ""
    own_as_of: dt.date | None = None  # the ledger's 统计截止日期
    as_of: dt.date | None = None  # the date its figures are counted on
    figures: dict = field(default_factory=dict)  # Figures.as_dict()
    findings: dict = field(default_factory=dict)  # error / warning / info → count
    error: str = ""  # why it could not be read ("" when read)


def _reason(path: Path, reason: str) -> str:
    """A reader's reason without the file name it starts with (the file has its own column)."""
    return reason.removeprefix(f"{path.name}：").removeprefix(f"{path.name} ")


def read_unit(task: Task) -> UnitReport:
    """Read, validate and count one ledger. Never raises: a failure is the report's `error`."""
    from rectxl.core.figures import as_of_date, compute
    from rectxl.core.findings import count
    from rectxl.core.rules import validate
    from rectxl.errors import RectxlError
    from rectxl.io.reading import read_ledger

    path = Path(task.path)
    report = UnitReport(task.path, path.stem, named_by_file=True)
    try:
        ledger = read_ledger(path)
    except RectxlError as exc:  # unreadable, or not a ledger
        report.error = _reason(path, exc.zh)
        return report
    except Exception as exc:  # noqa: BLE001 — whatever a file does, the run goes on
        report.error = f"读取时出错：{exc}"
        return report
    s = ledger.settings
    if s.unit.strip():
        report.name, report.named_by_file = s.unit.strip(), False
    report.inspection, report.own_as_of = s.inspection.strip(), s.as_of
    try:
        day = as_of_date(s, task.given, task.today)
        if task.month:
            day = briefing_as_of(day, task.month)
        report.findings = count(validate(ledger, day))
        report.figures = compute(ledger, day, task.month).as_dict()
        report.as_of = day
    except Exception as exc:  # noqa: BLE001
        report.error = f"统计时出错：{exc}"
    return report


def _crashed(task: Task, reason: str) -> UnitReport:
    return UnitReport(task.path, Path(task.path).stem, named_by_file=True, error=reason)


# ---- reading all units -------------------------------------------------------------------------------


def parallel_map(worker: Callable, tasks: Sequence, jobs: int, crashed: Callable, done: Callable[[], None]) -> list:
    """worker(task) for each task on `jobs` processes (in this process when jobs is 1), results
    in task order. A task whose process dies (nothing to catch: the pool breaks) is retried;
    one that breaks a pool on its own gets crashed(task, reason)."""
    results: list = [None] * len(tasks)
    if jobs <= 1:
        for i, task in enumerate(tasks):
            results[i] = worker(task)
            done()
        return results
    pending = list(range(len(tasks)))
    while pending:
        broken = _pool_round(worker, tasks, pending, jobs, results, crashed, done)
        if len(broken) < len(pending):  # some finished: the others may have died with the culprit
            pending = broken
            continue
        first, pending = broken[0], broken[1:]  # none finished: try the first alone
        if _pool_round(worker, tasks, [first], 1, results, crashed, done):
            results[first] = crashed(tasks[first], "读取时进程异常终止（文件可能已损坏）")
            done()
    return results


def _pool_round(worker, tasks, indices, jobs, results, crashed, done) -> list[int]:
    # spawn, not fork: the same on Windows, and safe beside the progress bar's thread.
    broken = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(indices)), mp_context=context) as pool:
        futures = {pool.submit(worker, tasks[i]): i for i in indices}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except BrokenProcessPool:
                broken.append(i)
                continue
            except Exception as exc:  # noqa: BLE001 — e.g. a result that could not be sent back
                results[i] = crashed(tasks[i], f"读取时出错：{exc}")
            done()
    return sorted(broken)


def default_jobs() -> int:
    return os.cpu_count() or 1


def choose_as_of(reports: list[UnitReport], given: dt.date | None, today: dt.date,
                 month: tuple[int, int] | None = None) -> tuple[dt.date, str, bool]:
    """The one as-of date for all units, how it was chosen, and whether the ledgers disagreed."""
    owns = sorted({r.own_as_of for r in reports if not r.error and r.own_as_of})
    disagree = not given and len(owns) > 1
    if given:
        day, source = given, "命令行参数 --as-of"
    elif len(owns) == 1:
        day, source = owns[0], "各台账“设置”中的统计截止日期"
    elif owns:
        shown = "、".join(d.isoformat() for d in owns[:5]) + ("等" if len(owns) > 5 else "")
        day, source = today, f"当天（各台账的统计截止日期不一致：{shown}；可用 --as-of 统一指定）"
    else:
        day, source = today, "当天（各台账未填写统计截止日期）"
    return (briefing_as_of(day, month) if month else day), source, disagree


def read_units(files: Sequence[Path], given: dt.date | None, today: dt.date, month: tuple[int, int] | None = None,
               jobs: int | None = None, done: Callable[[], None] = lambda: None,
               more: Callable[[int], None] = lambda n: None) -> tuple[list[UnitReport], dt.date, str, bool]:
    """Every file's report, all counted on one as-of date (see `choose_as_of`): a ledger first
    counted on its own date is counted again when the common date differs. `more(n)` announces
    n more steps for a progress bar, `done()` one finished."""
    jobs = max(1, min(jobs or default_jobs(), len(files) or 1))
    reports = parallel_map(read_unit, [Task(str(p), given, today, month) for p in files], jobs, _crashed, done)
    day, source, disagree = choose_as_of(reports, given, today, month)
    again = [i for i, r in enumerate(reports) if not r.error and r.as_of != day]
    if again:
        more(len(again))
        redone = parallel_map(read_unit, [Task(reports[i].path, day, today, month) for i in again],
                              min(jobs, len(again)), _crashed, done)
        for i, report in zip(again, redone):
            reports[i] = report
    return reports, day, source, disagree


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


# ---- writing (I/O) -----------------------------------------------------------------------------------


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


def consolidate(files: Sequence[Path], missing: Sequence[tuple[str, str]], given: dt.date | None, today: dt.date,
                month: tuple[int, int] | None = None, jobs: int | None = None, done: Callable[[], None] = lambda: None,
                more: Callable[[int], None] = lambda n: None) -> Summary:
    """Read the files found by `find_ledgers` and combine them: the whole job but the writing."""
    reports, day, source, disagree = read_units(files, given, today, month, jobs, done, more)
    return summarize(reports, day, source, missing, month, disagree)
