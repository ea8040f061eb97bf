"""What the three doors need on this machine, checked one by one (`rectxl doctor`).

Each check says, in Chinese, what it found and, when something is wrong, what to do with the
exact command. The checks print nothing: the command line prints them (rectxl.cli.doctor), an
installer or another door may call `run_checks` and show them its own way. A check never raises:
whatever goes wrong while checking is itself a finding.

The machine: Python's version, rectxl and xlwings (the release the workbook's VBA module is),
a CJK font for the charts, LibreOffice for PDFs. A workbook (optional): its xlwings.conf
interpreter setting, that the interpreter exists and is not the Microsoft Store placeholder,
that it can import rectxl.excel with the right xlwings, and that the VBA module is that release.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rectxl.workbook.vba import CONF_SHEET

PYTHON_MIN = (3, 11)  # pyproject.toml's requires-python


@dataclass(frozen=True)
class Check:
    """One thing checked: `ok`, what was found and, when not ok, how to fix it."""

    key: str  # stable, for programs: python, rectxl, xlwings, fonts, libreoffice, workbook, interpreter, …
    label: str
    ok: bool
    found: str
    fix: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def run_checks(workbook: str | os.PathLike | None = None) -> list[Check]:
    """The machine's checks, then the workbook's when one is given."""
    checks = [_safely(key, label, check) for key, label, check in _MACHINE]
    if workbook is not None:
        checks += workbook_checks(Path(workbook))
    return checks


def all_ok(checks: list[Check]) -> bool:
    return all(c.ok for c in checks)


def _safely(key: str, label: str, check: Callable[[], Check]) -> Check:
    try:
        return check()
    except Exception as error:  # a check that breaks is a finding, not a crash
        return Check(key, label, False, f"检查时出错：{type(error).__name__}: {error}",
                     "请把此信息反馈给维护者。")


def install_target() -> str:
    """What `pip install` should be given to (re)install this rectxl: its source folder when it runs
    from one (an editable install), else the package name."""
    root = Path(__file__).resolve().parent.parent
    return str(root) if (root / "pyproject.toml").is_file() else "rectxl"


def _pip(python: str, *what: str) -> str:
    return f'"{python}" -m pip install {" ".join(what)}'


# ---- the machine ------------------------------------------------------------------------------


def _python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    found = f"Python {version}（{sys.executable}）"
    if sys.version_info[:2] >= PYTHON_MIN:
        return Check("python", "Python 版本", True, found)
    need = ".".join(map(str, PYTHON_MIN))
    return Check("python", "Python 版本", False, found,
                 f"rectxl 需要 Python {need} 或更高版本：请从 python.org 安装后，用新的 Python 安装 rectxl："
                 f"python -m pip install {install_target()}")


def _rectxl() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("rectxl")
    except PackageNotFoundError:
        return Check("rectxl", "rectxl", False, f"rectxl 未安装到此 Python（仅从 {Path(__file__).parent} 运行）",
                     _pip(sys.executable, "-e", install_target()))
    return Check("rectxl", "rectxl", True, f"rectxl {installed}（{Path(__file__).parent}）")


def _xlwings() -> Check:
    from importlib.metadata import PackageNotFoundError, version

    from rectxl.workbook.vba import XLWINGS_VERSION

    try:
        installed = version("xlwings")
    except PackageNotFoundError:
        return Check("xlwings", "xlwings（Excel 按钮）", False, "未安装 xlwings",
                     _pip(sys.executable, f"xlwings=={XLWINGS_VERSION}"))
    if installed != XLWINGS_VERSION:
        return Check("xlwings", "xlwings（Excel 按钮）", False,
                     f"xlwings {installed}，而工作簿的 VBA 模块是 xlwings {XLWINGS_VERSION}",
                     _pip(sys.executable, f"xlwings=={XLWINGS_VERSION}"))
    return Check("xlwings", "xlwings（Excel 按钮）", True, f"xlwings {installed}，与工作簿的 VBA 模块一致")


def _fonts() -> Check:
    from rectxl.documents.charts import FONT_ADVICE, cjk_font

    font = cjk_font()
    if font:
        return Check("fonts", "中文字体（图表）", True, font)
    return Check("fonts", "中文字体（图表）", False, "未找到中文字体，图表中的中文会显示为方框", FONT_ADVICE)


def _libreoffice() -> Check:
    from rectxl.documents.pdf import find_soffice
    from rectxl.errors import PdfUnavailable

    try:
        return Check("libreoffice", "LibreOffice（生成 PDF）", True, find_soffice())
    except PdfUnavailable as error:
        return Check("libreoffice", "LibreOffice（生成 PDF）", False, "未找到 soffice", error.zh)


_MACHINE = (("python", "Python 版本", _python), ("rectxl", "rectxl", _rectxl),
            ("xlwings", "xlwings（Excel 按钮）", _xlwings), ("fonts", "中文字体（图表）", _fonts),
            ("libreoffice", "LibreOffice（生成 PDF）", _libreoffice))


# ---- a workbook -------------------------------------------------------------------------------


def interpreter_key() -> str:
    """The xlwings.conf key this machine's Excel reads."""
    return "Interpreter_Mac" if sys.platform == "darwin" else "Interpreter_Win"


def is_store_placeholder(path: str) -> bool:
    """The Microsoft Store's python.exe placeholder (an app execution alias that opens the Store)."""
    return "\\microsoft\\windowsapps\\" in path.lower().replace("/", "\\")


