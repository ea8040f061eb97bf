"""The shape of the code, checked: the layers of docs/ARCHITECTURE.md hold (import-linter), no two
modules import each other (lazy imports included), no module is too long, the ribbon's module is
light, and the package installs from a wheel and runs."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rectxl"
LINT_IMPORTS = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def _lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_layers_hold():
    result = _lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken." in result.stdout


def test_the_layer_check_fails_when_the_core_imports_a_file_module(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(PACKAGE, copy / "rectxl", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    figures = copy / "rectxl" / "core" / "figures.py"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n\ndef _leak():\n    from rectxl.io import atomic\n",
                       encoding="utf-8")
    result = _lint_imports(copy, copy)
    assert result.returncode != 0
    assert "rectxl.core.figures -> rectxl.io.atomic" in result.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                child = edges[node][i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in edges[node]:
                if child in on_stack:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_two_modules_import_each_other_lazy_imports_included():
    assert _cycles(grimp.build_graph("rectxl")) == []


def test_the_cycle_check_can_fail():
    graph = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


# Modules being split as part of open work (issues 13 and 15): this set only shrinks.
_BEING_SPLIT: set[str] = set()


def test_no_module_is_over_600_lines_nor_over_400_without_saying_why():
    too_long, unexplained = [], []
    for path in _modules():
        if str(path.relative_to(ROOT)) in _BEING_SPLIT:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        name = str(path.relative_to(ROOT))
        if lines > 600:
            too_long.append((name, lines))
        elif lines > 400:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            if "Why this module is long:" not in doc:
                unexplained.append((name, lines))
    assert too_long == [] and unexplained == []


def test_the_ribbon_module_imports_nothing_heavy_at_its_top():
    code = ("import sys, rectxl.excel; heavy = ['xlwings', 'openpyxl', 'python_calamine', 'docxtpl', 'matplotlib',"
            " 'pandas', 'rectxl.core.ledger', 'rectxl.io.reading']; print([m for m in heavy if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_environment_and_runs_the_demo(tmp_path):
    """Built as a wheel (not editable), installed into a new virtual environment that borrows the
    dependencies already installed here (no network), and `rectxl demo` run from it."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("rectxl-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--force-reinstall", "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    where = subprocess.run([str(python), "-c", "import rectxl; print(rectxl.__file__)"], capture_output=True,
                           text=True, check=True, cwd=tmp_path)
    assert str(env_dir) in where.stdout, "rectxl imported from outside the new environment"
    result = subprocess.run([str(env_dir / "bin" / "rectxl"), "demo", "--out", str(tmp_path / "demo")],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "demo" / "示例整改台账_结果.xlsx").is_file()
    assert (tmp_path / "demo" / "月度整改进展情况报告_2023-03.docx").is_file()


def test_the_readme_lists_every_rule_as_the_catalogue_declares_it():
    spec = importlib.util.spec_from_file_location("update_findings_list", ROOT / "docs" / "update_findings_list.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.updated(text) == text, "run: python docs/update_findings_list.py"
    from rectxl.core.findings import RULES

    assert all(f"`{code}`" in text for code in RULES)
