"""The arguments and options several commands share, each declared once (typer `Annotated`
aliases): the same flag reads the same in every command's --help. An option that means something
else in one command (weekly's --as-of is the week's last day) is declared there instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.common import Format

LedgerArgument = Annotated[Path, typer.Argument(help="台账工作簿。")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="统计截止日期，如 2023-03-31。")]
FormatOption = Annotated[Format, typer.Option("--format", help="输出格式：table 或 json。")]
ExportOption = Annotated[Optional[Path], typer.Option(
    "-o", "--output", help="同时保存到文件：.csv（Excel 可直接打开）或 .json。")]
DraftOutOption = Annotated[Optional[Path], typer.Option("-o", "--out", help="输出的 .docx 文件或文件夹。")]
PdfOption = Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 转成 PDF。")]
TemplatesOption = Annotated[Optional[Path], typer.Option(
    "--templates", help="存放自行修改过的 Word 模板的文件夹（同名模板优先于内置模板）。")]
ForceOption = Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件。")]
