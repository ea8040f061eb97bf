"""`rectxl import` of a 10,000-row flat ledger: target < 3 s and < 300 MB, as a whole cold process.

The source is laid out as offices lay it out: a title and a 填报单位 line, a header row, 20 section
rows merged across, each problem's text merged down over its 4 measures, statuses in 完成情况.
Beside it, in the same run and taken in turn with it, a reference: python-calamine reading the source
and openpyxl writing its rows into a new workbook (what any import must at least do); on a shared
machine compare the ratio, steadier than the seconds.
Usage: python benchmarks/import_bench.py [--runs N] (3 by default). Prints seconds and peak MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PY, RECTXL, ratio, runs_together  # noqa: E402

ROWS = 10_000
STATUSES = ("已完成", "正在推进", "已完成，长期坚持", "未完成", "基本完成")
REFERENCE = """
import sys, python_calamine as pc, openpyxl
rows = pc.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
wb = openpyxl.Workbook()
for row in rows:
    wb.active.append([v if v != "" else None for v in row])
wb.save(sys.argv[2])
"""


def flat_source(path: Path, rows: int = ROWS) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append(["××大学党委关于巡视反馈意见整改情况的台账"])
    ws.merge_cells("A1:H1")
    ws.append(["填报单位：××大学党委　　填报日期：2023年3月31日"])
    ws.merge_cells("A2:H2")
    ws.append(["序号", "具体问题", "细化的整改措施", "牵头单位", "责任人", "完成时限", "完成情况", "整改进展"])
    per_section = rows // 20
    n = 0
    for s in range(20):
        ws.append([f"（{'一二三四五六七八九十'[s % 10]}）在第{s + 1}方面存在的问题"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=8)
        for i in range(per_section):
            n += 1
            first = i % 4 == 0  # a problem over 4 measures (500 rows a section: whole problems)
            ws.append([(n - 1) // 4 + 1 if first else None, f"问题{(n - 1) // 4 + 1}的具体表现" if first else None,
                       f"整改措施{n}", f"部门{n % 37}", f"张{n % 50}、李{n % 41}", "2023年12月底前",
                       STATUSES[n % len(STATUSES)], f"第{n}项已推进"])
            if i % 4 == 3:
                r = ws.max_row
                ws.merge_cells(start_row=r - 3, start_column=1, end_row=r, end_column=1)
                ws.merge_cells(start_row=r - 3, start_column=2, end_row=r, end_column=2)
    wb.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import compileall

    import rectxl

    compileall.compile_dir(Path(rectxl.__file__).parent, quiet=1)  # as pip leaves an installed package
    with tempfile.TemporaryDirectory() as tmp:
        source = flat_source(Path(tmp) / "flat.xlsx")
        out = Path(tmp) / "ledger.xlsx"
        (ref, ref_mb), (times, peak) = runs_together(
            [[PY, "-c", REFERENCE, str(source), str(Path(tmp) / "reference.xlsx")],
             [RECTXL, "import", str(source), "-o", str(out), "--force"]], args.runs)
        assert out.exists(), "the import wrote nothing"
    seconds = statistics.median(times)
    print(f"reference (python-calamine reads, openpyxl writes the rows): {statistics.median(ref):.2f} s, "
          f"peak {ref_mb:.0f} MB")
    print(f"rectxl import, {ROWS:,} flat rows: {seconds:.2f} s (median of {args.runs}; {ratio(times, ref):.2f}× the "
          f"reference), peak {peak:.0f} MB — target < 3 s, < 300 MB: {'met' if seconds < 3 and peak < 300 else 'NOT met'}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

if __name__ == "__main__":
    main()
