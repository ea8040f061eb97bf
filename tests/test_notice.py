"""`rectxl notice`: the public progress notice, drafted from the demo ledger, turned into PDF by
LibreOffice and read back as the public would read it. Its numbers are those of `rectxl status`;
it names no responsible person; its supervision channels are the 设置 sheet's."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from conftest import run_rectxl, valid_sheets, write_workbook
from docs_helpers import pdf_text
from rectxl.core.demo import CHANNELS, PEOPLE, demo_ledger
from rectxl.core.figures import percent


def flat(text: str) -> str:
    """PDF text without spaces, line breaks or page numbers: sentences read across lines."""
    return re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text))


def names_in(data) -> set[str]:
    """Every person the demo ledger names: roster, responsible people, leaders, leads, reporters."""
    names = {p[0] for p in PEOPLE}
    for m in data["measures"]:
        names.update(re.split("[、，,]", m["people"]))
        names.add(m["leader"])
    names.update(p["lead"] for p in data["problems"])
    names.update(r["reporter"] for r in data["progress"])
    return {n for n in names if n}


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notice")
    ledger = folder / "demo.xlsx"
    assert run_rectxl("init", ledger, "--demo").returncode == 0
    status = json.loads(run_rectxl("status", ledger, "--format", "json").stdout)
    result = run_rectxl("notice", ledger, "-o", folder / "通报.docx", "--pdf")
    # Drafted, then exit 1: the demo holds deliberate validation errors, and a notice built on
    # errors must not go out unnoticed.
    assert result.returncode == 1, result.stderr
    assert "通报.docx" in result.stdout
    assert result.stderr.startswith("文稿已生成，但台账有 ") and "个校验错误" in result.stderr
    return {"status": status, "text": flat(pdf_text(folder / "通报.pdf")), "ledger": ledger, "folder": folder}


def test_the_notice_totals_are_the_status_figures(notice):
    o, text = notice["status"]["overall"], notice["text"]
    problems = notice["status"]["problems"]
    aspects = sum(1 for a in notice["status"]["aspects"] if a["no"])
    assert "××学院党委关于校党委第三轮巡察整改进展情况的通报" in text
    assert f"针对巡察反馈的{aspects}个方面{len(problems)}个问题，共制定整改措施{o['total']}项" in text
    assert f"已完成整改措施{o['done']}项，阶段性完成{o['phase']}项" in text
    assert f"整改完成率{percent(o['completion_rate'])}" in text
    assert f"阶段性完成率（含已完成）{percent(o['staged_rate'])}" in text
    assert f"其余{o['total'] - o['staged']}项正在按计划推进" in text
    solved = sum(1 for p in problems if p["total"] and p["done"] == p["total"])
    counts = re.search(r"已整改到位(\d+)个，正在整改(\d+)个，需长期坚持(\d+)个", text)
    assert counts and int(counts[1]) == solved and sum(map(int, counts.groups())) == len(problems)


def test_each_problem_is_listed_with_its_status_in_words(notice):
    import docx

    table = docx.Document(str(notice["folder"] / "通报.docx")).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    problems = notice["status"]["problems"]
    assert [(r[2], int(r[3]), int(r[4])) for r in rows] == [(p["description"], p["total"], p["done"]) for p in problems]
    for r, p in zip(rows, problems):
        assert (r[5] == "已整改到位") == (p["done"] == p["total"]) and r[5] in ("已整改到位", "正在整改", "长期坚持")
    assert {r[5] for r in rows} == {"已整改到位", "正在整改", "长期坚持"}  # the demo has each


def test_the_outcomes_are_the_status_outcomes_in_words(notice):
    text = notice["text"]
    totals = {(r["type"], r["unit"]): r["total"] for r in notice["status"]["outcomes"]}
    made, revised = totals[("制定制度", "项")], totals[("修订制度", "项")]
    assert f"通过整改，累计建立完善制度{made + revised}项（新制定{made}项、修订{revised}项）" in text
    assert (made, revised) == (14, 6)
    assert f"追缴资金{totals[('追缴资金', '万元')]}万元" in text and f"诫勉谈话{totals[('诫勉', '人')]}人" in text
    assert f"解决群众急难愁盼问题{totals[('解决群众急难愁盼问题', '件')]}件" in text
    # The rules made are named; the people dealt with are counted, never described.
    assert "《理论学习中心组学习工作办法》" in text
    assert "对违规公务接待的责任人诫勉谈话" not in text


def test_no_responsible_person_is_named(notice):
    names = names_in(demo_ledger())
    assert len(names) >= 14
    assert [n for n in names if n in notice["text"]] == []


def test_the_contact_lines_come_from_the_settings_sheet(notice, tmp_path):
    for label, value in CHANNELS.items():
        assert f"{label}：{flat(value)}" in notice["text"]
    wb = openpyxl.load_workbook(notice["ledger"])
    for row in wb["设置"].iter_rows(min_row=2):
        if row[0].value == "联系电话":
            row[1].value = "010-62751234"
        if row[0].value == "电子邮箱":
            row[1].value = None
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    assert run_rectxl("notice", edited, "-o", tmp_path / "n.docx", "--pdf").returncode == 1  # the demo's errors
    text = flat(pdf_text(tmp_path / "n.pdf"))
    assert "联系电话：010-62751234" in text and "0571-86880000" not in text
    assert "电子邮箱" not in text.split("五、欢迎监督")[1]


def test_a_name_typed_into_a_public_text_is_masked(tmp_path):
    sheets = valid_sheets()
    sheets["问题清单"][1][3] = "张三分管的学习制度落实不到位"
    sheets["整改成效"] = [["措施编号", "成效类型", "数量", "名称/说明"], ["1-1-1", "制定制度", 1, "《学习制度》（李四起草）"]]
    path = write_workbook(tmp_path / "ledger.xlsx", sheets)
    result = run_rectxl("notice", path, "-o", tmp_path / "n.docx", "--pdf")
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(tmp_path / "n.pdf"))
    assert "××分管的学习制度落实不到位" in text and "《学习制度》（××起草）" in text
    assert [n for n in ("张三", "李四", "王五", "李书记", "陈院长") if n in text] == []


def test_without_channels_the_command_says_so_and_the_draft_asks_for_them(tmp_path):
    path = write_workbook(tmp_path / "ledger.xlsx", valid_sheets())
    result = run_rectxl("notice", path, "--pdf")
    assert result.returncode == 0, result.stderr
    assert "未填写联系电话、电子邮箱或通信地址" in result.stderr
    written = list(tmp_path.glob("整改进展情况通报_2023-03-31.pdf"))
    assert len(written) == 1
    assert "请在台账“设置”表中填写联系电话" in flat(pdf_text(written[0]))


def test_a_file_that_is_not_a_ledger_is_refused_in_one_line(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(path)
    result = run_rectxl("notice", path)
    assert result.returncode == 2 and "不是整改台账" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.docx"))


def test_the_notice_button_saves_the_docx_next_to_the_workbook(tmp_path):
    import xlwings as xw

    import rectxl.excel as excel
    from test_excel import payload

    path = tmp_path / "台账.xlsx"
    assert run_rectxl("init", path, "--demo").returncode == 0
    book = xw.Book(json=payload(path))
    message = excel.draft_notice(book)
    written = list(tmp_path.glob("整改进展情况通报_*.docx"))
    assert len(written) == 1 and str(written[0]) in message and "不含责任人姓名" in message