def workbook_checks(path: Path) -> list[Check]:
    """The workbook's xlwings.conf interpreter, that it can import rectxl.excel, its VBA module."""
    label = f"工作簿 {path.name}"
    if not path.is_file():
        return [Check("workbook", label, False, f"找不到文件：{path}", "请检查路径和文件名。")]
    try:
        from rectxl.io.reading import read_file

        grids = read_file(path)
    except Exception as error:
        text = getattr(error, "zh", None) or f"{type(error).__name__}: {error}"
        return [Check("workbook", label, False, f"无法读取：{text}", "请确认这是 rectxl 的台账工作簿（.xlsm）。")]
    conf = next((g for g in grids if g.name.lower() == CONF_SHEET), None)
    settings = {}
    if conf is not None:
        for row in conf.rows:
            if len(row) >= 1 and str(row[0]).strip():
                settings[str(row[0]).strip().upper()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    checks = [_safely("interpreter", "Python 解释器设置", lambda: _interpreter(conf is not None, settings))]
    interpreter = _configured_interpreter(settings)
    if interpreter and Path(interpreter).is_file() and not is_store_placeholder(interpreter):
        checks.append(_safely("import", "该 Python 能否运行按钮", lambda: _imports(interpreter)))
    checks.append(_safely("vba", "工作簿的 xlwings VBA 模块", lambda: _vba_module(path)))
    return checks


def _configured_interpreter(settings: dict[str, str]) -> str | None:
    """The interpreter RunPython will start (xlwings' rule: the setting, else the legacy
    Interpreter, else python on PATH); None when none is found."""
    value = settings.get(interpreter_key().upper()) or settings.get("INTERPRETER") or ""
    value = os.path.expandvars(value.strip().strip('"'))
    if value and value.lower() not in ("python", "pythonw"):
        return value
    found = [shutil.which(n) for n in (value or "pythonw", "python", "python3")]
    return next((f for f in found if f and not is_store_placeholder(f)), None)


def _interpreter(has_conf: bool, settings: dict[str, str]) -> Check:
    key, label = interpreter_key(), "Python 解释器设置"
    value = (settings.get(key.upper()) or "").strip().strip('"')
    set_it = f"在工作簿的“{CONF_SHEET}”表中把 {key} 设为本机 Python 的完整路径，例如 {sys.executable}"
    where = f"“{CONF_SHEET}”表的 {key}" if has_conf else f"工作簿中没有“{CONF_SHEET}”表，{key}"
    interpreter = _configured_interpreter(settings)
    if not value:
        if interpreter is None:
            return Check("interpreter", label, False, f"{where}：未填写，且 PATH 中找不到 python", set_it)
        return Check("interpreter", label, True, f"{where}：未填写，将使用 PATH 中的 {interpreter}")
    expanded = os.path.expandvars(value)
    if is_store_placeholder(expanded):
        return Check("interpreter", label, False, f"{where}：{value} 是 Windows 应用商店的占位程序，不是已安装的 Python",
                     f"请从 python.org 安装 Python，再{set_it}")
    if value.lower() in ("python", "pythonw"):
        if interpreter is None:
            return Check("interpreter", label, False, f"{where}：{value}，但 PATH 中找不到它", set_it)
        return Check("interpreter", label, True, f"{where}：{value}（{interpreter}）")
    if not Path(expanded).is_file():
        return Check("interpreter", label, False, f"{where}：{value}，该文件不存在", set_it)
    return Check("interpreter", label, True, f"{where}：{value}")


def _imports(interpreter: str) -> Check:
    from rectxl.workbook.vba import XLWINGS_VERSION

    label = "该 Python 能否运行按钮"
    code = "import rectxl.excel, xlwings; print(xlwings.__version__)"
    try:
        result = subprocess.run([interpreter, "-c", code], capture_output=True, text=True, timeout=120,
                                encoding="utf-8", errors="replace")
    except (OSError, subprocess.TimeoutExpired) as error:
        return Check("import", label, False, f"无法运行 {interpreter}：{error}", "请检查该路径是否为可用的 Python。")
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["（无输出）"])[-1]
        return Check("import", label, False, f"{interpreter} 无法导入 rectxl.excel：{last}",
                     _pip(interpreter, install_target()))
    version = result.stdout.strip()
    if version != XLWINGS_VERSION:
        return Check("import", label, False, f"{interpreter} 中的 xlwings 是 {version}，工作簿需要 {XLWINGS_VERSION}",
                     _pip(interpreter, f"xlwings=={XLWINGS_VERSION}"))
    return Check("import", label, True, f"{interpreter} 能导入 rectxl.excel（xlwings {version}）")


def _vba_module(path: Path) -> Check:
    from rectxl.workbook.vba import XLWINGS_VERSION, module_source

    label = "工作簿的 xlwings VBA 模块"
    rebuild = f"用 rectxl init 新台账.xlsm 生成与 xlwings {XLWINGS_VERSION} 匹配的工作簿，再把各表数据复制过去"
    try:
        with zipfile.ZipFile(path) as archive:
            project = archive.read("xl/vbaProject.bin") if "xl/vbaProject.bin" in archive.namelist() else None
    except zipfile.BadZipFile:
        project = None
    if project is None:
        return Check("vba", label, True, "没有 VBA（不是 .xlsm）：此文件没有功能区按钮，命令行可照常使用")
    source = module_source(project, "xlwings")
    found = source and re.search(r'XLWINGS_VERSION As String = "([^"]+)"', source)
    if not found:
        return Check("vba", label, False, "工作簿中没有 xlwings 的 VBA 模块，功能区按钮无法运行", rebuild)
    if found[1] != XLWINGS_VERSION:
        return Check("vba", label, False, f"VBA 模块是 xlwings {found[1]}，rectxl 需要 {XLWINGS_VERSION}", rebuild)
    return Check("vba", label, True, f"xlwings {found[1]}")
