"""The `rectxl` command's app (the typer application and its root options). The commands live in the modules
beside this one (one per command group) and register themselves on `app`; rectxl.cli.main imports them.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rectxl import __version__

app = typer.Typer(
    name="rectxl",
    help="整改台账工具：校验台账、统计完成率、标记逾期、生成月度简报和督办提醒。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


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


