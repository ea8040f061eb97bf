"""Reading real ledgers as offices keep them, and refusing what is not a ledger (exit 2)."""

from __future__ import annotations


import json
import zipfile

import openpyxl
import pytest

from conftest import run_rectxl, valid_sheets, write_workbook


def status_of(cli, path, *args):
    result = cli("status", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def validate_json(cli, path):
    result = cli("validate", path, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_title_rows_above_the_headers_are_skipped(cli, ledger_file):
    title = {"任务清单": [["××学院党委巡察整改台账"], ["填报日期：2023年3月31日"], [], [None]]}
    path = ledger_file(top_rows=title, merges={"任务清单": ["A1:K1"]})
    code, out = validate_json(cli, path)
    assert code == 0, out["findings"]
    assert status_of(cli, path)["overall"]["total"] == 5


def test_findings_name_the_real_row_below_title_rows(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][2][7] = "不知道"
    path = ledger_file(sheets, top_rows={"任务清单": [["标题"], ["日期行"], [], []]})
    _, out = validate_json(cli, path)
    assert [f["cell"] for f in out["findings"] if f["rule"] == "status-unknown"] == ["H7"]


def test_headers_in_any_order_with_aliases_spaces_and_line_breaks(cli, ledger_file):
    sheets = valid_sheets()
    measures = sheets["任务清单"]
    order = list(reversed(range(len(measures[0]))))
    sheets["任务清单"] = [[row[i] if i < len(row) else None for i in order] for row in measures]
    renamed = {"整改措施": "整改\n举措", "责任部门": "责任单位 ", "完成时限": "整改时限", "整改状态": "完成状态",
               "责任人": "责 任 人"}
    sheets["任务清单"][0] = [renamed.get(h, h) for h in sheets["任务清单"][0]]
    code, out = validate_json(cli, ledger_file(sheets))
    assert code == 0, out["findings"]


def test_english_alias_sheet_names(cli, ledger_file):
    sheets = valid_sheets()
    english = {"设置": "Settings", "问题清单": "Problems", "任务清单": "Tasks", "进展记录": "Progress", "责任人": "People"}
    path = ledger_file({english[k]: v for k, v in sheets.items()})
    code, out = validate_json(cli, path)
    assert code == 0, out["findings"]
    assert status_of(cli, path)["overall"]["done"] == 2


def test_problem_id_merged_down_its_measures_fills_each_row(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][2][1] = None  # B3 is covered by the merge B2:B3
    path = ledger_file(sheets, merges={"任务清单": ["B2:B3"]})
    code, out = validate_json(cli, path)
    assert code == 0, out["findings"]
    aspects = status_of(cli, path)["aspects"]
    assert [(a["name"], a["total"]) for a in aspects] == [("政治建设", 3), ("作风建设", 2)]


def test_blank_spacer_rows_are_skipped(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"].insert(3, [None] * 11)
    sheets["任务清单"].insert(3, ["", " ", None])
    code, out = validate_json(cli, ledger_file(sheets))
    assert code == 0, out["findings"]


def test_text_dates_and_several_people_per_cell(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][1][8] = "2022年12月20日"
    sheets["任务清单"][5][8] = "2022.10.10"
    sheets["任务清单"][4][4] = "王五，张三/李四"
    path = ledger_file(sheets)
    code, out = validate_json(cli, path)
    assert code == 0, out["findings"]
    people = {p["name"]: p["total"] for p in status_of(cli, path)["people"]}
    assert people == {"张三": 3, "李四": 3, "王五": 2}


def test_full_width_digits_and_spaced_names(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][3][0] = "１－２－１"
    sheets["任务清单"][3][4] = "李　四"
    code, out = validate_json(cli, ledger_file(sheets))
    assert code == 0, out["findings"]


def test_a_file_that_is_not_a_workbook_exits_2_with_one_line(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("序号,措施\n1,整改\n", encoding="utf-8")
    result = run_rectxl("validate", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_missing_file_exits_2(tmp_path):
    result = run_rectxl("status", tmp_path / "nothing.xlsx")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_an_empty_workbook_exits_2_naming_the_sheets_looked_for(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    result = run_rectxl("validate", path)
    assert result.returncode == 2
    assert "问题清单" in result.stderr and "任务清单" in result.stderr and "Traceback" not in result.stderr


def test_a_workbook_missing_a_sheet_gives_findings_not_exit_2(cli, ledger_file):
    sheets = valid_sheets()
    del sheets["进展记录"]
    code, out = validate_json(cli, ledger_file(sheets))
    assert code == 1
    assert [(f["rule"], f["sheet"]) for f in out["findings"]] == [("sheet-missing", "进展记录")]


def test_a_truncated_workbook_exits_2(tmp_path, ledger_file):
    data = ledger_file().read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    result = run_rectxl("validate", broken)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_excel_error_values_are_findings_at_their_cells(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][2][6] = "#N/A"  # openpyxl writes it as an error cell, as Excel would
    sheets["任务清单"][3][2] = "#REF!"
    _, out = validate_json(cli, ledger_file(sheets))
    errors = [(f["cell"], f["value"]) for f in out["findings"] if f["rule"] == "excel-error"]
    assert errors == [("G3", "#N/A"), ("C4", "#REF!")]


def test_a_stray_value_far_away_is_reported_and_the_ledger_still_read(cli, tmp_path):
    path = write_workbook(tmp_path / "stray.xlsx", valid_sheets())
    wb = openpyxl.load_workbook(path)
    wb["任务清单"]["XFD1048576"] = "x"
    wb.save(path)
    code, out = validate_json(cli, path)
    assert [(f["rule"], f["cell"] or f["value"]) for f in out["findings"]] == [("stray-cell", "XFD1048576")]
    assert status_of(cli, path)["overall"]["total"] == 5


def test_validate_exit_code_is_1_when_errors_are_found(ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][1][7] = "不知道"
    result = run_rectxl("validate", ledger_file(sheets))
    assert result.returncode == 1
    assert "任务清单!H2" in result.stdout


def test_the_command_in_its_own_process_ends_with_all_its_output_and_its_exit_code(ledger_file, tmp_path):
    """validate and status end the process without tearing the ledger down: nothing may be lost
    on the way (the JSON whole, compact on a pipe; the -o export written; the exit code kept)."""
    sheets = valid_sheets()
    sheets["任务清单"][1][7] = "不知道"
    path = ledger_file(sheets)
    result = run_rectxl("validate", path, "--format", "json", "-o", tmp_path / "findings.csv")
    assert result.returncode == 1 and result.stdout.count("\n") == 1
    assert "任务清单" in {f["sheet"] for f in json.loads(result.stdout)["findings"]}
    assert "不知道" in (tmp_path / "findings.csv").read_text(encoding="utf-8-sig")
    result = run_rectxl("status", path, "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["overall"]["total"] == 5


def test_as_of_comes_from_the_flag_then_the_settings(cli, ledger_file):
    path = ledger_file()
    assert status_of(cli, path)["as_of"] == "2023-03-31"
    assert status_of(cli, path, "--as-of", "2023-01-15")["as_of"] == "2023-01-15"
    result = cli("status", path, "--as-of", "明天")
    assert result.exit_code == 2


def test_docx_renamed_xlsx_is_refused_clearly(tmp_path):
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    result = run_rectxl("validate", path)
    assert result.returncode == 2 and "Word" in result.stderr



def _converted(tmp_path, fmt):
    """The demo ledger saved by LibreOffice in another format (.xls, .ods), as offices receive it."""
    import subprocess

    source = tmp_path / "demo.xlsx"
    assert run_rectxl("init", source, "--demo").returncode == 0
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    fmt, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    return source, tmp_path / f"demo.{fmt}"


def _json(*args):
    result = run_rectxl(*args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_an_xls_ledger_reads_like_its_xlsx(tmp_path):
    source, xls = _converted(tmp_path, "xls")
    assert _json("validate", xls)["findings"] == _json("validate", source)["findings"]
    assert _json("status", xls)["overall"] == _json("status", source)["overall"]


def test_an_ods_ledger_reads_like_its_xlsx_merged_cells_included(tmp_path):
    source, ods = _converted(tmp_path, "ods")
    assert _json("validate", ods)["findings"] == _json("validate", source)["findings"]
    assert _json("status", ods)["aspects"] == _json("status", source)["aspects"]


def test_a_spacer_row_holding_only_an_invisible_character_is_blank(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"].insert(3, [None] * 10 + ["\u200b"])
    code, out = validate_json(cli, ledger_file(sheets))
    assert code == 0, out["findings"]
    assert status_of(cli, ledger_file(sheets, name="again.xlsx"))["overall"]["total"] == 5


def _summary(ledger):
    """Everything a ledger holds, its tables by where they are rather than by grid object."""
    tables = {k: (t.name, t.header_row, t.columns, t.rows) for k, t in ledger.tables.items()}
    return (ledger.settings, ledger.problems, ledger.measures, ledger.progress, ledger.people, tables,
            ledger.findings)


def test_loading_the_sheets_on_a_thread_gives_the_same_ledger(ledger_file):
    """read_ledger (the CLI's path: each sheet loaded on a second thread as soon as it is measured)
    against build_ledger(read_file(…)); with a stray cell, a formula error and a bad date in it."""
    from rectxl.io import reading as sources
    from rectxl.core.ledger import build_ledger

    sheets = valid_sheets()
    sheets["进展记录"] += [["2023-13-01", "1-1-1", "x", None]] * 3
    path = ledger_file(sheets)
    wb = openpyxl.load_workbook(path)
    wb["进展记录"]["A30000"] = "误输入"
    wb["进展记录"]["C3"] = "=1/0"
    wb.save(path)
    expected = _summary(build_ledger(sources.read_file(path)))
    got = sources.read_ledger(path)
    assert any(isinstance(t.grid, sources._LoadingGrid) for t in got.tables.values())
    assert _summary(got) == expected
    assert {f.rule for f in got.findings} >= {"stray-cell", "date-unreadable"}


def test_a_largest_sheet_that_breaks_while_loading_on_a_thread_is_a_clear_refusal(ledger_file):
    """Well-formed enough for the quick scan, not for python-calamine: the helper thread's failure
    reaches the caller as the same one-line refusal the main thread would give."""
    from hostile_builders import PART, patch_part
    from rectxl.io import reading as sources

    path = patch_part(ledger_file(), PART["进展记录"], lambda xml: xml.replace("</c>", "", 1))
    with pytest.raises(sources.UnreadableWorkbook) as refused:
        sources.read_ledger(path)
    assert "进展记录" in refused.value.zh
    result = run_rectxl("validate", path)
    assert result.returncode == 2 and "进展记录" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("cells", [
    {(r, c): f"v{r}" for r in range(1, 51) for c in range(1, 5)} | {(30000, 1): "误输入"},
    {(r, c): r for r in range(2000, 2006) for c in range(1, 4)},  # (at most 20 far cells are listed)
    {(r, c): r for r in range(1, 51) for c in range(1, 5)} | {(5, 200): "x", (6, 201): "y"},
    {(r, 1): r for r in range(1, 51)} | {(r, 2): r for r in range(5000, 5006)},
])
def test_far_cells_found_among_loaded_values_as_the_exact_scan_finds_them(tmp_path, monkeypatch, cells):
    """A quick-scanned sheet is loaded whole and its far cells found among the values: the same
    stray cells, and the same cells kept, as when the exact scan measures it first."""
    from rectxl.io import probe as container
    from rectxl.io import reading as sources
    from rectxl.core.address import cell_ref

    wb = openpyxl.Workbook()
    for (r, c), v in cells.items():
        wb.active.cell(r, c, v)
    path = tmp_path / "far.xlsx"
    wb.save(path)

    def read():
        (grid,) = sources.read_file(path)
        kept = {cell_ref(grid.top + i + 1, grid.left + j + 1) for i, row in enumerate(grid.rows)
                for j, v in enumerate(row) if v not in ("", None)}
        return set(grid.stray), kept

    assert isinstance(container.probe_workbook(path, quick=True).sheets["Sheet"], container.SheetBound)
    quick = read()
    monkeypatch.setattr(container, "sheet_bound", lambda *args: None)
    assert quick == read()
    assert quick[0] | quick[1] == {cell_ref(r, c) for r, c in cells}
