"""The Word templates: rendered from sample contexts, turned into PDF and read back as a user would."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from lxml import etree

from docs_helpers import (
    LITERAL, briefing_context, notice_context, pdf_pages, pdf_text, reminder_context, weekly_context,
)
from rectxl.documents import pdf as pdfmod
from rectxl.documents.charts import completion_bar_chart
from rectxl.documents.render import TemplateError, render
from rectxl.documents.pdf import PdfUnavailable, to_pdf

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
NAMES = ("monthly_briefing", "reminder", "weekly", "notice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sample_chart(path: Path) -> Path:
    people = briefing_context()["people"]
    return completion_bar_chart([p["name"] for p in people],
                                [float(p["completion_rate"].rstrip("%")) / 100 for p in people], path)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("documents")
    contexts = {"monthly_briefing": briefing_context(sample_chart(out / "chart.png")),
                "reminder": reminder_context(), "weekly": weekly_context(), "notice": notice_context()}
    return {name: render(TEMPLATES / f"{name}.docx", contexts[name], out / f"{name}.docx") for name in NAMES}


@pytest.fixture(scope="module")
def pdf_texts(documents) -> dict[str, tuple[str, int]]:
    """Each document's PDF text (all whitespace removed) and page count; converted concurrently.
    LibreOffice is installed by the README's test command: without it these fail, never skip."""
    with ThreadPoolExecutor(len(documents)) as pool:
        pdfs = dict(zip(documents, pool.map(to_pdf, documents.values())))
    return {name: ("".join(pdf_text(pdf).split()), pdf_pages(pdf)) for name, pdf in pdfs.items()}


