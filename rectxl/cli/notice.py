"""`rectxl notice`: the public progress notice (整改进展情况通报) of one ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import TEMPLATES_HELP, check_drafted, load_at, to_pdf


@app.command()
def notice(
    path: Annotated[Path, typer.Argument(help="台账工作簿。")],
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期，如 2023-03-31。")] = None,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="输出的 .docx 文件或文件夹。")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转成 PDF。")] = False,
    templates: Annotated[Optional[Path], typer.Option("--templates", help=TEMPLATES_HELP)] = None,
):
    """生成对外公布的巡察整改进展情况通报（Word）：总体进展、各问题整改状态、整改成效和监督渠道，不含责任人姓名。"""
    from rectxl.documents.notice import write_notice
    from rectxl.io.atomic import writing

    ledger, day = load_at(path, as_of)
    dest = out or path.parent
    with writing(dest):
        written = write_notice(ledger, day, dest, templates)
    typer.echo(f"整改进展情况通报（截至 {day.isoformat()}）：{written}")
    s = ledger.settings
    if not (s.phone or s.email or s.address):
        typer.echo("提示：“设置”表中未填写联系电话、电子邮箱或通信地址，通报中的监督渠道为空，请补充后重新生成。",
                   err=True)
    if pdf:
        typer.echo(f"PDF：{to_pdf([written])[0]}")
    check_drafted(ledger, path, day)
