"""What every command of the `rectxl` command shares: the console, the one-line failure, option
parsing, loading a ledger, JSON output, exports, PDF conversion and the end of the process.

Heavy modules are imported inside the functions so that `rectxl --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from enum import Enum
from pathlib import Path

import typer


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"


class By(str, Enum):
    person = "person"
    unit = "unit"
    aspect = "aspect"


def make_console():
    """A rich console without markup: ledger text and paths are printed through it, and to rich
    "[/b]" in a cell is a closing tag (a MarkupError), "[v2]" in a folder name a style (swallowed),
    ":warning:" an emoji code. Style with rich.text.Text instead."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, markup=False, emoji=False)


def fail(message: str, code: int = 2) -> None:
    """A bad option or argument: one line on stderr, exit `code` (rectxl.cli.app maps it)."""
    from rectxl.errors import BadOption

    error = BadOption(message)
    error.exit_code = code
    raise error


def parse_day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    from rectxl.core.values import BadValue, parse_date

    try:
        return parse_date(text)
    except BadValue:
        fail(f"{option} 的值“{text}”不是日期，请写成 2023-03-31。")


def load(path: Path):
    """The typed ledger of a workbook file (UnreadableWorkbook or NotALedger when there is none)."""
    from rectxl.errors import NotALedger
    from rectxl.io.reading import read_ledger

    gc.disable()
    try:
        return read_ledger(path)
    except NotALedger:
        _refuse_flat(path)
        raise
    finally:
        # The ledger lives until the command ends: spare the cyclic collector from walking its
        # million objects at the next collection and at every later one.
        gc.freeze()
        gc.enable()


def _refuse_flat(path: Path) -> None:
    """FlatLedger (with the import command) when the file is a one-sheet ledger `rectxl import` reads."""
    from rectxl.errors import CannotImport, FlatLedger, RectxlError
    from rectxl.importing.flat import flat_import
    from rectxl.io.reading import read_file

    try:
        flat_import(read_file(path))
    except (CannotImport, RectxlError, OSError):
        return
    raise FlatLedger.at(path) from None


def check_drafted(ledger, path: Path, day: dt.date) -> None:
    """After drafting: DraftedWithErrors (exit 1) when the ledger has validation errors, with their
    count and the command that lists them, so that nobody circulates a report built on errors."""
    from rectxl.core.findings import ERROR
    from rectxl.core.rules import validate
    from rectxl.errors import DraftedWithErrors, quoted_path

    errors = sum(1 for f in validate(ledger, day) if f.severity == ERROR)
    if errors:
        shown = quoted_path(path)
        raise DraftedWithErrors(f"文稿已生成，但台账有 {errors} 个校验错误，数字可能不准：请先运行 rectxl validate {shown} 查看并改正。",
                                f"Drafted, but the ledger has {errors} validation error(s) and the figures may be wrong: "
                                f"run rectxl validate {shown}.", file=path)


def load_at(path: Path, as_of: str | None):
    """The ledger and its as-of date: --as-of (checked before the file is read), else the
    settings' 统计截止日期, else today."""
    from rectxl.core.figures import as_of_date

    as_of_option = parse_day(as_of, "--as-of")
    ledger = load(path)
    return ledger, as_of_date(ledger.settings, as_of_option, dt.date.today())


def emit_json(data) -> None:
    """Indented for a person at a terminal; compact for a program reading a pipe or a file
    (a province-wide status is 1 MB: indenting it takes Python's slow encoder three times as long)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def check_output(output: Path | None, source: Path) -> None:
    """Before reading anything: a known suffix, and never the ledger itself."""
    if output is None:
        return
    from rectxl.io.exports import kind_of

    if kind_of(output) is None:
        fail(f"--output 的文件应以 .csv 或 .json 结尾：{output}")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        fail(f"--output 不能是台账文件本身：{output}")


def export(output: Path, fmt: Format, csv, json) -> None:
    """Write the export (csv() or json(), by the file's suffix); say where it went, on stderr when
    stdout carries JSON."""
    from rectxl.io.atomic import writing
    from rectxl.io.exports import kind_of

    with writing(output):
        written = csv() if kind_of(output) == "csv" else json()
    typer.echo(f"已保存到：{written}", err=fmt is Format.json)


def parse_month(text: str) -> tuple[int, int]:
    from rectxl.core.values import BadValue, parse_month as parsed

    try:
        return parsed(text)
    except BadValue:
        fail(f"--month 的值“{text}”应写成 2023-03 这样的年-月。")


def to_pdf(paths: list[Path]) -> list[Path]:
    from rectxl.documents.pdf import to_pdf

    return [to_pdf(p) for p in paths]


_teardown_skipped = False


def skip_teardown() -> None:
    """Ask main() to end the process as soon as the command has, without the interpreter freeing
    a large ledger's million objects one by one (a twentieth of a second). Only for commands that
    write nothing but their output: nothing else is left to flush."""
    global _teardown_skipped
    _teardown_skipped = True


def exit_now(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


def tolerant_streams() -> None:
    """A console that can't show a character (a GBK console and an emoji, "—" or "✓" in a ledger)
    gets "?" for it instead of a UnicodeEncodeError halfway through the output."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def reset_teardown() -> None:
    global _teardown_skipped
    _teardown_skipped = False


def teardown_skipped() -> bool:
    return _teardown_skipped
