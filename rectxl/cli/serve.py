"""`rectxl serve`: the local web page (rectxl.web) for offices without Excel: WPS, domestic (信创)
desktops, Mac, any browser. The web stack is imported only when this command runs."""

from __future__ import annotations

from typing import Annotated

import typer

from rectxl.cli.app import app
from rectxl.cli.common import Lang


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="监听的端口（默认 8765；0 表示任选空闲端口）。")] = 8765,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器。")] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="网页语言：zh 或 en。")] = Lang.zh,
):
    """在本机浏览器中使用：上传台账，查看校验结果、统计图表，下载简报和提醒（仅本机可访问，文件不离开本机）。"""
    from rectxl.web.server import serve as run

    def say(line: str) -> None:
        typer.echo(line)

    try:
        run(port, not no_browser, lang.value, say)
    except KeyboardInterrupt:
        pass
    typer.echo("已停止。" if lang is Lang.zh else "Stopped.")
