"""`rectxl doctor`: what the three doors need on this machine (and in a workbook), in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app
from rectxl.cli.common import Format, emit_json, make_console
from rectxl.cli.options import FormatOption


@app.command()
def doctor(
    workbook: Annotated[Optional[Path], typer.Argument(
        help="同时检查该工作簿（.xlsm）：xlwings.conf 中的 Python 设置、能否运行按钮、VBA 模块的版本。")] = None,
    fmt: FormatOption = Format.table,
):
    """检查本机（及工作簿）能否使用 rectxl：Python、rectxl、xlwings、中文字体、LibreOffice。退出码 0 全部正常，1 有需要处理的问题。"""
    from rectxl.doctor import all_ok, run_checks

    checks = run_checks(workbook)
    healthy = all_ok(checks)
    if fmt is Format.json:
        emit_json({"ok": healthy, "checks": [c.as_dict() for c in checks]})
    else:
        from rich.text import Text

        console = make_console()
        for check in checks:
            mark = ("[正常]  ", "green") if check.ok else ("[需处理]", "bold red")
            console.print(Text.assemble(mark, " ", (check.label, "bold"), "：", check.found), soft_wrap=True)
            if check.fix:
                console.print(Text.assemble("          解决：", check.fix), soft_wrap=True)
        problems = sum(not c.ok for c in checks)
        console.print("全部正常。" if healthy else f"有 {problems} 项需要处理（见上方“解决”）。")
    raise typer.Exit(0 if healthy else 1)
