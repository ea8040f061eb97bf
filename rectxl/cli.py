"""The `rectxl` command: the headless door. It reads, calls the core, and presents; nothing more.

Heavy modules are imported inside the commands so that `rectxl --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="rectxl",
    help="整改台账工具：校验台账、统计完成率、标记逾期、生成月度简报和督办提醒。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"


class By(str, Enum):
    person = "person"
    unit = "unit"
    aspect = "aspect"


def _console():
    """A rich console without markup: ledger text and paths are printed through it, and to rich
    "[/b]" in a cell is a closing tag (a MarkupError), "[v2]" in a folder name a style (swallowed),
    ":warning:" an emoji code. Style with rich.text.Text instead."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


def _fail(message: str, code: int = 2) -> None:
    """One line on stderr, the exit code, no traceback."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _parse_day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    from .values import BadValue, parse_date

    try:
        return parse_date(text)
    except BadValue:
        _fail(f"{option} 的值“{text}”不是日期，请写成 2023-03-31。")


def load(path: Path):
    """The typed ledger of a workbook file, or exit 2 with the reason."""
    from .sources import UnreadableWorkbook, read_ledger

    gc.disable()
    try:
        ledger = read_ledger(path)
    except UnreadableWorkbook as exc:
        _fail(f"无法读取：{exc.reason_zh}")
    finally:
        # The ledger lives until the command ends: spare the cyclic collector from walking its
        # million objects at the next collection and at every later one.
        gc.freeze()
        gc.enable()
    if refusal := ledger.not_a_ledger:
        _fail(f"{path} 不是整改台账：{refusal.message()}")
    return ledger


def load_at(path: Path, as_of: str | None):
    """The ledger and its as-of date: --as-of (checked before the file is read), else the
    settings' 统计截止日期, else today."""
    from .figures import as_of_date

    given = _parse_day(as_of, "--as-of")
    ledger = load(path)
    return ledger, as_of_date(ledger.settings, given, dt.date.today())


