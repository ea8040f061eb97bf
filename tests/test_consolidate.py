"""Consolidation: a folder of units' ledgers → one summary workbook and one briefing.

Every number in the summary must be the sum of the units' own `rectxl status --format json`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import AS_OF, run_rectxl, valid_sheets, write_workbook
from rectxl.cli import app
from rectxl.consolidate.summary import HEADS, PEOPLE_TOTAL, TOTAL, summarize, summary_sheets
from rectxl.consolidate.units import UnitReport, choose_as_of, parallel_map
from rectxl.core.figures import COUNTS, percent

STATUS, DONE_DATE, EVIDENCE = 7, 8, 9  # columns of 任务清单 in valid_sheets()


def unit_sheets(name: str | None, statuses: dict | None = None, rename: dict | None = None) -> dict:
    """valid_sheets() for another unit: its 单位名称, some measures' status (and done date,
    evidence), some people renamed."""
    sheets = valid_sheets()
    sheets["设置"][1] = ["单位名称", name]
    for row in sheets["任务清单"][1:]:
        if row[0] in (statuses or {}):
            row[STATUS:EVIDENCE + 1] = statuses[row[0]]
    for sheet in ("任务清单", "责任人", "进展记录"):
        for row in sheets[sheet]:
            for i, value in enumerate(row):
                if isinstance(value, str):
                    for old, new in (rename or {}).items():
                        value = value.replace(old, new)
                    row[i] = value
    return sheets


# file (relative to the folder) → (its sheets, its label in the summary)
UNITS = {
    "a.xlsx": (unit_sheets("计算机学院党委"), "计算机学院党委"),
    "b.xlsx": (unit_sheets("外国语学院党委", {"1-1-2": ["阶段性完成", None, None], "2-1-1": ["未启动", None, None]},
                           rename={"王五": "赵六"}), "外国语学院党委"),
    "sub/deep/c.xlsx": (unit_sheets("机关党委", {"2-1-1": ["已完成", dt.date(2023, 2, 10), "接待清单"],
                                               "1-2-1": ["推进中", None, None]}), "机关党委"),
    "errors.xlsx": (unit_sheets("马克思主义学院", {"1-1-2": ["已完城", None, None],
                                                 "2-1-2": ["已完成", dt.date(2023, 4, 5), "自查报告"]}), "马克思主义学院"),
    "d1.xlsx": (unit_sheets("体育学院"), "体育学院（d1）"),
    "sub/d2.xlsx": (unit_sheets("体育学院", {"1-1-2": ["已完成", dt.date(2023, 3, 1), "检查报告"]}), "体育学院（d2）"),
    "noname.xlsx": (unit_sheets(None), "noname"),
}
BROKEN = "broken.xlsx"


def status_json(path: Path, *options) -> dict:
    result = CliRunner().invoke(app, ["status", str(path), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def validate_counts(path: Path) -> dict:
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    return json.loads(result.stdout)["counts"]


def sheet_rows(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def last_row_cells(ws) -> list:
    return list(ws[ws.max_row])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("units")
    for rel, (sheets, _) in UNITS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        write_workbook(root / rel, sheets)
    (root / BROKEN).write_text("这不是工作簿\n", encoding="utf-8")
    (root / "~$a.xlsx").write_bytes(b"lock")  # Excel's owner file: skipped
    return root


@pytest.fixture(scope="module")
def statuses(folder) -> dict[str, dict]:
    """Each unit's own `rectxl status --format json` (as-of: its 统计截止日期, 2023-03-31)."""
    return {label: status_json(folder / rel) for rel, (_, label) in UNITS.items()}


