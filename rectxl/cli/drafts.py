"""`rectxl briefing`, `rectxl weekly` and `rectxl reminders`: the Word drafts of one ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import (
    check_drafted,
    fail,
    load_at,
    make_console,
    parse_month,
    to_pdf,
)
from rectxl.cli.options import AsOfOption, DraftOutOption, LedgerArgument, PdfOption, TemplatesOption


@app.command()
def briefing(
    path: Annotated[Optional[Path], typer.Argument(help="台账工作簿（使用 --from 时省略）。")] = None,
    month: Annotated[Optional[str], typer.Option("--month", help="报告月份，如 2023-03（默认：统计截止日期所在月）。")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期（不晚于该月最后一天）。")] = None,
    out: DraftOutOption = None,
    pdf: PdfOption = False,
    templates: TemplatesOption = None,
    from_dir: Annotated[Optional[Path], typer.Option(
        "--from", help="汇总该文件夹中各单位的台账，生成含各单位排名的汇总简报。")] = None,
):
    """生成月度整改进展情况报告（Word）；用 --from 时汇总文件夹中的全部台账。"""
    from rectxl.documents.contexts import briefing_as_of, briefing_month, write_briefing
    from rectxl.io.atomic import writing

    if from_dir is not None:
        if path is not None:
            fail("请只指定一个台账，或用 --from 指定台账所在的文件夹，二者不能同时使用。")
        from rectxl.cli.consolidating import briefing_from

        return briefing_from(from_dir, month, as_of, out, pdf)
    if path is None:
        fail("请指定台账工作簿，或用 --from 指定各单位台账所在的文件夹。")
    ledger, day = load_at(path, as_of)
    which = briefing_month(day, parse_month(month) if month else None)
    dest = out or path.parent
    with writing(dest):
        written = write_briefing(ledger, day, which, dest, templates)
    typer.echo(f"月度简报（截至 {briefing_as_of(day, which).isoformat()}）：{written}")
    if pdf:
        typer.echo(f"PDF：{to_pdf([written])[0]}")
    check_drafted(ledger, path, day)


@app.command()
def weekly(
    path: LedgerArgument,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="本周最后一天（默认：统计截止日期）。")] = None,
    out: DraftOutOption = None,
    pdf: PdfOption = False,
    templates: TemplatesOption = None,
):
    """一周一推进：本周更新、完成、无进展和下周到期的措施，按责任人列出。"""
    from rectxl.cli.present import weekly_table
    from rectxl.documents.contexts import write_weekly
    from rectxl.io.atomic import writing

    ledger, day = load_at(path, as_of)
    dest = out or path.parent
    with writing(dest):
        written, ctx = write_weekly(ledger, day, dest, templates)
    make_console().print(weekly_table(ctx))
    typer.echo(f"一周一推进：{written}")
    if pdf:
        typer.echo(f"PDF：{to_pdf([written])[0]}")
    check_drafted(ledger, path, day)


@app.command()
def reminders(
    path: LedgerArgument,
    as_of: AsOfOption = None,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出文件夹。")] = None,
    pdf: PdfOption = False,
    templates: TemplatesOption = None,
):
    """为有逾期、临期或无进展事项的责任人各生成一份督办提醒（提醒 / 督办通知 / 告诫）。"""
    from rectxl.documents.contexts import write_reminders
    from rectxl.io.atomic import writing

    ledger, day = load_at(path, as_of)
    folder = out or path.parent / f"督办提醒_{day.isoformat()}"
    with writing(folder):
        written = write_reminders(ledger, day, folder, templates)
    if not written:
        typer.echo("没有需要提醒的责任人：无逾期、临期或无进展的措施。")
    else:
        for p in written:
            typer.echo(str(p))
        typer.echo(f"共 {len(written)} 份督办提醒，保存在 {folder}")
        if pdf:
            to_pdf(written)
    check_drafted(ledger, path, day)
