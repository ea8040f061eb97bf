"""Build rectxl's Word templates: `python templates/build_templates.py`.

The .docx files beside this script are docxtpl templates that users open and restyle in
Word or WPS; this script is their reviewable source. It sets up the page and the named styles of
an official document (GB/T 9704: A4, margins 37/35/28/26 mm, 2号小标宋 title, 3号仿宋 body, 黑体
and 楷体 headings, fixed 28 pt lines, "— 1 —" page numbers), then writes each document's paragraphs
and tables with their jinja tags. The output is the same, byte for byte, on every run.

East Asian fonts are set as w:rFonts/@w:eastAsia (python-docx's font.name sets only the Latin
ones); the theme font attributes, which would override them, are removed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from lxml import etree

HERE = Path(__file__).resolve().parent

TITLE_FONT, BODY_FONT, HEI, KAI, SONG = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
LATIN = "Times New Roman"
FIXED_LINE = Pt(28)
ROW_HEIGHT = Mm(6)  # at least
ZIP_TIME = (2023, 1, 1, 0, 0, 0)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# The font table describes the official fonts (GB2312 charset, a usual alternative name), so that
# where one is missing (Windows 10+ has 仿宋 but not 仿宋_GB2312) Word and WPS pick a Chinese font.
FONT_TABLE = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEI: "SimHei", KAI: "楷体", SONG: "SimSun"}

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class Style:
    name: str
    font: str  # East Asian font
    size: float  # pt
    align: str = "justify"
    indent: int = 0  # first-line indent, in characters
    fixed: bool = True  # fixed 28 pt line spacing (else single)
    bold: bool = False
    outline: int | None = None  # heading level (navigation pane, table of contents)
    keep_next: bool = False
    after: float = 0  # space after, pt
    right_indent: int = 0  # in characters
    latin: str = LATIN
    autospace: bool = True  # extra space between Chinese and Latin letters or digits


STYLES = (
    Style("公文正文", BODY_FONT, 16, indent=2),
    Style("公文标题", TITLE_FONT, 22, "center"),
    Style("副标题", KAI, 16, "center", after=28),
    Style("一级标题", HEI, 16, indent=2, outline=0, keep_next=True),
    Style("二级标题", KAI, 16, indent=2, outline=1, keep_next=True),
    Style("称谓", BODY_FONT, 16, "left"),
    Style("落款", BODY_FONT, 16, "right", right_indent=4, keep_next=True),
    Style("表题", HEI, 14, "center", keep_next=True),
    Style("表头", BODY_FONT, 10.5, "center", fixed=False, bold=True, autospace=False),
    Style("表格", BODY_FONT, 10.5, "center", fixed=False, autospace=False),
    Style("表格文字", BODY_FONT, 10.5, "left", fixed=False, autospace=False),
    Style("图片", BODY_FONT, 16, "center", fixed=False),
    Style("页码", SONG, 14, "left", fixed=False, latin=SONG),
)

TABLE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="gongwen-table">
  <w:name w:val="公文表格"/><w:basedOn w:val="TableNormal"/><w:qFormat/>
  <w:tblPr>
    <w:jc w:val="center"/>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>
      <w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
</w:style>"""


# ---- page, styles and fonts ---------------------------------------------------------------------


