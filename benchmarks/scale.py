"""Scaling of `rectxl write` and of the Word drafts with the number of marked rows: one person
with N overdue measures (every row of 任务清单 highlighted, every one a row of the overdue
tables), N = 25,000, 50,000 and 100,000. Usage: python benchmarks/scale.py [N …]

Prints seconds and peak memory per command and N, and the time per 1,000 rows: linear when that
stays flat as N doubles. Ledgers are generated (cached in benchmarks/out/).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import OUT, ledger_writer  # noqa: E402
from run import RECTXL, _run_once  # noqa: E402


def one_person(n: int) -> Path:
    """A ledger of n overdue measures, all of 王五's, under 100 problems."""
    path = OUT / f"one-person-{n}.xlsx"
    if path.exists():
        return path
    from rectxl.core import schema

    OUT.mkdir(exist_ok=True)
    wb, sheet = ledger_writer()

    sheet(schema.SETTINGS_SHEET, [["单位名称", "测试单位"], ["巡察名称", "第一轮巡察"], ["反馈日期", dt.date(2022, 9, 16)],
                             ["统计截止日期", dt.date(2023, 3, 31)]])
    sheet(schema.PROBLEMS_SHEET, [[f"1-{p}", "1", "政治建设", f"问题{p}", "李书记"] for p in range(1, 101)])
    sheet(schema.MEASURES_SHEET, ([f"1-{i % 100 + 1}-{i}", f"1-{i % 100 + 1}", f"整改措施{i}", "目标", "领导", "办公室", "王五",
                              dt.date(2022, 10, 1), "2022年12月底前", "整改中", None, "进展", None, None, None]
                             for i in range(n)))
    sheet(schema.PROGRESS_SHEET, [])
    sheet(schema.PEOPLE_SHEET, [["王五", "办公室", "主任"]])
    wb.save(path)
    return path


def main(sizes: list[int]) -> None:
    print("| command | " + " | ".join(f"{n:,} rows" for n in sizes) + " | s per 1,000 rows |")
    print("|---|" + "---|" * (len(sizes) + 1))
    commands = {
        "write -o": lambda p, d: ["write", p, "-o", d / "out.xlsx", "--overwrite"],
        "briefing": lambda p, d: ["briefing", p, "--month", "2023-03", "-o", d / "b.docx"],
        "weekly": lambda p, d: ["weekly", p, "-o", d / "w.docx"],
        "reminders": lambda p, d: ["reminders", p, "-o", d / "r"],
    }
    ledgers = {n: one_person(n) for n in sizes}
    for label, args in commands.items():
        cells = []
        for n in sizes:
            folder = Path(tempfile.mkdtemp())
            seconds, mb = _run_once([RECTXL, *map(str, args(ledgers[n], folder))])
            shutil.rmtree(folder)
            cells.append((seconds, mb))
        per = " / ".join(f"{s / n * 1000:.2f}" for (s, _), n in zip(cells, sizes))
        print(f"| `{label}` | " + " | ".join(f"{s:.1f} s, {mb:.0f} MB" for s, mb in cells) + f" | {per} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [25_000, 50_000, 100_000])
