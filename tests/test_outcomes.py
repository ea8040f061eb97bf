"""整改成效: what a rectification produced, in the ledger, in `rectxl status`, in the 统计 sheet and
through `rectxl import` — the demo's totals checked against a count written here from its rows."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import openpyxl
import pytest

from conftest import run_rectxl, valid_sheets
from rectxl.core.demo import AS_OF, demo_ledger

# Every spelling the demo types, read by hand: (type, the unit it counts in when 计量单位 is blank).
SPELLED = {"制定制度": ("制定制度", "项"), "修订制度": ("修订制度", "项"), "追缴资金": ("追缴资金", "万元"),
           "退还资金": ("退还资金", "万元"), "约谈提醒": ("谈话提醒", "人"), "批评教育": ("批评教育", "人"),
           "诫勉谈话": ("诫勉", "人"), "党纪政务处分": ("党纪政务处分", "人"),
           "解决群众急难愁盼问题": ("解决群众急难愁盼问题", "件")}


def expected_outcomes(rows, keep=lambda row: True, group=lambda row: ()):
    totals = defaultdict(float)
    for row in rows:
        if keep(row):
            kind, unit = SPELLED[row["type"]]
            totals[(*group(row), kind, row["unit"] or unit)] += row["quantity"]
    return {k: round(v, 6) for k, v in totals.items()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outcomes")
    path = folder / "demo.xlsx"
    assert run_rectxl("init", path, "--demo").returncode == 0
    result = run_rectxl("status", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {"path": path, "folder": folder, "status": json.loads(result.stdout)}


def test_the_demo_outcomes_agree_with_an_independent_count(demo):
    rows = demo_ledger()["outcomes"]
    got = {(r["type"], r["unit"]): r["total"] for r in demo["status"]["outcomes"]}
    assert got == expected_outcomes(rows)
    assert got[("制定制度", "项")] == 14 and got[("修订制度", "项")] == 6  # the college's story
    assert all(set(r) == {"type", "unit", "total"} for r in demo["status"]["outcomes"])
    month = {(r["type"], r["unit"]): r["total"] for r in demo["status"]["outcomes_this_month"]}
    assert month == expected_outcomes(rows, lambda r: (r["date"].year, r["date"].month) == (AS_OF.year, AS_OF.month))
    assert month  # the demo has outcomes in its as-of month


def test_outcomes_per_aspect_and_unit_go_through_the_measure(demo):
    data = demo_ledger()
    aspect_of = {m["measure_id"]: m["measure_id"].split("-")[0] for m in data["measures"]}
    got = {(r["no"], r["type"], r["unit"]): r["total"] for r in demo["status"]["outcomes_by_aspect"]}
    assert got == expected_outcomes(data["outcomes"], group=lambda r: (aspect_of.get(r["measure_id"], ""),))
    whole = [r for r in demo["status"]["outcomes_by_aspect"] if r["name"] == "（整体整改）"]
    assert [(r["type"], r["total"]) for r in whole] == [("解决群众急难愁盼问题", 6)]
    department = {m["measure_id"]: m["department"] for m in data["measures"]}
    per_unit = defaultdict(float)
    for r in data["outcomes"]:
        for unit in department.get(r["measure_id"], "（整体整改）").split("、"):
            per_unit[(unit, SPELLED[r["type"]][0])] += r["quantity"]
    assert {(r["name"], r["type"]): r["total"] for r in demo["status"]["outcomes_by_unit"]} == {
        k: round(v, 6) for k, v in per_unit.items()}


def test_status_shows_the_outcomes_table(demo):
    result = run_rectxl("status", demo["path"], "--by", "unit")
    assert result.returncode == 0, result.stderr
    assert "整改成效（本月：2023年3月）" in result.stdout and "各责任部门整改成效" in result.stdout
    assert "解决群众急难愁盼问题" in result.stdout


def test_the_figures_sheet_has_the_outcomes(demo):
    out = demo["folder"] / "结果.xlsx"
    assert run_rectxl("write", demo["path"], "-o", out).returncode == 0
    rows = [list(r) for r in openpyxl.load_workbook(out)["统计"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "五、整改成效")
    assert rows[start + 1][:4] == ["成效类型", "计量单位", "合计", "本月新增"]
    table = {}
    for r in rows[start + 2:]:
        if not r[0]:
            break
        table[(r[0], r[1])] = r[2]
    assert table == {(r["type"], r["unit"]): r["total"] for r in demo["status"]["outcomes"]}
    assert any(r[0] == "六、各方面整改成效" for r in rows) and any(r[0] == "七、各责任部门整改成效" for r in rows)


def test_every_outcome_type_and_alias_is_understood(cli, ledger_file):
    from rectxl.core.schema import OUTCOME_TYPES

    sheets = valid_sheets()
    sheets["整改成效"] = [["措施编号", "成效类型", "数量", "计量单位", "名称/说明", "日期"]]
    for t in OUTCOME_TYPES:
        for name in (t.name, *t.aliases):
            sheets["整改成效"].append([None, f" {name} ", 1, None, f"{name}的说明", dt.date(2023, 1, 1)])
    result = cli("validate", ledger_file(sheets), "--format", "json")
    assert json.loads(result.stdout)["findings"] == []
    status = json.loads(cli("status", ledger_file(sheets), "--format", "json").stdout)
    assert {r["type"]: (r["unit"], r["total"]) for r in status["outcomes"]} == {
        t.name: (t.unit, 1 + len(t.aliases)) for t in OUTCOME_TYPES}


def test_an_unknown_type_is_a_finding_with_a_suggestion_and_left_out(cli, ledger_file):
    sheets = valid_sheets()
    sheets["整改成效"] = [["措施编号", "成效类型", "数量"], ["1-1-1", "诫免谈话", 2], ["1-1-1", "诫勉", 1]]
    found = json.loads(cli("validate", ledger_file(sheets), "--format", "json").stdout)["findings"]
    assert [(f["rule"], f["cell"]) for f in found] == [("outcome-type-unknown", "B2")]
    assert "是否应为“诫勉”" in found[0]["message"]
    status = json.loads(cli("status", ledger_file(sheets), "--format", "json").stdout)
    assert status["outcomes"] == [{"type": "诫勉", "unit": "人", "total": 1}]


def test_a_new_ledger_has_the_outcomes_sheet_with_a_type_list(tmp_path):
    from rectxl.core.schema import OUTCOME_TYPES, OUTCOMES_SHEET

    for name in ("空白.xlsx", "空白.xlsm"):
        path = tmp_path / name
        assert run_rectxl("init", path).returncode == 0
        ws = openpyxl.load_workbook(path)["整改成效"]
        assert [c.value for c in ws[1]] == [c.header for c in OUTCOMES_SHEET.columns]
        lists = [v.formula1 for v in ws.data_validations.dataValidation]
        assert any(all(t.name in f for t in OUTCOME_TYPES) for f in lists)
        settings = [r[0] for r in openpyxl.load_workbook(path)["设置"].iter_rows(values_only=True)]
        assert {"联系电话", "电子邮箱", "通信地址", "受理时间"} <= set(settings)
        result = run_rectxl("validate", path, "--format", "json")
        assert not [f for f in json.loads(result.stdout)["findings"] if f["sheet"] == "整改成效"]


# ---- rectxl import ---------------------------------------------------------------------------------


def flat_sheet(path, outcome_headers=(), outcome_values=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["××学院党委巡察整改台账"])
    ws.append(["序号", "方面", "问题描述", "整改措施", "责任部门", "责任人", "完成时限", "整改状态",
               *outcome_headers])
    rows = [("政治建设", "学习制度落实不到位", "修订学习制度", "党委办公室", "张三", "2022年12月底前", "已完成"),
            ("政治建设", "学习制度落实不到位", "开展专项检查", "党委办公室", "李四", "2023年6月底前", "整改中"),
            ("作风建设", "公务接待不规范", "追缴超标准接待费用", "财务处", "王五", "2022年12月底前", "已完成")]
    for n, (row, extra) in enumerate(zip(rows, outcome_values or [()] * len(rows)), 1):
        ws.append([n, *row, *extra])
    wb.save(path)
    return path


def test_import_maps_outcome_columns_to_the_outcomes_sheet(cli, tmp_path):
    source = flat_sheet(tmp_path / "flat.xlsx", ("成效类型", "数量", "计量单位", "成效说明"),
                        [("修订制度", 1, "项", "《学习制度》"), (None, None, None, None), ("追缴资金", 3.5, "万元", "")])
    out = tmp_path / "台账.xlsx"
    result = cli("import", source, "-o", out, "--feedback-date", "2022-09-16")
    assert result.exit_code == 0, result.output
    assert "整改成效·成效类型" in result.output
    rows = list(openpyxl.load_workbook(out)["整改成效"].iter_rows(min_row=2, values_only=True))
    assert [r[:5] for r in rows] == [("1-1-1", "修订制度", 1, "项", "《学习制度》"), ("2-1-1", "追缴资金", 3.5, "万元", None)]
    status = json.loads(cli("status", out, "--format", "json").stdout)
    assert status["outcomes"] == [{"type": "修订制度", "unit": "项", "total": 1},
                                  {"type": "追缴资金", "unit": "万元", "total": 3.5}]


def test_import_without_outcome_columns_leaves_the_sheet_empty_without_complaint(cli, tmp_path):
    out = tmp_path / "台账.xlsx"
    result = cli("import", flat_sheet(tmp_path / "flat.xlsx"), "-o", out, "--feedback-date", "2022-09-16")
    assert result.exit_code == 0, result.output
    assert "成效" not in result.output
    ws = openpyxl.load_workbook(out)["整改成效"]
    assert ws.max_row == 1
    found = json.loads(cli("validate", out, "--format", "json").stdout)["findings"]
    assert not [f for f in found if f["sheet"] == "整改成效"]