def set_fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Name the fonts of a w:rPr explicitly, East Asian included, and drop theme fonts."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def set_up_styles(doc) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT)
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")

    normal = styles["Normal"]
    normal.font.size = Pt(16)
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = FIXED_LINE

    for s in STYLES:
        style = styles.add_style(s.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(s.size)
        style.font.bold = s.bold or None
        set_fonts(style.element.get_or_add_rPr(), s.font, s.latin)
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[s.align]
        fmt.keep_with_next = s.keep_next or None
        fmt.space_after = Pt(s.after)
        if s.fixed:
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, FIXED_LINE
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        ind = style.element.get_or_add_pPr().get_or_add_ind()
        # Character units (Word and WPS) with a twip fallback for other readers.
        ind.set(qn("w:firstLineChars"), str(s.indent * 100))
        ind.set(qn("w:firstLine"), str(int(s.indent * s.size * 20)))
        if s.right_indent:
            ind.set(qn("w:rightChars"), str(s.right_indent * 100))
            ind.set(qn("w:right"), str(int(s.right_indent * s.size * 20)))
        if s.outline is not None:
            style.element.get_or_add_pPr().get_or_add_outlineLvl().val = s.outline
        if not s.autospace:  # keeps "2022年12月31日" on one line in a narrow column
            for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
                switch = OxmlElement(name)
                switch.set(qn("w:val"), "0")
                style.element.pPr.insert_element_before(switch, "w:spacing", "w:ind", "w:jc")

    styles.element.append(parse_xml(TABLE_STYLE))


def set_up_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    # Page numbers on the outer side, one character in: right on odd pages, left on even ones.
    doc.settings.odd_and_even_pages_header_footer = True
    add_page_number(section.footer.paragraphs[0], "right")
    add_page_number(section.even_page_footer.paragraphs[0], "left")


def add_page_number(paragraph, side: str) -> None:
    """"— 7 —": a PAGE field between em dashes."""
    paragraph.style = "页码"
    paragraph.alignment = ALIGN[side]
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn(f"w:{side}Chars"), "100")
    ind.set(qn(f"w:{side}"), "280")
    paragraph.add_run("— ")
    add_field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    add_field_char(paragraph, "separate")
    paragraph.add_run("1")
    add_field_char(paragraph, "end")
    paragraph.add_run(" —")


def add_field_char(paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def set_up_package(doc, title: str) -> None:
    """Chinese settings and fonts; no python-docx leftovers (thumbnail, Word 2010 style copy)."""
    doc.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")
    for rels in (doc.part.package.rels, doc.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype in (RT.THUMBNAIL, STYLES_WITH_EFFECTS):
                rels.pop(rid)
    font_table = doc.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(font_table.blob)
    for name, alt in FONT_TABLE.items():
        fonts.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
            f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        ))
    font_table._blob = etree.tostring(fonts, encoding="UTF-8", xml_declaration=True, standalone=True)
    props = doc.core_properties
    props.title, props.author, props.comments = title, "rectxl", "rectxl 模板：可在 Word/WPS 中修改样式与文字"
    props.last_modified_by, props.revision = "rectxl", 1


# ---- content --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    header: str
    cell: str  # the cell's text in each row: jinja
    width: float  # mm; a table spans the text width, 156 mm
    text: bool = False  # long text: left-aligned


def add(doc, style: str, text: str = ""):
    return doc.add_paragraph(text, style)


def add_table(doc, loop: str, cols: tuple[Col, ...], total: tuple[str | None, ...] = ()) -> None:
    """A header row, then one row per item of `loop` ({%tr for %}), then an optional total row
    (a None cell joins the cell before it)."""
    table = doc.add_table(rows=4 + bool(total), cols=len(cols))
    table.style = "公文表格"
    table.autofit = False
    header, start, body, end, *last = table.rows
    for i, col in enumerate(cols):
        table.columns[i].width = Mm(col.width)
        for row in table.rows:
            row.cells[i].width = Mm(col.width)
            row.cells[i].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        header.cells[i].paragraphs[0].style = "表头"
        header.cells[i].paragraphs[0].text = col.header
        body.cells[i].paragraphs[0].style = "表格文字" if col.text else "表格"
        body.cells[i].paragraphs[0].text = col.cell
        if total:
            last[0].cells[i].paragraphs[0].style = "表格"
            if total[i]:  # an empty cell merges without leaving a paragraph behind
                last[0].cells[i].paragraphs[0].text = total[i]
    for row, tag in ((start, f"{{%tr for {loop} %}}"), (end, "{%tr endfor %}")):
        cell = row.cells[0].merge(row.cells[-1])  # the tag reads on one line in Word
        cell.paragraphs[0].style = "表格文字"
        cell.paragraphs[0].text = tag
    for i, text in enumerate(total):
        if text is None:
            last[0].cells[i - 1].merge(last[0].cells[i])
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page


def add_loop(doc, loop: str, style: str, text: str, empty: str) -> None:
    """One paragraph per item, or `empty` when there is none."""
    add(doc, "公文正文", f"{{%p for {loop} %}}")
    add(doc, style, text)
    add(doc, "公文正文", "{%p else %}")
    add(doc, style, empty)
    add(doc, "公文正文", "{%p endfor %}")


