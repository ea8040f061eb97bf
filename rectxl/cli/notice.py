"""`rectxl notice`: the public progress notice (整改进展情况通报) of one ledger."""

from __future__ import annotations


import typer

from rectxl.cli.app import app
from rectxl.cli.common import check_drafted, load_at, to_pdf
from rectxl.cli.options import AsOfOption, DraftOutOption, LedgerArgument, PdfOption, TemplatesOption


@app.command()
def notice(
    path: LedgerArgument,
    as_of: AsOfOption = None,
    out: DraftOutOption = None,
    pdf: PdfOption = False,
    templates: TemplatesOption = None,
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
