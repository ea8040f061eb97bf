"""`rectxl import`: flat ledgers typed by hand, in the layouts offices really use, become rectxl
ledgers that validate clean and count the same as the source sheet."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import openpyxl
import pytest

from rectxl.importing.flat import CannotImport, flat_import
from rectxl.importing.structure import clean_aspect, unit_from_filler, unit_from_title
from rectxl.core.grid import SheetGrid
from rectxl.core.ledger import build_ledger
from rectxl.io.reading import read_file

FEEDBACK = "2022-09-16"
# The statuses the tests type, and which of them mean done (the test's own reckoning).
DONE_SPELLINGS = {"已完成", "完成", "已销号", "完成整改"}

# aspect → problems → measures (text, department, people, deadline, status, progress)
LEDGER = (
    ("政治建设", (
        ("理论学习中心组学习制度落实不到位", (
            ("修订理论学习中心组学习制度", "党委办公室", "张三", "2022年12月底前", "已完成", "已印发制度"),
            ("制定年度学习计划并按月通报", "党委办公室", "张三、李四", "2023年6月底前", "整改中", "已制定计划"),
        )),
        ("学习成果转化不够", (
            ("建立学习成果转化机制", "宣传部", "李四", "长期坚持", "长期坚持", ""),
        )),
    )),
    ("作风建设", (
        ("公务接待管理不规范", (
            ("修订公务接待管理办法", "办公室", "王五", "立行立改", "完成", "已修订"),
            ("开展公务接待专项检查", "办公室", "王 五", "2023年第一季度", "推进中", "检查进行中"),
            ("建立接待清单公示制度", "办公室、纪委办公室", "王五/赵六", "2023.4.30", "未启动", ""),
        )),
    )),
    ("组织建设", (
        ("“三会一课”制度落实不严格", (
            ("开展“三会一课”专项督查", "组织部", "赵六", "2023年3月31日", "已销号", "督查完成"),
        )),
        ("发展党员程序不规范", (
            ("规范发展党员工作流程", "组织部", "赵六", "2023年上半年", "阶段性完成", "流程已修订"),
            ("补齐发展党员档案材料", "组织部", "钱七", "2023年12月底前", "待验收", ""),
        )),
    )),
)
SECTION_TITLES = ("一、政治建设方面", "（二）在作风建设方面存在的问题", "三、组织建设方面")


def expected_measures():
    """(problem ID, measure ID, text, people, status) as the import should number them."""
    out = []
    for a, (_, problems) in enumerate(LEDGER, 1):
        for p, (_, measures) in enumerate(problems, 1):
            for m, (text, _, people, _, status, _) in enumerate(measures, 1):
                names = [n.replace(" ", "") for n in people.replace("/", "、").split("、")]
                out.append((f"{a}-{p}", f"{a}-{p}-{m}", text, names, status))
    return out


def done_count() -> int:
    return sum(1 for _, _, _, _, status in expected_measures() if status in DONE_SPELLINGS)


def save(wb, path):
    wb.save(path)
    return path


# ---- the layouts ---------------------------------------------------------------------------------


def layout_sections_merged(path):
    """Title row and 填报单位 line, headers with line breaks and spaces, a 序号 column, section rows
    merged across the row, each problem's text (and 序号) merged down over its measures."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append(["××学院党委巡察反馈问题整改台账"])
    ws.merge_cells("A1:I1")
    ws.append(["填报单位：××学院党委　　　　填报日期：2023年3月31日"])
    ws.merge_cells("A2:I2")
    ws.append(["序号", "存在\n问题", "整改\n措施", "责任\n单位", "责 任 人", "完成\n时限", "整改\n状态", "整改进展",
               "责任领导"])
    number = 0
    for title, (_, problems) in zip(SECTION_TITLES, LEDGER):
        ws.append([title])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=9)
        for problem, measures in problems:
            number += 1
            first = ws.max_row + 1
            for i, (text, dept, people, deadline, status, progress) in enumerate(measures):
                ws.append([number if i == 0 else None, f"  {problem}\n" if i == 0 else None, text, dept, people,
                           deadline, status, progress, "李书记"])
            if len(measures) > 1:
                ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
                ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)
    return save(wb, path)