def add_items(doc, items: str, intro: str, cols: tuple[Col, ...], empty: str) -> None:
    """A sentence and a table of `items`, or the sentence `empty` when there is none."""
    add(doc, "公文正文", f"{{%p if {items} %}}")
    if intro:
        add(doc, "公文正文", intro)
    add_table(doc, f"m in {items}", cols)
    add(doc, "公文正文", "{%p else %}")
    add(doc, "公文正文", empty)
    add(doc, "公文正文", "{%p endif %}")


MEASURE = Col("编号", "{{ m.measure }}", 14)


def monthly_briefing(doc) -> None:
    add(doc, "公文标题", "{{ title }}")
    add(doc, "副标题", "（{{ date_line }}）")

    add(doc, "一级标题", "一、总体进展")
    add(doc, "公文正文",
        "截至{{ as_of }}，{{ inspection }}反馈{{ unit }}的{{ counts.aspects }}个方面{{ counts.problems }}个"
        "问题，共制定整改措施{{ counts.measures }}项。其中，已完成{{ overall.done }}项，阶段性完成"
        "{{ overall.phase }}项，正在推进{{ overall.in_progress }}项，尚未启动{{ overall.not_started }}项；"
        "整改完成率{{ overall.completion_rate }}，阶段性完成率（含已完成）{{ overall.staged_rate }}。")
    add(doc, "公文正文",
        "{{ month_label }}，新完成整改措施{{ overall.done_this_month }}项。目前逾期未完成"
        "{{ overall.overdue }}项，临近完成时限{{ overall.due_soon }}项，超过规定周期未更新进展"
        "{{ overall.stale }}项。")
    add(doc, "公文正文", "{%p if outcomes_text %}")
    add(doc, "公文正文",
        "整改成效方面，累计{{ outcomes_text }}{% if outcomes_month_text %}；其中{{ month_label }}"
        "{{ outcomes_month_text }}{% endif %}。")
    add(doc, "公文正文", "{%p endif %}")

    add(doc, "一级标题", "二、各方面整改情况")
    add(doc, "公文正文", "各方面整改措施完成情况见下表。")
    add(doc, "表题", "各方面整改情况统计表")
    add_table(doc, "a in aspects", (
        Col("序号", "{{ loop.index }}", 11),
        Col("方面", "{{ a.name }}", 35, text=True),
        Col("措施数", "{{ a.total }}", 14),
        Col("已完成", "{{ a.done }}", 14),
        Col("阶段性完成（含已完成）", "{{ a.staged }}", 26),
        Col("推进中", "{{ a.in_progress }}", 14),
        Col("未启动", "{{ a.not_started }}", 14),
        Col("逾期", "{{ a.overdue }}", 12),
        Col("完成率", "{{ a.completion_rate }}", 16),
    ), total=("合计", None, "{{ overall.total }}", "{{ overall.done }}", "{{ overall.staged }}",
              "{{ overall.in_progress }}", "{{ overall.not_started }}", "{{ overall.overdue }}",
              "{{ overall.completion_rate }}"))
    add(doc, "公文正文", "{%p for a in aspects if a.no %}")  # (measures of unknown problems: table only)
    add(doc, "二级标题", "{{ a.no }}在“{{ a.name }}”方面")
    add(doc, "公文正文",
        "该方面共有问题{{ a.problems|length }}个、整改措施{{ a.total }}项，已完成{{ a.done }}项，"
        "完成率{{ a.completion_rate }}；已完成和阶段性完成共{{ a.staged }}项，正在推进{{ a.in_progress }}项，"
        "尚未启动{{ a.not_started }}项{% if a.overdue %}，逾期{{ a.overdue }}项{% endif %}。")
    add(doc, "公文正文", "{%p for q in a.problems %}")
    add(doc, "公文正文",
        "{{ q.no }}关于“{{ q.text }}”问题。共有整改措施{{ q.total }}项，已完成{{ q.done }}项"
        "（完成率{{ q.completion_rate }}），已完成和阶段性完成共{{ q.staged }}项"
        "{% if q.overdue %}，逾期{{ q.overdue }}项{% endif %}。")
    add(doc, "公文正文", "{%p endfor %}")
    add(doc, "公文正文", "{%p endfor %}")

    add(doc, "一级标题", "三、责任落实情况")
    add(doc, "公文正文",
        "按责任人统计（一项措施有多名责任人的，分别计入每名责任人），各责任人整改进展见下表"
        "（按完成率由低到高排列）。")
    add(doc, "表题", "各责任人整改进展统计表")
    add_table(doc, "r in people", (
        Col("序号", "{{ r.rank }}", 9),
        Col("责任人", "{{ r.name }}", 18),
        Col("所在部门", "{{ r.unit }}", 22, text=True),
        Col("措施数", "{{ r.total }}", 14),
        Col("已完成", "{{ r.done }}", 14),
        Col("推进中", "{{ r.in_progress }}", 14),
        Col("未启动", "{{ r.not_started }}", 14),
        Col("逾期", "{{ r.overdue }}", 11),
        Col("临期", "{{ r.due_soon }}", 11),
        Col("无进展", "{{ r.stale }}", 14),
        Col("完成率", "{{ r.completion_rate }}", 15),
    ))
    add(doc, "公文正文", "{%p if chart %}")
    add(doc, "图片", "{{ chart }}")
    add(doc, "公文正文", "{%p endif %}")

    add(doc, "一级标题", "四、逾期及临期事项")
    add(doc, "二级标题", "（一）逾期事项")
    add_items(doc, "overdue", "截至{{ as_of }}，逾期未完成的整改措施共{{ overall.overdue }}项，具体如下：", (
        MEASURE,
        Col("整改措施", "{{ m.text }}", 44, text=True),
        Col("责任人", "{{ m.people }}", 22),
        Col("责任部门", "{{ m.department }}", 22),
        Col("完成时限", "{{ m.deadline }}", 36),
        Col("逾期天数", "{{ m.days }}", 18),
    ), "无逾期事项。")
    add(doc, "二级标题", "（二）临期事项")
    add_items(doc, "due_soon", "以下{{ overall.due_soon }}项整改措施即将到期，请相关责任人抓紧推进：", (
        MEASURE,
        Col("整改措施", "{{ m.text }}", 44, text=True),
        Col("责任人", "{{ m.people }}", 22),
        Col("责任部门", "{{ m.department }}", 22),
        Col("完成时限", "{{ m.deadline }}", 36),
        Col("剩余天数", "{{ m.days_left }}", 18),
    ), "无临期事项。")

    add(doc, "一级标题", "五、存在的问题")
    add_loop(doc, "s in issues_found", "公文正文", "{{ s }}", "暂无。")
    add(doc, "一级标题", "六、下一步工作安排")
    add_loop(doc, "s in next_steps", "公文正文", "{{ s }}", "暂无。")


