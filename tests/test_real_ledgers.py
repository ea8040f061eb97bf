"""Issue 13: the words, headers, deadlines, names and rows real ledgers hold, each understood the one
way the schema declares — and the other doors saying so when handed a flat ledger."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from conftest import run_rectxl, valid_sheets, write_workbook
from rectxl.core import schema
from rectxl.core.people import assignees
from rectxl.core.values import BadValue, parse_deadline, parse_status, status_at_start
from rectxl.importing.flat import flat_import
from rectxl.importing.headers import field_of
from rectxl.importing.status import read_status
from rectxl.io.reading import read_file

FEEDBACK = dt.date(2023, 1, 17)


@pytest.mark.parametrize("word, bucket", [
    ("已完成", "done"), ("已整改", "done"), ("已整改到位", "done"), ("整改完成", "done"), ("完成整改", "done"),
    ("已销号", "done"), ("已完成，长期坚持", "done"), ("已整改完毕", "done"), ("持续整改中", "in_progress"), ("基本完成", "phase"), ("阶段性完成", "phase"),
    ("取得阶段性成效", "phase"), ("正在整改", "in_progress"), ("正在推进", "in_progress"),
    ("正按序推进", "in_progress"), ("正在推进中", "in_progress"), ("正在整改中", "in_progress"), ("持续推进", "in_progress"), ("持续整改", "in_progress"),
    ("未完成", "in_progress"), ("长期坚持", "in_progress"), ("未整改", "not_started"), ("未启动", "not_started"),
    # A safety-management system's notice workflow (tests/corpus l03), in its order.
    ("未下发", "not_started"), ("未分析原因制定措施", "not_started"), ("措施已制定待审核", "in_progress"),
    ("措施审核不通过", "in_progress"), ("措施审核通过执行中", "in_progress"), ("整改证据已上传待审核", "in_progress"),
    ("整改效果审核通过", "done"), ("部分", "phase"),
    # A software team's remediation list (tests/corpus l11): phrases, some with a check as qualifier.
    ("已整改并验证", "done"), ("已整改，定向通过", "done"), ("已实施", "done"), ("已实施，定向通过", "done"),
    ("验收通过", "done"), ("待环境核对", "in_progress"), ("待所有者核对", "in_progress"),
])
def test_each_status_word_falls_in_its_one_bucket(word, bucket):
    assert schema.BUCKET_OF_STATUS[parse_status(word)] == bucket


@pytest.mark.parametrize("word", ["已实施，待最终门禁", "整改完成，待验收", "已整改，待审核"])
def test_done_and_awaiting_its_check_is_pending(word):
    assert parse_status(word) == schema.PENDING


@pytest.mark.parametrize("word, suggestion", [("未销号", schema.IN_PROGRESS), ("已完成，正在整改", schema.DONE)])
def test_an_ambiguous_status_is_a_finding_with_a_suggestion_never_a_guess(word, suggestion):
    with pytest.raises(BadValue) as bad:
        parse_status(word)
    assert bad.value.code == "status-ambiguous" and bad.value.details["suggestion"] == suggestion


@pytest.mark.parametrize("value, header, status, progress", [
    ("是", "是否已完成整改", schema.DONE, None), ("否", "是否整改到位", schema.IN_PROGRESS, None),
    ("100%", "整改进度", schema.DONE, None), ("60%", "整改进度", schema.IN_PROGRESS, None), (0.0, "整改进度", schema.NOT_STARTED, None),
    ("已完成。已修订学习制度并印发", "完成情况", schema.DONE, "已完成。已修订学习制度并印发"),
    ("正按序推进", "整改情况", "正按序推进", None),
    ("经研究，已制定方案并报党委审议通过", "整改情况", None, "经研究，已制定方案并报党委审议通过"),
    ("是", "是否办结", schema.DONE, None), ("否", "是否办结", schema.IN_PROGRESS, None),
    # 是/否 with a word after it, and numbers under 完成情况 (a share, as its % format shows in Excel).
    ("是（已销号）", "是否整改到位", schema.DONE, "是（已销号）"), ("否，正在推进", "是否整改到位", schema.IN_PROGRESS, "否，正在推进"),
    (1, "完成情况", schema.DONE, None), (0.5, "完成情况", schema.IN_PROGRESS, None), (0, "完成情况", schema.NOT_STARTED, None),
    (100, "完成进度", schema.DONE, None), (60, "完成进度", schema.IN_PROGRESS, None),
    (2, "整改状态", "2", None),  # a number elsewhere may be a system's code: kept for validation to ask about
])
def test_a_status_wherever_offices_keep_it(value, header, status, progress):
    assert read_status(value, header) == (status, progress)


def test_a_status_opening_the_progress_text():
    assert status_at_start("已完成。已修订…") == schema.DONE and status_at_start("正在推进，预计…") == schema.IN_PROGRESS
    assert status_at_start("经研究，已…") is None
    # A progress cell holding only the status word is that status.
    assert status_at_start("正在整改") == schema.IN_PROGRESS and status_at_start("已完成") == schema.DONE
    assert status_at_start("经研究已制定方案") is None
    # The word in brackets, or followed by a space, then the account.
    assert status_at_start("【已完成】已修订制度") == schema.DONE and status_at_start("（已完成）已修订制度") == schema.DONE
    assert status_at_start("已完成 已修订制度并印发") == schema.DONE and status_at_start("已完成3项，还有2项") is None


@pytest.mark.parametrize("header, field", [
    ("具体问题", "description"), ("存在问题", "description"), ("反馈问题", "description"),
    ("巡视反馈具体问题", "description"), ("突出问题", "aspect"), ("巡视反馈重点方面", "aspect"),
    ("一级标题", "aspect"), ("二级标题", "group"), ("三级标题", "group"), ("整改计划", "measure"),
    ("整改举措", "measure"), ("细化的整改措施", "measure"), ("牵头单位", "department"), ("责任单位", "department"),
    ("责任科室", "department"), ("牵头领导", "lead"), ("牵头校领导", "lead"), ("分管领导", "leader"),
    ("整改第一责任人", "lead"), ("对应的完成时间", "deadline"), ("整改目标", "target"), ("完成情况", "status"),
    ("整改情况", "status"), ("是否已完成整改", "status"), ("是否整改到位", "status"), ("是否完成", "status"),
    ("整改进度", "status"), ("问题整改责任单位", "department"), ("整改\n举措", "measure"), ("进展情况", "progress"),
    # A supervision system's task list (督办系统, tests/corpus/l10): its sub-tasks are the measures.
    ("子任务", "measure"), ("实际完成日期", "done_date"),
    # A task list's one text: the task is the problem (tests/corpus l06).
    ("功能描述", "description"), ("任务描述", "description"), ("任务内容", "description"),
    # A system's notice list (tests/corpus l03): the notice's 标题 is the finding; its 当前状态 the status.
    ("标题", "description"), ("当前状态", "status"),
    # Headers a county, a hospital and an SOE export write (the trial of unseen layouts).
    ("存在的问题", "description"), ("具体表现", "description"), ("整改措施及目标", "measure"),
    ("整 改\n措 施", "measure"), ("整改任务", "measure"), ("责任领导", "leader"), ("完成期限", "deadline"),
    ("整改期限", "deadline"), ("时间节点", "deadline"), ("完成时间", "deadline"), ("整改完成情况", "status"),
    ("是否办结", "status"), ("办结情况", "status"), ("目前进展", "progress"), ("整改落实情况", "progress"),
    ("是否销号", "closed"), ("销号情况", "closed"), ("巡察发现问题", "description"), ("存在的主要问题", "description"),
    ("整改时间", "deadline"), ("实际完成时间", "done_date"), ("办理情况", "status"), ("整改结果", "status"),
    ("责任人员", "people"), ("分管负责人", "leader"), ("整改要求", "target"), ("责　任　人", "people"),
    # Marks and full-width spaces offices add to required columns (the second trial).
    ("※问题　描述", "description"), ("完成\n时限※", "deadline"), ("★整改措施", "measure"), ("完成进度", "status"),
])
def test_each_header_variant_names_its_field(header, field):
    assert field_of(header) == field


@pytest.mark.parametrize("text, day", [
    ("3个月内", dt.date(2023, 4, 17)), ("两个月内", dt.date(2023, 3, 17)), ("半年之内", dt.date(2023, 7, 17)),
    ("半年内", dt.date(2023, 7, 17)), ("一年之内", dt.date(2024, 1, 17)), ("1年内", dt.date(2024, 1, 17)),
    ("年内", dt.date(2023, 12, 31)), ("反馈后2个月内", dt.date(2023, 3, 17)), ("30天内", dt.date(2023, 2, 16)),
    ("2016年6月底前完成制度修订", dt.date(2016, 6, 30)), ("2023年上半年", dt.date(2023, 6, 30)),
])
def test_deadlines_relative_to_the_feedback_date(text, day):
    assert parse_deadline(text, FEEDBACK).date == day


@pytest.mark.parametrize("value, day, long_term", [
    (20240630, dt.date(2024, 6, 30), False), ("20240630", dt.date(2024, 6, 30), False),
    ("2024.06.30", dt.date(2024, 6, 30), False), ("2024-6-30", dt.date(2024, 6, 30), False),
    ("2024年底", dt.date(2024, 12, 31), False), ("长期", None, True), ("持续", None, True),
    ("每季度", None, True), ("每月", None, True), ("定期开展", None, True),
])
def test_deadlines_as_offices_type_them_without_a_feedback_date(value, day, long_term):
    """A date typed as the number 20240630 is that day; recurring work (每季度) has no one deadline."""
    deadline = parse_deadline(value)
    assert (deadline.date, deadline.long_term) == (day, long_term)


@pytest.mark.parametrize("value, status", [
    ("已完成（2024.5.10）", schema.DONE), ("已完成(2024年5月)", schema.DONE), ("已整改 2024-05-20", schema.DONE),
    ("已销号（5月20日）", schema.DONE), ("正在整改（预计6月底完成）", schema.IN_PROGRESS),
])
def test_a_status_word_followed_by_its_date_or_a_note(value, status):
    """The word is the status; the whole cell is kept as progress, so the date is not lost."""
    assert read_status(value, "整改状态") == (status, value)


def test_an_ambiguous_word_with_a_note_stays_as_typed():
    assert read_status("未销号（待审）", "整改状态") == ("未销号（待审）", None)


def test_a_note_in_brackets_that_qualifies_the_word_is_read_as_written_after_a_comma():
    assert read_status("已完成（待验收）", "整改状态") == (schema.PENDING, "已完成（待验收）")
    assert read_status("已完成（长期坚持）", "整改状态") == (schema.DONE, "已完成（长期坚持）")


@pytest.mark.parametrize("text", ["3个月内", "半年之内", "1年内"])
def test_a_relative_deadline_without_a_feedback_date_asks_for_it(text):
    with pytest.raises(BadValue) as bad:
        parse_deadline(text)
    assert bad.value.code == "deadline-needs-feedback-date"


@pytest.mark.parametrize("cell, people", [
    ("副局长 钱 进", [("钱进", "副局长")]), ("李××副校长", [("李××", "副校长")]),
    ("唐××（党委书记）", [("唐××", "党委书记")]), ("张三、李四；王五/赵六", [("张三", ""), ("李四", ""), ("王五", ""), ("赵六", "")]),
    ("张三 李四", [("张三", ""), ("李四", "")]), ("李  明", [("李明", "")]),
    ("各二级学院", []), ("相关职能部门", []), ("分管校领导", []),
    # A surname and a post, as townships write: one person each, never a fragment ("李副").
    ("张书记", [("张书记", "")]), ("李副书记", [("李副书记", "")]), ("王副镇长、赵常务副县长", [("王副镇长", ""), ("赵常务副县长", "")]),
])
def test_names_and_posts_split_and_bodies_are_not_people(cell, people):
    assert [(a.name, a.post) for a in assignees(cell) if a.is_person] == people


def _flat(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_non_data_rows_are_each_named_for_what_they_were_taken_for(tmp_path):
    source = _flat(tmp_path / "flat.xlsx", [
        ["××学院党委关于巡察反馈意见整改情况的台账"],
        ["填报单位：××学院党委（盖章）　　填报日期：2023年3月31日"],
        ["序号", "具体问题", "整改举措", "责任单位", "牵头领导", "对应的完成时间", "完成情况"],
        ["（一）在政治建设方面（2个问题）"],
        ["1.关于学习制度的问题"],
        [1, "学习制度落实不到位", "修订学习制度", "党委办公室", "李××副校长", "3个月内", "已完成。已印发"],
        [2, "学习成果转化不够", "建立转化机制", "宣传部、各二级学院", "唐××（党委书记）", "半年之内", "正在推进，预计6月完成"],
        ["合计", "2个问题", "2项措施"],
    ], ["A1:G1", "A2:G2", "A4:G4", "A5:G5"])
    report = flat_import(read_file(source))
    kinds = {n.cell: n.kind for n in report.notes}
    assert kinds == {"A1": "标题", "A2": "填报信息行", "A4": "方面", "A5": "分组", "A8": "合计行"}
    assert report.unit == "××学院党委" and report.unit_source == "A2"
    problems, measures = report.data["problems"], report.data["measures"]
    assert [(p["aspect"], p["group"]) for p in problems] == [("政治建设", "1.关于学习制度的问题")] * 2
    assert [m["status"] for m in measures] == [schema.DONE, schema.IN_PROGRESS]
    assert measures[0]["progress"] == "已完成。已印发"
    # No 责任人 column: the responsible leaders stand in, and the dry run says so.
    assert [m["people"] for m in measures] == ["李××", "唐××"]
    assert any("责任人取自责任领导" in w for w in report.warnings)
    assert {p["name"]: p["title"] for p in report.data["people"]} == {"李××": "副校长", "唐××": "党委书记"}
    assert any("3个月内" in w and "--feedback-date" in w for w in report.warnings)


def test_sections_each_heading_their_own_table_are_aspects_and_marked_statuses_read(tmp_path):
    # A report pasted from Markdown (tests/corpus l06): each unnumbered section heading stands above
    # its own copy of the header, the first one above the first header; statuses carry a mark.
    source = _flat(tmp_path / "flat.xlsx", [
        ["完整功能审计报告"],
        ["模块 01：三级文档管理"],
        ["TASK", "功能描述", "状态"],
        ["TASK-001", "创建文档管理数据模型", "✅ 完成"],
        ["TASK-011", "实现文档列表页面（前端）", "⚠️ 部分"],
        ["模块 02：模板管理"],
        ["TASK", "功能描述", "状态"],
        ["TASK-021", "创建模板数据模型", "✅ 完成"],
    ], ["A1:C1", "A2:C2", "A6:C6"])
    report = flat_import(read_file(source))
    kinds = {n.cell: n.kind for n in report.notes}
    assert kinds == {"A1": "标题", "A2": "方面", "A6": "方面", "A7": "表头"}, kinds
    assert [p["aspect"] for p in report.data["problems"]] == ["模块 01：三级文档管理"] * 2 + ["模块 02：模板管理"]
    assert [parse_status(m["status"]) for m in report.data["measures"]] == [schema.DONE, schema.PHASE, schema.DONE]
    assert report.unit == ""


@pytest.mark.parametrize("word, status", [("✅ 完成", schema.DONE), ("⚠️ 部分", schema.PHASE), ("❌未整改", schema.NOT_STARTED),
                                          ("√ 已完成", schema.DONE)])
def test_a_mark_before_a_status_word_is_decoration(word, status):
    assert parse_status(word) == status


def test_a_mark_alone_is_not_a_status():
    with pytest.raises(BadValue):
        parse_status("⚠️")


def test_a_refusal_names_the_headers_it_did_not_recognise(tmp_path):
    source = _flat(tmp_path / "flat.xlsx", [["序号", "具体问题", "问题来源", "备注说明"], [1, "x", "y", "z"]])
    with pytest.raises(Exception) as refused:
        flat_import(read_file(source))
    assert "“问题来源”" in str(refused.value) and "必须有" in str(refused.value)


def test_other_doors_on_a_flat_ledger_print_the_import_command(cli, tmp_path):
    source = _flat(tmp_path / "flat.xlsx", [["序号", "存在问题", "整改措施", "责任单位", "整改状态"],
                                            [1, "问题一", "措施一", "办公室", "已完成"]])
    for command in ("validate", "status", "briefing"):
        result = cli(command, source)
        assert result.exit_code == 2, (command, result.output)
        assert "单表台账" in result.output and f"rectxl import {source}" in result.output


def test_drafts_from_a_ledger_with_errors_are_written_but_exit_1(cli, tmp_path):
    sheets = valid_sheets()
    sheets["任务清单"][2][7] = "已完城"  # status-unknown: an error
    path = tmp_path / "ledger.xlsx"
    write_workbook(path, sheets)
    result = cli("weekly", path, "-o", tmp_path)
    assert result.exit_code == 1, result.output
    assert "1 个校验错误" in result.output and f"rectxl validate {path}" in result.output
    assert list(tmp_path.glob("*.docx"))


# ---- layouts our corpus had not seen (the trial of unseen ledgers) --------------------------------


def _kinds(report) -> dict[str, str]:
    return {n.cell: n.kind for n in report.notes}


def test_lines_under_the_table_are_not_problems(tmp_path):
    # A county committee's ledger: 存在的问题 merged over its measures, a 注： line and a 填表人 line
    # merged across under the table, a remark merged across the measure columns.
    source = _flat(tmp_path / "flat.xlsx", [
        ["中共××县委关于巡察反馈意见整改落实情况的台账"],
        ["序号", "存在的问题", "整改措施", "责任单位", "责任人", "完成期限", "整改完成情况"],
        ["一、政治建设方面（1个问题）"],
        [1, "理论学习不深入", "制定学习计划", "县委办", "张三、李四", "2024年6月", "已完成"],
        [None, None, "开展专题研讨", "县委办", "张三", "2024年6月底前", "正在整改"],
        ["以上措施由县委办统筹推进"],
        ["注：完成情况填写已完成、正在整改、持续推进。"],
        ["填表人：刘九", None, None, "联系电话：12345678"],
    ], ["A3:G3", "A4:A5", "B4:B5", "A6:G6", "A7:G7", "A8:C8", "D8:G8"])
    report = flat_import(read_file(source))
    assert (report.aspects, report.problems, report.measures) == (1, 1, 2)
    assert report.data["problems"][0]["description"] == "理论学习不深入"
    assert report.unit == "中共××县委"
    kinds = _kinds(report)
    assert (kinds["A7"], kinds["A8"]) == ("表尾说明", "表尾说明")
    assert [u.cell for u in report.unplaced] == ["A6"]  # the remark is listed, not imported


def test_three_numbering_levels_aspect_group_problem(tmp_path):
    # 一、 aspects, （一） groups under them, problems numbered 1/2/3 in 序号 and repeated on each row.
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "问题描述", "整改任务", "牵头单位", "配合单位", "责任人", "整改期限", "是否整改到位"],
        ["一、落实党中央决策部署方面"],
        ["（一）关于落实医改政策的问题"],
        ["1", "分级诊疗推进缓慢", "制定分级诊疗实施方案", "医政科", "基层科", "张三", "2024年6月", "是"],
        ["1", "分级诊疗推进缓慢", "建立医联体考核办法", "医政科", "相关科室", "张三", "2024年8月", "否"],
        ["（二）关于疫情防控的问题"],
        ["2", "应急物资储备不足", "完善储备清单", "应急办", None, "王五", "2024年3月", "是"],
        ["二、党风廉政建设方面"],
        ["3", "集体决策执行不严格", "修订三重一大实施细则", "办公室", "纪检组", "赵六", "2024年4月", "是"],
    ], ["A2:H2", "A3:H3", "A6:H6", "A8:H8"])
    report = flat_import(read_file(source))
    assert (report.aspects, report.problems, report.measures) == (2, 3, 4)
    assert [(p["aspect"], p["group"]) for p in report.data["problems"]] == [
        ("落实党中央决策部署", "（一）关于落实医改政策的问题"), ("落实党中央决策部署", "（二）关于疫情防控的问题"),
        ("党风廉政建设", "")]
    assert [m["status"] for m in report.data["measures"]] == [schema.DONE, schema.IN_PROGRESS, schema.DONE, schema.DONE]
    assert "配合单位：基层科" in report.data["measures"][0]["note"]  # no column vanishes


def test_a_numbered_row_above_its_measures_is_their_problem(tmp_path):
    # "（一）…方面" aspects, "1.…" problems as rows merged across, their measures "（1）（2）" below with
    # the problem column blank; the progress text (目前进展) opens with the status.
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "问题", "整改措施及目标", "责任领导", "责任科室", "完成时间", "目前进展"],
        ["（一）政治建设方面"],
        ["1.理论学习不够深入"],
        ["（1）", None, "完善中心组学习制度", "局长 王强", "办公室", dt.datetime(2024, 3, 31), "已完成。已印发制度"],
        ["（2）", None, "开展读书班", "局长 王强", "组织科", dt.datetime(2024, 6, 30), "正在推进，已办两期"],
        ["2.意识形态责任制落实不到位"],
        ["（1）", None, "建立意识形态台账", "副局长 李军", "宣传科", dt.datetime(2024, 5, 31), "已完成"],
        ["（二）队伍建设方面"],
        ["3.干部培训针对性不强"],
        ["（1）", None, "制定年度培训计划", "副局长 李军", "人事科", dt.datetime(2024, 2, 28), "正在整改"],
    ], ["A2:G2", "A3:G3", "A6:G6", "A8:G8", "A9:G9"])
    report = flat_import(read_file(source))
    assert (report.aspects, report.problems, report.measures) == (2, 3, 4)
    assert [(p["aspect"], p["description"]) for p in report.data["problems"]] == [
        ("政治建设", "理论学习不够深入"), ("政治建设", "意识形态责任制落实不到位"), ("队伍建设", "干部培训针对性不强")]
    assert [m["problem_id"] for m in report.data["measures"]] == ["1-1", "1-1", "1-2", "2-1"]
    assert [m["status"] for m in report.data["measures"]] == [schema.DONE, schema.IN_PROGRESS, schema.DONE,
                                                             schema.IN_PROGRESS]
    kinds = _kinds(report)
    assert (kinds["A2"], kinds["A3"], kinds["A6"]) == ("方面", "问题", "问题") and not report.unplaced


def test_a_problem_group_title_over_two_header_columns(tmp_path):
    # 巡视反馈问题 over 问题 | 具体表现 and 任务分工 over 牵头领导 | 牵头部门 | 责任人; 是否已完成整改; serial dates.
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "巡视反馈问题", None, "整改措施", "任务分工", None, None, "完成时限", "是否已完成整改"],
        [None, "问题", "具体表现", None, "牵头领导", "牵头部门", "责任人", None, None],
        ["一、党的建设方面"],
        [1, "党建与业务融合不够", "考核脱节", "完善党建考核办法", "董事长 韩冰", "党群工作部", "蒋涛", 45412, "是"],
        [None, None, None, "建立双向考核机制", "董事长 韩冰", "人力资源部", "沈悦", 45535, "否"],
    ], ["B1:C1", "E1:G1", "A1:A2", "D1:D2", "H1:H2", "I1:I2", "A3:I3", "A4:A5", "B4:B5", "C4:C5"])
    report = flat_import(read_file(source))
    assert report.header_row == 1 and (report.aspects, report.problems, report.measures) == (1, 1, 2)
    assert {m.header: m.field for m in report.mapping if m.field} == {
        "问题": "description", "整改措施": "measure", "牵头领导": "lead", "牵头部门": "department", "责任人": "people",
        "完成时限": "deadline", "是否已完成整改": "status"}
    assert report.data["measures"][0]["note"] == "具体表现：考核脱节"
    assert [m["people"] for m in report.data["measures"]] == ["蒋涛", "沈悦"]


def test_importing_into_a_macro_workbook_prints_no_traceback(tmp_path):
    # As the office runs it: a process of its own, which ends after writing the .xlsm.
    source = _flat(tmp_path / "flat.xlsx", [["序号", "存在问题", "整改措施", "责任单位", "整改状态"],
                                            [1, "问题一", "措施一", "办公室", "已完成"]])
    result = run_rectxl("import", source, "-o", tmp_path / "ledger.xlsm", "--unit", "某单位")
    assert result.returncode == 0 and "已导入" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_numbered_problem_rows_without_aspects_are_problems(tmp_path):
    # A sub-district's list: "1.…" problem rows, their measures "（1）（2）" below, no aspect rows at all.
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "问题", "整改措施", "责任人", "完成时限", "整改情况"],
        ["1.社区党组织作用发挥不充分"],
        ["（1）", None, "开展社区党组织书记培训", "王敏", "2024年5月", "已完成"],
        ["（2）", None, "建立社区党建联席会议制度", "王敏", "2024年7月", "正在整改"],
        ["2.网格化管理不到位"],
        ["（1）", None, "优化网格划分", "李强", "2024年6月", "已完成"],
    ], ["A2:F2", "A5:F5"])
    report = flat_import(read_file(source))
    assert (report.problems, report.measures) == (2, 3) and not report.unplaced
    assert [p["description"] for p in report.data["problems"]] == ["社区党组织作用发挥不充分", "网格化管理不到位"]
    assert (_kinds(report)["A2"], _kinds(report)["A5"]) == ("问题", "问题")
    assert any("没有找到方面" in w for w in report.warnings)  # no aspect guessed


def test_an_explanation_sheet_with_an_example_row_is_passed_over(tmp_path):
    path = tmp_path / "flat.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    for row in (["序号", "问题", "整改措施", "说明"], ["示例", "某问题", "某措施", "按此格式填写"]):
        wb.active.append(row)
    ws = wb.create_sheet("整改台账")
    for row in (["序号", "存在问题", "整改措施", "责任单位", "责任人", "完成时限", "整改状态"],
                [1, "课程思政推进不平衡", "制定课程思政方案", "教务处", "张三", "2024年5月", "已完成"],
                [2, "学生思政工作薄弱", "配齐专职辅导员", "学生处", "王五", "2024年6月", "正在整改"]):
        ws.append(row)
    wb.save(path)
    report = flat_import(read_file(path))
    assert report.sheet == "整改台账" and report.measures == 2
    assert any("“填表说明”" in w and "--sheet" in w for w in report.warnings)


def test_of_two_status_columns_the_one_holding_status_words_is_the_status(tmp_path):
    # 完成情况 holds the account here, 整改情况 the word: the cells decide, not the headers' order.
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "具体问题", "整改措施", "牵头单位", "责任人", "时限", "完成情况", "整改情况"],
        [1, "三会一课不规范", "建立三会一课台账", "组织科", "陈明", "2024年6月", "已完成。已建台账", "已完成"],
        [2, "发展党员程序不严", "开展档案检查", "组织科", "陈明", "2024年9月", "正在推进档案检查", "正在整改"],
        [3, "项目审批超时", "压缩审批时限", "审批科", "刘洋", "2024年4月", "已压缩至5个工作日", "已完成"],
    ])
    report = flat_import(read_file(source))
    assert {m.header: m.field for m in report.mapping if m.field in ("status", "progress")} == {
        "完成情况": "progress", "整改情况": "status"}
    assert [m["status"] for m in report.data["measures"]] == ["已完成", "正在整改", "已完成"]
    assert report.data["measures"][2]["progress"] == "已压缩至5个工作日"


def test_aspect_rows_typed_in_the_problem_column(tmp_path):
    # "一、…方面（2个问题）" typed alone in the 问题描述 column, not merged, the 序号 cell blank.
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "问题描述", "整改措施", "责任单位", "责任人", "完成时限", "整改状态"],
        [None, "一、落实全面从严治党责任方面（2个问题）"],
        ["（1）", "主体责任压得不实", "制定责任清单", "办公室", "张三", "2024年6月", "已完成"],
        ["（2）", "监督责任落实不到位", "开展廉政谈话", "纪检组", "李四", "2024年7月", "正在整改"],
        [None, "二、干部队伍建设方面（1个问题）"],
        ["（3）", "干部交流不足", "制定交流计划", "人事股", "王五", "2024年9月", "已完成"],
    ])
    report = flat_import(read_file(source), unit="××县财政局")
    assert (report.aspects, report.problems, report.measures) == (2, 3, 3) and not report.unplaced
    assert [p["aspect"] for p in report.data["problems"]] == ["落实全面从严治党责任"] * 2 + ["干部队伍建设"]
    assert (_kinds(report)["B2"], _kinds(report)["B5"]) == ("方面", "方面")


def test_a_responsible_cell_naming_no_one_is_said_once_with_where(tmp_path):
    """各乡镇 or a post without a name in 责任人: nobody is counted, the text is kept in 备注, and
    the import says how many measures need a person, and where."""
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "存在问题", "整改措施", "责任单位", "责任人", "完成情况"],
        [1, "问题一", "措施一", "各乡镇", "各乡镇", "已完成"],
        [2, "问题二", "措施二", "办公室", "相关科室负责人", "正在推进"],
        [3, "问题三", "措施三", "办公室", "张三（主任）", "正在推进"]])
    report = flat_import(read_file(source))
    assert [m.get("people") for m in report.data["measures"]] == [None, None, "张三"]
    assert [m.get("note") for m in report.data["measures"]][:2] == ["责任人：各乡镇", "责任人：相关科室负责人"]
    said = [w for w in report.warnings if "没有具体人员" in w]
    assert said == ["2 项措施的“责任人”只写了单位或职务、没有具体人员（E2“各乡镇”、E3“相关科室负责人”）："
                    "未计为责任人（原文记入“备注”），请导入后补填具体责任人。"]


def test_headers_with_marks_statuses_with_dates_and_deadlines_as_typed(tmp_path):
    """A university's ledger: ※ marks and full-width spaces in the headers, statuses with the day
    they were reached, deadlines typed as 20240630 or 每季度: no column lost, no finding."""
    source = _flat(tmp_path / "flat.xlsx", [
        ["序　号", "※问题　描述", "整 改\n措 施", "※牵头\n单位", "责　任　人", "完成\n时限※", "整改\n状态"],
        [1, "科研经费管理不规范", "修订经费管理办法", "科研处", "张三", 20240630, "已完成（2024.5.10）"],
        [2, "招生录取监督不到位", "建立招生监督机制", "招生办", "王五", "每季度", "正在整改（预计6月底）"],
        [3, "基建项目审批不严", "开展基建专项审计", "基建处", "赵六", "2024年底", "已整改 2024-05-20"],
    ])
    report = flat_import(read_file(source), unit="××大学党委")
    assert {m.field for m in report.mapping} >= {"description", "measure", "department", "people", "deadline", "status"}
    assert (report.problems, report.measures) == (3, 3) and not report.unplaced
    measures = report.data["measures"]
    assert [m["status"] for m in measures] == [schema.DONE, schema.IN_PROGRESS, schema.DONE]
    assert measures[0]["progress"] == "已完成（2024.5.10）"
    for m in measures:
        parse_deadline(m["deadline"])  # each one readable


def test_a_ledger_split_over_sheets_one_per_aspect(tmp_path):
    """Each aspect on its own sheet named "一、政治建设" …, the same header on each, an explanation
    sheet first: one ledger, the sheets' names the aspects, every sheet's problems counted."""
    path = tmp_path / "flat.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["说明：每个方面一张表。"])
    header = ["序号", "存在的问题", "整改措施", "责任单位", "责任人", "完成时限", "整改情况"]
    for name, rows in {"一、政治建设": [[1, "理论学习不深入", "制定学习计划", "党委办", "张三", "2024年6月", "已完成"],
                                        [2, "意识形态责任制落实不到位", "开展专项检查", "宣传部", "李四", "2024年9月", "正在整改"]],
                       "二、作风建设方面": [[1, "文山会海", "精简会议文件", "办公室", "王五", "2024年6月", "已完成"]]}.items():
        ws = wb.create_sheet(name)
        ws.append([f"××县审计局巡察整改台账（{name[2:]}）"])
        for row in [header, *rows]:
            ws.append(row)
    wb.save(path)
    report = flat_import(read_file(path))
    assert (report.aspects, report.problems, report.measures) == (2, 3, 3) and not report.unplaced
    assert [(p["problem_id"], p["aspect"]) for p in report.data["problems"]] == [
        ("1-1", "政治建设"), ("1-2", "政治建设"), ("2-1", "作风建设")]
    assert [m["measure_id"] for m in report.data["measures"]] == ["1-1-1", "1-2-1", "2-1-1"]
    assert {n.cell for n in report.notes} == {"一、政治建设!A1", "二、作风建设方面!A1"}
    assert any("按方面分表" in w for w in report.warnings) and not any("没有找到方面" in w for w in report.warnings)
    # --sheet still imports one sheet alone.
    assert flat_import(read_file(path), sheet="二、作风建设方面").problems == 1


def test_sheets_named_otherwise_are_not_joined(tmp_path):
    path = tmp_path / "flat.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "2023年"
    for ws, rows in ((wb.active, [[1, "问题一", "措施一"]]), (wb.create_sheet("2024年"), [[1, "问题二", "措施二"], [2, "问题三", "措施三"]])):
        for row in [["序号", "存在问题", "整改措施"], *rows]:
            ws.append(row)
    wb.save(path)
    report = flat_import(read_file(path))
    assert report.problems == 1 and any("也有像台账的表头" in w for w in report.warnings)


def test_a_batch_column_does_not_hide_the_aspect_rows(tmp_path):
    """整改台账（第二批）: a 批次 column repeats 第二批 on every row, aspect rows included; the aspect
    rows are still aspects and a 合计 row is still not data."""
    source = _flat(tmp_path / "flat.xlsx", [
        ["××集团有限公司党委关于巡视反馈意见整改工作的台账（第二批）"],
        ["批次", "序号", "反馈问题", "整改措施", "责任部门", "责任人", "完成时限", "整改进度"],
        ["第二批", "一", "党的领导弱化方面"],
        ["第二批", 1, "三重一大制度执行不严", "修订实施办法", "党委办", "张三", "2024年6月", "100%"],
        ["第二批", 2, "国有资产监管不力", "开展资产清查", "财务部", "李四", "2024年12月", "50%"],
        ["第二批", "二", "党的建设缺失方面"],
        ["第二批", 3, "基层组织软弱涣散", "整顿软弱涣散支部", "党群部", "王五", "2024年9月", "30%"],
        ["合计", None, "3个问题", "3项措施"],
    ])
    report = flat_import(read_file(source))
    assert (report.aspects, report.problems, report.measures) == (2, 3, 3) and not report.unplaced
    assert [p["aspect"] for p in report.data["problems"]] == ["党的领导弱化", "党的领导弱化", "党的建设缺失"]
    assert report.data["measures"][0]["note"] == "批次：第二批" and report.unit == "××集团有限公司党委"


def test_without_a_status_column_the_closed_flag_gives_the_status(tmp_path):
    """是否销号 is the only column saying where a measure stands: 是 is done, 否 in progress, said once."""
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "问题", "整改措施", "责任科室", "责任人", "完成期限", "是否销号"],
        [1, "党建与业务融合不够", "制定融合方案", "办公室", "张三", "2024年6月", "是"],
        [None, "党建与业务融合不够", "开展示范点创建", "人事科", "李四", "2024年12月", "否"],
        [2, "支部建设薄弱", "规范支部设置", "人事科", "李四", "2024年6月", None],
    ])
    report = flat_import(read_file(source))
    assert (report.problems, report.measures) == (2, 3)
    assert [m.get("status") for m in report.data["measures"]] == [schema.DONE, schema.IN_PROGRESS, None]
    assert any("2 项措施的状态取自“是否销号”" in w for w in report.warnings)


@pytest.mark.parametrize("columns", [1, 2])
def test_a_seq_column_numbering_problems_1_above_measures_1(tmp_path, columns):
    """序号 1 on a problem row, （1） on its measures' rows below, under 一、/（一） headings: with one
    text column (问题及整改措施) or with the measure in its own column, 3 problems and 4 measures."""
    def row(seq, text, *rest):
        return [seq, text, *rest] if columns == 1 else [seq, None if rest else text, text if rest else None, *rest]
    header = ["序号", "问题及整改措施"] if columns == 1 else ["序号", "存在问题", "整改措施"]
    source = _flat(tmp_path / "flat.xlsx", [
        [*header, "责任领导", "完成期限", "整改完成情况"],
        ["一、党的政治建设方面"], ["（一）关于理论学习"],
        row("1", "理论学习走过场"),
        row("（1）", "建立学习台账", "张书记", "2024年6月", "已完成，建立台账"),
        row("（2）", "开展学习考核", "张书记", "2024年9月", "正在推进中"),
        row("2", "学习笔记抄袭"),
        row("（1）", "检查学习笔记", "李副书记", "2024年6月", "已完成"),
        ["二、党风廉政建设方面"],
        row("3", "公务用车管理不严"),
        row("（1）", "建立公车台账", "王镇长", "2024年6月", "已完成"),
    ])
    report = flat_import(read_file(source))
    assert (report.aspects, report.problems, report.measures) == (2, 3, 4) and not report.unplaced
    assert [(p["aspect"], p["group"], p["description"]) for p in report.data["problems"]] == [
        ("党的政治建设", "（一）关于理论学习", "理论学习走过场"), ("党的政治建设", "（一）关于理论学习", "学习笔记抄袭"),
        ("党风廉政建设", "", "公务用车管理不严")]
    assert [m["measure"] for m in report.data["measures"]] == ["建立学习台账", "开展学习考核", "检查学习笔记", "建立公车台账"]
    assert [p["name"] for p in report.data["people"]] == ["张书记", "李副书记", "王镇长"]


def test_a_unit_line_under_the_table_names_the_unit(tmp_path):
    """"填报单位：××县教育局（盖章）  填报日期：…" typed under the table: a footer, and the unit."""
    source = _flat(tmp_path / "flat.xlsx", [
        ["序号", "问题类别", "存在问题", "整改措施", "牵头单位", "责任人", "完成时限", "是否整改到位"],
        [1, "党的建设", "问题一", "措施一", "组织部", "张三", "2024年6月", "是（已销号）"],
        [2, "廉政建设", "问题二", "措施二", "纪委", "李四", "2024年9月", "否，正在推进"],
        [],
        ["填报单位：××县教育局（盖章）", None, None, None, None, "填报日期：2024年5月"],
    ])
    report = flat_import(read_file(source))
    assert (report.problems, report.measures) == (2, 2) and not report.unplaced
    assert (report.unit, report.unit_source) == ("××县教育局", "A5")
    assert _kinds(report)["A5"] == "表尾说明" and not any("单位名称" in w for w in report.warnings)


def test_a_completion_time_under_the_progress_group_is_the_done_date(tmp_path):
    """整改情况 spanning 是否完成 | 完成时间 | 未完成原因, 责任主体 spanning 责任领导 | 责任单位, 小计 rows:
    完成时间 there is when a measure was done, not its deadline; no header vanishes."""
    path = tmp_path / "flat.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["序号", "反馈问题", "整改措施", "责任主体", None, "整改情况", None, None],
                [None, None, None, "责任领导", "责任单位", "是否完成", "完成时间", "未完成原因"],
                ["一、落实主体责任方面（2个问题）"],
                [1, "党组研究党建偏少", "每季度专题研究", "主任 刘 洋", "秘书科", "是", dt.date(2024, 3, 1), None],
                [None, None, "建立党建工作台账", "主任 刘 洋", "秘书科", "否", None, "正在完善"],
                [2, "意识形态责任制不实", "制定责任清单", "副主任 陈 静", "综合科", "是", dt.date(2024, 2, 1), None],
                ["小计", None, "3项", None, None, "2项"]):
        ws.append(row)
    for m in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:H1", "A3:H3", "A4:A5", "B4:B5"):
        ws.merge_cells(m)
    wb.save(path)
    report = flat_import(read_file(path), unit="××县人民政府办公室")
    assert (report.aspects, report.problems, report.measures) == (1, 2, 3) and not report.unplaced
    targets = {m.header: m.field for m in report.mapping}
    assert targets["完成时间"] == "done_date" and targets["是否完成"] == "status" and "未完成原因" in targets
    measures = report.data["measures"]
    assert [m.get("done_date") for m in measures] == [dt.date(2024, 3, 1), None, dt.date(2024, 2, 1)]
    assert not any(m.get("deadline") for m in measures) and [p["name"] for p in report.data["people"]] == ["刘洋", "陈静"]
