"""`rectxl validate`, `rectxl status` and `rectxl write`: the findings and figures of one ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import (
    By,
    Format,
    Lang,
    check_output,
    emit_json,
    export,
    fail,
    load_at,
    make_console,
    skip_teardown,
)
from rectxl.cli.options import AsOfOption, ExportOption, FormatOption, LedgerArgument


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="台账工作簿（.xlsx/.xlsm/.xls/.ods）。")],
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
    lang: Annotated[Lang, typer.Option("--lang", help="说明文字的语言：zh 或 en。")] = Lang.zh,
    output: ExportOption = None,
):
    """校验台账：列出全部问题（工作表、单元格、说明）。退出码 0 无错误，1 有错误，2 无法读取。"""
    from rectxl.core.findings import count
    from rectxl.core.rules import validate as run_rules

    check_output(output, path)
    ledger, day = load_at(path, as_of)
    skip_teardown()
    findings = run_rules(ledger, day)
    counts = count(findings)
    if fmt is Format.json:
        emit_json({"file": str(path), "findings": [f.as_dict(lang.value) for f in findings], "counts": counts})
    else:
        from rectxl.cli.present import findings_summary, findings_table

        console = make_console()
        if findings:
            console.print(findings_table(findings, lang.value))
        console.print(findings_summary(counts, lang.value))
    if output is not None:
        from rectxl.io.exports import write_findings_csv, write_findings_json

        export(output, fmt, csv=lambda: write_findings_csv(findings, output, lang.value),
                json=lambda: write_findings_json(findings, output, str(path), lang.value))
    raise typer.Exit(1 if counts["error"] else 0)


@app.command()
def status(
    path: LedgerArgument,
    as_of: AsOfOption = None,
    by: Annotated[By, typer.Option("--by", help="分组：person（责任人）、unit（责任部门）、aspect（方面）。")] = By.person,
    fmt: FormatOption = Format.table,
    output: ExportOption = None,
):
    """统计完成率、逾期、临期和无进展事项。"""
    from rectxl.core.figures import compute

    check_output(output, path)
    ledger, day = load_at(path, as_of)
    skip_teardown()
    figures = compute(ledger, day)
    if fmt is Format.json:
        emit_json(figures.as_dict())
    else:
        from rectxl.cli.present import figures_tables

        console = make_console()
        for renderable in figures_tables(figures, by.value):
            console.print(renderable)
    if output is not None:
        from rectxl.io.exports import write_figures_csv, write_figures_json

        export(output, fmt, csv=lambda: write_figures_csv(figures, output),
                json=lambda: write_figures_json(figures, output))


@app.command()
def write(
    path: Annotated[Path, typer.Argument(help="台账工作簿（.xlsx/.xlsm）。")],
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="写入的副本（默认：原名加“_结果”）。")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="直接写入原文件（先自动备份）。")] = False,
    as_of: AsOfOption = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="-o 指定的文件已存在时覆盖它（先自动备份）。")] = False,
):
    """把校验结果、统计表和逾期/临期/无进展标记写入工作簿（默认写入副本，保留宏和功能区）。"""
    from rectxl.core.figures import compute
    from rectxl.core.rules import validate as run_rules
    from rectxl.io.atomic import write_results, writing
    from rectxl.io.writeback import plan

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        fail(f"{path}：只能写入 .xlsx 或 .xlsm 工作簿。")
    if out is not None and out.suffix.lower() != path.suffix.lower():
        fail(f"输出文件应与原文件同为 {path.suffix} 格式（.xlsm 含宏，.xlsx 不含，二者不能互换）：{out}")
    ledger, day = load_at(path, as_of)
    findings = run_rules(ledger, day)
    figures = compute(ledger, day)
    dest = path if in_place else (out or path.with_name(f"{path.stem}_结果{path.suffix}"))
    if not in_place and dest.resolve() == path.resolve():
        fail("输出文件与原文件相同；如需写入原文件请使用 --in-place。")
    if out is not None and not in_place and out.exists() and not overwrite:
        from rectxl.errors import WriteRefused

        raise WriteRefused(f"{out} 已存在，未覆盖；请换一个文件名，或加 --overwrite（先自动备份原文件）。",
                           f"{out} exists and was not replaced; choose another name, or add --overwrite "
                           f"(it is backed up first).", file=out)
    with writing(dest):
        written, saved = write_results(path, dest, plan(ledger, findings, figures), in_place, dt.datetime.now(),
                                       overwrite=out is not None)
    typer.echo(f"已写入：{written}（“校验结果”“统计”工作表，任务清单中的逾期/临期/无进展标记）")
    if saved:
        typer.echo(f"原文件已备份为：{saved}")