def reminder(doc) -> None:
    add(doc, "公文标题", "{{ level_title }}")
    add(doc, "副标题", "（统计截至{{ as_of }}）")
    add(doc, "称谓", "{{ person.unit }}{{ person.name }}同志：")
    add(doc, "公文正文", "{{ intro }}")

    add(doc, "一级标题", "一、逾期事项")
    add_items(doc, "overdue", "", (
        MEASURE,
        Col("整改措施", "{{ m.text }}", 58, text=True),
        Col("责任部门", "{{ m.department }}", 30),
        Col("完成时限", "{{ m.deadline }}", 36),
        Col("逾期天数", "{{ m.days }}", 18),
    ), "无。")
    add(doc, "一级标题", "二、临期事项")
    add_items(doc, "due_soon", "", (
        MEASURE,
        Col("整改措施", "{{ m.text }}", 58, text=True),
        Col("责任部门", "{{ m.department }}", 30),
        Col("完成时限", "{{ m.deadline }}", 36),
        Col("剩余天数", "{{ m.days_left }}", 18),
    ), "无。")
    add(doc, "一级标题", "三、长期未更新进展事项")
    add_items(doc, "stale", "", (
        MEASURE,
        Col("整改措施", "{{ m.text }}", 52, text=True),
        Col("完成时限", "{{ m.deadline }}", 36),
        Col("最近进展", "{{ m.last_progress }}", 36),
        Col("间隔天数", "{{ m.days_since if m.days_since is not none else '—' }}", 18),
    ), "无。")

    # The closing request, by escalation level; it keeps to the signature's page.
    closing = (
        ("{%p if level == '告诫' %}",
         "上述事项逾期时间较长，请高度重视，立即采取有效措施推进整改，并于3个工作日内向{{ office }}"
         "书面说明逾期原因和整改计划。对无正当理由逾期未完成整改的，将按照有关规定严肃问责。"),
        ("{%p elif level == '督办通知' %}",
         "请对照上述事项逐项推进整改，于3个工作日内向{{ office }}报送整改进展及佐证材料；"
         "确有困难、无法按期完成的，请书面说明原因及下一步工作计划。"),
        ("{%p else %}", "请合理安排工作，确保上述事项按期完成，并及时在整改台账中更新整改进展。"),
    )
    for tag, text in closing:
        add(doc, "公文正文", tag)
        add(doc, "公文正文", text).paragraph_format.keep_with_next = True
    add(doc, "公文正文", "{%p endif %}")
    add(doc, "公文正文").paragraph_format.keep_with_next = True
    add(doc, "落款", "{{ office }}")
    add(doc, "落款", "{{ date_line }}")