def xml_part(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# ---- what the reader sees -------------------------------------------------------------------------


def test_briefing_pdf_reports_the_figures_in_chinese(pdf_texts):
    text, pages = pdf_texts["monthly_briefing"]
    assert 2 <= pages <= 12
    for expected in (
        "××学院党委巡察整改工作月度进展情况报告", "（2023年3月31日）",
        "一、总体进展", "二、各方面整改情况", "三、责任落实情况", "四、逾期及临期事项", "五、存在的问题",
        "六、下一步工作安排",
        "3个方面8个问题，共制定整改措施41项", "已完成18项", "阶段性完成5项", "整改完成率43.9%",
        "阶段性完成率（含已完成）56.1%", "新完成整改措施6项",
        "（二）在“全面从严治党”方面", "2.关于“落实意识形态工作责任制不到位”问题",
        "2.关于“财务管理和经费使用不规范”问题",  # the control character is gone
        "合计41182312644", "4陈静宣传部742000157.1%",
        "1-2-1", "李明、刘洋", "2022年12月31日90", "2023年4月7日7",
        "一是整改进度不平衡",
        "整改成效方面，累计建立完善制度20项（新制定14项、修订6项），追缴资金12.5万元，诫勉谈话2人；"
        "其中2023年3月新制定制度2项，解决群众急难愁盼问题6件",
    ):
        assert expected in text, expected
    assert LITERAL in text
    assert "<b>&49" not in text and "&amp;" not in text
    assert "无逾期事项" not in text


def test_reminder_pdf_lists_the_persons_items(pdf_texts):
    text, pages = pdf_texts["reminder"]
    assert 1 <= pages <= 3
    for expected in ("整改事项督办通知", "（统计截至2023年3月31日）", "党委办公室李明同志：",
                     "一、逾期事项", "1-2-1", "2022年12月31日90", "3-1-3", "二、临期事项", "2023年4月5日5",
                     "三、长期未更新进展事项", "2023年3月1日30", "长期坚持无—", "于3个工作日内",
                     "校党委巡察整改工作领导小组办公室2023年3月31日"):
        assert expected in text, expected
    assert LITERAL in text
    assert "严肃问责" not in text  # the 告诫 closing belongs to another level


def test_weekly_pdf_fits_a_page_and_cuts_long_texts(pdf_texts):
    text, pages = pdf_texts["weekly"]
    assert 1 <= pages <= 2
    for expected in ("××学院党委巡察整改“一周一推进”情况", "（2023年3月25日—3月31日）",
                     "本周12项整改措施更新进展，新完成3项", "欧阳晓明马克思主义学院2100",
                     "2-2-3修订差旅费管理办法刘洋2023年3月29日", "1-3-2", "2023年4月5日5", "五、无进展事项"):
        assert expected in text, expected
    assert "对落实不到…" in text
    assert "限期整改" not in text
    assert LITERAL in text
    assert "本周新增整改成效：新制定制度1项，解决群众急难愁盼问题6件。" in text
    assert "六、本周新增整改成效" in text and "制定制度1项《理论学习中心组学习工作办法》2023年3月27日" in text


def test_notice_pdf_reads_as_a_published_notice(pdf_texts):
    text, pages = pdf_texts["notice"]
    assert 1 <= pages <= 4
    for expected in ("××学院党委关于校党委第一轮巡察整改进展情况的通报", "并于2022年9月16日反馈了巡察意见",
                     "一、整改工作总体进展", "3个方面3个问题，共制定整改措施41项", "已完成整改措施18项",
                     "整改完成率43.9%", "已整改到位1个，正在整改1个，需长期坚持1个",
                     "二、各问题整改情况", "1党的政治建设理论学习中心组学习流于形式55已整改到位",
                     "三、整改成效", "通过整改，累计建立完善制度20项（新制定14项、修订6项）",
                     "1制定制度《理论学习中心组学习工作办法》", "四、下一步工作", "五、欢迎监督",
                     "联系电话：0571-86880000", "电子邮箱：xczg@example.edu.cn", "××学院党委2023年3月31日"):
        assert expected in text, expected
    assert LITERAL in text
    assert "请在台账“设置”表中填写" not in text


# ---- what Word and WPS see ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_template_has_the_official_document_look(name):
    path = TEMPLATES / f"{name}.docx"
    styles = xml_part(path, "word/styles.xml")
    east_asia = {e.get(f"{W}eastAsia") for e in styles.iter(f"{W}rFonts")}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"} <= east_asia
    assert any(s.get(f"{W}line") == "560" and s.get(f"{W}lineRule") == "exact" for s in styles.iter(f"{W}spacing"))
    named = {s.find(f"{W}name").get(f"{W}val") for s in styles.iter(f"{W}style")}
    assert {"公文标题", "公文正文", "一级标题", "二级标题", "表格", "表头", "公文表格"} <= named
    body = xml_part(path, "word/document.xml")
    margins = body.find(f".//{W}pgMar")
    sides = ("top", "bottom", "left", "right")
    assert [margins.get(f"{W}{side}") for side in sides] == ["2098", "1984", "1587", "1474"]  # 37/35/28/26 mm
    size = body.find(f".//{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    footer = xml_part(path, "word/footer1.xml")
    assert "PAGE" in "".join(footer.itertext()) and "—" in "".join(footer.itertext())


def test_rendered_document_escapes_text_and_drops_control_characters(documents):
    with zipfile.ZipFile(documents["monthly_briefing"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    etree.fromstring(xml.encode("utf-8"))
    assert "&lt;b&gt;&amp;{{7*7}}" in xml
    assert "\x07" not in xml
    assert "<w:drawing>" in xml  # the chart


def test_empty_lists_are_said_in_words(tmp_path):
    ctx = briefing_context()
    ctx.update(overdue=[], due_soon=[], issues_found=[])
    out = render(TEMPLATES / "monthly_briefing.docx", ctx, tmp_path / "b.docx")
    text = paragraphs(out)
    assert "无逾期事项。" in text and "无临期事项。" in text and "暂无。" in text
    assert "<w:drawing>" not in zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")

    ctx = reminder_context()
    ctx.update(level="告诫", level_title="整改事项告诫提醒", due_soon=[], stale=[])
    text = paragraphs(render(TEMPLATES / "reminder.docx", ctx, tmp_path / "r.docx"))
    assert "整改事项告诫提醒" in text and text.count("无。") == 2
    assert any("严肃问责" in t for t in text)


# ---- broken templates -----------------------------------------------------------------------------


def write_template(path: Path, *texts: str) -> Path:
    doc = docx.Document()
    for text in texts:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_unclosed_if_names_the_template_and_line(tmp_path):
    broken = write_template(tmp_path / "broken.docx", "第一段", "{% if overdue %}未闭合的条件", "第三段")
    with pytest.raises(TemplateError, match=r"broken\.docx 第 \d+ 行.*endif") as caught:
        render(broken, {"overdue": []}, tmp_path / "out.docx")
    assert "line" in str(caught.value)


def test_unknown_name_names_the_template_and_line(tmp_path):
    broken = write_template(tmp_path / "typo.docx", "第一段", "{{ overdue_count }}项", "第三段")
    with pytest.raises(TemplateError, match=r"typo\.docx 第 \d+ 行.*overdue_count") as caught:
        render(broken, {"overdue": []}, tmp_path / "out.docx")
    assert "附近文字：第一段 / {{ overdue_count }}项 / 第三段" in str(caught.value)


def test_a_file_that_is_not_a_docx_is_a_template_error(tmp_path):
    (tmp_path / "fake.docx").write_text("not a zip")
    with pytest.raises(TemplateError, match="fake.docx"):
        render(tmp_path / "fake.docx", {}, tmp_path / "out.docx")


# ---- chart, PDF, build ----------------------------------------------------------------------------


def test_chart_has_chinese_labels_without_glyph_warnings(tmp_path):
    # A fresh interpreter with every warning an error: matplotlib's import and a missing glyph included.
    code = ("import sys; from rectxl.documents.charts import completion_bar_chart, cjk_font; "
            "completion_bar_chart([f'责任人{i}' for i in range(15)], [i / 14 for i in range(15)], sys.argv[1]); "
            "print(cjk_font())")
    path = tmp_path / "c.png"
    result = subprocess.run([sys.executable, "-W", "error", "-c", code, str(path)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() != "None"  # a CJK font was found
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_module_leaves_matplotlib_unimported():
    code = "import sys, rectxl.documents.charts, rectxl.documents.pdf, rectxl.documents.render; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


def test_pdf_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfmod.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdfmod, "WINDOWS_SOFFICE", ())
    with pytest.raises(PdfUnavailable, match="sudo apt-get install libreoffice-writer fonts-noto-cjk") as caught:
        to_pdf(write_template(tmp_path / "a.docx", "正文"))
    assert "另存为 PDF" in caught.value.zh and "Save As PDF" in caught.value.en


def test_templates_are_built_reproducibly_from_their_script(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_templates", TEMPLATES / "build_templates.py")
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, build)  # dataclasses look their module up
    spec.loader.exec_module(build)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    for a, b in zip(build.build(first), build.build(second)):
        assert a.read_bytes() == b.read_bytes()
        committed = TEMPLATES / a.name
        for part in ("word/document.xml", "word/styles.xml"):
            assert zipfile.ZipFile(a).read(part) == zipfile.ZipFile(committed).read(part), (
                f"{committed.name} differs from its source: run python templates/build_templates.py")
