"""Large ledgers for the benchmarks, generated (seeded) and cached in benchmarks/out/.

Scales: `seed` — the demo ledger (12 aspects, 28 problems, 114 measures); `province` — a
province-wide round: 5,000 measures, 1,000 problems, 500 people, 260,000 progress rows, as
openpyxl writes it (inline strings); `province-saved` — the same ledger saved again by
LibreOffice Calc, as Excel writes files (shared strings, a style on every cell).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
DEADLINES = ("立行立改", "2022年12月底前", "2023年6月底前", "长期坚持", "2023年第一季度", "2022年底前，并长期坚持",
             "6月底前", "2023年上半年", "2023/4/30")
STATUSES = ("已完成", "完成", "整改中", "推进中", "待整改", "阶段性完成", "持续推进", "待验收")


def ledger_writer():
    """A write-only workbook and sheet(schema_sheet, rows): the sheet with its headers (the columns
    rectxl writes itself left out), then the rows, streamed (a province-wide log is 260,000 rows)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)

    def sheet(schema_sheet, rows) -> None:
        ws = wb.create_sheet(schema_sheet.name)
        ws.append([c.header for c in schema_sheet.columns if not c.owned])
        for row in rows:
            ws.append(row)

    return wb, sheet


def province(path: Path, measures=5000, problems=1000, people=500, progress=260_000, seed=7) -> Path:

    from rectxl.core import schema

    rng = random.Random(seed)
    names = [f"责任人{i:03d}" for i in range(people)]
    units = [f"单位{i:02d}" for i in range(60)]
    unit_of = {n: rng.choice(units) for n in names}
    wb, sheet = ledger_writer()
    sheet(schema.SETTINGS_SHEET, [["单位名称", "××省"], ["巡察名称", "省委第五轮巡视"], ["反馈日期", dt.date(2022, 9, 16)],
                             ["统计截止日期", dt.date(2023, 3, 31)]])
    per_problem = measures // problems
    problem_rows, measure_rows, ids = [], [], []
    for p in range(problems):
        aspect = p // 25 + 1
        pid = f"{aspect}-{p % 25 + 1}"
        problem_rows.append([pid, str(aspect), f"第{aspect}方面", f"问题描述{p}", "领导"])
        for k in range(1, per_problem + 1):
            who = rng.sample(names, rng.choice((1, 1, 1, 2)))
            status = rng.choice(STATUSES)
            done = dt.date(2022, 10, 1) + dt.timedelta(days=rng.randrange(170)) if status in ("已完成", "完成") else None
            mid = f"{pid}-{k}"
            ids.append(mid)
            measure_rows.append([mid, pid, f"整改措施{mid}", "目标", "领导", unit_of[who[0]], "、".join(who),
                                 dt.date(2022, 9, 20), rng.choice(DEADLINES), status, done, "进展", "材料" if done else None,
                                 None, None])
    sheet(schema.PROBLEMS_SHEET, problem_rows)
    sheet(schema.MEASURES_SHEET, measure_rows)
    start = dt.date(2022, 9, 20)
    sheet(schema.PROGRESS_SHEET, ([start + dt.timedelta(days=rng.randrange(192)), rng.choice(ids), "本周推进情况", "填报人"]
                             for _ in range(progress)))
    sheet(schema.PEOPLE_SHEET, [[n, unit_of[n], "处长"] for n in names])
    wb.save(path)
    return path


def province_saved(path: Path) -> Path:
    """The province ledger opened and saved by LibreOffice (needs soffice)."""
    import shutil
    import subprocess
    import tempfile

    source = ensure("province")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", tmp, str(source)], check=True, capture_output=True)
        shutil.move(Path(tmp) / source.name, path)
    return path


def seed(path: Path) -> Path:
    from rectxl.io.newledger import write_new_ledger

    return write_new_ledger(path, demo=True)


def ensure(scale: str) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{scale}.xlsx"
    if not path.exists():
        {"seed": seed, "province": province, "province-saved": province_saved}[scale](path)
    return path


if __name__ == "__main__":
    for scale in sys.argv[1:] or ["seed", "province", "province-saved"]:
        print(ensure(scale))