def brief(width: float) -> Col:
    """The measure's text cut to 30 characters: the weekly fits on one page."""
    return Col("整改措施", "{{ m.text|truncate(30, true, '…', 0) }}", width, text=True)


def weekly(doc) -> None:
    add(doc, "公文标题", "{{ unit }}巡察整改“一周一推进”情况")
    add(doc, "副标题", "（{{ week_label }}）")

    add(doc, "一级标题", "一、总体情况")
    add(doc, "公文正文",
        "本周{{ summary.updated }}项整改措施更新进展，新完成{{ summary.completed }}项；下周到期"
        "{{ summary.due_next_week }}项；{{ summary.stale }}项超过规定周期未更新进展（截至{{ as_of }}）。"
        "{% if outcomes_text %}本周新增整改成效：{{ outcomes_text }}。{% endif %}")
    add(doc, "一级标题", "二、各责任人推进情况")
    add_table(doc, "r in people", (
        Col("序号", "{{ loop.index }}", 12),
        Col("责任人", "{{ r.name }}", 22),
        Col("所在部门", "{{ r.unit }}", 42, text=True),
        Col("本周更新", "{{ r.updated }}", 20),
        Col("本周完成", "{{ r.completed }}", 20),
        Col("下周到期", "{{ r.due_next_week }}", 20),
        Col("无进展", "{{ r.stale }}", 20),
    ))
    add(doc, "一级标题", "三、本周完成事项")
    add_items(doc, "completed", "", (
        MEASURE, brief(76), Col("责任人", "{{ m.people }}", 30), Col("完成日期", "{{ m.done_date }}", 36),
    ), "本周无新完成的整改措施。")
    add(doc, "一级标题", "四、下周到期事项")
    add_items(doc, "due_next_week", "", (
        MEASURE, brief(64), Col("责任人", "{{ m.people }}", 24), Col("完成时限", "{{ m.deadline }}", 36),
        Col("剩余天数", "{{ m.days_left }}", 18),
    ), "下周无到期的整改措施。")
    add(doc, "一级标题", "五、无进展事项")
    add_items(doc, "stale", "", (
        MEASURE, brief(76), Col("责任人", "{{ m.people }}", 30), Col("最近进展", "{{ m.last_progress }}", 36),
    ), "无。")
    add(doc, "一级标题", "六、本周新增整改成效")
    add_items(doc, "outcomes", "", (
        Col("成效类型", "{{ m.type }}", 30), Col("数量", "{{ m.quantity }}{{ m.unit }}", 22),
        Col("名称/说明", "{{ m.text|truncate(30, true, '…', 0) }}", 68, text=True), Col("日期", "{{ m.date }}", 36),
    ), "本周无新增整改成效。")


