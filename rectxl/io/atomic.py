"""Writing results into a workbook file safely: never over a file Excel has open, always through a
temporary file in the same folder renamed into place, with a timestamped backup when in place.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from rectxl.errors import WriteRefused



def lock_file(path: Path) -> Path:
    """Excel's owner file for an open workbook: ~$name beside it."""
    return path.with_name("~$" + path.name)


def check_not_open(path: Path) -> None:
    """Excel and Word keep a ~$ owner file beside a document they have open."""
    if lock_file(path).exists():
        program = "Word" if path.suffix.lower() in (".docx", ".doc") else "Excel"
        raise WriteRefused(f"{path.name} 正在 {program} 中打开（发现 {lock_file(path).name}），请先关闭后再写入。")


def backup(path: Path, now: dt.datetime) -> Path:
    copy = path.with_name(f"{path.stem}.备份{now:%Y%m%d-%H%M%S}{path.suffix}")
    shutil.copy2(path, copy)
    return copy


def atomic_save(save, dest: Path) -> Path:
    """Call save(temp_path) for a temporary file beside dest, then rename it over dest."""
    dest = Path(dest)
    fd, temp = tempfile.mkstemp(prefix=".rectxl-", suffix=dest.suffix, dir=dest.parent)
    os.close(fd)
    try:
        save(Path(temp))
        os.replace(temp, dest)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return dest


def write_results(source: Path, dest: Path, plan, in_place: bool, now: dt.datetime) -> tuple[Path, Path | None]:
    """The plan written into a copy of source at dest (or into source itself, after a backup)."""
    import openpyxl

    from rectxl.io.writeback import apply_openpyxl
    from rectxl.workbook.build import restore_ribbon_relationship

    check_not_open(source)
    if dest.exists() and not in_place:
        check_not_open(dest)
    macro = source.suffix.lower() in (".xlsm", ".xltm")
    wb = openpyxl.load_workbook(source, keep_vba=macro, rich_text=True)
    apply_openpyxl(wb, plan)
    saved_backup = backup(source, now) if in_place else None

    def save(temp: Path) -> None:
        wb.save(temp)
        if macro:
            restore_ribbon_relationship(temp)

    atomic_save(save, source if in_place else dest)
    return (source if in_place else dest), saved_backup
