"""The ribbon's entry points (xlwings RunPython): one function per button, thin.

Each takes the calling book (`xw.Book.caller()` when none is passed), reads its sheets into the
same core the command line uses, writes the results back through xlwings, and ends with an
alert in Chinese. Any error from finding the calling book on becomes an alert with the reason and
the fix, never a traceback dialog; what goes wrong before Python runs (no interpreter, the
Microsoft Store placeholder, rectxl or xlwings missing) the ribbon's VBA checks and says itself
(workbook/vba/RectxlRibbon.bas).
Imports are lazy: a click pays only for what its button uses.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from rectxl.errors import RectxlError

TITLE = "整改台账"


def _saved_merges(book) -> dict[str, list]:
    """Merged ranges per sheet from the book's saved copy: xlwings doesn't read merges cheaply,
    and a problem ID merged down its measures' rows must fill each of them."""
    from rectxl.io.reading import UnreadableWorkbook, read_file

    path = Path(book.fullname)
    if not (path.is_absolute() and path.is_file()):
        return {}
    try:
        return {g.name: g.merged for g in read_file(path)}
    except UnreadableWorkbook:
        return {}


def _grids(book):
    from rectxl.core.grid import SheetGrid

    merges = _saved_merges(book)
    grids = []
    for sheet in book.sheets:
        used = sheet.used_range
        values = used.options(ndim=2, err_to_str=True).value or []
        rows = [["" if v is None else v for v in row] for row in values]
        grids.append(SheetGrid(sheet.name, rows, used.row - 1, used.column - 1, merges.get(sheet.name, [])))
    return grids


def _load(book):
    from rectxl.core.figures import as_of_date
    from rectxl.core.ledger import build_ledger

    ledger = build_ledger(_grids(book)).require_ledger(book.name)
    return ledger, as_of_date(ledger.settings, None, dt.date.today())


def _folder(book) -> Path:
    full = Path(book.fullname)
    return full.parent if full.is_absolute() else Path.cwd()


# What every alert about a broken set-up ends with: the command that checks it all.
DOCTOR = "可在命令行运行 rectxl doctor 本工作簿.xlsm 逐项检查"


def _version_problem(installed: str) -> str | None:
    from rectxl.workbook.vba import XLWINGS_VERSION

    if installed == XLWINGS_VERSION:
        return None
    return (f"xlwings 版本不匹配：本工作簿需要 xlwings {XLWINGS_VERSION}，当前 Python 中是 {installed}。"
            f"请在命令行运行 \"{sys.executable}\" -m pip install xlwings=={XLWINGS_VERSION}"
            f"（或重新运行 rectxl 安装程序）。{DOCTOR}。")


def _failure(error: BaseException) -> str:
    """The Chinese alert for anything that stopped a button: what, and what to do."""
    if isinstance(error, RectxlError):
        return error.headline()
    if isinstance(error, ImportError):
        missing = error.name or str(error)
        return (f"rectxl 安装不完整：找不到 Python 模块 {missing}。请重新运行 rectxl 安装程序，或在命令行运行 "
                f"\"{sys.executable}\" -m pip install --force-reinstall <rectxl 所在文件夹>。{DOCTOR}。")
    return f"操作未完成：{type(error).__name__}: {error}。如反复出现，{DOCTOR}。"


def _say_without_book(message: str) -> None:
    """An alert when there is no workbook to show it: a Windows message box, else stderr (which
    xlwings shows on a Mac)."""
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.user32.MessageBoxW(None, message, TITLE, 0x30 | 0x40000)  # warning icon, topmost
            return
        except Exception:  # no GUI: fall through to stderr
            pass
    print(message, file=sys.stderr)


def _button(action):
    """The ribbon function for `action`: everything from finding the calling workbook on ends in a
    Chinese alert (a missing module of rectxl's own included), never in xlwings' traceback dialog."""
    def run(book=None):
        try:
            if book is None:
                import xlwings as xw

                book = xw.Book.caller()
        except Exception as error:
            message = f"无法连接到点击按钮的 Excel 工作簿（{type(error).__name__}: {error}）。{DOCTOR}。"
            if isinstance(error, ImportError):
                message = _failure(error)
            _say_without_book(message)
            return message
        try:
            import xlwings as xw

            if problem := _version_problem(xw.__version__):
                raise RectxlError(problem)
            message = action(book)
        except Exception as error:  # shown to the user as an alert, never as a traceback
            message = _failure(error)
        try:
            book.app.alert(message, TITLE)
        except Exception:
            _say_without_book(message)
        return message

    run.__name__ = action.__name__.lstrip("_")
    run.__doc__ = action.__doc__
    return run


