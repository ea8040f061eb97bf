"""`rectxl bundle`: the offline install folder for intranet PCs (made on a machine with internet)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from rectxl.cli.app import app


@app.command()
def bundle(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹（同时生成同名 .zip）。")] = Path("rectxl-offline"),
    platform: Annotated[Optional[list[str]], typer.Option(
        "--platform", help="目标平台，可重复：win_amd64、linux_x86_64、linux_aarch64，或 pip 的平台标签；"
                           "默认三者都含。")] = None,
    python: Annotated[Optional[list[str]], typer.Option(
        "--python", help="目标电脑上的 Python 版本，可重复；默认 3.11。")] = None,
    wheel: Annotated[Optional[Path], typer.Option(
        "--wheel", help="使用现成的 rectxl wheel 文件（默认从源码目录生成）。")] = None,
):
    """生成离线安装包，供没有互联网的内网电脑安装（在能上网的电脑上运行）。

    文件夹（及同名 .zip）中有各平台的全部安装文件、install.bat / install.sh、台账工作簿、
    安装说明.txt 和 SHA256SUMS。"""
    from rectxl.bundle.make import make_bundle
    from rectxl.bundle.targets import DEFAULT_PYTHON, DEFAULT_TARGETS, python_version, target

    targets = list(dict.fromkeys(map(target, platform or DEFAULT_TARGETS)))
    pythons = list(dict.fromkeys(map(python_version, python or [DEFAULT_PYTHON])))
    folder, archive = make_bundle(output, targets, pythons, wheel, say=lambda line: typer.echo(line, err=True))
    typer.echo(f"已生成离线安装包：{folder}")
    typer.echo(f"压缩包：{archive}")
    typer.echo("把文件夹（或压缩包）复制到内网电脑：Windows 双击 install.bat；Linux 在该文件夹中执行 sh install.sh。")
