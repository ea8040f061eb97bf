"""The ribbon's functions, run against xlwings' remote engine with a book sent as Excel sends it.

The payload is built from a real workbook file (the demo ledger written by `rectxl init`); the
functions run as in Excel, and the actions they return are checked: the values of the result
sheets, the colours of the right rows, the links, the alert.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

import rectxl.excel as excel
from conftest import run_rectxl, valid_sheets, write_workbook


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return dt.datetime(value.year, value.month, value.day).isoformat() + ".000Z"
    return value


def payload(path, name=None):
    """What an Excel client sends: every sheet's values, dates as ISO strings, "" for empty."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)] or [[""]]
        sheets.append({"name": ws.title, "values": rows, "pictures": [], "tables": []})
    return {"client": "Microsoft Office", "version": xw.__version__,
            "book": {"name": name or str(path), "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def actions(book, func=None):
    found = book.json()["actions"]
    return [a for a in found if func is None or a["func"] == func]


@pytest.fixture(scope="module")
def demo_xlsm(tmp_path_factory):
    path = tmp_path_factory.mktemp("excel") / "台账.xlsm"
    assert run_rectxl("init", path, "--demo").returncode == 0
    return path


def sheet_values(book, name):
    """The values a function wrote into a sheet it added (by its position)."""
    position = next(a["args"][0] for a in actions(book, "addSheet") if a["args"][1] == name)
    writes = [a for a in actions(book, "setValues") if a["sheet_position"] == position]
    return writes[0]["values"]


def test_validate_writes_the_findings_sheet_with_links_and_alerts(demo_xlsm):
    book = xw.Book(json=payload(demo_xlsm))
    message = excel.validate(book)
    rows = sheet_values(book, "校验结果")
    assert rows[1] == ["序号", "级别", "规则", "位置", "值", "说明"]
    located = {r[3]: r for r in rows[2:]}
    assert "任务清单!J7" in located and located["任务清单!J7"][2] == "status-unknown"
    links = [a["args"][0] for a in actions(book, "addHyperlink")]
    assert "#'任务清单'!J7" in links
    alert = actions(book, "alert")[-1]["args"]
    assert alert[0] == message and message.startswith("校验完成：错误") and alert[1] == "整改台账"


def test_the_live_book_gives_the_same_findings_as_the_file(demo_xlsm):
    import json

    book = xw.Book(json=payload(demo_xlsm))
    excel.validate(book)
    live = [(r[3], r[2]) for r in sheet_values(book, "校验结果")[2:]]
    result = run_rectxl("validate", demo_xlsm, "--format", "json")
    from_file = [(f"{f['sheet']}!{f['cell']}" if f["cell"] else f["sheet"], f["rule"])
                 for f in json.loads(result.stdout)["findings"]]
    assert live == from_file


def test_refresh_figures_writes_the_people_table(demo_xlsm):
    import json

    book = xw.Book(json=payload(demo_xlsm))
    excel.refresh_figures(book)
    rows = sheet_values(book, "统计")
    status = json.loads(run_rectxl("status", demo_xlsm, "--format", "json").stdout)
    head = rows.index(["责任人", "部门", "措施数", "已完成", "阶段性完成", "推进中", "未启动", "逾期", "临期", "无进展",
                       "完成率", "阶段性完成率"])
    people = rows[head + 1: head + 1 + len(status["people"])]
    assert [(r[0], r[2], r[3], r[7]) for r in people] == [
        (p["name"], p["total"], p["done"], p["overdue"]) for p in status["people"]]
    assert "统计已刷新" in actions(book, "alert")[-1]["args"][0]


def test_mark_overdue_colours_exactly_the_overdue_rows_red(demo_xlsm):
    import json

    book = xw.Book(json=payload(demo_xlsm))
    excel.mark_overdue(book)
    status = json.loads(run_rectxl("status", demo_xlsm, "--format", "json").stdout)
    measures = next(s for s in payload(demo_xlsm)["sheets"] if s["name"] == "任务清单")
    measure_rows = {r[0]: i + 1 for i, r in enumerate(measures["values"])}
    red = {a["start_row"] + 1 for a in actions(book, "setRangeColor") if a["args"] == ["#ffc7ce"]}
    assert red == {measure_rows[o["measure"]] for o in status["overdue"]}
    clears = [a for a in actions(book, "setRangeColor") if a["args"] == [None]]
    assert clears and clears[0]["row_count"] >= 100  # old highlighting cleared first


def test_an_error_becomes_a_chinese_alert_not_a_traceback(tmp_path):
    path = write_workbook(tmp_path / "other.xlsx", {"Sheet1": [["随便", "什么"]]})
    book = xw.Book(json=payload(path))
    message = excel.refresh_figures(book)
    assert "找不到任何台账工作表" in message and "Traceback" not in message
    assert actions(book, "alert")[-1]["args"][0] == message


def test_briefing_button_saves_the_docx_next_to_the_workbook(tmp_path):
    path = write_workbook(tmp_path / "ledger.xlsx", valid_sheets())
    book = xw.Book(json=payload(path))
    message = excel.draft_briefing(book)
    written = list(tmp_path.glob("*.docx"))
    assert len(written) == 1 and str(written[0]) in message


def test_a_mismatched_xlwings_is_named_in_the_alert():
    from importlib.metadata import requires

    from rectxl.workbook.vba import XLWINGS_VERSION

    pinned = next(r for r in requires("rectxl") if r.startswith("xlwings"))
    assert pinned == f"xlwings=={XLWINGS_VERSION}" and xw.__version__ == XLWINGS_VERSION
    message = excel._version_problem("0.30.0")
    assert "0.30.0" in message and f"-m pip install xlwings=={XLWINGS_VERSION}" in message
    assert "rectxl doctor" in message


# ---- the first click: whatever fails, a Chinese alert naming the fix ---------------------------


def test_a_failure_inside_the_books_handling_is_a_chinese_alert(demo_xlsm):
    sent = payload(demo_xlsm)
    sent["sheets"][1]["values"] = None  # a sheet xlwings can't read: it raises inside its own code
    book = xw.Book(json=sent)
    message = excel.validate(book)
    assert message.startswith("操作未完成：TypeError") and "rectxl doctor" in message
    assert actions(book, "alert")[-1]["args"][:2] == [message, "整改台账"]


def test_no_calling_book_ends_in_chinese_not_a_traceback(tmp_path):
    """Run as RunPython runs it, but with no Excel behind it: xw.Book.caller() itself fails."""
    result = subprocess.run([sys.executable, "-c", "import rectxl.excel; rectxl.excel.validate()"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0
    assert "无法连接到点击按钮的 Excel 工作簿" in result.stderr and "rectxl doctor" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_rectxl_module_is_a_chinese_alert(demo_xlsm, tmp_path):
    """A broken install: rectxl without one of its modules (rectxl.core.ledger), first on sys.path."""
    copy = tmp_path / "broken"
    shutil.copytree(Path(excel.__file__).parent, copy / "rectxl", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "rectxl" / "core" / "ledger.py").unlink()
    sent = tmp_path / "payload.json"
    sent.write_text(json.dumps(payload(demo_xlsm), ensure_ascii=False), encoding="utf-8")
    code = ("import json, sys, xlwings as xw, rectxl.excel; "
            "book = xw.Book(json=json.load(open(sys.argv[1], encoding='utf-8'))); rectxl.excel.validate(book); "
            "print(json.dumps([rectxl.excel.__file__, book.json()['actions']], ensure_ascii=False))")
    result = subprocess.run([sys.executable, "-c", code, str(sent)], capture_output=True, text=True, timeout=120,
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(copy)})
    assert result.returncode == 0, result.stderr
    where, done = json.loads(result.stdout)
    assert where.startswith(str(copy))
    [alert] = [a["args"][0] for a in done if a["func"] == "alert"]
    assert "rectxl 安装不完整" in alert and "rectxl.core.ledger" in alert
    assert "-m pip install --force-reinstall" in alert and "rectxl doctor" in alert


def test_an_edited_template_beside_the_workbook_is_used(tmp_path):
    from docx import Document

    path = write_workbook(tmp_path / "ledger.xlsx", valid_sheets())
    (tmp_path / "templates").mkdir()
    doc = Document()
    doc.add_paragraph("本单位自定义简报：完成率{{ overall.completion_rate }}")
    doc.save(tmp_path / "templates" / "monthly_briefing.docx")
    excel.draft_briefing(xw.Book(json=payload(path)))
    written = next(tmp_path.glob("*.docx"))
    assert "本单位自定义简报：完成率40.0%" in "\n".join(p.text for p in Document(written).paragraphs)


def test_a_spacer_row_keeps_its_fill_in_the_live_book(tmp_path):
    sheets = valid_sheets()
    sheets["任务清单"].insert(4, [None] * 11)  # Excel row 5: a blank spacer between measures
    book = xw.Book(json=payload(write_workbook(tmp_path / "spacer.xlsx", sheets)))
    excel.mark_overdue(book)
    cleared = set()
    for a in actions(book, "setRangeColor"):
        if a["args"] == [None]:
            cleared |= set(range(a["start_row"] + 1, a["start_row"] + 1 + a["row_count"]))
    assert cleared == {2, 3, 4, 6, 7}


def test_ledger_text_that_looks_like_a_formula_reaches_excel_as_text(tmp_path):
    sheets = valid_sheets()
    sheets["任务清单"][4][7] = "=HYPERLINK(\"http://x\")"
    path = write_workbook(tmp_path / "f.xlsx", sheets)
    wb = openpyxl.load_workbook(path)
    wb["任务清单"]["H5"].data_type = "s"  # typed as text ('=…), as Excel keeps it
    wb.save(path)
    book = xw.Book(json=payload(path))
    excel.validate(book)
    cells = [v for row in sheet_values(book, "校验结果") for v in row if isinstance(v, str) and "HYPERLINK" in v]
    assert "'=HYPERLINK(\"http://x\")" in cells and not any(v.startswith("=") for v in cells)
