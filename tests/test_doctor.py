"""`rectxl doctor`: a new user's machine and workbook checked, each problem named with its fix.

Each case is a real state: this machine as installed (healthy), matplotlib with no system fonts,
a PATH without LibreOffice, a Python without rectxl, workbooks with a wrong interpreter path, the
Microsoft Store placeholder, or a VBA module of another xlwings release.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import run_rectxl
from rectxl.workbook.build import restore_ribbon_relationship
from rectxl.workbook.vba import XLWINGS_VERSION, Module, build_vba_project


def doctor(*args, env=None) -> tuple[int, dict]:
    result = run_rectxl("doctor", *args, "--format", "json", env=env)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] == (result.returncode == 0)
    return result.returncode, {c["key"]: c for c in report["checks"]}


def problems(checks: dict) -> set[str]:
    return {key for key, c in checks.items() if not c["ok"]}


@pytest.fixture
def ledger(tmp_path):
    """A ribbon workbook as `rectxl init` makes it, with Interpreter_Win set to `value`."""

    def make(value: str | None = sys.executable, name: str = "台账.xlsm") -> Path:
        path = tmp_path / name
        assert run_rectxl("init", path).returncode == 0
        wb = openpyxl.load_workbook(path, keep_vba=True)
        conf = wb["xlwings.conf"]
        assert conf["A1"].value == "Interpreter_Win"
        conf["B1"] = value
        wb.save(path)
        restore_ribbon_relationship(path)
        return path

    return make


def test_a_healthy_machine_and_workbook(ledger):
    code, checks = doctor(ledger())
    assert code == 0 and problems(checks) == set()
    assert list(checks) == ["python", "rectxl", "xlwings", "fonts", "libreoffice", "interpreter", "import", "vba"]
    assert XLWINGS_VERSION in checks["vba"]["found"] and XLWINGS_VERSION in checks["import"]["found"]


def test_the_table_says_it_in_chinese():
    result = run_rectxl("doctor")
    assert result.returncode == 0, result.stdout
    assert "[正常]   中文字体（图表）" in result.stdout and result.stdout.strip().endswith("全部正常。")


def test_no_cjk_font(tmp_path):
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "MPL_IGNORE_SYSTEM_FONTS": "1"}
    code, checks = doctor(env=env)
    assert code == 1 and problems(checks) == {"fonts"}
    assert "sudo apt-get install fonts-noto-cjk" in checks["fonts"]["fix"]
    result = run_rectxl("doctor", env=env)  # the table names the fix too
    assert "[需处理] 中文字体（图表）" in result.stdout and "解决：" in result.stdout


def test_no_libreoffice():
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # this Python, nothing else
    code, checks = doctor(env=env)
    assert code == 1 and problems(checks) == {"libreoffice"}
    assert "sudo apt-get install libreoffice-writer" in checks["libreoffice"]["fix"]


def test_a_wrong_interpreter_path(ledger):
    code, checks = doctor(ledger(r"C:\Python311\python.exe"))
    assert code == 1 and problems(checks) == {"interpreter"}
    assert "该文件不存在" in checks["interpreter"]["found"]
    assert "Interpreter_Win" in checks["interpreter"]["fix"] and sys.executable in checks["interpreter"]["fix"]
    assert "import" not in checks  # nothing to run


def test_the_microsoft_store_placeholder(ledger):
    code, checks = doctor(ledger(r"C:\Users\me\AppData\Local\Microsoft\WindowsApps\python.exe"))
    assert code == 1 and problems(checks) == {"interpreter"}
    assert "应用商店的占位程序" in checks["interpreter"]["found"] and "python.org" in checks["interpreter"]["fix"]


def test_a_python_without_rectxl(ledger, tmp_path):
    bare = tmp_path / "bare"
    venv.EnvBuilder(with_pip=False).create(bare)
    python = bare / "bin" / "python"
    code, checks = doctor(ledger(str(python)))
    assert code == 1 and problems(checks) == {"import"}
    assert "无法导入 rectxl.excel" in checks["import"]["found"]
    assert checks["import"]["fix"].startswith(f'"{python}" -m pip install ')


def test_a_vba_module_of_another_xlwings(ledger, tmp_path):
    path = ledger()
    old = build_vba_project([Module("xlwings", 'Attribute VB_Name = "xlwings"\nPublic Const XLWINGS_VERSION As String = "0.30.0"\n')])
    mismatched = tmp_path / "旧台账.xlsm"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(mismatched, "w") as target:
        for info in source.infolist():
            target.writestr(info, old if info.filename == "xl/vbaProject.bin" else source.read(info))
    code, checks = doctor(mismatched)
    assert code == 1 and problems(checks) == {"vba"}
    assert "0.30.0" in checks["vba"]["found"] and "rectxl init" in checks["vba"]["fix"]


def test_a_missing_or_unreadable_workbook_is_a_finding_not_a_crash(tmp_path):
    code, checks = doctor(tmp_path / "没有这个文件.xlsm")
    assert code == 1 and problems(checks) == {"workbook"} and "找不到文件" in checks["workbook"]["found"]
    (tmp_path / "坏.xlsm").write_bytes(b"not a workbook")
    code, checks = doctor(tmp_path / "坏.xlsm")
    assert code == 1 and problems(checks) == {"workbook"} and "无法读取" in checks["workbook"]["found"]


def test_a_plain_xlsx_has_no_ribbon_and_that_is_fine(tmp_path):
    path = tmp_path / "台账.xlsx"
    assert run_rectxl("init", path).returncode == 0
    code, checks = doctor(path)
    assert code == 0 and "没有 VBA" in checks["vba"]["found"]


def test_checks_are_reusable_without_printing():
    from rectxl.doctor import Check, all_ok, run_checks

    checks = run_checks()
    assert all(isinstance(c, Check) for c in checks) and all_ok(checks)
    assert subprocess.run([sys.executable, "-c", "import rectxl.cli.doctor"], check=True).returncode == 0