def _emit_json(data) -> None:
    """Indented for a person at a terminal; compact for a program reading a pipe or a file
    (a province-wide status is 1 MB: indenting it takes Python's slow encoder three times as long)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def _version(value: bool):
    if value:
        typer.echo(f"rectxl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="显示版本号。")] = None,
):
    """整改台账工具。"""


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="新台账的路径（.xlsx，或带功能区按钮的 .xlsm）。")],
    demo: Annotated[bool, typer.Option("--demo", help="填入示例台账（12 个方面、28 个问题、114 项措施）。")] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件。")] = False,
):
    """新建一个空白台账（或示例台账）。"""
    from .layout import write_new_ledger

    if path.exists() and not force:
        _fail(f"{path} 已存在；如需覆盖请加 --force。")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        _fail(f"{path}：台账应保存为 .xlsx 或 .xlsm（带功能区按钮）文件。")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new_ledger(path, demo=demo)
    typer.echo(f"已生成{'示例' if demo else '空白'}台账：{path}")


_OUTPUT_HELP = "同时保存到文件：.csv（Excel 可直接打开）或 .json。"


def _check_output(output: Path | None, source: Path) -> None:
    """Before reading anything: a known suffix, and never the ledger itself."""
    if output is None:
        return
    from .exports import kind_of

    if kind_of(output) is None:
        _fail(f"--output 的文件应以 .csv 或 .json 结尾：{output}")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        _fail(f"--output 不能是台账文件本身：{output}")


def _export(output: Path, fmt: Format, csv, json) -> None:
    """Write the export (csv() or json(), by the file's suffix); say where it went, on stderr when
    stdout carries JSON."""
    from .exports import kind_of
    from .filewrite import WriteRefused

    try:
        written = csv() if kind_of(output) == "csv" else json()
    except WriteRefused as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入 {output}：{exc.strerror or exc}")
    typer.echo(f"已保存到：{written}", err=fmt is Format.json)


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="台账工作簿（.xlsx/.xlsm/.xls/.ods）。")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期，如 2023-03-31。")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式：table 或 json。")] = Format.table,
    lang: Annotated[Lang, typer.Option("--lang", help="说明文字的语言：zh 或 en。")] = Lang.zh,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=_OUTPUT_HELP)] = None,
):
    """校验台账：列出全部问题（工作表、单元格、说明）。退出码 0 无错误，1 有错误，2 无法读取。"""
    from .findings import count
    from .rules import validate as run_rules

    _check_output(output, path)
    ledger, day = load_at(path, as_of)
    _skip_teardown()
    findings = run_rules(ledger, day)
    counts = count(findings)
    if fmt is Format.json:
        _emit_json({"file": str(path), "findings": [f.as_dict(lang.value) for f in findings], "counts": counts})
    else:
        from .present import findings_table, findings_summary

        console = _console()
        if findings:
            console.print(findings_table(findings, lang.value))
        console.print(findings_summary(counts, lang.value))
    if output is not None:
        from .exports import write_findings_csv, write_findings_json

        _export(output, fmt, csv=lambda: write_findings_csv(findings, output, lang.value),
                json=lambda: write_findings_json(findings, output, str(path), lang.value))
    raise typer.Exit(1 if counts["error"] else 0)


@app.command()
def status(
    path: Annotated[Path, typer.Argument(help="台账工作簿。")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期，如 2023-03-31。")] = None,
    by: Annotated[By, typer.Option("--by", help="分组：person（责任人）、unit（责任部门）、aspect（方面）。")] = By.person,
    fmt: Annotated[Format, typer.Option("--format", help="输出格式：table 或 json。")] = Format.table,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=_OUTPUT_HELP)] = None,
):
    """统计完成率、逾期、临期和无进展事项。"""
    from .figures import compute

    _check_output(output, path)
    ledger, day = load_at(path, as_of)
    _skip_teardown()
    figures = compute(ledger, day)
    if fmt is Format.json:
        _emit_json(figures.as_dict())
    else:
        from .present import figures_tables

        console = _console()
        for renderable in figures_tables(figures, by.value):
            console.print(renderable)
    if output is not None:
        from .exports import write_figures_csv, write_figures_json

        _export(output, fmt, csv=lambda: write_figures_csv(figures, output),
                json=lambda: write_figures_json(figures, output))


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹。")] = Path("rectxl-demo"),
):
    """演示：生成示例台账，校验，统计，并说明每个输出文件的位置。"""
    from rich.text import Text

    from .figures import compute
    from .findings import count
    from .layout import write_new_ledger
    from .present import figures_tables, findings_summary, findings_table
    from .rules import validate as run_rules

    console = _console()

    def say(heading: str, rest: object = "") -> None:
        """A line with a bold heading; a path in it is never broken across lines."""
        console.print(Text.assemble((heading, "bold"), str(rest)), soft_wrap=True)

    out.mkdir(parents=True, exist_ok=True)
    ledger_path = out / "示例整改台账.xlsx"
    write_new_ledger(ledger_path, demo=True)
    say("1. 示例台账", f"：{ledger_path}")
    ledger, as_of_day = load_at(ledger_path, None)
    findings = run_rules(ledger, as_of_day)
    say("2. 校验结果", "（示例中故意留了几处错误）：")
    console.print(findings_table(findings, "zh"))
    console.print(findings_summary(count(findings), "zh"))
    figures = compute(ledger, as_of_day)
    say("3. 统计", f"（截至 {as_of_day.isoformat()}）：")
    for renderable in figures_tables(figures, "person"):
        console.print(renderable)
    status_path = out / "统计.json"
    status_path.write_text(json.dumps(figures.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    say("", f"统计数据（JSON）：{status_path}")

    from .documents import write_briefing, write_reminders, write_weekly
    from .filewrite import write_results
    from .outputs import plan

    month = (as_of_day.year, as_of_day.month)
    say("4. 文档草稿", "：")
    say("", f"月度简报：{write_briefing(ledger, as_of_day, month, out)}")
    say("", f"一周一推进：{write_weekly(ledger, as_of_day, out)[0]}")
    reminders_written = write_reminders(ledger, as_of_day, out / "督办提醒")
    say("", f"督办提醒：{len(reminders_written)} 份，在 {out / '督办提醒'}")
    results, _ = write_results(ledger_path, out / "示例整改台账_结果.xlsx", plan(ledger, findings, figures), False,
                               dt.datetime.now())
    say("5. 结果工作簿", f"：{results}")
    say("", f"\n输出都在 {out.resolve()}")


def _month(text: str) -> tuple[int, int]:
    import re

    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        _fail(f"--month 的值“{text}”应写成 2023-03 这样的年-月。")
    return int(m[1]), int(m[2])


def _to_pdf(paths: list[Path]) -> list[Path]:
    from .pdf import PdfError, to_pdf

    try:
        return [to_pdf(p) for p in paths]
    except PdfError as exc:
        _fail(str(exc))


_TEMPLATES_HELP = "存放自行修改过的 Word 模板的文件夹（同名模板优先于内置模板）。"


def _render_errors(action):
    """A broken template, a draft open in Word, a folder that can't be written: one line, exit 2."""
    from .docxrender import TemplateError
    from .filewrite import WriteRefused

    try:
        return action()
    except (TemplateError, WriteRefused) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入{f' {exc.filename}' if exc.filename else ''}：{exc.strerror or exc}")


@app.command()
def briefing(
    path: Annotated[Optional[Path], typer.Argument(help="台账工作簿（使用 --from 时省略）。")] = None,
    month: Annotated[Optional[str], typer.Option("--month", help="报告月份，如 2023-03（默认：统计截止日期所在月）。")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期（不晚于该月最后一天）。")] = None,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出的 .docx 文件或文件夹。")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转成 PDF。")] = False,
    templates: Annotated[Optional[Path], typer.Option("--templates", help=_TEMPLATES_HELP)] = None,
    from_dir: Annotated[Optional[Path], typer.Option(
        "--from", help="汇总该文件夹中各单位的台账，生成含各单位排名的汇总简报。")] = None,
):
    """生成月度整改进展情况报告（Word）；用 --from 时汇总文件夹中的全部台账。"""
    from .documents import briefing_as_of, write_briefing

    if from_dir is not None:
        if path is not None:
            _fail("请只指定一个台账，或用 --from 指定台账所在的文件夹，二者不能同时使用。")
        from .cli_consolidate import briefing_from

        return briefing_from(from_dir, month, as_of, out, pdf)
    if path is None:
        _fail("请指定台账工作簿，或用 --from 指定各单位台账所在的文件夹。")
    ledger, day = load_at(path, as_of)
    which = _month(month) if month else (day.year, day.month)
    if day < dt.date(*which, 1):
        _fail(f"统计截止日期 {day.isoformat()} 早于 {which[0]}年{which[1]}月：请用 --as-of 给出该月的截止日期。")
    written = _render_errors(lambda: write_briefing(ledger, day, which, out or path.parent, templates))
    typer.echo(f"月度简报（截至 {briefing_as_of(day, which).isoformat()}）：{written}")
    if pdf:
        typer.echo(f"PDF：{_to_pdf([written])[0]}")


@app.command()
def weekly(
    path: Annotated[Path, typer.Argument(help="台账工作簿。")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="本周最后一天（默认：统计截止日期）。")] = None,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出的 .docx 文件或文件夹。")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时转成 PDF。")] = False,
    templates: Annotated[Optional[Path], typer.Option("--templates", help=_TEMPLATES_HELP)] = None,
):
    """一周一推进：本周更新、完成、无进展和下周到期的措施，按责任人列出。"""
    from .documents import write_weekly
    from .present import weekly_table

    ledger, day = load_at(path, as_of)
    written, ctx = _render_errors(lambda: write_weekly(ledger, day, out or path.parent, templates))
    _console().print(weekly_table(ctx))
    typer.echo(f"一周一推进：{written}")
    if pdf:
        typer.echo(f"PDF：{_to_pdf([written])[0]}")


