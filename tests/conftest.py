"""Fixtures: real workbooks written by the tests themselves, and the command run as a user would."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rectxl.cli import app

# xlwings' remote engine (the Excel door's tests) is licensed for noncommercial, educational and
# government use with this key; it must be set before xlwings is first imported.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

FEEDBACK = dt.date(2022, 9, 16)
AS_OF = dt.date(2023, 3, 31)
ROOT = Path(__file__).resolve().parent.parent


def valid_sheets() -> dict[str, list[list]]:
    """A small, sound ledger: sheet name → rows (the header row first). Every rule passes on it."""
    return {
        "设置": [["项目", "值"], ["单位名称", "测试学院党委"], ["巡察名称", "第一轮巡察"], ["反馈日期", FEEDBACK],
               ["统计截止日期", AS_OF], ["临期天数", 7], ["进展更新周期天数", 7], ["立行立改时限天数", 30],
               ["方面数", 2], ["问题数", 3], ["措施数", 5]],
        "问题清单": [["问题编号", "方面序号", "方面", "问题描述", "牵头领导"],
                 ["1-1", "1", "政治建设", "学习制度落实不到位", "李书记"],
                 ["1-2", "1", "政治建设", "学习成果转化不够", "李书记"],
                 ["2-1", "2", "作风建设", "公务接待不规范", "陈院长"]],
        "任务清单": [["措施编号", "问题编号", "整改措施", "责任部门", "责任人", "开始日期", "完成时限", "整改状态",
                  "完成日期", "佐证材料", "是否销号"],
                 ["1-1-1", "1-1", "修订学习制度", "党委办公室", "张三", dt.date(2022, 10, 1), "2022年12月底前", "已完成",
                  dt.date(2022, 12, 20), "制度文件", "是"],
                 ["1-1-2", "1-1", "开展专项检查", "党委办公室", "张三、李四", dt.date(2022, 10, 1), "2023年6月底前",
                  "整改中", None, None, None],
                 ["1-2-1", "1-2", "建立转化机制", "宣传部", "李四", None, "长期坚持", "长期坚持", None, None, None],
                 ["2-1-1", "2-1", "规范公务接待", "办公室", "王五", None, "2023.1.31", "推进中", None, None, None],
                 ["2-1-2", "2-1", "开展自查", "办公室", "王五", None, "立行立改", "已完成", dt.date(2022, 10, 10),
                  "自查报告", None]],
        "进展记录": [["日期", "措施编号", "进展情况", "填报人"],
                 [dt.date(2023, 3, 28), "1-1-2", "检查进行中", "张三"],
                 [dt.date(2023, 3, 1), "2-1-1", "起草制度", "王五"]],
        "责任人": [["姓名", "部门", "职务"], ["张三", "党委办公室", "主任"], ["李四", "宣传部", "部长"],
                ["王五", "办公室", "主任"]],
    }


def write_workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
                   top_rows: dict[str, list[list]] | None = None) -> Path:
    """Write sheets with openpyxl, as a user's Excel would save them; optional title rows above."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in (top_rows or {}).get(name, []):
            ws.append(row)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


@pytest.fixture
def ledger_file(tmp_path):
    """Write a ledger from sheets (default: the valid one) and return its path."""

    def make(sheets=None, name="ledger.xlsx", **kwargs):
        return write_workbook(tmp_path / name, sheets if sheets is not None else valid_sheets(), **kwargs)

    return make


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [str(a) for a in args])

    return run


def run_rectxl(*args, **kwargs) -> subprocess.CompletedProcess:
    """The installed command in its own process, as a scheduler would run it."""
    return subprocess.run([sys.executable, "-m", "rectxl", *map(str, args)], capture_output=True, text=True,
                          timeout=120, **kwargs)
