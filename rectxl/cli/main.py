"""The console script: every command registered, the streams made tolerant, and the process ended
in one line (exit 3) on a bug instead of a traceback."""

from __future__ import annotations

import os

import typer

# isort: off
# Each command module registers its commands on `app`; `rectxl --help` lists them in this order.
from rectxl.cli import start, check, drafts, notice, importing, consolidating, serve, doctor, bundle  # noqa: F401
# isort: on
from rectxl.cli import common, stdout
from rectxl.cli.app import app
from rectxl.errors import RectxlError


def main() -> None:
    """The console script. A bug still ends in one line (and exit 3), never a traceback, unless
    RECTXL_DEBUG is set."""
    common.reset_teardown()  # (a command of this run sets it)
    common.tolerant_streams()
    stdout.guard()
    try:
        app()
    except SystemExit as end:
        stdout.release()
        if common.teardown_skipped() and (end.code is None or isinstance(end.code, int)):
            common.exit_now(end.code or 0)
        raise
    except RectxlError as error:  # raised outside a command: stdout refused while printing --help
        stdout.release()
        typer.echo(error.headline(), err=True)
        raise SystemExit(error.exit_code) from None
    except Exception as exc:
        stdout.release()
        if os.environ.get("RECTXL_DEBUG"):
            raise
        typer.echo(f"rectxl 内部错误（{type(exc).__name__}: {exc}）。请把该文件和此信息反馈给维护者；"
                   f"设置环境变量 RECTXL_DEBUG=1 可看到详细信息。", err=True)
        raise SystemExit(3) from None