@app.command()
def reminders(
    path: Annotated[Path, typer.Argument(help="台账工作簿。")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期。")] = None,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出文件夹。")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时转成 PDF。")] = False,
    templates: Annotated[Optional[Path], typer.Option("--templates", help=_TEMPLATES_HELP)] = None,
):
    """为有逾期、临期或无进展事项的责任人各生成一份督办提醒（提醒 / 督办通知 / 告诫）。"""
    from .documents import write_reminders

    ledger, day = load_at(path, as_of)
    folder = out or path.parent / f"督办提醒_{day.isoformat()}"
    written = _render_errors(lambda: write_reminders(ledger, day, folder, templates))
    if not written:
        typer.echo("没有需要提醒的责任人：无逾期、临期或无进展的措施。")
        return
    for p in written:
        typer.echo(str(p))
    typer.echo(f"共 {len(written)} 份督办提醒，保存在 {folder}")
    if pdf:
        _to_pdf(written)


@app.command()
def write(
    path: Annotated[Path, typer.Argument(help="台账工作簿（.xlsx/.xlsm）。")],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="写入的副本（默认：原名加“_结果”）。")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="直接写入原文件（先自动备份）。")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期。")] = None,
):
    """把校验结果、统计表和逾期/临期/无进展标记写入工作簿（默认写入副本，保留宏和功能区）。"""
    from .figures import compute
    from .filewrite import WriteRefused, write_results
    from .outputs import SheetTaken, plan
    from .rules import validate as run_rules

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        _fail(f"{path}：只能写入 .xlsx 或 .xlsm 工作簿。")
    if out is not None and out.suffix.lower() != path.suffix.lower():
        _fail(f"输出文件应与原文件同为 {path.suffix} 格式（.xlsm 含宏，.xlsx 不含，二者不能互换）：{out}")
    ledger, day = load_at(path, as_of)
    findings = run_rules(ledger, day)
    figures = compute(ledger, day)
    dest = path if in_place else (out or path.with_name(f"{path.stem}_结果{path.suffix}"))
    if not in_place and dest.resolve() == path.resolve():
        _fail("输出文件与原文件相同；如需写入原文件请使用 --in-place。")
    try:
        written, saved = write_results(path, dest, plan(ledger, findings, figures), in_place, dt.datetime.now())
    except (WriteRefused, SheetTaken) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入 {dest}：{exc.strerror or exc}")
    typer.echo(f"已写入：{written}（“校验结果”“统计”工作表，任务清单中的逾期/临期/无进展标记）")
    if saved:
        typer.echo(f"原文件已备份为：{saved}")


