"""Exports (rectxl/exports.py, `--output` of validate and status) that Excel opens safely, and
the command on a GBK console with Chinese paths holding spaces."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import openpyxl
import pytest

from conftest import run_rectxl, valid_sheets, write_workbook
from rectxl.io.exports import neutralise

ROOT = Path(__file__).resolve().parents[1]

# Texts a user (or someone hostile) typed that Excel would run as formulas if a CSV cell began so.
HOSTILE_TEXTS = {
    ("任务清单", "C2"): '=HYPERLINK("http://x","点击")',  # a measure's text
    ("任务清单", "H3"): "=已完成",  # a status: status-unknown, its value starts with =
    ("任务清单", "E4"): "@张三",  # a person: person-not-on-roster, and a person row named @张三
    ("任务清单", "G5"): "+2023年1月底前",  # a deadline: deadline-unreadable
    ("任务清单", "D6"): "-办公室",  # a department: a unit row named -办公室
}


def hostile_ledger(path: Path) -> Path:
    write_workbook(path, valid_sheets())
    wb = openpyxl.load_workbook(path)
    for (sheet, ref), text in HOSTILE_TEXTS.items():
        cell = wb[sheet][ref]
        cell.value = text
        cell.data_type = "s"  # text, as Excel keeps a cell typed with a leading apostrophe
    wb.save(path)
    return path


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads the Chinese right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def child_env(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


# -- neutralising --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "-"])
def test_formula_like_texts_get_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "", " =1", "1-1-1", "'=1", "＝1", 0, -5, -0.25, 3.5, None, True])
def test_everything_else_is_kept_as_it_is(value):
    """Numbers are never formulas (a negative count stays a number); only a text's first
    character counts."""
    assert neutralise(value) == value and type(neutralise(value)) is type(value)


# -- validate --output --------------------------------------------------------------------------


@pytest.fixture
def ledger(tmp_path):
    return hostile_ledger(tmp_path / "整改 台账.xlsx")


def test_findings_csv_neutralises_formula_like_values(cli, ledger, tmp_path):
    out = tmp_path / "导出 结果" / "校验 结果.csv"  # a folder that doesn't exist yet
    result = cli("validate", ledger, "--output", out)
    assert result.exit_code == 1 and f"已保存到：{out}" in result.stdout
    rows = read_csv(out)
    assert rows[0] == ["序号", "级别", "规则", "工作表", "单元格", "值", "说明"]
    values = {(r[2], r[4]): r[5] for r in rows[1:]}
    assert values[("status-unknown", "H3")] == "'=已完成"
    assert values[("person-not-on-roster", "E4")] == "'@张三"
    assert values[("deadline-unreadable", "G5")] == "'+2023年1月底前"
    for r in rows[1:]:
        assert r[0].isdigit()  # the row number stays a number
        assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in r)


def test_findings_json_keeps_raw_values_and_stdout_stays_json(cli, ledger, tmp_path):
    out = tmp_path / "校验结果.json"
    result = cli("validate", ledger, "--format", "json", "--output", out)
    assert result.exit_code == 1
    printed = json.loads(result.stdout)  # the location line went to stderr
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved == printed
    values = {(f["rule"], f["cell"]): f["value"] for f in saved["findings"]}
    assert values[("status-unknown", "H3")] == "=已完成" and values[("person-not-on-roster", "E4")] == "@张三"
    assert f"已保存到：{out}" in result.stderr


def test_status_csv_has_a_group_column_text_neutralised_numbers_kept(cli, ledger, tmp_path):
    out = tmp_path / "统计.csv"
    result = cli("status", ledger, "-o", out)
    assert result.exit_code == 0 and f"已保存到：{out}" in result.stdout
    rows = read_csv(out)
    head = rows[0]
    assert head[:3] == ["分组", "名称", "部门"] and "完成率" in head
    by = {(r[0], r[1]): dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert {g for g, _ in by} == {"责任人", "责任部门", "方面", "全部"}
    assert ("责任人", "'@张三") in by and ("责任部门", "'-办公室") in by
    for r in by.values():
        for key in ("措施数", "已完成", "阶段性完成", "推进中", "未启动", "逾期", "临期", "无进展"):
            assert r[key].isdigit(), r
        assert 0 <= float(r["完成率"]) <= 1
    overall = by[("全部", "全部措施（不重复计）")]
    status = json.loads(cli("status", ledger, "--format", "json").stdout)
    assert int(overall["措施数"]) == status["overall"]["total"]
    assert float(overall["完成率"]) == status["overall"]["completion_rate"]


def test_status_json_is_the_figures(cli, ledger, tmp_path):
    out = tmp_path / "统计.json"
    result = cli("status", ledger, "--format", "json", "--output", out)
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(result.stdout)


def test_unknown_suffix_the_ledger_itself_and_an_open_csv_are_refused(cli, ledger, tmp_path):
    result = cli("validate", ledger, "--output", tmp_path / "结果.txt")
    assert result.exit_code == 2 and ".csv" in result.output
    disguised = tmp_path / "台账.json"  # a workbook under a .json name must not be overwritten
    disguised.write_bytes(ledger.read_bytes())
    result = cli("validate", disguised, "--output", disguised)
    assert result.exit_code == 2 and disguised.read_bytes() == ledger.read_bytes()
    out = tmp_path / "结果.csv"
    out.write_text("旧内容", encoding="utf-8")
    (tmp_path / "~$结果.csv").write_bytes(b"owner")  # open in Excel
    result = cli("status", ledger, "--output", out)
    assert result.exit_code == 2 and "Excel" in result.output
    assert out.read_text(encoding="utf-8") == "旧内容"


# -- a GBK console, Chinese paths with spaces --------------------------------------------------


@pytest.fixture(scope="module")
def gbk_ledger(tmp_path_factory) -> Path:
    """Characters GBK lacks in texts, a name and a finding: emoji, "—", "✓"."""
    folder = tmp_path_factory.mktemp("gbk") / "巡察 整改 2023"
    folder.mkdir()
    sheets = valid_sheets()
    sheets["任务清单"][1][2] = "修订学习制度 ✓ — 已印发 📄"
    sheets["任务清单"][2][7] = "推进中😀"  # status-unknown: the emoji is in the finding
    sheets["任务清单"][4][2] = "规范公务接待 — 第二阶段 ✓"  # an overdue measure: in the status table
    return write_workbook(folder / "整改 台账（第一轮）.xlsx", sheets)


def gbk(*args, cwd: Path | None = None):
    return run_rectxl(*args, env=child_env(PYTHONIOENCODING="gbk"), encoding="gbk", cwd=cwd or ROOT)


@pytest.mark.parametrize("args, code", [(("validate",), 1), (("validate", "--format", "json"), 1), (("status",), 0),
                                        (("status", "--format", "json"), 0), (("status", "--by", "unit"), 0)])
def test_a_gbk_console_gets_question_marks_not_a_crash(gbk_ledger, args, code):
    result = gbk(args[0], gbk_ledger, *args[1:])
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and "UnicodeEncodeError" not in result.stderr
    assert result.stdout  # decoded strictly as GBK by the parent
    if args[0] == "validate":
        assert "推进中?" in result.stdout  # 😀 became ?
    if args == ("status",):
        assert "规范公务接待 — 第二阶段 ?" in result.stdout  # GBK has "—" but not "✓"


def test_outputs_to_chinese_paths_with_spaces_on_a_gbk_console(gbk_ledger, tmp_path):
    folder = tmp_path / "导出 文件" / "第 1 轮"
    findings_csv, figures_json = folder / "校验 结果.csv", folder / "统计 数据.json"
    result = gbk("validate", gbk_ledger, "--output", findings_csv)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"已保存到：{findings_csv}" in result.stdout
    assert any(r[5] == "推进中😀" for r in read_csv(findings_csv))  # the file itself keeps every character
    result = gbk("status", gbk_ledger, "--format", "json", "-o", figures_json)
    assert result.returncode == 0 and f"已保存到：{figures_json}" in result.stderr
    assert json.loads(figures_json.read_text(encoding="utf-8"))["overall"]["total"] == 5


def test_demo_into_a_chinese_folder_with_spaces_on_a_gbk_console(tmp_path):
    out = tmp_path / "演示 输出" / "整改 台账"
    result = gbk("demo", "--out", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "示例整改台账.xlsx").exists() and (out / "统计.json").exists()
    assert list(out.glob("*.docx")) and (out / "示例整改台账_结果.xlsx").exists()
    assert str(out.resolve()) in result.stdout  # on one line, though it holds spaces
