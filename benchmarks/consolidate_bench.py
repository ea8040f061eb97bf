"""`rectxl consolidate` over 200 seed-scale unit ledgers, timed as a whole cold process.

Usage: python benchmarks/consolidate_bench.py [--units 200] [--runs 3] [--jobs N]

The ledgers are the demo ledger (114 measures each) with a different seed and unit name per unit,
generated once and cached in benchmarks/out/consolidate/. Target: under 20 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "consolidate"
TARGET_SECONDS = 20.0


def unit_name(i: int) -> str:
    return f"第{i:03d}学院党委"


def write_unit(i: int) -> Path:
    """Unit i's ledger: the demo ledger drawn with seed i, under its own 单位名称."""
    from rectxl.core.demo import demo_ledger
    from rectxl.io.newledger import fill
    from rectxl.workbook.build import ledger_workbook

    path = OUT / f"unit_{i:03d}.xlsx"
    data = demo_ledger(seed=i)
    for row in data["settings"]:
        if row["item"] == "单位名称":
            row["value"] = unit_name(i)
    wb = ledger_workbook()
    del wb["xlwings.conf"]  # a plain .xlsx, as `rectxl init x.xlsx` writes it
    fill(wb, data)
    temp = path.with_name(f".{path.name}")  # never a half-written ledger in the cache
    wb.save(temp)
    os.replace(temp, path)
    return path


def ensure_units(n: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    missing = [i for i in range(1, n + 1) if not (OUT / f"unit_{i:03d}.xlsx").exists()]
    if missing:
        print(f"generating {len(missing)} unit ledgers in {OUT} …", file=sys.stderr)
        with ProcessPoolExecutor() as pool:
            list(pool.map(write_unit, missing, chunksize=8))
    for extra in sorted(OUT.glob("unit_*.xlsx"))[n:]:  # a smaller --units than last time
        extra.unlink()
    return OUT


def cold_run(folder: Path, jobs: int | None) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        args = [sys.executable, "-m", "rectxl", "consolidate", str(folder), "-o", str(Path(tmp) / "summary.xlsx")]
        if jobs:
            args += ["--jobs", str(jobs)]
        start = time.perf_counter()
        result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed to rectxl consolidate (default: all cores)")
    args = parser.parse_args()
    folder = ensure_units(args.units)
    times = []
    for _ in range(args.runs):
        seconds, code = cold_run(folder, args.jobs)
        if code not in (0, 1):  # 1: the demo ledgers hold deliberate mistakes
            sys.exit(f"rectxl consolidate failed with exit code {code}")
        times.append(seconds)
    median = statistics.median(times)
    verdict = "OK" if median < TARGET_SECONDS else "OVER TARGET"
    print(f"rectxl consolidate, {args.units} seed-scale ledgers, {os.cpu_count()} cores, jobs={args.jobs or 'all'}: "
          f"median {median:.2f} s of {args.runs} cold runs ({', '.join(f'{t:.2f}' for t in times)}); "
          f"target < {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