def consolidated_briefing(doc) -> None:
    """The monthly briefing over many units' ledgers (rectxl.consolidate.combine.briefing_context)."""
    add(doc, "公文标题", "{{ title }}")
    add(doc, "副标题", "（{{ date_line }}）")

    add(doc, "一级标题", "一、总体进展")
    add(doc, "公文正文",
        "截至{{ as_of }}，纳入汇总的{{ counts.units }}个单位共制定整改措施{{ overall.total }}项。其中，已完成"
        "{{ overall.done }}项，阶段性完成{{ overall.phase }}项，正在推进{{ overall.in_progress }}项，尚未启动"
        "{{ overall.not_started }}项；整改完成率{{ overall.completion_rate }}，阶段性完成率（含已完成）"
        "{{ overall.staged_rate }}。")
    add(doc, "公文正文",
        "{{ month_label }}，各单位新完成整改措施{{ overall.done_this_month }}项。目前逾期未完成"
        "{{ overall.overdue }}项，临近完成时限{{ overall.due_soon }}项，超过规定周期未更新进展"
        "{{ overall.stale }}项。")
    add(doc, "公文正文", "{%p if unreadable %}")
    add(doc, "公文正文", "另有{{ counts.unreadable }}份台账无法读取，未纳入统计：{{ unreadable|join('、') }}。")
    add(doc, "公文正文", "{%p endif %}")

    add(doc, "一级标题", "二、各单位整改进展排名")
    add(doc, "公文正文", "各单位整改进展按完成率由高到低排列，见下表。")
    add(doc, "表题", "各单位整改进展排名表")
    add_table(doc, "u in units", (
        Col("排名", "{{ u.rank }}", 11),
        Col("单位", "{{ u.name }}", 35, text=True),
        Col("措施数", "{{ u.total }}", 14),
        Col("已完成", "{{ u.done }}", 14),
        Col("阶段性完成（含已完成）", "{{ u.staged }}", 26),
        Col("推进中", "{{ u.in_progress }}", 14),
        Col("未启动", "{{ u.not_started }}", 14),
        Col("逾期", "{{ u.overdue }}", 12),
        Col("完成率", "{{ u.completion_rate }}", 16),
    ), total=("合计", None, "{{ overall.total }}", "{{ overall.done }}", "{{ overall.staged }}",
              "{{ overall.in_progress }}", "{{ overall.not_started }}", "{{ overall.overdue }}",
              "{{ overall.completion_rate }}"))
    add(doc, "公文正文", "{%p if chart %}")
    add(doc, "图片", "{{ chart }}")
    add(doc, "公文正文", "{%p endif %}")

    add(doc, "一级标题", "三、各方面整改情况")
    add(doc, "公文正文", "各单位整改措施按问题方面汇总，见下表。")
    add(doc, "表题", "各方面整改情况汇总表")
    add_table(doc, "a in aspects", (
        Col("序号", "{{ loop.index }}", 11),
        Col("方面", "{{ a.name }}", 45, text=True),
        Col("涉及单位", "{{ a.units }}", 18),
        Col("措施数", "{{ a.total }}", 16),
        Col("已完成", "{{ a.done }}", 16),
        Col("推进中", "{{ a.in_progress }}", 16),
        Col("逾期", "{{ a.overdue }}", 16),
        Col("完成率", "{{ a.completion_rate }}", 18),
    ), total=("合计", None, "{{ counts.units }}", "{{ overall.total }}", "{{ overall.done }}",
              "{{ overall.in_progress }}", "{{ overall.overdue }}", "{{ overall.completion_rate }}"))

    add(doc, "一级标题", "四、逾期事项")
    add_items(doc, "overdue",
              "截至{{ as_of }}，各单位逾期未完成的整改措施共{{ overall.overdue }}项"
              "{% if overdue_more %}，以下列出逾期时间最长的{{ overdue|length }}项（全部逾期事项见汇总表）"
              "{% else %}，具体如下{% endif %}：", (
                  Col("单位", "{{ m.unit }}", 30, text=True),
                  MEASURE,
                  Col("整改措施", "{{ m.text }}", 40, text=True),
                  Col("责任人", "{{ m.people }}", 18),
                  Col("完成时限", "{{ m.deadline }}", 36),
                  Col("逾期天数", "{{ m.days }}", 18),
              ), "无逾期事项。")

    add(doc, "一级标题", "五、存在的问题")
    add_loop(doc, "s in issues_found", "公文正文", "{{ s }}", "暂无。")
    add(doc, "一级标题", "六、下一步工作安排")
    add_loop(doc, "s in next_steps", "公文正文", "{{ s }}", "暂无。")