@pytest.fixture(scope="module")
def run(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("summary") / "summary.xlsx"
    result = run_rectxl("consolidate", folder, "-o", out, "--jobs", "2")
    return result, openpyxl.load_workbook(out)


def test_exit_code_and_terminal_report(run):
    result, _ = run
    assert result.returncode == 1, result.stderr
    assert "已汇总 7 个单位" in result.stdout and "统计截至 2023-03-31" in result.stdout
    assert "单位名称“体育学院”重复" in result.stderr
    assert BROKEN in result.stderr and "无法读取 1 个文件" in result.stderr
    assert "马克思主义学院：2 个错误" in result.stderr
    assert "~$" not in result.stdout + result.stderr


def test_sheets(run):
    _, wb = run
    assert wb.sheetnames == ["概况", "单位", "责任人", "方面", "逾期事项", "无法读取", "重复单位"]


def test_unit_rows_are_each_units_own_status(run, folder, statuses):
    _, wb = run
    rows = {r["单位"]: r for r in sheet_rows(wb["单位"]) if r["单位"] != TOTAL}
    assert set(rows) == set(statuses)
    for rel, (_, label) in UNITS.items():
        overall, row = statuses[label]["overall"], rows[label]
        for key, head in HEADS:
            assert row[head] == pytest.approx(overall[key]), (label, head)
        assert row["本月完成"] == overall["done_this_month"] and row["超期完成"] == overall["late"]
        counts = validate_counts(folder / rel)
        assert (row["错误"], row["警告"], row["提示"]) == (counts["error"], counts["warning"], counts["info"])
        assert Path(row["文件"]).resolve() == (folder / rel).resolve()
    assert rows["机关党委"]["超期完成"] == 1 and rows["马克思主义学院"]["错误"] == 2
    assert "单位名称取自文件名" in rows["noname"]["备注"]
    ranks = [r["排名"] for r in sheet_rows(wb["单位"]) if r["单位"] != TOTAL]
    rates = [r["完成率"] for r in sheet_rows(wb["单位"]) if r["单位"] != TOTAL]
    assert ranks == list(range(1, 8)) and rates == sorted(rates, reverse=True)


def test_total_row_holds_summed_values_not_formulas(run, statuses):
    _, wb = run
    ws = wb["单位"]
    heads = [c.value for c in ws[1]]
    cells = last_row_cells(ws)
    assert cells[0].value == TOTAL
    total = {h: c for h, c in zip(heads, cells)}
    for key in COUNTS:
        head = dict(HEADS)[key]
        assert total[head].data_type == "n" and isinstance(total[head].value, int)
        assert total[head].value == sum(s["overall"][key] for s in statuses.values())
    done, measures = total["已完成"].value, total["措施数"].value
    assert total["完成率"].value == pytest.approx(done / measures)  # from the sums, not averaged
    assert total["完成率"].number_format == "0.0%"
    assert total["错误"].value == 2
    for ws in wb.worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title


def test_people_are_qualified_by_unit(run, statuses):
    _, wb = run
    rows = sheet_rows(wb["责任人"])
    total = rows.pop()
    assert total["单位"] == PEOPLE_TOTAL
    people = {(r["单位"], r["责任人"]): r for r in rows}
    expected = {(label, p["name"]): p for label, s in statuses.items() for p in s["people"]}
    assert set(people) == set(expected)
    zhang = [unit for unit, name in people if name == "张三"]
    assert len(zhang) == len(UNITS)  # one 张三 per unit, never merged
    assert ("外国语学院党委", "赵六") in people and ("外国语学院党委", "王五") not in people
    for key, p in expected.items():
        row = people[key]
        assert row["部门"] == p["unit"]
        for k, head in HEADS:
            assert row[head] == pytest.approx(p[k]), (key, head)
    # A measure with two people counts once: the 合计 is the units' total, not the column's sum.
    assert total["措施数"] == sum(s["overall"]["total"] for s in statuses.values())
    assert total["措施数"] < sum(r["措施数"] for r in rows)


def test_aspects_are_summed_by_name(run, statuses):
    _, wb = run
    rows = sheet_rows(wb["方面"])
    total = rows.pop()
    by_name: dict[str, dict] = {}
    for s in statuses.values():
        for a in s["aspects"]:
            acc = by_name.setdefault(a["name"], dict.fromkeys(COUNTS, 0))
            for k in COUNTS:
                acc[k] += a[k]
    assert {r["方面"] for r in rows} == set(by_name)
    for r in rows:
        for k in COUNTS:
            assert r[dict(HEADS)[k]] == by_name[r["方面"]][k]
        assert r["单位数"] == len(UNITS)
        assert r["完成率"] == pytest.approx(r["已完成"] / r["措施数"])
    assert total["方面"] == TOTAL
    assert total["措施数"] == sum(s["overall"]["total"] for s in statuses.values())


def test_overdue_items_with_their_unit(run, statuses):
    _, wb = run
    rows = sheet_rows(wb["逾期事项"])
    total = rows.pop()
    expected = {(label, o["measure"]): o["days_overdue"] for label, s in statuses.items() for o in s["overdue"]}
    assert {(r["单位"], r["措施编号"]): r["逾期天数"] for r in rows} == expected
    assert [r["逾期天数"] for r in rows] == sorted((r["逾期天数"] for r in rows), reverse=True)
    assert total["单位"] == TOTAL and total["措施编号"] == len(expected)


def test_unreadable_files_are_listed_with_the_reason(run, folder):
    _, wb = run
    rows = sheet_rows(wb["无法读取"])
    assert [Path(r["文件"]).name for r in rows] == [BROKEN]
    alone = CliRunner().invoke(app, ["validate", str(folder / BROKEN)])
    assert alone.exit_code == 2 and rows[0]["原因"] and rows[0]["原因"] in alone.output


def test_duplicate_units_are_reported_not_merged(run, folder):
    _, wb = run
    rows = sheet_rows(wb["重复单位"])
    assert {r["单位名称"] for r in rows} == {"体育学院"}
    assert {Path(r["文件"]).name: r["汇总表中的名称"] for r in rows} == {"d1.xlsx": "体育学院（d1）",
                                                                     "d2.xlsx": "体育学院（d2）"}
    units = {r["单位"]: r for r in sheet_rows(wb["单位"])}
    assert "体育学院" not in units
    assert all("单位名称重复" in units[name]["备注"] for name in ("体育学院（d1）", "体育学院（d2）"))
    assert "体育学院（各自单列，均计入合计，请核实）" in [r["值"] for r in sheet_rows(wb["概况"])]


def test_as_of_flag_counts_every_unit_on_that_day(folder, tmp_path):
    out = tmp_path / "feb.xlsx"
    result = CliRunner().invoke(app, ["consolidate", str(folder / "a.xlsx"), str(folder / "sub"), "-o", str(out),
                                      "--as-of", "2023-02-28", "--jobs", "1"])
    assert result.exit_code == 1, result.output  # progress dated after 2023-02-28: errors
    assert "统计截至 2023-02-28" in result.output and "日期不一致" not in result.output
    rows = {r["单位"]: r for r in sheet_rows(openpyxl.load_workbook(out)["单位"])}
    assert set(rows) == {"计算机学院党委", "机关党委", "体育学院", TOTAL}  # only d2 is under sub/: no duplicate
    for rel in ("a.xlsx", "sub/deep/c.xlsx"):
        own = status_json(folder / rel, "--as-of", "2023-02-28")["overall"]
        assert rows[UNITS[rel][1]]["逾期"] == own["overdue"] and rows[UNITS[rel][1]]["无进展"] == own["stale"]


def test_one_as_of_date_for_all_units(tmp_path):
    undated = unit_sheets("乙学院")
    undated["设置"][4] = ["统计截止日期", None]
    write_workbook(tmp_path / "甲.xlsx", unit_sheets("甲学院"))
    write_workbook(tmp_path / "乙.xlsx", undated)
    out = tmp_path / "out" / "s.xlsx"
    result = CliRunner().invoke(app, ["consolidate", str(tmp_path), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert "统计截至 2023-03-31" in result.output  # the one date the ledgers give, for the undated one too
    rows = {r["单位"]: r for r in sheet_rows(openpyxl.load_workbook(out)["单位"])}
    own = status_json(tmp_path / "乙.xlsx", "--as-of", AS_OF.isoformat())["overall"]
    assert all(rows["乙学院"][head] == pytest.approx(own[key]) for key, head in HEADS)

    later = unit_sheets("丙学院")
    later["设置"][4] = ["统计截止日期", dt.date(2023, 4, 30)]
    write_workbook(tmp_path / "丙.xlsx", later)
    result = CliRunner().invoke(app, ["consolidate", str(tmp_path), "-o", str(out), "--jobs", "1"])
    assert f"统计截至 {dt.date.today().isoformat()}" in result.output and "日期不一致" in result.output


def test_clean_folder_exits_0_and_output_inside_it_is_not_read_back(tmp_path):
    for name in ("甲学院", "乙学院"):
        path = write_workbook(tmp_path / f"{name}.xlsx", unit_sheets(name))
        wb = openpyxl.load_workbook(path)
        cell = wb["任务清单"]["C5"]  # the overdue measure's text: typed as text, though it looks like a formula
        cell.value, cell.data_type = "=1+1", "s"
        wb.save(path)
    out = tmp_path / "汇总.xlsx"
    for _ in range(2):
        result = CliRunner().invoke(app, ["consolidate", str(tmp_path), "-o", str(out), "--jobs", "1"])
        assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert [r["单位"] for r in sheet_rows(wb["单位"])][-1] == TOTAL
    assert "已汇总 2 个单位" in result.output
    assert wb["逾期事项"]["C2"].value == "=1+1" and wb["逾期事项"]["C2"].data_type == "s"  # text, not a formula


def test_nothing_to_read_exits_2(tmp_path):
    result = CliRunner().invoke(app, ["consolidate", str(tmp_path), "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 2 and "没有找到台账文件" in result.output
    result = CliRunner().invoke(app, ["consolidate", str(tmp_path), "-o", str(tmp_path / "s.csv")])
    assert result.exit_code == 2


# ---- the pure parts -------------------------------------------------------------------------------


def _report(name: str, path: str, own: dt.date | None, done: int = 1, total: int = 2) -> UnitReport:
    overall = {**dict.fromkeys(COUNTS, 0), "total": total, "done": done, "staged": done, "done_this_month": 0,
               "late": 0, "completion_rate": done / total, "staged_rate": done / total}
    figures = {"overall": overall, "people": [], "aspects": [], "overdue": []}
    return UnitReport(path, name, own_as_of=own, as_of=own, figures=figures, findings={"error": 0})


def test_as_of_rule():
    today = dt.date(2024, 5, 6)
    a, b = _report("甲", "a.xlsx", AS_OF), _report("乙", "b.xlsx", None)
    assert choose_as_of([a, b], None, today)[0] == AS_OF  # the one date the ledgers give
    assert choose_as_of([a, b], dt.date(2023, 1, 1), today)[0] == dt.date(2023, 1, 1)
    day, source, disagree = choose_as_of([a, _report("丙", "c.xlsx", dt.date(2023, 4, 30))], None, today)
    assert (day, disagree) == (today, True) and "不一致" in source
    assert choose_as_of([b], None, today)[0] == today
    assert choose_as_of([a], None, today, month=(2023, 2))[0] == dt.date(2023, 2, 28)


def test_summary_rates_come_from_summed_counts():
    s = summarize([_report("甲", "a.xlsx", AS_OF, 1, 1), _report("乙", "b.xlsx", AS_OF, 0, 3)], AS_OF)
    assert s.total["completion_rate"] == pytest.approx(0.25)  # 1 of 4, not the mean of 100% and 0%
    sheets = {sheet.name: sheet for sheet in summary_sheets(s)}
    assert sheets["单位"].rows[-1][0] == TOTAL and sheets["单位"].rows[-1][2] == 4


def _crash_on(task: str) -> str:
    if task == "crash":
        os._exit(3)  # as a native crash would: nothing to catch, the pool breaks
    return task.upper()


def test_a_process_that_dies_does_not_stop_the_run():
    tasks = ["a", "b", "crash", "c", "d"]
    done = []
    out = parallel_map(_crash_on, tasks, 2, lambda task, why: f"{task}: {why}", lambda: done.append(1))
    assert out[:2] == ["A", "B"] and out[3:] == ["C", "D"]
    assert out[2].startswith("crash: ") and "异常终止" in out[2]
    assert len(done) == len(tasks)


# ---- the consolidated briefing ----------------------------------------------------------------------


def test_briefing_from_folder_ranks_every_unit(folder, statuses, tmp_path):
    out = tmp_path / "brief.docx"
    result = run_rectxl("briefing", "--from", folder, "--month", "2023-03", "-o", out)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "排名")
    heads = [c.text for c in ranking.rows[0].cells]
    rows = {r.cells[heads.index("单位")].text: r for r in ranking.rows[1:]}
    assert set(rows) == set(statuses) | {TOTAL}
    for label, s in statuses.items():
        cells = [c.text for c in rows[label].cells]
        assert cells[heads.index("完成率")] == percent(s["overall"]["completion_rate"]), label
        assert cells[heads.index("措施数")] == str(s["overall"]["total"])
    total = sum(s["overall"]["done"] for s in statuses.values()) / sum(s["overall"]["total"] for s in statuses.values())
    assert [c.text for c in rows[TOTAL].cells][-1] == percent(total)
    ranks = [int(r.cells[0].text) for r in ranking.rows[1:-1]]
    assert ranks == list(range(1, len(statuses) + 1))
    assert document.inline_shapes and len(document.inline_shapes) == 1  # the chart
    text = "\n".join(p.text for p in document.paragraphs)
    assert "纳入汇总的7个单位" in text and BROKEN in text


def test_briefing_needs_a_ledger_or_a_folder(folder):
    result = CliRunner().invoke(app, ["briefing"])
    assert result.exit_code == 2 and "--from" in result.output
    result = CliRunner().invoke(app, ["briefing", str(folder / "a.xlsx"), "--from", str(folder)])
    assert result.exit_code == 2
