"""`rectxl write`: results go into a copy (or, with --in-place, the file itself after a backup),
and everything rectxl does not own comes back unchanged: VBA, ribbon, values, styles, merges,
widths, validations and conditional formats."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from conftest import run_rectxl

OWNED = {"校验结果", "统计"}


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sheet_state(ws, skip_fill_and_col=None):
    """What a user sees of a sheet: values, styles, merges, widths, validations, formats."""
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if skip_fill_and_col and c.column >= skip_fill_and_col:
                continue
            style = (c.font.b, c.font.color.rgb if c.font.color else None, c.number_format, c.alignment.horizontal,
                     c.border.left.style)
            fill = None if skip_fill_and_col else (c.fill.fill_type, c.fill.fgColor.rgb)
            cells[c.coordinate] = (c.value, style, fill)
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "validations": sorted((dv.sqref.__str__(), dv.formula1) for dv in ws.data_validations.dataValidation),
        "formats": sorted((str(rng.sqref), [r.formula for r in rules]) for rng, rules in
                          ws.conditional_formatting._cf_rules.items()),
        "freeze": ws.freeze_panes,
    }


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("write")
    source = folder / "台账 2023.xlsm"  # Chinese characters and a space in the path
    assert run_rectxl("init", source, "--demo").returncode == 0
    before = source.read_bytes()
    result = run_rectxl("write", source)
    assert result.returncode == 0, result.stderr
    out = folder / "台账 2023_结果.xlsm"
    return {"source": source, "before": before, "out": out}


def test_the_source_is_untouched_and_the_copy_is_written(written):
    assert written["source"].read_bytes() == written["before"]
    assert written["out"].exists()


def test_vba_and_ribbon_survive_byte_for_byte(written):
    a, b = parts(written["source"]), parts(written["out"])
    assert a["xl/vbaProject.bin"] == b["xl/vbaProject.bin"]
    assert a["customUI/customUI14.xml"] == b["customUI/customUI14.xml"]
    assert b"ui/extensibility" in b["_rels/.rels"] and b"customUI/customUI14.xml" in b["_rels/.rels"]
    assert b"macroEnabled.main+xml" in b["[Content_Types].xml"]


def test_sheets_rectxl_does_not_own_are_unchanged(written):
    a = openpyxl.load_workbook(written["source"], keep_vba=True)
    b = openpyxl.load_workbook(written["out"], keep_vba=True)
    assert set(b.sheetnames) == set(a.sheetnames) | OWNED
    for name in a.sheetnames:
        if name == "任务清单":
            continue
        assert sheet_state(b[name]) == sheet_state(a[name]), name
    # 任务清单: rectxl owns the row fills and the 时限日期 column; everything else is kept.
    helper = [c.column for c in a["任务清单"][1] if c.value == "时限日期"][0]
    assert sheet_state(b["任务清单"], helper) == sheet_state(a["任务清单"], helper)
    assert b.defined_names.keys() == a.defined_names.keys()


def test_results_are_in_the_copy(written):
    import json

    wb = openpyxl.load_workbook(written["out"])
    status = json.loads(run_rectxl("status", written["source"], "--format", "json").stdout)
    findings = wb["校验结果"]
    assert findings["D3"].hyperlink is not None and findings["D3"].value.startswith(("设置!", "问题清单!", "任务清单!"))
    measures = wb["任务清单"]
    red = {row[0].value for row in measures.iter_rows(min_row=2) if row[0].fill.fgColor.rgb.endswith("FFC7CE")}
    assert red == {o["measure"] for o in status["overdue"]}
    helper = [c.column for c in measures[1] if c.value == "时限日期"][0]
    deadline_of = {row[0].value: row[helper - 1].value for row in measures.iter_rows(min_row=2)}
    for o in status["overdue"]:
        assert deadline_of[o["measure"]].date().isoformat() == o["deadline"]


def test_writing_twice_replaces_the_owned_sheets(written, tmp_path):
    again = tmp_path / "again.xlsm"
    assert run_rectxl("write", written["out"], "-o", again).returncode == 0
    wb = openpyxl.load_workbook(again)
    assert wb.sheetnames.count("校验结果") == 1 and wb.sheetnames.count("统计") == 1


def test_in_place_keeps_a_backup(tmp_path):
    source = tmp_path / "ledger.xlsx"
    assert run_rectxl("init", source, "--demo").returncode == 0
    before = source.read_bytes()
    result = run_rectxl("write", source, "--in-place")
    assert result.returncode == 0, result.stderr
    backups = list(tmp_path.glob("ledger.备份*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert "校验结果" in openpyxl.load_workbook(source).sheetnames
    assert not list(tmp_path.glob(".rectxl-*"))  # no temporary file left behind


def test_a_workbook_open_in_excel_is_refused_and_untouched(tmp_path):
    source = tmp_path / "ledger.xlsx"
    assert run_rectxl("init", source, "--demo").returncode == 0
    (tmp_path / "~$ledger.xlsx").write_bytes(b"owner")
    before = source.read_bytes()
    result = run_rectxl("write", source, "--in-place")
    assert result.returncode == 2 and "Excel" in result.stderr and "Traceback" not in result.stderr
    assert source.read_bytes() == before and not list(tmp_path.glob("ledger.备份*"))


def test_notes_in_a_column_without_a_header_are_never_overwritten(tmp_path):
    from conftest import valid_sheets, write_workbook

    sheets = valid_sheets()
    for i, row in enumerate(sheets["任务清单"][1:], start=1):
        row.extend([None] * (12 - len(row)))
        row[11] = f"手写备注{i}"  # column L: no header
    source = write_workbook(tmp_path / "notes.xlsx", sheets)
    assert run_rectxl("write", source).returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "notes_结果.xlsx")["任务清单"]
    assert [ws.cell(r, 12).value for r in range(2, 7)] == [f"手写备注{i}" for i in range(1, 6)]
    assert ws.cell(1, 13).value == "时限日期"


def test_a_users_own_sheet_named_like_rectxls_is_kept(tmp_path):
    from conftest import valid_sheets, write_workbook

    sheets = {**valid_sheets(), "统计": [["本处自制的汇总表"], ["=1+1"]]}
    source = write_workbook(tmp_path / "own.xlsx", sheets)
    assert run_rectxl("write", source).returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "own_结果.xlsx")
    assert wb["统计"]["A1"].value == "本处自制的汇总表" and wb["统计"]["A2"].value == "=1+1"
    assert wb["统计（rectxl）"]["A1"].value.startswith("整改统计（")
    again = tmp_path / "again.xlsx"
    assert run_rectxl("write", tmp_path / "own_结果.xlsx", "-o", again).returncode == 0
    assert openpyxl.load_workbook(again).sheetnames.count("统计（rectxl）") == 1


def test_the_helper_column_is_rewritten_and_left_blank_when_nothing_is_due(tmp_path):
    from conftest import valid_sheets, write_workbook

    source = write_workbook(tmp_path / "l.xlsx", valid_sheets())
    assert run_rectxl("write", source, "--in-place").returncode == 0
    wb = openpyxl.load_workbook(source)
    ws = wb["任务清单"]
    helper = [c.column for c in ws[1] if c.value == "时限日期"][0]
    assert ws.cell(2, helper).value is None  # 1-1-1 is done: its deadline no longer colours the row
    assert ws.cell(5, helper).value.date().isoformat() == "2023-01-31"  # 2-1-1, overdue
    ws.cell(5, 7).value = "长期坚持"
    wb.save(source)
    assert run_rectxl("write", source, "--in-place").returncode == 0
    assert openpyxl.load_workbook(source)["任务清单"].cell(5, helper).value is None  # old date cleared


def test_an_xlsm_is_not_written_as_an_xlsx(tmp_path, written):
    result = run_rectxl("write", written["source"], "-o", tmp_path / "x.xlsx")
    assert result.returncode == 2 and ".xlsm" in result.stderr and not (tmp_path / "x.xlsx").exists()


def test_ledger_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    from conftest import valid_sheets, write_workbook

    sheets = valid_sheets()
    sheets["任务清单"][4][7] = "=HYPERLINK(\"http://x\",\"点我\")"  # 2-1-1's status: a finding shows it
    source = write_workbook(tmp_path / "f.xlsx", sheets)
    wb = openpyxl.load_workbook(source)
    wb["任务清单"]["H5"].data_type = "s"  # as Excel would keep a typed '=… text
    wb.save(source)
    assert run_rectxl("write", source).returncode == 0
    findings = openpyxl.load_workbook(tmp_path / "f_结果.xlsx")["校验结果"]
    values = [c for row in findings.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert values and all(c.data_type == "s" for c in values)