def notice(doc) -> None:
    """The public notice (rectxl.documents.notice.notice_context): public fields only, no names."""
    add(doc, "公文标题", "{{ title }}")
    add(doc, "公文正文").paragraph_format.space_after = Pt(14)
    add(doc, "公文正文",
        "根据{{ inspection }}工作安排，巡察组对{{ unit }}开展了巡察{% if feedback_date %}，并于{{ feedback_date }}"
        "反馈了巡察意见{% endif %}。{{ unit }}坚决扛起巡察整改主体责任，对照反馈问题逐条制定整改措施，压实整改责任，"
        "推动整改落实。按照党务公开原则和巡察工作有关要求，现将截至{{ as_of }}的整改进展情况予以通报。")

    add(doc, "一级标题", "一、整改工作总体进展")
    add(doc, "公文正文",
        "针对巡察反馈的{{ counts.aspects }}个方面{{ counts.problems }}个问题，共制定整改措施{{ counts.measures }}项。"
        "截至{{ as_of }}，已完成整改措施{{ overall.done }}项，阶段性完成{{ overall.phase }}项，整改完成率"
        "{{ overall.completion_rate }}，阶段性完成率（含已完成）{{ overall.staged_rate }}；其余{{ overall.ongoing }}项"
        "正在按计划推进。从问题看，已整改到位{{ counts.solved }}个，正在整改{{ counts.in_hand }}个，需长期坚持"
        "{{ counts.long_term }}个。")

    add(doc, "一级标题", "二、各问题整改情况")
    add(doc, "表题", "巡察反馈问题整改情况表")
    add_table(doc, "q in problems", (
        Col("序号", "{{ q.no }}", 10),
        Col("方面", "{{ q.aspect }}", 36, text=True),
        Col("问题", "{{ q.text }}", 58, text=True),
        Col("措施数", "{{ q.measures }}", 13),
        Col("已完成", "{{ q.done }}", 13),
        Col("整改状态", "{{ q.status }}", 26),
    ))

    add(doc, "一级标题", "三、整改成效")
    add(doc, "公文正文", "{%p if outcomes_text %}")
    add(doc, "公文正文", "通过整改，累计{{ outcomes_text }}。")
    add_items(doc, "named_outcomes", "其中，建立完善的制度和办成的实事主要有：", (
        Col("序号", "{{ loop.index }}", 14),
        Col("类型", "{{ m.type }}", 46),
        Col("名称/说明", "{{ m.text }}", 96, text=True),
    ), "")
    add(doc, "公文正文", "{%p else %}")
    add(doc, "公文正文", "整改成效正在梳理汇总中，将适时通报。")
    add(doc, "公文正文", "{%p endif %}")

    add(doc, "一级标题", "四、下一步工作")
    add_loop(doc, "s in next_steps", "公文正文", "{{ s }}", "")

    add(doc, "一级标题", "五、欢迎监督")
    add(doc, "公文正文", "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请通过以下方式反映："
        ).paragraph_format.keep_with_next = True
    # The channels keep to the signature's page.
    add(doc, "公文正文", "{%p for c in channels %}")
    add(doc, "公文正文", "{{ c.label }}：{{ c.value }}").paragraph_format.keep_with_next = True
    add(doc, "公文正文", "{%p else %}")
    add(doc, "公文正文", "（请在台账“设置”表中填写联系电话、电子邮箱、通信地址和受理时间。）"
        ).paragraph_format.keep_with_next = True
    add(doc, "公文正文", "{%p endfor %}")
    add(doc, "公文正文").paragraph_format.keep_with_next = True
    add(doc, "落款", "{{ unit }}")
    add(doc, "落款", "{{ date_line }}")


TEMPLATES = {
    "monthly_briefing.docx": ("月度整改进展情况报告", monthly_briefing),
    "reminder.docx": ("整改事项督办提醒", reminder),
    "weekly.docx": ("巡察整改一周一推进", weekly),
    "consolidated_briefing.docx": ("整改进展情况汇总报告", consolidated_briefing),
    "notice.docx": ("巡察整改进展情况通报", notice),
}


def save(doc, path: Path) -> None:
    """Save with fixed zip timestamps, so that a rebuild gives the same bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)


def build(out_dir: Path = HERE) -> list[Path]:
    paths = []
    for name, (title, write) in TEMPLATES.items():
        doc = Document()
        set_up_package(doc, title)
        set_up_styles(doc)
        set_up_page(doc)
        doc._body.clear_content()
        write(doc)
        save(doc, out_dir / name)
        paths.append(out_dir / name)
    return paths


if __name__ == "__main__":
    for path in build():
        print(path)
