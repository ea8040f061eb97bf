"""What a workbook holds that openpyxl would drop when rectxl writes it back: found before
writing, so that the user is told in Chinese what would be lost instead of losing it.

openpyxl (the file door's writer) drops a worksheet's extension list — Excel 2010 drop-downs
whose list lies on another sheet (x14:dataValidations), Excel 2010 conditional formats such as
data bars (x14:conditionalFormattings), sparklines — and the shapes of a drawing (text boxes,
arrows), keeping its charts and pictures.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from rectxl.errors import WriteRefused

_LOST = (
    (re.compile(rb"<(?:\w+:)?dataValidations\b[^>]*>", re.I), "x14", "跨工作表的下拉列表（数据验证）",
     "drop-down lists taken from another sheet (data validation)"),
    (re.compile(rb"<(?:\w+:)?conditionalFormattings\b", re.I), "x14", "Excel 2010 条件格式（如数据条）",
     "Excel 2010 conditional formats (data bars…)"),
    (re.compile(rb"<(?:\w+:)?sparklineGroups\b", re.I), "x14", "迷你图", "sparklines"),
    (re.compile(rb"<(?:\w+:)?sp\b[\s>]"), "drawing", "形状或文本框", "shapes or text boxes"),
)
_SCAN_LIMIT = 64 << 20  # parts larger than this are not scanned (a ledger's sheet parts are)


def what_would_be_lost(path: Path) -> list[tuple[str, str]]:
    """(Chinese, English) names of what openpyxl would drop from this workbook, each once."""
    found: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename.replace("\\", "/").lower()
                sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
                drawing = name.startswith("xl/drawings/") and name.endswith(".xml")
                if not (sheet or drawing) or info.file_size > _SCAN_LIMIT:
                    continue
                data = zf.read(info)
                ext = data[data.find(b"extLst"):] if sheet and b"extLst" in data else b""
                for pattern, where, zh, en in _LOST:
                    hay = ext if where == "x14" else data if drawing else b""
                    if (zh, en) not in found and hay and pattern.search(hay):
                        found.append((zh, en))
    except (zipfile.BadZipFile, OSError):
        return found  # the reader has already vouched for the file; nothing more to say here
    return found


def check_keeps(path: Path) -> None:
    """WriteRefused naming what writing this workbook with openpyxl would lose."""
    lost = what_would_be_lost(path)
    if lost:
        raise WriteRefused(
            f"{path.name} 中含有写入后会丢失的内容：{'、'.join(zh for zh, _ in lost)}；未写入。"
            f"请在 Excel 中用功能区的“校验台账”“刷新统计”按钮（直接写入打开的工作簿，不会丢失），或先移除这些内容。",
            f"{path.name} holds what writing it would lose: {', '.join(en for _, en in lost)}; nothing was written. "
            f"Use the ribbon in Excel (it writes into the open workbook and keeps them), or remove them first.",
            file=path)
