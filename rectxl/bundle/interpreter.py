"""The step install.bat runs with the new environment's python: a copy of the ribbon workbook
whose xlwings.conf sheet points Interpreter_Win at that python, so that the buttons run the
rectxl just installed with no editing by hand.

    python -m rectxl.bundle.interpreter TEMPLATE FOLDER PYTHON

writes FOLDER/整改台账.xlsm (整改台账 (2).xlsm … when that name is taken, rectxl.io.atomic.free_name:
a user's file is never overwritten) and prints its path. The VBA project and the ribbon are kept
byte for byte (openpyxl keep_vba, then the ribbon's relationship put back as rectxl.workbook.build
does).
"""

from __future__ import annotations

import sys
from pathlib import Path

from rectxl.errors import BundleError, RectxlError, os_reason
from rectxl.io.atomic import atomic_save, check_not_open, free_name, writing
from rectxl.workbook.build import CONF_SHEET, restore_ribbon_relationship

NAME = "整改台账"
KEY = "Interpreter_Win"


def workbook_for(python: str, template: Path, folder: Path) -> Path:
    """A copy of template in folder with xlwings.conf's Interpreter_Win set to python."""
    import openpyxl

    if not template.is_file():
        raise BundleError(f"找不到工作簿模板：{template}", f"No workbook template at {template}", file=template)
    wb = openpyxl.load_workbook(template, keep_vba=True, rich_text=True)
    if CONF_SHEET not in wb.sheetnames:
        raise BundleError(f"{template.name} 中没有 {CONF_SHEET} 表。", f"{template.name} has no {CONF_SHEET} sheet.",
                          file=template)
    conf = wb[CONF_SHEET]
    row = next((r for r in range(1, conf.max_row + 1) if conf.cell(r, 1).value == KEY), None)
    if row is None:  # xlwings reads the sheet from A1 down: a new key goes below the others
        row = conf.max_row + 1
        conf.cell(row, 1).value = KEY
    conf.cell(row, 2).value = python
    dest = free_name(folder / f"{NAME}.xlsm")
    with writing(folder):
        folder.mkdir(parents=True, exist_ok=True)
    check_not_open(dest)

    def save(temp: Path) -> None:
        wb.save(temp)
        restore_ribbon_relationship(temp)

    return atomic_save(save, dest)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("用法：python -m rectxl.bundle.interpreter 模板.xlsm 目标文件夹 python.exe的路径", file=sys.stderr)
        return 2
    try:
        print(workbook_for(argv[2], Path(argv[0]), Path(argv[1])))
    except RectxlError as error:
        print(error.headline(), file=sys.stderr)
        return error.exit_code
    except OSError as exc:  # the template, read (a failed write is a RectxlError: io.atomic.writing)
        print(f"无法读取 {exc.filename or argv[0]}：{os_reason(exc)[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
