"""rectxl's speed and memory targets, measured as whole cold processes (median of several runs),
each beside its reference in the same run. Usage: python benchmarks/run.py [--runs N]

Prints one table. Figures depend on the machine: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ensure  # noqa: E402

PY = sys.executable
HEAVY = ("pandas", "openpyxl", "xlwings", "docxtpl", "matplotlib")

CALAMINE_ALL = """
import python_calamine as pc, sys
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python()
"""
PANDAS_ALL = "import pandas as pd, sys; pd.read_excel(sys.argv[1], sheet_name=None, engine='openpyxl')"
BUTTON = """
import os, sys, time, datetime as dt
t0 = time.perf_counter()
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
import xlwings as xw, json
payload = json.load(open(sys.argv[1]))
book = xw.Book(json=payload)
t1 = time.perf_counter()
import rectxl.excel as excel
getattr(excel, sys.argv[2])(book)
print(time.perf_counter() - t1)
"""


def timed(args: list[str], runs: int, cwd=None) -> tuple[float, float]:
    """Median wall seconds and peak memory (MB) of a command run `runs` times in fresh processes."""
    times, peak = [], 0.0
    for _ in range(runs):
        probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
                 "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=%r); "
                 "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)" % (cwd,))
        out = subprocess.run([PY, "-c", probe, *args], capture_output=True, text=True, check=True).stdout.split()
        times.append(float(out[0]))
        peak = max(peak, int(out[1]) / 1024)
    return statistics.median(times), peak


def heavy_imports(args: list[str]) -> list[str]:
    err = subprocess.run([PY, "-X", "importtime", "-m", "rectxl", *args], capture_output=True, text=True).stderr
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in err.splitlines() if "|" in line}
    return [m for m in HEAVY if m in loaded]


def payload_file(ledger: Path, folder: Path) -> Path:
    """The demo ledger as an Excel client sends it to the remote engine."""
    import datetime as dt

    import openpyxl
    import xlwings

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, (dt.date, dt.datetime)):
            return dt.datetime(v.year, v.month, v.day).isoformat() + ".000Z"
        return v

    wb = openpyxl.load_workbook(ledger, data_only=True)
    sheets = [{"name": ws.title, "values": [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)] or [[""]],
               "pictures": [], "tables": []} for ws in wb.worksheets]
    data = {"client": "Microsoft Office", "version": xlwings.__version__,
            "book": {"name": str(ledger), "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}
    path = folder / "payload.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    seed = ensure("seed")
    rows = []

    def add(what, seconds, peak, reference, target, ok):
        rows.append((what, f"{seconds:.2f} s", f"{peak:.0f} MB" if peak else "", reference, target,
                     "[green]yes[/green]" if ok else "[red]no[/red]"))

    for scale in ("province", "province-saved"):
        big = ensure(scale)
        cal, cal_mb = timed([PY, "-c", CALAMINE_ALL, str(big)], runs)
        pan, _ = timed([PY, "-c", PANDAS_ALL, str(big)], 1)
        add(f"python-calamine reads every sheet ({scale})", cal, cal_mb, "reference", "", True)
        add(f"pandas.read_excel(engine=openpyxl) ({scale})", pan, 0, "reference", "", True)
        for command in ("validate", "status"):
            t, mb = timed(["rectxl", command, str(big), "--format", "json"], runs)
            add(f"rectxl {command} --format json ({scale})", t, mb,
                f"{t / cal:.2f}× calamine, {pan / t:.1f}× faster than pandas",
                "≤ 1.5× calamine, ≥ 4× pandas, < 300 MB", t <= 1.5 * cal and pan / t >= 4 and mb < 300)
    for flag in ("--help", "--version"):
        t, _ = timed(["rectxl", flag], runs)
        heavy = heavy_imports([flag])
        add(f"rectxl {flag}", t, 0, "heavy imports: " + (", ".join(heavy) or "none"), "< 0.3 s, none", t < 0.3 and not heavy)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t, mb = timed(["rectxl", "write", str(seed), "-o", str(folder / "out.xlsx")], runs)
        add("seed round trip: rectxl write (read, validate, figures, write)", t, mb, "", "< 1 s", t < 1)
        t, mb = timed(["rectxl", "briefing", str(seed), "-o", str(folder / "b.docx")], runs)
        add("monthly briefing of the demo ledger (chart included)", t, mb, "", "< 3 s", t < 3)
        payload = payload_file(seed, folder)
        for button, limit in (("validate", 1), ("refresh_figures", 1), ("mark_overdue", 1), ("draft_briefing", 3),
                              ("draft_reminders", 3)):
            seconds = [float(subprocess.run([PY, "-c", BUTTON, str(payload), button], capture_output=True, text=True,
                                            check=True, cwd=folder).stdout.split()[-1]) for _ in range(runs)]
            t = statistics.median(seconds)
            add(f"button {button}: Python time incl. imports (remote engine)", t, 0, "", f"< {limit} s", t < limit)

    table = Table(title=f"rectxl benchmarks ({os.cpu_count()} cores, median of {runs})")
    for head in ("what", "time", "peak", "against", "target", "met"):
        table.add_column(head)
    for row in rows:
        table.add_row(*row)
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
