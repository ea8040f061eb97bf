"""Reading the units' ledgers (I/O, in parallel): each ledger is read, validated and counted in a
worker process (`read_unit`), which returns plain data — the unit's name, its figures as dicts,
its finding counts, or why it could not be read. One bad file never stops the run, not even one
that kills its process. One as-of date for all units (`choose_as_of`): figures from different
dates can't be added up."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from rectxl.documents.contexts import briefing_as_of, briefing_month

LEDGER_SUFFIXES = (".xlsx", ".xlsm")


# ---- finding the ledgers -----------------------------------------------------------------------


def find_ledgers(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> tuple[list[Path], list[tuple[str, str]]]:
    """The ledger files among `inputs` (folders searched recursively for .xlsx/.xlsm, Excel's ~$
    lock files and hidden files skipped; a file named directly is taken whatever its type), and
    the inputs that don't exist, with the reason."""
    skip = {Path(p).resolve() for p in exclude}
    found: dict[Path, Path] = {}
    missing = []
    for named in inputs:
        named = Path(named)
        if named.is_dir():
            candidates = sorted(p for p in named.rglob("*") if p.suffix.lower() in LEDGER_SUFFIXES and p.is_file()
                                and not p.name.startswith(("~$", ".")))
        elif named.is_file():
            candidates = [named]
        else:
            missing.append((str(named), "文件或文件夹不存在"))
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
    as_of_option: dt.date | None  # --as-of, or the common date chosen after a first reading
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
        day = as_of_date(s, task.as_of_option, task.today)
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


def choose_as_of(reports: list[UnitReport], as_of_option: dt.date | None, today: dt.date,
                 month: tuple[int, int] | None = None) -> tuple[dt.date, str, bool]:
    """The one as-of date for all units, how it was chosen, and whether the ledgers disagreed."""
    owns = sorted({r.own_as_of for r in reports if not r.error and r.own_as_of})
    disagree = not as_of_option and len(owns) > 1
    if as_of_option:
        day, source = as_of_option, "命令行参数 --as-of"
    elif len(owns) == 1:
        day, source = owns[0], "各台账“设置”中的统计截止日期"
    elif owns:
        shown = "、".join(d.isoformat() for d in owns[:5]) + ("等" if len(owns) > 5 else "")
        day, source = today, f"当天（各台账的统计截止日期不一致：{shown}；可用 --as-of 统一指定）"
    else:
        day, source = today, "当天（各台账未填写统计截止日期）"
    return (briefing_as_of(day, briefing_month(day, month)) if month else day), source, disagree


def read_units(files: Sequence[Path], as_of_option: dt.date | None, today: dt.date, month: tuple[int, int] | None = None,
               jobs: int | None = None, done: Callable[[], None] = lambda: None,
               more: Callable[[int], None] = lambda n: None) -> tuple[list[UnitReport], dt.date, str, bool]:
    """Every file's report, all counted on one as-of date (see `choose_as_of`): a ledger first
    counted on its own date is counted again when the common date differs. `more(n)` announces
    n more steps for a progress bar, `done()` one finished."""
    jobs = max(1, min(jobs or default_jobs(), len(files) or 1))
    reports = parallel_map(read_unit, [Task(str(p), as_of_option, today, month) for p in files], jobs, _crashed, done)
    day, source, disagree = choose_as_of(reports, as_of_option, today, month)
    again = [i for i, r in enumerate(reports) if not r.error and r.as_of != day]
    if again:
        more(len(again))
        redone = parallel_map(read_unit, [Task(reports[i].path, day, today, month) for i in again],
                              min(jobs, len(again)), _crashed, done)
        for i, report in zip(again, redone):
            reports[i] = report
    return reports, day, source, disagree