def layout_aspect_column(path):
    """No title, a 方面 column (merged down over its rows), problems typed again on each row, the
    columns named otherwise and in another order; a notes sheet comes first."""
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["本表由各单位填写，每月 25 日前报送。"])
    ws = wb.create_sheet("台账")
    ws.append(["问题类别", "问题内容", "整改举措", "完成状态", "责任部门", "责任人", "整改时限", "完成情况", "牵头领导"])
    for aspect, problems in LEDGER:
        first = ws.max_row + 1
        for problem, measures in problems:
            for text, dept, people, deadline, status, progress in measures:
                ws.append([f"{aspect}方面", problem, text, status, dept, people, deadline, progress, "陈院长"])
        ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
    return save(wb, path)


def layout_first_cell_sections(path, orphan: bool = False):
    """Sections typed in the first cell without merging ("第一方面：…"), problems repeated on each
    row, a footnote row below; with `orphan`, one measure row whose problem text is missing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["关于××学院党委落实巡察反馈意见整改情况的台账"])
    ws.append([])
    ws.append(["序号", "问题表现", "整改措施", "责任单位", "责任人", "时限要求", "整改状态", "完成情况"])
    n = 0
    for a, (aspect, problems) in enumerate(LEDGER):
        ws.append([f"第{'一二三'[a]}方面：{aspect}"])
        for problem, measures in problems:
            for text, dept, people, deadline, status, progress in measures:
                n += 1
                ws.append([n, problem, text, dept, people, deadline, status, progress])
    if orphan:
        ws.append([n + 1, None, "建立整改长效机制", "党委办公室", "张三", "长期坚持", "长期坚持", ""])
    ws.append(["填表人：张三　　审核人：李四"])
    return save(wb, path)


# ---- helpers ---------------------------------------------------------------------------------


def run_import(cli, source, out, *args):
    result = cli("import", source, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return result


def imported(path):
    return build_ledger(read_file(path))


def check_ledger(cli, out, unit="××学院党委", feedback=dt.date(2022, 9, 16)):
    """The imported ledger holds what the test typed; it validates clean and counts the same."""
    ledger = imported(out)
    assert [(p.aspect_no, p.aspect) for p in ledger.problems] == [
        (str(a), aspect) for a, (aspect, problems) in enumerate(LEDGER, 1) for _ in problems]
    assert [(p.id, p.description) for p in ledger.problems] == [
        (f"{a}-{p}", problem) for a, (_, problems) in enumerate(LEDGER, 1) for p, (problem, _) in enumerate(problems, 1)]
    assert [(m.problem_id, m.id, m.text, m.people, m.status) for m in ledger.measures] == [
        (pid, mid, text, people, status) for pid, mid, text, people, status in
        [(p, m, t, n, _canonical(s)) for p, m, t, n, s in expected_measures()]]
    departments = [dept for _, problems in LEDGER for _, measures in problems for _, dept, *_ in measures]
    assert [m.department for m in ledger.measures] == departments
    assert [m.deadline_text for m in ledger.measures] == [
        d for _, problems in LEDGER for _, measures in problems for _, _, _, d, _, _ in measures]
    roster = {p.name: p.department for p in ledger.people}
    assert roster == {"张三": "党委办公室", "李四": "宣传部", "王五": "办公室", "赵六": "组织部", "钱七": "组织部"}
    s = ledger.settings
    assert (s.unit, s.feedback_date) == (unit, feedback)
    assert (s.aspects_count, s.problems_count, s.measures_count) == (3, 5, 9)

    result = cli("validate", out, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 0, [f for f in findings if f["severity"] == "error"]

    result = cli("status", out, "--format", "json")
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    assert (overall["total"], overall["done"]) == (len(expected_measures()), done_count())
    return ledger


def _canonical(status: str) -> str:
    from rectxl.core.values import parse_status

    return parse_status(status)


# ---- the three layouts ---------------------------------------------------------------------------


def test_sections_merged_across_and_problems_merged_down_into_xlsm(cli, tmp_path):
    source = layout_sections_merged(tmp_path / "台账 原表.xlsx")
    out = tmp_path / "导入 台账.xlsm"
    result = run_import(cli, source, out, "--feedback-date", FEEDBACK)
    assert "3 个方面、5 个问题、9 项整改措施" in result.output
    assert "××学院党委（取自 A2）" in result.output
    assert "未导入的行" not in result.output
    ledger = check_ledger(cli, out)
    # 责任领导 and 整改进展 come along; statuses are kept as typed.
    wb = openpyxl.load_workbook(out)
    statuses = [c.value for c in wb["任务清单"]["J"][1:]]
    assert statuses == [s for *_, s in expected_measures()]
    leaders = {c.value for c in wb["任务清单"]["E"][1:]}
    assert leaders == {"李书记"}
    assert ledger.measures[0].evidence == ""
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
    assert {"xl/vbaProject.bin", "customUI/customUI14.xml"} <= names


def test_aspect_column_and_repeated_problems_into_xlsx(cli, tmp_path):
    source = layout_aspect_column(tmp_path / "flat.xlsx")
    out = tmp_path / "ledger.xlsx"
    result = run_import(cli, source, out, "--feedback-date", FEEDBACK, "--unit", "××学院党委")
    assert "“台账”" in result.output  # the notes sheet was passed over
    check_ledger(cli, out)
    wb = openpyxl.load_workbook(out)
    assert "xlwings.conf" not in wb.sheetnames
    # 牵头领导 is the problem's lead, and fills 责任领导 when the sheet has none.
    assert {c.value for c in wb["问题清单"]["E"][1:]} == {"陈院长"}
    assert {c.value for c in wb["任务清单"]["E"][1:]} == {"陈院长"}


def test_first_cell_sections_and_repeated_problems(cli, tmp_path):
    source = layout_first_cell_sections(tmp_path / "flat.xlsx")
    out = tmp_path / "ledger.xlsx"
    result = run_import(cli, source, out, "--feedback-date", FEEDBACK)
    check_ledger(cli, out)
    # The footnote row is no data, yet not dropped silently: the dry run lists it with its cell.
    assert "未导入的行" not in result.output
    dry = cli("import", source, "--dry-run")
    assert "A16" in dry.output and "表尾说明" in dry.output


def test_a_measure_without_its_problem_is_reported_with_its_cell(cli, tmp_path):
    source = layout_first_cell_sections(tmp_path / "flat.xlsx", orphan=True)
    out = tmp_path / "ledger.xlsx"
    result = run_import(cli, source, out, "--feedback-date", FEEDBACK)
    assert "B16" in result.output  # the empty 问题表现 cell of the orphan row
    assert "“问题表现”为空" in result.output
    ledger = imported(out)
    assert len(ledger.measures) == 9
    assert "建立整改长效机制" not in [m.text for m in ledger.measures]

    report = flat_import(read_file(source), feedback_date=dt.date(2022, 9, 16))
    assert [u.cell for u in report.unplaced] == ["B16"]
    assert [(n.cell, n.kind) for n in report.notes if n.cell == "A17"] == [("A17", "表尾说明")]  # 填表人：…
    assert "建立整改长效机制" in report.unplaced[0].text


# ---- what the report says -----------------------------------------------------------------------


def test_the_mapping_names_each_source_header(tmp_path):
    source = layout_sections_merged(tmp_path / "flat.xlsx")
    report = flat_import(read_file(source), feedback_date=dt.date(2022, 9, 16))
    assert report.header_row == 3
    assert [(m.cell, m.header, m.target) for m in report.mapping] == [
        ("A3", "序号", "（序号：不导入，编号由 rectxl 生成）"),
        ("B3", "存在 问题", "问题清单·问题描述"),
        ("C3", "整改 措施", "任务清单·整改措施"),
        ("D3", "责任 单位", "任务清单·责任部门"),
        ("E3", "责 任 人", "任务清单·责任人"),
        ("F3", "完成 时限", "任务清单·完成时限"),
        ("G3", "整改 状态", "任务清单·整改状态"),
        ("H3", "整改进展", "任务清单·整改进展"),
        ("I3", "责任领导", "任务清单·责任领导"),
    ]
    assert (report.aspects, report.problems, report.measures, report.people) == (3, 5, 9, 5)
    assert report.unit == "××学院党委" and report.unit_source == "A2"
    assert report.warnings == []


def test_deadlines_needing_the_feedback_date_ask_for_it(cli, tmp_path):
    source = layout_sections_merged(tmp_path / "flat.xlsx")
    out = tmp_path / "ledger.xlsx"
    result = run_import(cli, source, out)
    assert "--feedback-date" in result.output and "F9“立行立改”" in result.output
    assert imported(out).settings.feedback_date is None  # never guessed


def test_a_missing_unit_and_columns_are_warned_about(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["校党委第三轮巡察反馈问题整改台账"])
    ws.append(["存在问题", "整改措施", "责任人"])
    ws.append(["问题甲", "措施一", "张三"])
    report = flat_import(read_file(save(wb, tmp_path / "flat.xlsx")))
    assert report.unit == ""
    warnings = " ".join(report.warnings)
    assert "--unit" in warnings
    assert all(f"“{name}”列" in warnings for name in ("责任部门", "完成时限", "整改状态"))
    assert "没有找到方面" in warnings
    assert [(p["problem_id"], p["aspect_no"], p["aspect"]) for p in report.data["problems"]] == [("1-1", "1", "")]


def test_group_headers_over_a_second_header_row(tmp_path):
    rows = [["序号", "存在问题", "整改措施", "责任部门", "责任人", "完成时限", "完成情况", None],
            [None, None, None, None, None, None, "整改状态", "整改进展"],
            ["一、政治建设方面", None, None, None, None, None, None, None],
            [1, "问题甲", "措施一", "党办", "张三", "2023年6月底前", "推进中", "起草中"]]
    merges = [((0, 6), (0, 7)), ((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (1, 2)), ((2, 0), (2, 7))]
    report = flat_import([SheetGrid("台账", rows, merged=merges)])
    assert report.header_row == 1
    assert [(m.cell, m.target) for m in report.mapping][-2:] == [("G2", "任务清单·整改状态"), ("H2", "任务清单·整改进展")]
    assert report.data["measures"] == [{"measure_id": "1-1-1", "problem_id": "1-1", "measure": "措施一",
                                        "department": "党办", "people": "张三", "deadline": "2023年6月底前",
                                        "status": "推进中", "progress": "起草中"}]
    assert report.unplaced == []


def test_a_problem_merged_down_is_one_problem_even_when_texts_repeat(tmp_path):
    rows = [["存在问题", "整改措施", "责任人"],
            ["一、作风方面", None, None],
            ["同一段文字", "措施一", "张三"], [None, "措施二", "张三"],
            ["同一段文字", "措施三", "李四"],  # typed again right below: the same problem
            ["另一个问题", "措施四", "李四"]]
    report = flat_import([SheetGrid("台账", rows, merged=[((1, 0), (1, 2)), ((2, 0), (3, 0))])], unit="某单位")
    assert [p["problem_id"] for p in report.data["problems"]] == ["1-1", "1-2"]
    assert [(m["measure_id"], m["problem_id"]) for m in report.data["measures"]] == [
        ("1-1-1", "1-1"), ("1-1-2", "1-1"), ("1-1-3", "1-1"), ("1-2-1", "1-2")]
    assert report.data["problems"][0]["aspect"] == "作风"


def test_a_section_row_with_no_problem_under_it_is_reported():
    rows = [["存在问题", "整改措施", "责任人"],
            ["一、作风方面", None, None],
            ["问题甲", "措施一", "张三"],
            ["备注：以上各方面问题均已明确责任人", None, None]]
    report = flat_import([SheetGrid("台账", rows, merged=[((1, 0), (1, 2)), ((3, 0), (3, 2))])], unit="某单位")
    assert report.measures == 1
    assert report.unplaced == []
    assert [(n.cell, n.kind, n.text) for n in report.notes if n.cell == "A4"] == [
        ("A4", "表尾说明", "备注：以上各方面问题均已明确责任人")]


@pytest.mark.parametrize("title, name", [
    ("一、政治建设方面", "政治建设"),
    ("（二）在作风建设方面存在的问题", "作风建设"),
    ("第三方面：党的组织建设", "党的组织建设"),
    ("四、关于落实全面从严治党主体责任方面存在的问题（共5个）", "落实全面从严治党主体责任"),
    ("5. 干部队伍建设方面的问题", "干部队伍建设"),
    ("意识形态工作", "意识形态工作"),
])
def test_section_titles_become_clean_aspect_names(title, name):
    assert clean_aspect(title) == name


@pytest.mark.parametrize("title, unit", [
    ("××学院党委巡察反馈问题整改台账", "××学院党委"),
    ("关于××学院党委落实巡察反馈意见整改情况的台账", "××学院党委"),
    ("××学院党委整改台账", "××学院党委"),
    ("校党委第三轮巡察反馈问题整改台账", ""),  # names the inspection, not the unit: no guess
])
def test_the_unit_from_the_title(title, unit):
    assert unit_from_title(title) == unit


def test_the_unit_from_the_filler_line():
    assert unit_from_filler("填报单位：××学院党委　　填报日期：2023年3月31日") == "××学院党委"
    assert unit_from_filler("填报单位（盖章）: 某某处  填报人：张三") == "某某处"
    assert unit_from_filler("填报日期：2023年3月31日") == ""


# ---- refusals and dry runs -----------------------------------------------------------------------


def test_not_a_ledger_lists_the_headers_looked_for(cli, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话", "住址"])
    wb.active.append(["张三", "123", "某地"])
    source = save(wb, tmp_path / "通讯录.xlsx")
    out = tmp_path / "ledger.xlsm"
    result = cli("import", source, "-o", out)
    assert result.exit_code == 2
    assert "不是可导入的整改台账" in result.output
    assert "存在问题" in result.output and "整改措施" in result.output and "责任人" in result.output
    assert not out.exists()


def test_a_rectxl_ledger_is_not_imported_again(cli, tmp_path):
    ledger = tmp_path / "ledger.xlsx"
    assert cli("init", ledger, "--demo").exit_code == 0
    result = cli("import", ledger, "-o", tmp_path / "again.xlsx")
    assert result.exit_code == 2 and "已经是 rectxl 台账" in result.output
    assert not (tmp_path / "again.xlsx").exists()


def test_dry_run_writes_nothing(cli, tmp_path):
    source = layout_sections_merged(tmp_path / "flat.xlsx")
    before = set(tmp_path.iterdir())
    result = cli("import", source, "-o", tmp_path / "ledger.xlsm", "--dry-run", "--feedback-date", FEEDBACK)
    assert result.exit_code == 0, result.output
    assert "列对应关系" in result.output and "5 个问题" in result.output and "未写入" in result.output
    assert set(tmp_path.iterdir()) == before
    assert cli("import", source, "--dry-run").exit_code == 0


def test_an_existing_output_needs_force(cli, tmp_path):
    source = layout_aspect_column(tmp_path / "flat.xlsx")
    out = tmp_path / "ledger.xlsx"
    out.write_bytes(b"keep me")
    result = cli("import", source, "-o", out, "--unit", "某单位")
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"keep me"
    run_import(cli, source, out, "--unit", "某单位", "--force", "--feedback-date", FEEDBACK)
    assert len(imported(out).measures) == 9
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".rectxl-")] == []


def test_an_unreadable_file_is_one_line_and_exit_2(cli, tmp_path):
    source = tmp_path / "flat.xlsx"
    source.write_text("序号,存在问题,整改措施\n1,问题,措施\n", encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "ledger.xlsx")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and result.output.startswith("无法读取：")
    assert not (tmp_path / "ledger.xlsx").exists()


def test_a_missing_sheet_name_is_refused(cli, tmp_path):
    source = layout_aspect_column(tmp_path / "flat.xlsx")
    result = cli("import", source, "--sheet", "不存在", "--dry-run")
    assert result.exit_code == 2 and "填表说明" in result.output and "台账" in result.output
    result = cli("import", source, "--sheet", "台账", "--dry-run", "--unit", "某单位")
    assert result.exit_code == 0, result.output


def test_wrong_output_type_is_refused(cli, tmp_path):
    source = layout_aspect_column(tmp_path / "flat.xlsx")
    result = cli("import", source, "-o", tmp_path / "ledger.csv")
    assert result.exit_code == 2 and not (tmp_path / "ledger.csv").exists()
    with pytest.raises(CannotImport):
        flat_import(read_file(source), sheet="nope")


def test_cell_text_that_looks_like_rich_markup_is_printed_as_typed(tmp_path):
    from conftest import run_rectxl, write_workbook

    path = write_workbook(tmp_path / "flat.xlsx", {"台账": [
        ["序号", "存在问题", "整改措施", "责任单位", "责任人", "完成时限", "整改状态"],
        [1, "问题[/b]一", "措施[bold]一", "办公室", "张三", "2023年6月底前", "推进中"],
        [2, None, "措施[/b]二", "办公室", "张三", "2023年6月底前", "推进中"]]})  # unplaced: printed
    result = run_rectxl("import", path, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "措施[/b]二" in result.stdout.replace("\n", "")


def test_ledger_text_that_looks_like_a_formula_is_imported_as_text(tmp_path):
    """A cell of the source reading "=HYPERLINK(…)" stays that text in the imported ledger: a formula
    written there would run (fetch a link) when the office opens the ledger in Excel."""
    from conftest import run_rectxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "存在问题", "整改措施", "责任单位", "责任人", "完成时限", "整改状态"])
    ws.append([1, "问题一", '=HYPERLINK("http://example.invalid","点此")', "办公室", "张三", "2023年6月底前", "推进中"])
    ws["C2"].data_type = "s"  # typed as text in the source, as Excel keeps a cell formatted as text
    source = tmp_path / "flat.xlsx"
    wb.save(source)
    out = tmp_path / "ledger.xlsx"
    result = run_rectxl("import", source, "-o", out, "--unit", "某单位")
    assert result.returncode == 0, result.stderr
    ws = openpyxl.load_workbook(out)["任务清单"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