def _validate(book) -> str:
    """校验台账: the 校验结果 sheet, one row per finding with a link to its cell."""
    from rectxl.core.findings import count
    from rectxl.io.writeback import Plan, apply_xlwings, findings_sheet
    from rectxl.core.rules import validate as run_rules

    ledger, as_of = _load(book)
    findings = run_rules(ledger, as_of)
    apply_xlwings(book, Plan([findings_sheet(findings, as_of)], None))
    c = count(findings)
    if not findings:
        return "校验完成：未发现问题。"
    return (f"校验完成：错误 {c['error']} 个，警告 {c['warning']} 个，提示 {c['info']} 个。"
            f"详见“校验结果”工作表，点击位置可跳到对应单元格。")


def _refresh_figures(book) -> str:
    """刷新统计: the 统计 sheet (per person, unit, aspect; overdue list)."""
    from rectxl.core.figures import compute, percent
    from rectxl.io.writeback import Plan, apply_xlwings, figures_sheet

    ledger, as_of = _load(book)
    figures = compute(ledger, as_of)
    apply_xlwings(book, Plan([figures_sheet(figures)], None))
    o = figures.overall
    return (f"统计已刷新（截至 {as_of.isoformat()}）：措施 {o['total']} 项，已完成 {o['done']} 项，"
            f"完成率 {percent(o['completion_rate'])}，逾期 {o['overdue']} 项。详见“统计”工作表。")


def _mark_overdue(book) -> str:
    """标记逾期: colours overdue, due-soon and stale rows in 任务清单 and fills 时限日期."""
    from rectxl.core.figures import compute
    from rectxl.io.writeback import Plan, apply_xlwings, highlights

    ledger, as_of = _load(book)
    figures = compute(ledger, as_of)
    marks = highlights(ledger, figures)
    if marks is None:
        raise RectxlError("找不到“任务清单”工作表（或其表头），无法标记。请先点击“校验台账”查看原因。")
    apply_xlwings(book, Plan([], marks))
    o = figures.overall
    return (f"已标记（截至 {as_of.isoformat()}）：逾期 {o['overdue']} 项（红色），临期 {o['due_soon']} 项（黄色），"
            f"无进展 {o['stale']} 项（灰色）。")


def _draft_briefing(book) -> str:
    """生成月度简报: the monthly briefing (.docx) next to the workbook, from templates/monthly_briefing.docx
    beside it when the office keeps an edited copy there, else the bundled template."""
    from rectxl.documents.contexts import write_briefing

    ledger, as_of = _load(book)
    folder = _folder(book)
    path = write_briefing(ledger, as_of, (as_of.year, as_of.month), folder, folder / "templates")
    return f"月度简报已生成：{path}"


def _draft_reminders(book) -> str:
    """生成督办提醒: one reminder (.docx) per person with overdue, due-soon or stale measures."""
    from rectxl.documents.contexts import write_reminders

    ledger, as_of = _load(book)
    folder = _folder(book)
    paths = write_reminders(ledger, as_of, folder / f"督办提醒_{as_of.isoformat()}", folder / "templates")
    if not paths:
        return "没有需要提醒的事项：无逾期、临期或无进展的措施。"
    return f"已生成 {len(paths)} 份督办提醒，保存在：{paths[0].parent}"


def _draft_notice(book) -> str:
    """生成整改通报: the public progress notice (.docx) next to the workbook (templates/notice.docx
    beside it when the office keeps an edited copy there)."""
    from rectxl.documents.notice import write_notice

    ledger, as_of = _load(book)
    folder = _folder(book)
    path = write_notice(ledger, as_of, folder, folder / "templates")
    return f"整改进展情况通报已生成（不含责任人姓名，公布前请审核）：{path}"


validate = _button(_validate)
refresh_figures = _button(_refresh_figures)
mark_overdue = _button(_mark_overdue)
draft_briefing = _button(_draft_briefing)
draft_reminders = _button(_draft_reminders)
draft_notice = _button(_draft_notice)
