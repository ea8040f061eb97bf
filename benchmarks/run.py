"""rectxl's speed and memory targets, measured as whole cold processes (median of several runs),
each beside its reference in the same run. Usage: python benchmarks/run.py [--runs N] (5 by default)

Prints one table. Figures depend on the machine: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ensure  # noqa: E402

PY = sys.executable
# The console script installed beside this Python (as a user runs it); a pyenv or conda shim found
# first on PATH would add its own start-up to every run.
RECTXL = shutil.which("rectxl", path=str(Path(PY).parent)) or "rectxl"
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


def _run_once(args: list[str], cwd=None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one run of a command in a fresh process."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=%r).returncode; "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)" % (cwd,))
    out = subprocess.run([PY, "-c", probe, *args], capture_output=True, text=True, check=True).stdout.split()
    if int(out[2]) not in (0, 1):  # 1: findings or drafts built on a ledger with errors; 2+: refused, timed nothing
        raise SystemExit(f"benchmark command failed (exit {out[2]}): {' '.join(args)}")
    return float(out[0]), int(out[1]) / 1024


def timed(args: list[str], runs: int, cwd=None) -> tuple[float, float]:
    """Median wall seconds and peak memory (MB) of a command run `runs` times in fresh processes."""
    times, peak = runs_together([args], runs, cwd)[0]
    return statistics.median(times), peak


def runs_together(commands: list[list[str]], runs: int, cwd=None) -> list[tuple[list[float], float]]:
    """Each command's wall seconds per run and peak memory (MB), their runs taken in turn (a, b,
    c, a, b, c, …) so that a change in the machine's speed meanwhile touches neighbours alike."""
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    for run in range(runs):
        for args, out in zip(commands, results):  # "{run}" in an argument: a fresh output file per run
            out.append(_run_once([a.replace("{run}", str(run)) for a in args], cwd))
    return [([t for t, _ in out], max(mb for _, mb in out)) for out in results]


def ratio(times: list[float], reference: list[float]) -> float:
    """The median of the runs' ratios to the reference run taken just before each: steadier on a
    shared machine than a ratio of medians."""
    return statistics.median(t / r for t, r in zip(times, reference))


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
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    seed = ensure("seed")
    rows = []

    def add(what, seconds, peak, reference, target, ok):
        rows.append((what, f"{seconds:.2f} s", f"{peak:.0f} MB" if peak else "", reference, target,
                     "[green]yes[/green]" if ok else "[red]no[/red]"))

    # rectxl's modules compiled to bytecode, as pip leaves an installed package; an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile them again in every run.
    import rectxl

    compileall.compile_dir(Path(rectxl.__file__).parent, quiet=1)
    for scale in ("province", "province-saved"):
        big = ensure(scale)
        commands = [[PY, "-c", CALAMINE_ALL, str(big)]] + [[RECTXL, c, str(big), "--format", "json"]
                                                             for c in ("validate", "status")]
        (cal_runs, cal_mb), *ours = runs_together(commands, runs)
        pan, _ = timed([PY, "-c", PANDAS_ALL, str(big)], 1)
        add(f"python-calamine reads every sheet ({scale})", statistics.median(cal_runs), cal_mb, "reference", "", True)
        add(f"pandas.read_excel(engine=openpyxl) ({scale})", pan, 0, "reference", "", True)
        for command, (times, mb) in zip(("validate", "status"), ours):
            t, against = statistics.median(times), ratio(times, cal_runs)
            add(f"rectxl {command} --format json ({scale})", t, mb,
                f"{against:.2f}× calamine, {pan / t:.1f}× faster than pandas",
                "≤ 1.5× calamine, ≥ 4× pandas, < 300 MB", against <= 1.5 and pan / t >= 4 and mb < 300)
    for flag in ("--help", "--version"):
        t, _ = timed([RECTXL, flag], runs)
        heavy = heavy_imports([flag])
        add(f"rectxl {flag}", t, 0, "heavy imports: " + (", ".join(heavy) or "none"), "< 0.3 s, none", t < 0.3 and not heavy)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t, mb = timed([RECTXL, "write", str(seed), "-o", str(folder / "out{run}.xlsx")], runs)
        add("seed round trip: rectxl write (read, validate, figures, write)", t, mb, "", "< 1 s", t < 1)
        t, mb = timed([RECTXL, "briefing", str(seed), "-o", str(folder / "b{run}.docx")], runs)
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
