"""The Word drafts from the demo ledger: converted to PDF by LibreOffice and read back as text.

The numbers in the text must be the figures of `rectxl status --format json` on the same date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import run_rectxl, valid_sheets
from docs_helpers import pdf_pages, pdf_text
from rectxl.core.figures import percent
from rectxl.documents.pdf import to_pdf


def flat(text: str) -> str:
    """PDF text without spaces, line breaks or page numbers: sentences read across lines."""
    text = re.sub(r"—\s*\d+\s*—", "", text)
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    ledger = folder / "demo.xlsx"
    assert run_rectxl("init", ledger, "--demo").returncode == 0
    status = json.loads(run_rectxl("status", ledger, "--format", "json").stdout)
    # The demo holds deliberate mistakes: the drafts are written, but say so and exit 1.
    brief = run_rectxl("briefing", ledger, "--month", "2023-03", "-o", folder / "brief.docx")
    assert brief.returncode == 1 and "个校验错误" in brief.stderr and "rectxl validate" in brief.stderr, brief.stderr
    rem = run_rectxl("reminders", ledger, "-o", folder / "reminders")
    assert rem.returncode == 1 and "个校验错误" in rem.stderr, rem.stderr
    docs = [folder / "brief.docx", *sorted((folder / "reminders").glob("*.docx"))]
    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(to_pdf, docs))
    return {"status": status, "folder": folder, "brief_pdf": pdfs[0], "reminder_pdfs": pdfs[1:],
            "reminders": docs[1:]}


def test_briefing_numbers_equal_the_status_figures(demo):
    o = demo["status"]["overall"]
    text = flat(pdf_text(demo["brief_pdf"]))
    aspects = sum(1 for a in demo["status"]["aspects"] if a["no"])
    problems = len(demo["status"]["problems"])
    assert (aspects, problems) == (12, 28) and f"的{aspects}个方面{problems}个问题" in text
    assert f"共制定整改措施{o['total']}项" in text
    assert f"已完成{o['done']}项" in text
    assert f"阶段性完成{o['phase']}项" in text
    assert f"整改完成率{percent(o['completion_rate'])}" in text and percent(o["completion_rate"]) == "43.9%"
    assert f"阶段性完成率（含已完成）{percent(o['staged_rate'])}" in text
    assert f"新完成整改措施{o['done_this_month']}项" in text
    assert f"目前逾期未完成{o['overdue']}项" in text and f"临近完成时限{o['due_soon']}项" in text
    for a in demo["status"]["aspects"]:
        if a["no"]:
            assert f"{a['name']}”方面" in text
    for p in demo["status"]["people"]:
        assert p["name"] in text


def test_briefing_lists_each_overdue_measure_with_its_people_and_days(demo):
    from docx import Document

    rows = {}
    for table in Document(demo["folder"] / "brief.docx").tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if "逾期天数" in table.rows[0].cells[-1].text:
                rows[cells[0]] = cells
    text = flat(pdf_text(demo["brief_pdf"]))
    for o in demo["status"]["overdue"]:
        cells = rows[o["measure"]]
        assert cells[-1] == str(o["days_overdue"]) and "、".join(o["people"]) in cells
        assert o["measure"] in text and all(p in text for p in o["people"])


def test_briefing_is_chinese_and_of_sane_length(demo):
    text = pdf_text(demo["brief_pdf"])
    assert "总体进展" in text and "各方面整改情况" in text and "下一步工作安排" in text
    assert 3 <= pdf_pages(demo["brief_pdf"]) <= 20


def test_briefing_declares_the_official_east_asian_fonts(demo):
    with zipfile.ZipFile(demo["folder"] / "brief.docx") as z:
        styles = z.read("word/styles.xml").decode()
    for font in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"):
        assert f'w:eastAsia="{font}"' in styles


def test_one_reminder_per_person_with_something_to_chase_at_the_right_step(demo):
    status = demo["status"]
    chased = {p["name"] for p in status["people"] if p["overdue"] or p["due_soon"] or p["stale"]}
    names = {p.stem.split("_", 1)[1]: p.stem.split("_", 1)[0] for p in demo["reminders"]}
    assert set(names) == chased
    for name, level in names.items():
        worst = max((o["days_overdue"] for o in status["overdue"] if name in o["people"]), default=None)
        expected = "提醒" if worst is None else ("告诫" if worst > 30 else "督办通知")
        assert level == expected, name


def test_reminder_pdf_names_the_person_and_their_overdue_days(demo):
    for pdf, docx in zip(demo["reminder_pdfs"], demo["reminders"]):
        name = docx.stem.split("_", 1)[1]
        text = pdf_text(pdf)
        assert name in flat(text)
        for o in demo["status"]["overdue"]:
            if name in o["people"]:
                assert o["measure"] in text and str(o["days_overdue"]) in text
        assert 1 <= pdf_pages(pdf) <= 4


def test_cell_text_with_markup_and_jinja_comes_out_literally(tmp_path, ledger_file):
    from conftest import write_workbook

    sheets = valid_sheets()
    sheets["问题清单"][1][3] = "<b>&{{7*7}}问题"
    sheets["任务清单"][4][2] = "{% raw %}<script>&amp;"
    path = write_workbook(tmp_path / "hostile.xlsx", sheets)
    result = run_rectxl("briefing", path, "-o", tmp_path / "b.docx")
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(to_pdf(tmp_path / "b.docx")))
    assert "<b>&{{7*7}}问题" in text and "49问题" not in text
    assert "<script>&amp;" in text


def test_a_broken_user_template_is_named_with_its_line(tmp_path, ledger_file):
    from docx import Document

    folder = tmp_path / "templates"
    folder.mkdir()
    doc = Document()
    doc.add_paragraph("标题")
    doc.add_paragraph("{% if overall.total %}没有结束")
    doc.save(folder / "monthly_briefing.docx")
    from rectxl.documents.render import TemplateError
    from rectxl.documents.contexts import template
    from rectxl.documents.render import render

    with pytest.raises(TemplateError, match=r"monthly_briefing\.docx.*第 \d+ 行"):
        render(template("monthly_briefing.docx", folder), {}, tmp_path / "x.docx")


def test_weekly_push_reports_the_week(tmp_path, ledger_file):
    path = ledger_file()
    result = run_rectxl("weekly", path, "-o", tmp_path / "w.docx")
    assert result.returncode == 0, result.stderr
    assert "更新进展 1 项" in result.stdout  # 1-1-2 has a progress row on 2023-03-28
    text = flat(pdf_text(to_pdf(tmp_path / "w.docx")))
    assert "2023年3月25日" in text and pdf_pages(tmp_path / "w.pdf") <= 2


def test_briefing_says_the_outcomes_in_words_with_the_status_numbers(demo):
    text = flat(pdf_text(demo["brief_pdf"]))
    totals = {(r["type"], r["unit"]): r["total"] for r in demo["status"]["outcomes"]}
    month = {(r["type"], r["unit"]): r["total"] for r in demo["status"]["outcomes_this_month"]}
    made, revised = totals[("制定制度", "项")], totals[("修订制度", "项")]
    assert (f"整改成效方面，累计建立完善制度{made + revised}项（新制定{made}项、修订{revised}项），"
            f"追缴资金{totals[('追缴资金', '万元')]}万元，退还资金{totals[('退还资金', '万元')]}万元，"
            f"谈话提醒{totals[('谈话提醒', '人')]}人，批评教育{totals[('批评教育', '人')]}人，"
            f"诫勉谈话{totals[('诫勉', '人')]}人，给予党纪政务处分{totals[('党纪政务处分', '人')]}人，"
            f"解决群众急难愁盼问题{totals[('解决群众急难愁盼问题', '件')]}件；"
            f"其中2023年3月新制定制度{month[('制定制度', '项')]}项，") in text


def test_weekly_push_lists_the_new_outcomes_of_the_week(tmp_path):
    ledger = tmp_path / "demo.xlsx"
    assert run_rectxl("init", ledger, "--demo").returncode == 0
    assert run_rectxl("weekly", ledger, "-o", tmp_path / "w.docx").returncode == 1  # drafted; the demo has errors
    text = flat(pdf_text(to_pdf(tmp_path / "w.docx")))
    # The demo's outcomes dated 2023-03-25 … 2023-03-31, counted here from its rows.
    from rectxl.core.demo import demo_ledger

    week = [r for r in demo_ledger()["outcomes"] if dt.date(2023, 3, 25) <= r["date"] <= dt.date(2023, 3, 31)]
    assert week and "六、本周新增整改成效" in text and "本周新增整改成效：" in text
    for r in week:
        assert r["description"][:12] in text


def test_measures_of_unknown_problems_are_no_numbered_aspect(demo):
    from docx import Document

    text = "\n".join(p.text for p in Document(demo["folder"] / "brief.docx").paragraphs)
    assert "在“（未归类）”方面" not in text and "“（未归类）”方面完成率" not in text
    assert "（十一）在“财务与资产管理”方面" in text and "（十二）在" in text


def test_a_briefing_for_a_month_after_the_as_of_date_is_refused(tmp_path, ledger_file):
    result = run_rectxl("briefing", ledger_file(), "--month", "2023-05", "-o", tmp_path / "b.docx")
    assert result.returncode == 2 and "早于报告月份 2023年5月" in result.stderr and not (tmp_path / "b.docx").exists()


def test_a_draft_open_in_word_is_refused_and_kept(tmp_path, ledger_file):
    out = tmp_path / "b.docx"
    out.write_bytes(b"last month's draft")
    (tmp_path / "~$b.docx").write_bytes(b"owner")
    result = run_rectxl("briefing", ledger_file(), "-o", out)
    assert result.returncode == 2 and "Word" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == b"last month's draft"


def test_the_unbalanced_progress_sentence_needs_a_lower_rate(tmp_path):
    from conftest import write_workbook

    from rectxl.documents.contexts import briefing_context
    from rectxl.core.figures import compute
    from rectxl.core.ledger import build_ledger
    from rectxl.io.reading import read_file

    sheets = valid_sheets()
    sheets["问题清单"] = sheets["问题清单"][:2]  # one aspect, one problem: its rate is the overall rate
    sheets["任务清单"] = [r for r in sheets["任务清单"] if r[1] in ("问题编号", "1-1")]
    ledger = build_ledger(read_file(write_workbook(tmp_path / "one.xlsx", sheets)))
    ctx = briefing_context(ledger, compute(ledger, ledger.settings.as_of), None)
    assert not any("低于总体完成率" in s for s in ctx["issues_found"])
    assert ctx["counts"]["aspects"] == 1


def test_an_edited_template_folder_is_used_by_the_command(tmp_path, ledger_file):
    from docx import Document

    folder = tmp_path / "我的模板"
    folder.mkdir()
    doc = Document()
    doc.add_paragraph("本单位周报：更新{{ summary.updated }}项")
    doc.save(folder / "weekly.docx")
    result = run_rectxl("weekly", ledger_file(), "-o", tmp_path / "w.docx", "--templates", folder)
    assert result.returncode == 0, result.stderr
    assert [p.text for p in Document(tmp_path / "w.docx").paragraphs] == ["本单位周报：更新1项"]