@app.command("build-workbook")
def build_workbook_command(
    out: Annotated[Optional[Path], typer.Argument(help="输出路径（默认：workbook/Rectification.xlsm）。")] = None,
):
    """由 workbook/ 中的源文件重新生成带功能区按钮的 Rectification.xlsm。"""
    from .workbook import WORKBOOK_PATH, build_workbook

    typer.echo(f"已生成：{build_workbook(out or WORKBOOK_PATH)}")


from .cli_import import register as _register_import  # noqa: E402
_register_import(app)


from .cli_consolidate import register as _register_consolidate  # noqa: E402

_register_consolidate(app)


_teardown_skipped = False


def _skip_teardown() -> None:
    """Ask main() to end the process as soon as the command has, without the interpreter freeing
    a large ledger's million objects one by one (a twentieth of a second). Only for commands that
    write nothing but their output: nothing else is left to flush."""
    global _teardown_skipped
    _teardown_skipped = True


def _exit_now(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def _tolerant_streams() -> None:
    """A console that can't show a character (a GBK console and an emoji, "—" or "✓" in a ledger)
    gets "?" for it instead of a UnicodeEncodeError halfway through the output."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    """The console script. A bug still ends in one line (and exit 3), never a traceback, unless
    RECTXL_DEBUG is set."""
    global _teardown_skipped
    _teardown_skipped = False  # (a command of this run sets it)
    _tolerant_streams()
    try:
        app()
    except SystemExit as end:
        if _teardown_skipped and (end.code is None or isinstance(end.code, int)):
            _exit_now(end.code or 0)
        raise
    except Exception as exc:
        if os.environ.get("RECTXL_DEBUG"):
            raise
        typer.echo(f"rectxl 内部错误（{type(exc).__name__}: {exc}）。请把该文件和此信息反馈给维护者；"
                   f"设置环境变量 RECTXL_DEBUG=1 可看到详细信息。", err=True)
        raise SystemExit(3) from None
