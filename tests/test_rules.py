"""Every rule: a ledger that breaks it gets the finding at the right cell; the sound ledger does not.

Each test writes a real workbook with openpyxl and runs `rectxl validate --format json` on it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import valid_sheets


def findings(cli, path, *args):
    result = cli("validate", path, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def set_cell(sheets, sheet, data_row, header, value):
    """Set a data cell (data_row 1 = the row under the header); returns its A1 address."""
    headers = sheets[sheet][0]
    col = headers.index(header)
    row = sheets[sheet][data_row]
    row.extend([None] * (col + 1 - len(row)))
    row[col] = value
    return f"{chr(65 + col)}{data_row + 1}"


def setting(sheets, label, value):
    for row in sheets["设置"]:
        if row[0] == label:
            row[1] = value
            return


def test_the_sound_ledger_has_no_findings(cli, ledger_file):
    result = cli("validate", ledger_file(), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"file": str(ledger_file()), "findings": [],
                                         "counts": {"error": 0, "warning": 0, "info": 0}}


# (rule, how to break the sound ledger → the cell the finding must name, the value it must show)
def _cell(sheet, row, header, value):
    return lambda s: (sheet, set_cell(s, sheet, row, header, value))


def _setting(label, value, cell):
    def apply(s):
        setting(s, label, value)
        return "设置", cell
    return apply


def _append(sheet, row, cell):
    def apply(s):
        s[sheet].append(row)
        return sheet, cell
    return apply


def _both(*changes):
    def apply(s):
        out = None
        for change in changes:
            out = change(s)
        return out
    return apply


OUTCOMES = [["措施编号", "成效类型", "数量", "计量单位", "名称/说明", "日期"],
            ["1-1-1", "制定制度", 1, "项", "《学习制度》", dt.date(2022, 12, 20)],
            [None, "解决群众急难愁盼问题", 3, "件", "解决食堂问题", dt.date(2023, 3, 1)]]


def _outcome(row, header, value):
    """Add the sound 整改成效 sheet, then set a cell of it."""
    def apply(s):
        s["整改成效"] = [list(r) for r in OUTCOMES]
        return "整改成效", set_cell(s, "整改成效", row, header, value)
    return apply


BROKEN = [
    ("value-required", _cell("任务清单", 1, "整改措施", None), ""),
    ("date-unreadable", _cell("任务清单", 1, "完成日期", "去年年底"), "去年年底"),
    ("date-ambiguous", _cell("任务清单", 2, "完成时限", 2023.1), "2023.1"),
    ("date-out-of-range", _cell("任务清单", 1, "完成日期", dt.date(2999, 1, 1)), "2999-01-01"),
    ("deadline-unreadable", _cell("任务清单", 2, "完成时限", "尽快"), "尽快"),
    ("deadline-needs-feedback-date", _both(_setting("反馈日期", None, ""), _cell("任务清单", 5, "完成时限", "立行立改")),
     "立行立改"),
    ("status-unknown", _cell("任务清单", 2, "整改状态", "已完城"), "已完城"),
    ("status-ambiguous", _cell("任务清单", 2, "整改状态", "未销号"), "未销号"),
    ("flag-unknown", _cell("任务清单", 1, "是否销号", "可能"), "可能"),
    ("id-number", _cell("问题清单", 1, "问题编号", 1.1), "1.1"),
    ("id-prefix", _cell("任务清单", 1, "措施编号", "X-1"), "X-1"),
    ("id-duplicate", _cell("任务清单", 2, "措施编号", "1-1-1"), "1-1-1"),
    ("problem-unknown", _cell("任务清单", 4, "问题编号", "9-9"), "9-9"),
    ("problem-without-measure", _append("问题清单", ["2-2", "2", "作风建设", "会风不严", None], "A5"), "2-2"),
    ("person-not-on-roster", _cell("任务清单", 3, "责任人", "李 肆"), "李肆"),
    ("progress-unknown-measure", _append("进展记录", [dt.date(2023, 3, 1), "9-9-9", "x", None], "B4"), "9-9-9"),
    ("count-mismatch", _setting("措施数", 6, "B11"), "5"),
    ("aspect-inconsistent", _cell("问题清单", 2, "方面", "政治建设方面"), "1"),
    ("done-without-date", _cell("任务清单", 1, "完成日期", None), ""),
    ("date-without-done", _cell("任务清单", 2, "完成日期", dt.date(2023, 1, 5)), "推进中"),
    ("date-after-as-of", _cell("任务清单", 1, "完成日期", dt.date(2023, 5, 1)), "2023-05-01"),
    ("deadline-before-start", _cell("任务清单", 1, "完成时限", "2022年9月30日"), "2022-09-30"),
    ("deadline-before-feedback", _cell("任务清单", 4, "完成时限", "2022年8月31日"), "2022-08-31"),
    ("done-without-evidence", _cell("任务清单", 1, "佐证材料", None), ""),
    ("closed-not-done", _cell("任务清单", 2, "是否销号", "是"), "推进中"),
    ("setting-invalid", _setting("反馈日期", "不详", "B4"), "不详"),
    ("outcome-type-unknown", _outcome(1, "成效类型", "新定制度"), "新定制度"),
    ("number-unreadable", _outcome(1, "数量", "若干"), "若干"),
    ("number-negative", _outcome(2, "数量", -3), "-3"),
    ("outcome-unknown-measure", _outcome(1, "措施编号", "1-1-9"), "1-1-9"),
]


@pytest.mark.parametrize("rule, break_it, value", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule_finds_what_breaks_it_at_its_cell(cli, ledger_file, rule, break_it, value):
    sheets = valid_sheets()
    sheet, cell = break_it(sheets)
    found = [f for f in findings(cli, ledger_file(sheets)) if f["rule"] == rule]
    assert found, f"no {rule} finding"
    assert found[0]["value"] == value
    if cell:
        assert found[0]["sheet"] == sheet and found[0]["cell"] == cell
    assert found[0]["message"] and found[0]["severity"] in ("error", "warning", "info")


def test_rule_catalogue_is_fully_covered_by_these_tests():
    from rectxl.core.findings import RULES

    tested = {b[0] for b in BROKEN} | {
        "not-a-ledger", "sheet-missing", "header-not-found", "column-missing", "header-duplicate", "sheet-empty",
        "excel-error", "stray-cell", "column-absent"}  # the structure rules are tested below and in test_reading.py
    assert set(RULES) == tested


def test_the_sound_ledger_with_outcomes_has_no_findings(cli, ledger_file):
    sheets = valid_sheets()
    sheets["整改成效"] = OUTCOMES
    assert findings(cli, ledger_file(sheets)) == []


@pytest.mark.parametrize("header, value, rule, message", [
    ("成效类型", "新定制度", "outcome-type-unknown", "成效类型“新定制度”不在可选值中，是否应为“制定制度”"),
    ("成效类型", None, "value-required", "“成效类型”不能为空"),
    ("数量", "12.5万元", "number-unreadable", "“数量”的值“12.5万元”不是数字"),
    ("数量", -1, "number-negative", "“数量”为负数 -1，应不小于 0"),
    ("措施编号", "1-2-11", "outcome-unknown-measure", "措施编号“1-2-11”在任务清单中不存在，是否应为“1-2-1”"),
    ("日期", dt.date(2023, 4, 2), "date-after-as-of", "“日期”2023-04-02 晚于统计截止日期 2023-03-31"),
])
def test_an_outcome_row_is_checked_at_its_cell(cli, ledger_file, header, value, rule, message):
    sheets = valid_sheets()
    sheets["整改成效"] = [list(r) for r in OUTCOMES]
    cell = set_cell(sheets, "整改成效", 1, header, value)
    found = findings(cli, ledger_file(sheets))
    assert [(f["rule"], f["sheet"], f["cell"]) for f in found] == [(rule, "整改成效", cell)]
    assert message in found[0]["message"]


def test_an_empty_or_absent_outcomes_sheet_is_no_finding(cli, ledger_file):
    sheets = valid_sheets()
    assert findings(cli, ledger_file(sheets)) == []  # (no 整改成效 sheet at all)
    sheets["整改成效"] = [OUTCOMES[0]]
    assert findings(cli, ledger_file(sheets)) == []


def test_required_value_empty_names_the_cell(cli, ledger_file):
    sheets = valid_sheets()
    cell = set_cell(sheets, "任务清单", 1, "整改措施", None)
    found = [f for f in findings(cli, ledger_file(sheets)) if f["rule"] == "value-required"]
    assert [(f["sheet"], f["cell"]) for f in found] == [("任务清单", cell)]
    assert found[0]["message"] == "“整改措施”不能为空。"


def test_a_cell_of_invisible_characters_only_is_empty(cli, ledger_file):
    sheets = valid_sheets()
    cell = set_cell(sheets, "任务清单", 2, "责任人", "\u200b\ufeff")
    found = [f for f in findings(cli, ledger_file(sheets)) if f["rule"] == "value-required"]
    assert [f["cell"] for f in found] == [cell]


def test_missing_sheet_is_a_finding_naming_the_sheet(cli, ledger_file):
    sheets = valid_sheets()
    del sheets["责任人"]
    found = findings(cli, ledger_file(sheets))
    assert [f["sheet"] for f in found if f["rule"] == "sheet-missing"] == ["责任人"]


def test_missing_column_suggests_the_closest_header(cli, ledger_file):
    sheets = valid_sheets()
    sheets["任务清单"][0][3] = "责任部们"
    path = ledger_file(sheets)
    found = [f for f in findings(cli, path) if f["rule"] == "column-missing"]
    assert [f["message"] for f in found] == ["缺少必填列“责任部门”（表头中的“责任部们”是否就是这一列？）。"]
    found_en = [f for f in findings(cli, path, "--lang", "en") if f["rule"] == "column-missing"]
    assert [f["message"] for f in found_en] == [
        "Required column “责任部门” is missing (is the header “责任部们” that column?)."]


def test_duplicate_header_is_an_error_at_the_second_one(cli, ledger_file):
    sheets = valid_sheets()
    for row in sheets["任务清单"]:
        row.append(row[7])
    found = [f for f in findings(cli, ledger_file(sheets)) if f["rule"] == "header-duplicate"]
    assert [(f["cell"], f["severity"]) for f in found] == [("L1", "error")]


def test_sheet_without_rows_or_headers(cli, ledger_file):
    sheets = valid_sheets()
    sheets["进展记录"] = sheets["进展记录"][:1]
    sheets["问题清单"][0] = ["甲", "乙", "丙"]
    found = findings(cli, ledger_file(sheets))
    assert ("sheet-empty", "进展记录") in [(f["rule"], f["sheet"]) for f in found]
    assert ("header-not-found", "问题清单") in [(f["rule"], f["sheet"]) for f in found]


def test_english_messages_on_request(cli, ledger_file):
    sheets = valid_sheets()
    set_cell(sheets, "任务清单", 2, "整改状态", "已完城")
    found = findings(cli, ledger_file(sheets), "--lang", "en")
    assert found[0]["message"] == ("Status “已完城” is not in the list (did you mean “已完成”?); allowed: "
                                   "未启动、推进中、待验收、已完成、阶段性完成、长期坚持.")


def test_all_findings_come_at_once_in_reading_order(cli, ledger_file):
    sheets = valid_sheets()
    set_cell(sheets, "任务清单", 4, "整改状态", "不知道")
    set_cell(sheets, "任务清单", 1, "完成时限", "尽快")
    set_cell(sheets, "问题清单", 1, "问题描述", None)
    found = findings(cli, ledger_file(sheets))
    assert [(f["sheet"], f["cell"]) for f in found if f["severity"] == "error"] == [
        ("问题清单", "D2"), ("任务清单", "G2"), ("任务清单", "H5")]


def test_without_a_completion_date_column_one_warning_not_one_per_row(cli, ledger_file):
    sheets = valid_sheets()
    col = sheets["任务清单"][0].index("完成日期")
    sheets["任务清单"] = [row[:col] + row[col + 1:] for row in sheets["任务清单"]]
    found = findings(cli, ledger_file(sheets))
    assert [(f["rule"], f["cell"]) for f in found] == [("column-absent", "A1")]


def test_a_day_count_setting_out_of_bounds_is_a_finding_not_a_crash(cli, ledger_file):
    sheets = valid_sheets()
    setting(sheets, "立行立改时限天数", 3_000_000)
    found = [f for f in findings(cli, ledger_file(sheets)) if f["rule"] == "setting-invalid"]
    assert [f["cell"] for f in found] == ["B8"]


def test_an_implausible_progress_date_is_found_on_every_row(cli, ledger_file):
    sheets = valid_sheets()
    sheets["进展记录"].append([dt.date(1905, 3, 1), "1-1-2", "x", None])
    sheets["进展记录"].append([dt.date(1905, 3, 2), "1-1-2", "y", None])
    found = [f["cell"] for f in findings(cli, ledger_file(sheets)) if f["rule"] == "date-out-of-range"]
    assert found == ["A4", "A5"]


# Whole messages, written from the rule catalogue's templates (rectxl/core/findings.py) for the
# breakages above: what a user reads, in both languages, with every slot filled.
WHOLE_MESSAGES = {
    "status-unknown": ("整改状态“已完城”不在可选值中，是否应为“已完成”；可选：未启动、推进中、待验收、已完成、阶段性完成、长期坚持。",
                       "Status “已完城” is not in the list (did you mean “已完成”?); allowed: "
                       "未启动、推进中、待验收、已完成、阶段性完成、长期坚持."),
    "person-not-on-roster": ("责任人“李肆”不在责任人名单中，是否应为“李四”。", "“李肆” is not on the roster (did you mean “李四”?)."),
    "problem-unknown": ("问题编号“9-9”在问题清单中不存在。", "Problem ID “9-9” is not on the problems sheet."),
    "id-prefix": ("措施编号“X-1”应以其问题编号加“-”开头（1-1-…）。", "Measure ID “X-1” should start with its problem ID and “-” (1-1-…)."),
    "date-after-as-of": ("“完成日期”2023-05-01 晚于统计截止日期 2023-03-31。",
                         "“完成日期” 2023-05-01 is after the as-of date 2023-03-31."),
    "count-mismatch": ("设置中公布的措施数为 6，台账中实际为 5。", "Settings announce 6 for 措施数; the ledger has 5."),
    "setting-invalid": ("设置项“反馈日期”的值“不详”无法识别：应为日期，如 2022-09-16。",
                        "Setting “反馈日期” has an unreadable value “不详”: a date such as 2022-09-16 is expected."),
    "closed-not-done": ("已销号，但整改状态是“推进中”而不是“已完成”。", "Closed (销号) but the status is “推进中”, not 已完成."),
}


@pytest.mark.parametrize("rule", sorted(WHOLE_MESSAGES))
def test_the_whole_message_in_both_languages(cli, ledger_file, rule):
    break_it = next(b for r, b, _ in BROKEN if r == rule)
    sheets = valid_sheets()
    break_it(sheets)
    path = ledger_file(sheets)
    got = tuple(next(f["message"] for f in findings(cli, path, "--lang", lang) if f["rule"] == rule)
                for lang in ("zh", "en"))
    assert got == WHOLE_MESSAGES[rule]
