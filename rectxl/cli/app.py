"""The `rectxl` command's app: the typer application, its root options, and the one place where a
RectxlError becomes a line on stderr and an exit code. The commands live in the modules beside this
one (one per command group) and register themselves on `app`; rectxl.cli.main imports them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, Optional

import typer

from rectxl.version import __version__
from rectxl.errors import RectxlError


def mapped(command: Callable[..., Any]) -> Callable[..., Any]:
    """The command with every RectxlError it raises shown as one line on stderr, ending the
    process with the error's exit code (2 unless the error says otherwise): no traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RectxlError as error:
            typer.echo(error.headline(), err=True)
            raise typer.Exit(error.exit_code) from None

    return run


class _App(typer.Typer):
    """typer.Typer whose commands are all `mapped`."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().command(*args, **kwargs)

        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            register(mapped(function))
            return function

        return decorator


app = _App(
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
