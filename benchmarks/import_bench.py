"""`rectxl import` of a 10,000-row flat ledger: target < 3 s and < 300 MB, as a whole cold process.

The source is laid out as offices lay it out: a title and a 填报单位 line, a header row, 20 section
rows merged across, each problem's text merged down over its 4 measures, statuses in 完成情况.
Usage: python benchmarks/import_bench.py [--runs N] (3 by default). Prints seconds and peak MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import RECTXL, _run_once  # noqa: E402

ROWS = 10_000
STATUSES = ("已完成", "正在推进", "已完成，长期坚持", "未完成", "基本完成")


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
    with tempfile.TemporaryDirectory() as tmp:
        source = flat_source(Path(tmp) / "flat.xlsx")
        out = Path(tmp) / "ledger.xlsx"
        runs = [_run_once([RECTXL, "import", str(source), "-o", str(out), "--force"]) for _ in range(args.runs)]
        assert out.exists(), "the import wrote nothing"
    seconds = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    print(f"rectxl import, {ROWS:,} flat rows: {seconds:.2f} s (median of {args.runs}), peak {peak:.0f} MB "
          f"— target < 3 s, < 300 MB: {'met' if seconds < 3 and peak < 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
